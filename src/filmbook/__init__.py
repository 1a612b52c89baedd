"""filmbook: turn a film's encyclopedia article into a press kit and an ebook."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("filmbook")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
