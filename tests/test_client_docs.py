"""What a consumer reads is complete and true (issue 17, 9): the package README's table of every
model's fields matches the models and the spec, its error tables name every class the client
raises, the page walks import from where the operations do, and the top README's
`python examples/example.py` names a file that exists and runs.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from spirii_chargebox_client import errors, models
from spirii_chargebox_client.api import chargeboxes
from spirii_chargebox_client.api.chargeboxes import list_charge_boxes

from mock.server import DEFAULT_API_KEY
from spec import load_spec
from tests.conftest import python_blocks

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_README = ROOT / "generated/README.md"
TOP_README = ROOT / "README.md"
# openapi-python-client.yaml's class_overrides: the schema each renamed model comes from.
SCHEMA_OF = {"ErrorBody": "Error"}


def _section(text: str, heading: str) -> str:
    """The markdown from `heading` to the next heading of its level or higher."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n")
    ends = [
        match.start()
        for match in re.finditer(r"\n(#+) ", text[start + 1 :])
        if len(match.group(1)) <= len(level)
    ]
    return text[start : start + 1 + ends[0]] if ends else text[start:]


def _model_classes() -> list[type]:
    return [
        value
        for name in models.__all__
        if inspect.isclass(value := getattr(models, name)) and attrs.has(value)
    ]


def _table_rows(model_name: str) -> dict[str, list[str]]:
    """The field table of `model_name` in the package README: python name -> its cells."""
    fields = _section(PACKAGE_README.read_text(encoding="utf-8"), "## Fields of each model")
    table = _section(fields, f"### `{model_name}`")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    # A `|` inside a cell (a union type) is escaped as `\|`, as GitHub's tables need.
    cells = [
        [cell.strip().strip("`").replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
        for row in rows
    ]
    return {row[0]: row[1:] for row in cells}


@pytest.mark.parametrize("model", _model_classes(), ids=lambda model: model.__name__)
def test_the_readme_lists_every_field_of_every_model_as_the_model_and_spec_have_it(
    model: type,
) -> None:
    rows = _table_rows(model.__name__)
    schema = load_spec()["components"]["schemas"][SCHEMA_OF.get(model.__name__, model.__name__)]
    fields = [field for field in attrs.fields(model) if field.init]

    assert list(rows) == [field.name for field in fields]
    assert sorted(row[0] for row in rows.values()) == sorted(schema["properties"])
    required = set(schema.get("required", []))
    for field in fields:
        wire, type_shown, optional, nullable = rows[field.name]
        parts = [part.strip() for part in str(field.type).split("|")]
        assert (optional == "yes") == ("Unset" in parts) == (wire not in required), field.name
        assert (nullable == "yes") == ("None" in parts), field.name
        assert type_shown == " | ".join(p for p in parts if p not in {"None", "Unset"}), field.name


def test_the_field_a_consumer_went_looking_for_is_in_the_table() -> None:
    assert _table_rows("ChargeBox")["location_id"] == ["locationId", "int", "no", "no"]
    assert _table_rows("Connector")["max_amperage"] == ["maxAmperage", "float", "yes", "yes"]


def _error_classes() -> list[str]:
    return [
        name
        for name in errors.__all__
        if inspect.isclass(value := getattr(errors, name)) and issubclass(value, BaseException)
    ]


@pytest.mark.parametrize("name", _error_classes())
def test_the_readme_s_errors_name_every_class_a_consumer_meets(name: str) -> None:
    section = _section(PACKAGE_README.read_text(encoding="utf-8"), "## Errors")

    assert re.search(rf"`((errors|models)\.)?{name}`", section)


def test_the_readme_says_what_a_walk_raises() -> None:
    section = _section(PACKAGE_README.read_text(encoding="utf-8"), "## Errors")

    assert "exactly what\n`unwrap()` raises for that answer, with `cursor`" in section
    for name in ("UnreadablePageItem", "UnreadablePage", "RepeatedPageCursor"):
        assert f"| `{name}` |" in section


def test_the_walks_import_from_where_the_operations_do() -> None:
    for name in ("iter_charge_boxes", "aiter_charge_boxes", "iter_charge_box_pages"):
        assert getattr(chargeboxes, name) is getattr(list_charge_boxes, name)
        assert name in chargeboxes.__all__


def test_the_top_readme_s_example_is_a_file_that_runs(mock_url: str) -> None:
    readme = TOP_README.read_text(encoding="utf-8")
    first_screen = readme.split("\n## ", 1)[0]
    mentioned = re.findall(r"python (\S+\.py)", first_screen)

    assert mentioned == ["examples/example.py"]
    example = ROOT / mentioned[0]
    assert example.read_text(encoding="utf-8") == python_blocks(TOP_README)[0]
    ran = subprocess.run(  # noqa: S603
        [sys.executable, str(example)],
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "generated"),
            "SPIRII_BASE_URL": mock_url,
            "SPIRII_API_KEY": DEFAULT_API_KEY,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert re.fullmatch(r"DK\.SPI\.\d{6} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00\n", ran.stdout)
