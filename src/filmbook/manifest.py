"""Turn what a build made, and from what, into a manifest; and read it back to skip fresh work.

An incremental build records, for each output, a hash of everything it depends on (the
source, the options, filmbook's styles, templates and fonts, the user's stylesheet and
templates, the versions of filmbook and its renderers) and the file's size and time; an
output whose inputs did not change and whose file nobody touched is not rebuilt. For
each source it records the digest and the slug, so that an unchanged source is not even
normalised again.

The manifest is a file anyone may edit (or commit): what does not have the shape
filmbook writes is dropped, and a remembered slug that is not a slug is never believed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypedDict

from filmbook import __version__
from filmbook.atomic import read_regular, remove_stale_temporaries, write_atomic
from filmbook.resources import hash_files
from filmbook.targets import is_slug

MANIFEST = ".filmbook-manifest.json"
MANIFEST_VERSION = 2
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""A manifest larger than this (some 200,000 sources) is not filmbook's: it is ignored."""
RENDERERS = ("filmbook", "weasyprint", "pydyf", "ebooklib", "pillow", "fonttools")

Record = dict[str, dict[str, object]]


class Manifest(TypedDict):
    """What the last incremental builds into a folder made, and from what."""

    outputs: Record  # output name → {"inputs", "size", "mtime"}
    sources: Record  # source path → {"digest", "slug"}


def empty() -> Manifest:
    """A manifest that remembers nothing."""
    return {"outputs": {}, "sources": {}}


def fingerprint(settings: Mapping[str, object], roots: Iterable[Path]) -> str:
    """A hash of the settings, the renderers' versions and every file under ``roots``."""
    digest = hashlib.sha256()
    digest.update(json.dumps(settings, default=str, sort_keys=True).encode())
    for package in RENDERERS:
        digest.update(f"{package}={_version(package)}".encode())
    digest.update(__version__.encode())
    hash_files(digest.update, roots)
    return digest.hexdigest()


def _version(package: str) -> str:
    from importlib import metadata  # only incremental builds need it: keep start-up fast

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def record(inputs: str, path: Path) -> dict[str, object]:
    """The entry of one output just written from ``inputs``."""
    stat = path.stat()
    return {"inputs": inputs, "size": stat.st_size, "mtime": stat.st_mtime_ns}


def fresh(names: Iterable[str], inputs: str, out_dir: Path, outputs: Record) -> bool:
    """Whether every file of ``names`` exists, untouched, made from the same ``inputs``."""
    for name in names:
        entry = outputs.get(name)
        if entry is None or entry.get("inputs") != inputs:
            return False
        try:
            stat = (out_dir / name).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (entry.get("size"), entry.get("mtime")):
            return False
    return True


def slugs(manifest: Manifest) -> dict[str, str]:
    """Source path → the slug its outputs were written under."""
    return {path: str(entry["slug"]) for path, entry in manifest["sources"].items()}


def read_manifest(out_dir: Path) -> Manifest:
    """The manifest's entries that have the shape filmbook writes; the rest are dropped.

    A remembered slug decides where outputs are written, so one that is not a slug
    (``../../x``) is never believed.
    """
    try:
        data = json.loads(read_regular(out_dir / MANIFEST, MAX_MANIFEST_BYTES))
    except (OSError, ValueError, RecursionError):  # RecursionError: '[' nested 100,000 deep
        return empty()
    manifest = empty()
    if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION:
        outputs, sources = data.get("outputs"), data.get("sources")
        if isinstance(outputs, dict):
            manifest["outputs"] = {k: v for k, v in outputs.items() if isinstance(v, dict)}
        if isinstance(sources, dict):
            manifest["sources"] = {k: v for k, v in sources.items() if _is_source_entry(v)}
    return manifest


def _is_source_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("digest"), str)
        and isinstance(entry.get("slug"), str)
        and is_slug(entry["slug"])
    )


def write_manifest(out_dir: Path, manifest: Manifest) -> None:
    """Merge with what another build may have written meanwhile, then replace atomically."""
    merged = read_manifest(out_dir)
    merged["outputs"].update(manifest["outputs"])
    merged["sources"].update(manifest["sources"])
    text = json.dumps({"version": MANIFEST_VERSION, **merged}, indent=1, sort_keys=True)
    remove_stale_temporaries(out_dir / MANIFEST)
    write_atomic(out_dir / MANIFEST, text.encode())
