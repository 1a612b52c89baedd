"""Turn the facts and the user's licensing settings into the credits every output prints.

Text from an encyclopedia article is usually under a Creative Commons licence that asks
for the source, its authors and the licence to be named, and for adaptations to be shared
alike. Every output therefore ends with a short note saying where the text came from,
under which licence, and that filmbook adapted it; the user sets the licence, the
article's address and revision, or turns the note off (``--licence none``). The
sentences are written here once; the press kit, the handout and the EPUB print them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmbook.model import Origin

HEADING = "Source and licence"
NO_LICENCE = "none"


@dataclass(frozen=True)
class Licence:
    """A licence by its short name and the address of its legal code."""

    name: str
    url: str


LICENCES = {
    "cc-by-sa-4.0": Licence("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-sa-3.0": Licence("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
    "cc-by-4.0": Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "gfdl-1.3": Licence(
        "GNU Free Documentation License 1.3", "https://www.gnu.org/licenses/fdl-1.3.html"
    ),
    "cc0-1.0": Licence("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
"""The licences wikis publish under; Wikipedia's text is CC BY-SA 4.0 (3.0 before 2023)."""
DEFAULT_LICENCE = "cc-by-sa-4.0"
_SHARE_ALIKE = frozenset({"cc-by-sa-4.0", "cc-by-sa-3.0", "gfdl-1.3"})


@dataclass(frozen=True)
class Licensing:
    """What the user says of the source text: its licence (a key of ``LICENCES``, or
    ``none`` for no note; None where not said: ``DEFAULT_LICENCE``), and where known its
    address and revision."""

    licence: str | None = None
    url: str | None = None
    revision: str | None = None

    def over(self, defaults: Licensing) -> Licensing:
        """These settings, with ``defaults`` (the press material's) where they say none."""
        return Licensing(
            self.licence or defaults.licence,
            self.url or defaults.url,
            self.revision or defaults.revision,
        )


CC_BY_SA = Licensing()
"""The licensing of a Wikipedia article when the user says nothing else."""


@dataclass(frozen=True)
class Attribution:
    """The credits note: a heading and its sentences, and the addresses they name."""

    heading: str
    source: str
    licence: str
    adapted: str
    url: str | None
    licence_url: str

    @property
    def sentences(self) -> tuple[str, str, str]:
        """The note's three sentences in reading order."""
        return (self.source, self.licence, self.adapted)


def attribute(title: str, licensing: Licensing, origin: Origin | None = None) -> Attribution | None:
    """The credits note of the article titled ``title``; None when turned off. The page
    the article was read from (``origin``, from an XML export) gives the address and the
    revision the user did not."""
    if origin is not None:
        licensing = replace(
            licensing,
            url=licensing.url or origin.url,
            revision=licensing.revision or origin.revision,
        )
    key = licensing.licence or DEFAULT_LICENCE
    if key == NO_LICENCE:
        return None
    licence = LICENCES[key]
    revision = f" (revision {licensing.revision})" if licensing.revision else ""
    address = f", {licensing.url}" if licensing.url else ""
    shared = " This adaptation is shared under the same licence." if key in _SHARE_ALIKE else ""
    return Attribution(
        heading=HEADING,
        source=(
            f"The text is the encyclopedia article “{title}”{revision}{address}, "
            "written by its contributors."
        ),
        licence=f"It is available under the {licence.name} licence, {licence.url}.{shared}",
        adapted="Adapted by filmbook: laid out, with its facts gathered into a fact sheet.",
        url=licensing.url,
        licence_url=licence.url,
    )
