"""Turn WeasyPrint 70's text layouts into ones that free their font features.

Each text layout WeasyPrint makes (``weasyprint.text.line_break.Layout.setup``: some
3,600 for a press kit) whose style asks for OpenType features (``font-kerning``,
``font-variant-*``, which ``styles/base.css`` sets on the body) allocates a Pango
attribute and an attribute list that nothing frees: the attribute because
``dict.setdefault`` makes a new one even when it keeps the cached one, the list because it
holds that cached attribute, which freeing the list would destroy. About 200 bytes a
layout, 0.7 MiB a press kit, for the life of the process: a warm worker grew without end.

``apply`` makes WeasyPrint's own setup skip the features and sets them itself, in a new
attribute list that the layout owns and frees with it; the layout gets the same
features, so the PDFs are byte-identical. It changes WeasyPrint only where it is the
version this was written against (the pinned one).
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.text import fonts, line_break
from weasyprint.text.ffi import pango

PATCHED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose ``Layout.setup`` leaks as described above."""

_setup = line_break.Layout.setup


def _no_features(*args: object, **kwargs: object) -> dict[str, int]:
    """What ``Layout.setup`` sees as the style's features: none, set by ``_setup_freed``."""
    return {}


def _setup_freed(self: Any, style: Any) -> None:
    """WeasyPrint's ``Layout.setup``, then the style's features in a list the layout owns."""
    _setup(self, style)
    features = fonts.font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    if features:
        text = ",".join(f"{key} {value}" for key, value in features.items()).encode()
        attributes = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attributes, pango.pango_attr_font_features_new(text))
        pango.pango_layout_set_attributes(self.layout, attributes)  # the layout's reference
        pango.pango_attr_list_unref(attributes)  # ours: the list goes with the layout


def apply() -> bool:
    """Free each layout's font features from now on; False if this WeasyPrint is not one
    this was written for (then nothing is changed)."""
    if weasyprint.__version__ not in PATCHED_VERSIONS:
        return False
    # ``font_features`` is used in ``line_break`` by ``Layout.setup`` alone; the real one
    # stays in ``fonts`` for ``_setup_freed`` and for @font-face rules.
    line_break.font_features = _no_features
    line_break.Layout.setup = _setup_freed
    return True


def applied() -> bool:
    """Whether ``apply`` has changed WeasyPrint's layouts in this process."""
    return line_break.Layout.setup is _setup_freed
