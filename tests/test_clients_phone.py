"""The EPUB on a phone: every document laid out by Chromium at phone widths, at the
reader's usual and large text, must fit the screen.

Each book of ``client_books.py`` is unzipped and each of its XHTML documents loaded from
its file, with the book's stylesheet, into Debian's Chromium, driven by Playwright (one
browser for the session, no browser of Playwright's own). The screens are 320 px wide
(the narrowest phones in use) and 390 px (a common phone), the root text 16 px and
24 px, as a reading system sets its text size on the root element. Nothing may be wider
than the screen: a reading system that paginates cuts off what is. A table reflows on a
phone into one block per row, each value after its column's name, and stays a table on a
wide screen; the tests check both through Chromium's accessibility tree, as a screen
reader gets them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from client_books import SOURCES, build_books, unzip

# The group asks `pytest -n N --dist loadgroup` to run the phone tests on one worker, with
# one browser (pytest-xdist 3.8 no longer does under pytest 9: each worker starts one).
pytestmark = pytest.mark.xdist_group("phone")

HERE = Path(__file__).resolve().parent
WIDTHS = (320, 390)
TEXT_SIZES = (16, 24)
HEIGHT = 800
WIDE = 1024
OVERFLOW = (HERE / "clients" / "overflow.js").read_text(encoding="utf-8")
ACCOLADES = "format/table-five-cells"  # five columns, the last a Result
# Its Result column has no value in any row: not shown, named under the table instead.
COLUMNS = ("Award", "Date of ceremony", "Category", "Recipient(s)")


@pytest.fixture(scope="session")
def page(browser: Browser) -> Page:
    """One tab for every test: a test sets its screen width and loads its documents."""
    return browser.new_page(viewport={"width": WIDTHS[0], "height": HEIGHT})


def _documents(name: str, folder: Path) -> list[Path]:
    book = build_books([name], folder)[name]
    return unzip(book, folder / "book")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_page_fits_a_phone(name: str, page: Page, tmp_path: Path) -> None:
    documents = _documents(name, tmp_path)
    assert documents
    overflows = []
    for document in documents:
        page.goto(document.as_uri())
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for found in filter(None, page.evaluate(OVERFLOW, TEXT_SIZES)):
                where = f"{document.name} on a {width} px screen with {found['size']} px text"
                overflows.append(f"{where} is {found['scrollWidth']} px wide:")
                overflows += [f"    {element}" for element in found["elements"]]
    assert not overflows, "\n".join(overflows)


def _accessible_cells(page: Page) -> list[tuple[str, str]]:
    """The table's header and data cells as Chromium gives them to a screen reader."""
    session = page.context.new_cdp_session(page)
    tree: dict[str, Any] = session.send("Accessibility.getFullAXTree")
    session.detach()
    roles = {"columnheader", "rowheader", "cell"}
    return [
        (node["role"]["value"], " ".join(node["name"]["value"].split()))
        for node in tree["nodes"]
        if not node.get("ignored") and node.get("role", {}).get("value") in roles
    ]


def _accolades(page: Page, tmp_path: Path, width: int) -> list[tuple[str, str]]:
    section = next(d for d in _documents(ACCOLADES, tmp_path) if d.name == "section-01.xhtml")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(section.as_uri())
    return _accessible_cells(page)


def test_a_table_on_a_wide_screen_is_a_table(page: Page, tmp_path: Path) -> None:
    cells = _accolades(page, tmp_path, WIDE)
    assert [name for role, name in cells if role == "columnheader"] == list(COLUMNS)
    assert ("rowheader", "Academy Awards") in cells
    assert ("cell", "Best Picture") in cells  # no column name before the value
    assert page.evaluate("getComputedStyle(document.querySelector('table')).display") == "table"


def test_a_table_on_a_phone_names_each_value_to_screen_readers(page: Page, tmp_path: Path) -> None:
    cells = _accolades(page, tmp_path, WIDTHS[0])
    assert cells
    assert not [name for role, name in cells if role == "columnheader"]  # not drawn
    assert ("rowheader", "Award: Academy Awards") in cells
    assert ("cell", "Category: Best Picture") in cells
    unnamed = [name for _, name in cells if not name.startswith(tuple(f"{c}: " for c in COLUMNS))]
    assert not unnamed
