"""Turn a ``PressKit`` into HTML with Jinja2 templates.

Templates live in ``filmbook/templates/``; a user's folder of templates, when given, is
searched first, so any template can be overridden by one of the same name. Autoescape is
always on and undefined names are errors, so source text can never become markup.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from filmbook.resources import TEMPLATES


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the user's templates (if any), then filmbook's."""
    search = [str(user_templates)] if user_templates else []
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
