"""Turn a TOML file's text into the line of each of its keys and tables.

``tomllib`` says where a syntax error is, but not where a key it parsed was written: a
press-material file's errors name the line of the key, so this scans the text for table
headers (``[poster]``, ``[[stills]]``, ``[pages."Title".poster]``) and key lines
(``image = "x.png"``, dotted keys too) and records the line of every path
(``("stills", 1, "image")``: the second still's image). Multi-line strings and arrays are
stepped over. It never raises: text ``tomllib`` accepted is all it sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Path = tuple[str | int, ...]

_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")
_ESCAPES = {'\\"': '"', "\\\\": "\\", "\\n": "\n", "\\t": "\t"}


def key_lines(text: str) -> dict[Path, int]:
    """The 1-based line of every table and key of ``text``, by its path."""
    found: dict[Path, int] = {}
    arrays: dict[Path, int] = {}
    table: Path = ()
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            name = _dotted(stripped[2:].split("]]", 1)[0])
            index = arrays.get(name, -1) + 1
            arrays[name] = index
            table = (*name, index)
            found.setdefault(name, number)
            found[table] = number
            continue
        if stripped.startswith("["):
            table = _dotted(stripped[1:].split("]", 1)[0])
            found.setdefault(table, number)
            continue
        key, equals, value = _split_key(stripped)
        if not equals:
            continue
        path = (*table, *_dotted(key))
        for end in range(len(table) + 1, len(path) + 1):
            found.setdefault(path[:end], number)
        number += _continued(value, lines[number:])
    return found


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of ``path``, else of the nearest table or key it is under, else 0."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


def _split_key(text: str) -> tuple[str, bool, str]:
    """``key = value`` split at the ``=`` that is not inside a quoted key."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote and (quote == "'" or text[index - 1] != "\\"):
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "=":
            return text[:index], True, text[index + 1 :]
    return text, False, ""


def _dotted(key: str) -> tuple[str, ...]:
    """``a."b.c".d`` → ``("a", "b.c", "d")``."""
    parts: list[str] = []
    position = 0
    while position < len(key):
        found = _KEY_PART.match(key, position)
        if not found or found.end() == position:
            break
        double, single, bare = found.groups()
        if double is not None:
            parts.append(re.sub(r"\\.", lambda m: _ESCAPES.get(m.group(), m.group()), double))
        else:
            parts.append(single if single is not None else bare)
        position = found.end()
        if key[position : position + 1] == ".":
            position += 1
    return tuple(parts)


def _continued(value: str, rest: list[str]) -> int:
    """How many of the ``rest`` lines a value starting with ``value`` runs on for: a
    multi-line string or an array or inline table left open."""
    state = _Scan()
    state.feed(value)
    used = 0
    for line in rest:
        if state.closed:
            break
        state.feed(line)
        used += 1
    return used


class _Scan:
    """Brackets and multi-line strings still open, as a value is read line by line."""

    def __init__(self) -> None:
        self.depth = 0
        self.string = ""  # the delimiter of a multi-line string still open

    @property
    def closed(self) -> bool:
        return not self.depth and not self.string

    def feed(self, line: str) -> None:
        for token in _tokens(line, self):
            if token in "[{":
                self.depth += 1
            elif token in "]}":
                self.depth = max(0, self.depth - 1)


def _tokens(line: str, state: _Scan) -> Iterator[str]:
    """The brackets of ``line`` outside strings and comments, updating ``state.string``."""
    index = 0
    while index < len(line):
        if state.string:
            end = line.find(state.string, index)
            if end < 0:
                return
            index = end + 3
            state.string = ""
            continue
        char = line[index]
        if line.startswith(('"""', "'''"), index):
            state.string = line[index : index + 3]
            index += 3
        elif char in "\"'":
            index = _string_end(line, index)
        elif char == "#":
            return
        else:
            if char in "[]{}":
                yield char
            index += 1


def _string_end(line: str, start: int) -> int:
    quote = line[start]
    index = start + 1
    while index < len(line):
        if line[index] == "\\" and quote == '"':
            index += 2
            continue
        if line[index] == quote:
            return index + 1
        index += 1
    return index
