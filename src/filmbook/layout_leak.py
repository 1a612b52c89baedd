"""Turn WeasyPrint 70's text layouts into ones that free their font features and share
what every layout of a style would make again.

Each text layout WeasyPrint makes (``weasyprint.text.line_break.Layout.setup``: some
3,600 for a press kit, and again each time a line is drawn) whose style asks for OpenType
features (``font-kerning``, ``font-variant-*``, which ``styles/base.css`` sets on the
body) allocates a Pango attribute and an attribute list that nothing frees: the attribute
because ``dict.setdefault`` makes a new one even when it keeps the cached one, the list
because it holds that cached attribute, which freeing the list would destroy. About
200 bytes a layout, 0.7 MiB a press kit, for the life of the process: a warm worker grew
without end.

``apply`` replaces that setup with ``_setup``, which does the same to the layout (the
PDFs are byte-identical) but

- sets the features in a new attribute list that the layout owns and frees with it;
- shares, per font configuration, what depends only on a few properties of the style
  and which Pango copies or references rather than changes: the Pango context (by
  direction and language), the font description (by the ``font-*`` properties) and the
  features string (not the decoration metrics: a later ``@font-face`` can change the font
  a family resolves to). WeasyPrint made each of them anew for every
  layout; shared, a warm press kit takes some 4 % less time.

It changes WeasyPrint only where it is the version this was written against (the pinned
one).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import weasyprint
from weasyprint.text import fonts, line_break
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p

PATCHED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose ``Layout.setup`` leaks as described above."""

FONT = (
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_size",
    "font_variant_caps",
    "font_variation_settings",
)
"""The properties ``fonts.get_font_description`` reads."""
FEATURES = (
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_caps",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
)
"""The properties ``fonts.font_features`` reads, in its order."""

_original_setup = line_break.Layout.setup


class _Shared:
    """What the layouts of one font configuration share, each by what it depends on."""

    def __init__(self, font_map: Any) -> None:
        self.font_map = font_map
        self.contexts: dict[tuple[str, str | None], tuple[Any, Any]] = {}
        self.descriptions: dict[Hashable, Any] = {}
        self.features: dict[Hashable, bytes] = {}

    def context(self, style: Any) -> tuple[Any, Any]:
        """The Pango context for the style's direction and language, and its language."""
        name = _language(style)
        key = (style["direction"], name)
        if key not in self.contexts:
            context = ffi.gc(
                pango.pango_font_map_create_context(self.font_map), gobject.g_object_unref
            )
            pango.pango_context_set_round_glyph_positions(context, False)
            pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
            if name is None:
                language = pango.pango_language_get_default()
            else:
                language = pango.pango_language_from_string(unicode_to_char_p(name)[0])
                pango.pango_context_set_language(context, language)
            self.contexts[key] = (context, language)
        return self.contexts[key]

    def description(self, style: Any) -> Any:
        """The Pango font description of the style (Pango copies it into each layout)."""
        key = _key(style, FONT)
        if key not in self.descriptions:
            self.descriptions[key] = fonts.get_font_description(style)
        return self.descriptions[key]

    def feature_string(self, style: Any) -> bytes:
        """The style's OpenType features as Pango reads them (empty: none)."""
        key = _key(style, FEATURES)
        if key not in self.features:
            features = fonts.font_features(*(style[name] for name in FEATURES))
            self.features[key] = ",".join(f"{k} {v}" for k, v in features.items()).encode()
        return self.features[key]


def _decoration(
    context: Any, description: Any, language: Any
) -> tuple[float, float, float, float, float]:
    """Ascent, underline position, strike-through position and both thicknesses, asked of
    Pango for each decorated layout, as WeasyPrint does: not shared, because they are
    those of the font the family resolves to, which a later ``@font-face`` of the same
    font configuration can change (few layouts are decorated)."""
    metrics = ffi.gc(
        pango.pango_context_get_metrics(context, description, language),
        pango.pango_font_metrics_unref,
    )
    return tuple(
        FROM_UNITS * getter(metrics)
        for getter in (
            pango.pango_font_metrics_get_ascent,
            pango.pango_font_metrics_get_underline_position,
            pango.pango_font_metrics_get_strikethrough_position,
            pango.pango_font_metrics_get_underline_thickness,
            pango.pango_font_metrics_get_strikethrough_thickness,
        )
    )


def _key(style: Any, names: tuple[str, ...]) -> Hashable:
    """The values of ``names`` in ``style``, as one dictionary key (WeasyPrint's computed
    values are tuples, strings and numbers; a list, should one appear, is made a tuple)."""
    key = tuple([style[name] for name in names])
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key


def _language(style: Any) -> str | None:
    """The language name WeasyPrint gives Pango for the style, ``None`` for the default."""
    override = style["font_language_override"]
    if override != "normal":
        return str(LST_TO_ISO.get(override.lower(), override))
    return str(style["lang"]) if style["lang"] else None


def _shared(style: Any) -> _Shared:
    """The shared objects of the style's font configuration, made on first use."""
    config = style.font_config
    shared = config.__dict__.get("_filmbook_shared")
    if shared is None:
        shared = config._filmbook_shared = _Shared(config.font_map)
    return shared  # type: ignore[no-any-return]


def _setup(self: Any, style: Any) -> None:
    """WeasyPrint 70's ``Layout.setup`` with shared context, description and features,
    the features in an attribute list the layout owns."""
    self.style = style
    self.first_line_direction = 0
    shared = _shared(style)
    context, self.language = shared.context(style)
    description = shared.description(style)
    self.layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, description)
    if style["text_decoration_line"] != "none":
        (
            self.ascent,
            self.underline_position,
            self.strikethrough_position,
            self.underline_thickness,
            self.strikethrough_thickness,
        ) = _decoration(context, description, self.language)
    else:
        self.ascent = self.underline_position = self.strikethrough_position = None
    features = shared.feature_string(style)
    if features:
        attributes = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attributes, pango.pango_attr_font_features_new(features))
        pango.pango_layout_set_attributes(self.layout, attributes)  # the layout's reference
        pango.pango_attr_list_unref(attributes)  # ours: the list goes with the layout


def apply() -> bool:
    """Use ``_setup`` for every layout from now on; False if this WeasyPrint is not one
    this was written for (then nothing is changed)."""
    if weasyprint.__version__ not in PATCHED_VERSIONS:
        return False
    line_break.Layout.setup = _setup
    return True


def applied() -> bool:
    """Whether ``apply`` has changed WeasyPrint's layouts in this process."""
    return line_break.Layout.setup is _setup


def restore() -> None:
    """Give WeasyPrint its own ``Layout.setup`` back (to compare the two)."""
    line_break.Layout.setup = _original_setup
