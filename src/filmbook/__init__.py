"""filmbook: turn a film's encyclopedia article into a press kit and an ebook."""

__version__ = "0.1.0"
"""The one place the version is written; pyproject.toml reads it from here."""
