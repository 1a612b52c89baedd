"""The build stage: slugs, atomic writes, planning before writing, incremental builds.

Rendering is replaced by a fake here so these tests run in milliseconds; the real PDF
and EPUB writers are exercised end to end in test_cli_build.py.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from filmbook import build
from filmbook.atomic import write_atomic
from filmbook.build import Options, Target, plan, run
from filmbook.errors import FilmbookError, OutputError
from filmbook.manifest import MANIFEST
from filmbook.model import Article
from filmbook.normalise import normalise
from filmbook.plan import Facts
from filmbook.source import SourceText
from filmbook.targets import output_names, slug


def article(title: str, path: str = "x.txt") -> Article:
    return normalise(SourceText(path, f"= {title} =\n\nText.\n"))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("All of Us Strangers", "all-of-us-strangers"),
        ("House (1977 film)", "house-1977-film"),
        ("Cléo from 5 to 7", "cleo-from-5-to-7"),
        ("../../x", "x"),
        ("CON", "film-con"),
        ("?!…", "x"),  # falls back to the source file's name
        ("A" * 5000, "a" * 80),
    ],
)
def test_slug_is_safe(title: str, expected: str) -> None:
    assert slug(article(title)) == expected


def test_slug_of_a_title_without_latin_letters_uses_the_file_name() -> None:
    assert slug(article("キュア", "source/cure.txt")) == "cure"
    assert slug(article("キュア", "source/キュア.txt")) == "article"


def test_two_articles_with_one_title_get_two_files(tmp_path: Path) -> None:
    for name in ("house-a.txt", "house-b.txt"):
        (tmp_path / name).write_text("= House =\n\nText.\n", encoding="utf-8")
    jobs, failed = plan(sorted(tmp_path.glob("*.txt")), Options(out_dir=tmp_path / "out"))
    assert not failed
    assert [job.slug for job in jobs] == ["house", "house-house-b"]


def test_write_atomic_replaces_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.pdf"]


def test_write_atomic_into_an_unwritable_place_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "a.pdf", b"x")


def test_a_failing_render_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nText.\n", encoding="utf-8")
    out = tmp_path / "dist"
    write_atomic(out / "film.pdf", b"previous good output")

    def broken(facts: Facts, slug_: str, target: Target, options: Options) -> dict[str, bytes]:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(build, "render", broken)
    options = Options(out_dir=out, targets=(Target.PRESSKIT,))
    jobs, _ = plan([source], options)
    summary = run(jobs, options)
    assert summary.bugs == ["film.pdf"] and not summary.failed
    assert (out / "film.pdf").read_bytes() == b"previous good output"
    assert [p.name for p in out.iterdir()] == ["film.pdf"]


def test_no_two_sources_write_the_same_file(tmp_path: Path) -> None:
    """*Night*'s handout and *Night Handout*'s press kit would both be night-handout.pdf."""
    (tmp_path / "a.txt").write_text("= Night =\n\nText.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("= Night Handout =\n\nText.\n", encoding="utf-8")
    jobs, _ = plan(sorted(tmp_path.glob("*.txt")), Options(out_dir=tmp_path / "out"))
    files = [name for job in jobs for target in Target for name in output_names(job.slug, target)]
    assert len(files) == len(set(files))
    assert [job.slug for job in jobs] == ["night", "night-handout-b"]


def test_a_later_build_does_not_overwrite_an_earlier_sources_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """*Night Handout* built first, *Night* later: its handout must not replace the
    press kit night-handout.pdf. The same film built again keeps its names."""
    monkeypatch.setattr(build, "render", fake_render([]))
    night_handout, night = tmp_path / "b.txt", tmp_path / "a.txt"
    night_handout.write_text("= Night Handout =\n\nText.\n", encoding="utf-8")
    night.write_text("= Night =\n\nText.\n", encoding="utf-8")
    options = Options(out_dir=tmp_path / "dist", incremental=True)
    run(plan([night_handout], options)[0], options)
    jobs = plan([night], options)[0]
    assert [job.slug for job in jobs] == ["night-a"]
    run(jobs, options)
    assert (options.out_dir / "night-handout.pdf").read_bytes() == b"Night Handout"
    assert [job.slug for job in plan([night_handout], options)[0]] == ["night-handout"]


@pytest.mark.parametrize(
    "remembered",
    [
        {"digest": "DIGEST", "slug": "../../escaped"},
        {"digest": "DIGEST", "slug": "/tmp/absolute"},
        {"digest": "DIGEST", "slug": ""},
        {"digest": "DIGEST", "slug": "a" * 300},
        {"digest": "DIGEST"},
        "not an entry",
        ["DIGEST", "a"],
    ],
    ids=["parent", "absolute", "empty", "too-long", "no-slug", "string", "list"],
)
def test_a_tampered_manifest_never_chooses_where_outputs_go(
    remembered: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest is a file anyone may edit: a remembered slug must be a slug."""
    monkeypatch.setattr(build, "render", fake_render([]))
    source = tmp_path / "src" / "good.txt"
    source.parent.mkdir()
    source.write_text("= Good =\n\nText.\n", encoding="utf-8")
    options = Options(out_dir=tmp_path / "a" / "b" / "dist", incremental=True)
    run(plan([source], options)[0], options)
    manifest = options.out_dir / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    digest = data["sources"][str(source)]["digest"]
    entry = json.loads(json.dumps(remembered).replace("DIGEST", digest))
    data["sources"][str(source)] = entry
    manifest.write_text(json.dumps(data), encoding="utf-8")
    jobs, failed = plan([source], options)
    assert not failed and [job.slug for job in jobs] == ["good"]
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    run(jobs, options)
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == before


@pytest.mark.parametrize("kind", ["nested", "pipe", "device"])
def test_a_manifest_that_is_not_one_is_ignored(kind: str, tmp_path: Path) -> None:
    """Never a traceback (JSON nested too deep), a wait (a pipe) or a read without end."""
    out = tmp_path / "dist"
    out.mkdir()
    manifest = out / MANIFEST
    if kind == "nested":
        manifest.write_text("[" * 200_000, encoding="utf-8")
    elif kind == "pipe":
        os.mkfifo(manifest)
    else:
        manifest.symlink_to("/dev/zero")
    (tmp_path / "a.txt").write_text("= A =\n\nText.\n", encoding="utf-8")
    jobs, failed = plan([tmp_path / "a.txt"], Options(out_dir=out, incremental=True))
    assert not failed and [job.slug for job in jobs] == ["a"]


def fake_render(calls: list[str]) -> Callable[[Facts, str, Target, Options], dict[str, bytes]]:
    def render(facts: Facts, slug_: str, target: Target, options: Options) -> dict[str, bytes]:
        calls.append(f"{slug_}:{target.value}")
        return {name: facts.title.encode() for name in output_names(slug_, target)}

    return render


def two_sources(folder: Path) -> list[Path]:
    """``a.txt`` and ``b.txt`` in ``folder``: two films of one paragraph, A and B."""
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(f"= {name.upper()} =\n\nText.\n", encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def test_incremental_build_rebuilds_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(build, "render", fake_render(calls))
    paths = two_sources(tmp_path)
    options = Options(out_dir=tmp_path / "dist", incremental=True)

    first = run(plan(paths, options)[0], options)
    assert len(first.built) == 6 and not first.up_to_date

    calls.clear()
    second = run(plan(paths, options)[0], options)
    assert calls == [] and len(second.up_to_date) == 6

    (tmp_path / "b.txt").write_text("= B =\n\nChanged.\n", encoding="utf-8")
    (options.out_dir / "a.epub").unlink()
    calls.clear()
    run(plan(paths, options)[0], options)
    assert sorted(calls) == ["a:epub", "b:epub", "b:handout", "b:presskit"]

    calls.clear()
    other_paper = Options(out_dir=options.out_dir, incremental=True, paper="letter")
    run(plan(paths, other_paper)[0], other_paper)
    assert len(calls) == 6, "a change of options rebuilds everything"


def test_a_forced_build_is_recorded_so_the_next_build_is_a_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(build, "render", fake_render(calls))
    paths = two_sources(tmp_path)
    options = Options(out_dir=tmp_path / "dist", incremental=True)
    forced = Options(out_dir=options.out_dir, incremental=True, force=True)
    run(plan(paths, options)[0], options)

    calls.clear()
    again = run(plan(paths, forced)[0], forced)
    assert len(calls) == 6 and len(again.built) == 6, "--force makes everything"

    calls.clear()
    after = run(plan(paths, options)[0], options)
    assert calls == [] and len(after.up_to_date) == 6, "and remembers it"


def test_an_output_edited_by_hand_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(build, "render", fake_render(calls))
    (tmp_path / "a.txt").write_text("= A =\n\nText.\n", encoding="utf-8")
    options = Options(out_dir=tmp_path / "dist", targets=(Target.EPUB,), incremental=True)
    run(plan([tmp_path / "a.txt"], options)[0], options)
    epub = options.out_dir / "a.epub"
    epub.write_bytes(b"edited")
    os.utime(epub, ns=(1, 1))
    calls.clear()
    run(plan([tmp_path / "a.txt"], options)[0], options)
    assert calls == ["a:epub"]
    assert epub.read_bytes() == b"A"


def test_plan_reports_bad_sources_without_stopping_the_good(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("= Good =\n\nText.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"no title here\n")
    jobs, failed = plan(sorted(tmp_path.glob("*.txt")), Options())
    assert [job.slug for job in jobs] == ["good"]
    assert [str(error) for error in failed] == [
        f"{tmp_path / 'bad.txt'}:1: no title line: the file must start with '= Title ='"
    ]


def test_a_no_op_rebuild_does_not_read_unchanged_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "render", fake_render([]))
    two_sources(tmp_path)
    (tmp_path / "c.wiki").write_text("'''C''' is a film.\n", encoding="utf-8")
    options = Options(out_dir=tmp_path / "dist", incremental=True)
    paths = sorted(tmp_path.iterdir())
    run(plan(paths, options)[0], options)

    # Every reader is reached through read_article: a source it is not called for was
    # not parsed, whatever its format.
    read: list[str] = []
    real = build.read_article

    def counting(source: SourceText) -> Article:
        read.append(Path(source.path).name)
        return real(source)

    monkeypatch.setattr(build, "read_article", counting)
    summary = run(plan(paths, options)[0], options)
    assert read == [] and len(summary.up_to_date) == 9

    # A changed source is read twice: checked when planned, then by its worker (the
    # plan keeps no article, so that a build of thousands runs in little memory).
    (tmp_path / "b.txt").write_text("= B =\n\nChanged.\n", encoding="utf-8")
    summary = run(plan(paths, options)[0], options)
    assert read == ["b.txt", "b.txt"] and len(summary.built) == 3


def test_a_build_stopped_midway_records_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cluster that goes away (or Ctrl-C) after the first film: that film is written
    and recorded, and the next build makes only the other."""
    calls: list[str] = []
    monkeypatch.setattr(build, "render", fake_render(calls))
    paths = two_sources(tmp_path)
    options = Options(out_dir=tmp_path / "dist", targets=(Target.EPUB,), incremental=True)
    execute = build._execute

    def lost_after_one(
        todo: Iterable[build.Job], count: int, options: Options
    ) -> Iterator[tuple[build.Job, build.Output]]:
        yield next(execute(todo, count, options))
        raise FilmbookError("lost the connection to the Dask scheduler")

    monkeypatch.setattr(build, "_execute", lost_after_one)
    with pytest.raises(FilmbookError, match="lost"):
        run(plan(paths, options)[0], options)
    recorded = json.loads((options.out_dir / MANIFEST).read_text())
    assert set(recorded["outputs"]) == {p.name for p in options.out_dir.glob("*.epub")}
    assert len(recorded["outputs"]) == 1

    monkeypatch.setattr(build, "_execute", execute)
    calls.clear()
    summary = run(plan(paths, options)[0], options)
    assert len(summary.built) == 1 and len(summary.up_to_date) == 1 and len(calls) == 1


def test_outputs_are_written_by_the_building_process_not_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a worker runs (``make_outputs``) returns bytes and touches no file."""
    monkeypatch.setattr(build, "render", fake_render([]))
    (tmp_path / "a.txt").write_text("= A =\n\nText.\n", encoding="utf-8")
    options = Options(out_dir=tmp_path / "dist")
    (job,), _ = plan([tmp_path / "a.txt"], options)
    outputs = build.make_outputs(job, options)
    assert [(o.name, o.status, sorted(o.files)) for o in outputs] == [
        ("a.pdf", "built", ["a.pdf"]),
        ("a-handout.pdf", "built", ["a-handout.pdf"]),
        ("a.epub", "built", ["a.epub"]),
    ]
    assert not options.out_dir.exists()


def test_a_long_local_build_replaces_its_workers_and_makes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RECYCLE films a worker, each worker process is replaced after RECYCLE jobs
    (WeasyPrint's process grows with every film); the outputs do not change."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for number in range(3):
        text = f"= Film {number} =\n\nFilm {number} is a film.\n"
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    paths = sorted(tmp_path.glob("*.txt"))
    made = {}
    for recycle, out in ((1, tmp_path / "recycled"), (build.RECYCLE, tmp_path / "kept")):
        monkeypatch.setattr(build, "RECYCLE", recycle)
        options = Options(out_dir=out, targets=(Target.EPUB,), jobs=2)
        summary = run(plan(paths, options)[0], options)
        assert len(summary.built) == 3, summary
        made[out.name] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert made["recycled"] == made["kept"]


def _export(path: Path, pages: int) -> Path:
    """A ``Special:Export`` file of ``pages`` copies of the seed's wikitext."""
    text = escape(
        (Path(__file__).parent / "data" / "wikitext" / "all-of-us-strangers.wiki").read_text(
            encoding="utf-8"
        )
    )
    body = "".join(
        f"<page><title>Film {number}</title><ns>0</ns><id>{number}</id><revision>"
        f'<id>{number}</id><text xml:space="preserve">{text}</text></revision></page>\n'
        for number in range(1, pages + 1)
    )
    path.write_text(f"<mediawiki>\n{body}</mediawiki>\n", encoding="utf-8")
    return path


def test_a_plan_keeps_no_page_of_a_big_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: a dump of thousands of pages is built in constant memory. The plan keeps
    a name and a slug a page (not its text, nor its article), and the jobs read the
    pages again as they are made."""
    # pytest keeps every warning logged (each page has a few): not the plan's memory.
    monkeypatch.setattr(logging.getLogger("filmbook.normalise"), "disabled", True)
    sizes = {}
    for pages in (5, 25):
        export = _export(tmp_path / f"export-{pages}.xml", pages)
        tracemalloc.start()
        jobs, failed = plan([export], Options(out_dir=tmp_path / "out"))
        gc.collect()  # a parsed page is a cycle of nodes, freed by the collector
        sizes[pages] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert not failed and len(jobs) == pages
    per_page = (sizes[25] - sizes[5]) / 20
    # A page's text is 16 KiB and its article some 150 KiB; what the plan keeps is a few
    # hundred bytes, plus what bounded caches (regular expressions, typography) fill.
    assert per_page < 8192, f"{per_page:.0f} bytes a page"
    assert [job.slug for job in jobs][:2] == ["film-1", "film-2"]
    assert all(job.source.wikitext and job.source.origin for job in jobs)


def test_jobs_read_their_sources_as_they_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local build hands its workers a few jobs at a time, reading each source then:
    a source edited after the plan is made as it is now, under its planned name."""
    monkeypatch.setattr(build, "render", fake_render([]))
    two_sources(tmp_path)
    options = Options(out_dir=tmp_path / "dist", targets=(Target.EPUB,))
    jobs, _ = plan(sorted(tmp_path.glob("*.txt")), options)
    (tmp_path / "a.txt").write_text("= Edited =\n\nText.\n", encoding="utf-8")
    run(jobs, options)
    assert (options.out_dir / "a.epub").read_bytes() == b"Edited"
