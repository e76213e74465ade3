"""The README and the pages under docs/ are true as written: their Python examples run against
the bundled mock, their YAML parses, their shell is shell, the `make` targets and `SPIRII_*`
variables they name exist, and every relative link (and its #anchor) resolves."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from drift.readme_table import END as CATALOG_END
from drift.readme_table import README as CATALOG_PAGE
from drift.readme_table import START as CATALOG_START
from tests.conftest import python_blocks, run_example

ROOT = Path(__file__).resolve().parent.parent
# One worker runs the module, on one mock: the examples build on each other, as a reader's
# session does (the first creates the charge box the walks then read).
pytestmark = pytest.mark.xdist_group("readme")
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
README_LINES = 100  # one or two screens: what the kit is, the two commands, where to go next


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _fenced(page: Path, language: str) -> list[str]:
    """The fenced blocks of one language (`""`: those without one) of a page, in order."""
    blocks: list[str] = []
    opened: str | None = None  # the language of the block being read, None between blocks
    for line in page.read_text(encoding="utf-8").splitlines(keepends=True):
        if opened is None and line.startswith("```"):
            opened, body = line[3:].strip(), ""
        elif opened is not None and line.rstrip() == "```":
            if opened == language:
                blocks.append(body)
            opened = None
        elif opened is not None:
            body += line
    return blocks


def _without_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```$", "", text, flags=re.DOTALL | re.MULTILINE)


def _code_spans(page: Path) -> list[str]:
    """The inline `code` of a page's prose and tables (a span may wrap onto the next line)."""
    return re.findall(r"`([^`]+)`", _without_blocks(page.read_text(encoding="utf-8")))


def _section(text: str, heading: str) -> str:
    """The markdown under `heading` (a `## ` line) up to the next `## ` heading."""
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def _run(block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return run_example(README, block, mock_url, monkeypatch)


def test_the_readme_fits_on_a_screen_or_two_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_LINES
    assert DOCS, "docs/ holds a page per reader"
    linked = {(ROOT / target).resolve() for target in re.findall(r"\]\((docs/[^)#]+)", text)}
    assert {page.resolve() for page in DOCS} <= linked, "a docs page the README does not name"


def test_the_first_example_creates_and_fetches(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = python_blocks(README)[0]  # the example at the top, which the publish test runs too
    namespace = _run(block, mock_url, monkeypatch)
    assert namespace["fetched"].id == namespace["created"].id
    # Timestamps are aware UTC datetimes: printed with their +00:00.
    assert re.fullmatch(r"\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00\n", capsys.readouterr().out)


@pytest.mark.parametrize(
    ("page", "index"),
    [(page, index) for page in PAGES for index in range(len(python_blocks(page)))],
    ids=lambda value: _name(value) if isinstance(value, Path) else str(value),
)
def test_each_python_example_runs_against_the_mock(
    page: Path, index: int, mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_example(page, python_blocks(page)[index], mock_url, monkeypatch)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_each_yaml_block_parses_and_each_shell_block_is_shell(page: Path) -> None:
    for block in _fenced(page, "yaml"):
        assert isinstance(yaml.safe_load(block), dict), block
    for block in _fenced(page, "sh"):
        parsed = subprocess.run(
            ["bash", "-n"],  # noqa: S607
            input=block,
            capture_output=True,
            text=True,
            check=False,
        )
        assert parsed.returncode == 0, f"{_name(page)}: {parsed.stderr}\n{block}"


def test_make_help_lists_every_target_and_the_readmes_commands_are_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    shown = subprocess.run(
        ["make", "--no-print-directory", "help"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = {line.split()[0] for line in shown.splitlines() if line.strip()}
    assert listed == targets, f"without a ## help line: {sorted(targets - listed)}"
    two = _section(README.read_text(encoding="utf-8"), "## The two commands")
    commands = set(re.findall(r"^\| `make ([a-z-]+)` \|", two, re.MULTILINE))
    assert commands == {"contract", "test"}
    assert commands <= targets


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_make_target_a_page_names_exists(page: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    code = [*_code_spans(page), *_fenced(page, "sh"), *_fenced(page, "")]
    named = {name for text in code for name in re.findall(r"\bmake\s+([a-z][a-z-]*)", text)}
    assert named <= targets, f"{_name(page)} names make targets that do not exist"


def _variables(where: Path, prefix: str) -> set[str]:
    """The variables of `prefix` that the files under `where` read (a bare prefix is no name)."""
    files = [path for path in where.rglob("*") if path.suffix in {".py", ".toml", ""}]
    found = {
        name
        for path in files
        if path.is_file() and "__pycache__" not in path.parts
        for name in re.findall(rf"\b{prefix}[A-Z_]*\b", path.read_text(encoding="utf-8"))
    }
    return {name for name in found if not name.endswith("_")}


def test_the_guard_page_names_every_variable_the_guard_reads() -> None:
    guard = (ROOT / "docs/guard.md").read_text(encoding="utf-8")
    table = _section(guard, "## Variables")
    named = set(re.findall(r"`(SPIRII_[A-Z_]+)`", table))
    assert named == _variables(ROOT / "contract_tests", "SPIRII_")


def test_the_publishing_page_names_every_variable_publish_reads() -> None:
    page = (ROOT / "docs/publishing.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(SPIRII_PUBLISH_[A-Z_]+)\b", page))
    assert named == _variables(ROOT / "publish", "SPIRII_PUBLISH_")


def _anchors(page: Path) -> set[str]:
    """The #anchors GitHub gives a page's headings."""
    headings = re.findall(r"^#+ (.+)$", _without_blocks(page.read_text(encoding="utf-8")), re.M)
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings
    }


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_resolves(page: Path) -> None:
    prose = _without_blocks(page.read_text(encoding="utf-8"))
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto: not this repository's to check
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{_name(page)}: {target} names nothing"
        assert linked.is_relative_to(ROOT), f"{_name(page)}: {target} leaves the repository"
        if anchor:
            assert anchor in _anchors(linked), f"{_name(page)}: {target}: no such heading"


def test_the_catalog_table_lives_where_make_catalog_writes_it() -> None:
    text = CATALOG_PAGE.read_text(encoding="utf-8")
    assert CATALOG_START in text, CATALOG_PAGE
    assert CATALOG_END in text, CATALOG_PAGE
