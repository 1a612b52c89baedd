"""Turn a ``PressKit`` into HTML with Jinja2 templates.

Templates live in ``filmbook/templates/``; a user's folder of templates, when given, is
searched first, so any template can be overridden by one of the same name. Autoescape is
always on and undefined names are errors, so source text can never become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from filmbook.presskit import (
    PressKit,
    breaks_anywhere,
    format_date,
    is_wide,
    row_groups,
    shown_columns,
    unknown_label,
)
from filmbook.resources import TEMPLATES

PRESSKIT = "presskit/presskit.html"
HANDOUT = "presskit/handout.html"


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the user's templates (if any), then filmbook's."""
    search = [str(user_templates)] if user_templates else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["kind"] = kind
    env.filters["format_date"] = format_date
    env.filters["row_groups"] = row_groups
    env.filters["shown_columns"] = shown_columns
    env.filters["unknown_label"] = unknown_label
    env.filters["title_size"] = title_size
    env.tests["wide"] = is_wide
    env.filters["breaks_anywhere"] = breaks_anywhere
    return env


def kind(node: object) -> str:
    """A model node's type as a template tests it: ``Paragraph`` → ``paragraph``."""
    return type(node).__name__.lower()


TITLE_SIZES = ((20, "short"), (45, "medium"), (90, "long"))


def title_size(title: str) -> str:
    """``short``, ``medium``, ``long`` or ``huge``: a display title's class, so that a
    stylesheet can set a long title smaller instead of letting it run over the page."""
    return next((size for most, size in TITLE_SIZES if len(title) <= most), "huge")


def render_document(
    env: jinja2.Environment,
    template: str,
    kit: PressKit,
    *,
    stylesheets: Sequence[str] = (),
    created: str | None = None,
) -> str:
    """The HTML of ``template`` for ``kit``.

    ``stylesheets`` are links for a browser (the PDF writer hands WeasyPrint parsed
    stylesheets instead); ``created`` is the W3C date written as the document's date.
    """
    return env.get_template(template).render(
        kit=kit, article=kit.article, stylesheets=tuple(stylesheets), created=created
    )
