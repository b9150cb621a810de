"""The documentation site (mkdocs.yml) shows every guide and every public subpackage.

mkdocs.yml is read as text (the site's tools are in the docs extra, not here): the nav is
the block of ``- title: page.md`` lines under ``nav:``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "perfcore"
# Public modules that are not subpackages but have a reference page of their own; the
# other public modules' names are re-exported by ``perfcore`` and shown on its page.
MODULES_WITH_PAGES = ("errors", "serialization", "batch", "dask")

_NAV_PAGE = re.compile(r"^\s+-\s+(?:[^:]+:\s+)?(?P<page>\S+\.md)\s*$")


def nav_pages() -> list[str]:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("nav:")
    pages: list[str] = []
    for line in lines[start + 1 :]:
        if line and not line[0].isspace():
            break
        if match := _NAV_PAGE.match(line):
            pages.append(match["page"])
    return pages


def public_subpackages() -> list[str]:
    found = [
        path.parent.name
        for path in PACKAGE.glob("*/__init__.py")
        if not path.parent.name.startswith("_")
    ]
    return sorted([*found, *MODULES_WITH_PAGES])


def directives(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(r"^::: (\S+)$", text, flags=re.MULTILINE)


def test_the_nav_is_read() -> None:
    pages = nav_pages()
    assert pages[0] == "index.md"
    assert "reference/perfcore.md" in pages
    assert len(pages) == len(set(pages)), "a page is in the nav twice"


def test_every_guide_is_in_the_nav() -> None:
    guides = sorted(path.name for path in DOCS.glob("*.md"))
    missing = [guide for guide in guides if guide not in nav_pages()]
    assert not missing, f"docs/*.md not in mkdocs.yml's nav: {missing}"


def test_every_page_in_the_nav_exists() -> None:
    absent = [page for page in nav_pages() if not (DOCS / page).is_file()]
    assert not absent, f"mkdocs.yml's nav names missing pages: {absent}"


def test_every_reference_page_is_in_the_nav() -> None:
    pages = sorted(f"reference/{path.name}" for path in (DOCS / "reference").glob("*.md"))
    missing = [page for page in pages if page not in nav_pages()]
    assert not missing, f"docs/reference/*.md not in mkdocs.yml's nav: {missing}"


def test_the_front_door_has_a_reference_page() -> None:
    assert "reference/perfcore.md" in nav_pages()
    assert directives("reference/perfcore.md") == ["perfcore"]


def test_every_public_subpackage_has_a_reference_page() -> None:
    subpackages = public_subpackages()
    assert {"cycle", "scoring", "testing", "errors"} <= set(subpackages)
    rendered = {
        name for page in nav_pages() if page.startswith("reference/") for name in directives(page)
    }
    missing = [name for name in subpackages if f"perfcore.{name}" not in rendered]
    assert not missing, f"public subpackages with no reference page: {missing}"
