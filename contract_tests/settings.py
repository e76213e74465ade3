"""The guard's own settings (guard.toml) as typed, checked data: one class a section, read once.

Schemathesis' settings live in schemathesis.toml (schema.py reads them); these are the guard's:
pacing, retries, time, the account walk, the workflow's list walk. A missing key, a key of
another type or an unknown key is refused with its name, so a typo cannot pass for a default.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

SETTINGS_PATH = Path(__file__).resolve().parent / "guard.toml"


@dataclass(frozen=True)
class Pacing:
    """Requests a minute the vendor allows, by kind, and the share of them a remote run uses."""

    reads_per_minute: int
    writes_per_minute: int
    remote_control_per_minute: int
    share: float


@dataclass(frozen=True)
class Retries:
    """What is sent again before it is judged, how often, and how long the guard waits."""

    transient_statuses: tuple[int, ...]
    attempts: int
    backoff_seconds: float
    loopback_backoff_seconds: float
    max_wait_seconds: float
    give_up_after: int


@dataclass(frozen=True)
class Time:
    """The run's default wall-time budget, and the clean-up's grace period past it."""

    budget_seconds: float
    cleanup_grace_seconds: float


@dataclass(frozen=True)
class Walk:
    """The read-only account walk: its page size, page budget, sample and volatile fields."""

    page_size: int
    max_pages: int
    sample_size: int
    volatile_fields: tuple[str, ...]


@dataclass(frozen=True)
class Workflow:
    """The list walk after the create -> fetch workflow."""

    list_page_size: int
    max_list_pages: int


@dataclass(frozen=True)
class GuardSettings:
    """guard.toml, whole."""

    pacing: Pacing
    retries: Retries
    time: Time
    walk: Walk
    workflow: Workflow


class SettingsError(ValueError):
    """guard.toml does not say what the guard needs."""


_S = TypeVar("_S")


def _section(kind: type[_S], name: str, table: Any) -> _S:
    if not isinstance(table, dict):
        raise SettingsError(f"guard.toml: [{name}] must be a table")
    hints = get_type_hints(kind)
    fields = {field.name.replace("_", "-"): field.name for field in dataclasses.fields(kind)}  # type: ignore[arg-type]
    unknown = sorted(set(table) - set(fields))
    missing = sorted(set(fields) - set(table))
    if unknown or missing:
        raise SettingsError(f"guard.toml [{name}]: unknown {unknown}, missing {missing}")
    values: dict[str, Any] = {}
    for key, attribute in fields.items():
        value, wanted = table[key], hints[attribute]
        if wanted in (tuple[int, ...], tuple[str, ...]):
            item = int if wanted == tuple[int, ...] else str
            if not isinstance(value, list) or not all(type(v) is item for v in value):
                raise SettingsError(f"guard.toml [{name}] {key}: a list of {item.__name__}")
            value = tuple(value)
        elif wanted is float and type(value) in (int, float):
            value = float(value)
            if value < 0:
                raise SettingsError(f"guard.toml [{name}] {key}: must not be negative")
        elif wanted is int and type(value) is int:
            if value < 1:
                raise SettingsError(f"guard.toml [{name}] {key}: must be at least 1")
        else:
            raise SettingsError(f"guard.toml [{name}] {key}: must be {wanted}, got {value!r}")
        values[attribute] = value
    return kind(**values)


def parse(document: dict[str, Any]) -> GuardSettings:
    """`document` (guard.toml as TOML data) as settings, or SettingsError naming what is wrong."""
    sections = {field.name: field.type for field in dataclasses.fields(GuardSettings)}
    unknown = sorted(set(document) - set(sections))
    if unknown:
        raise SettingsError(f"guard.toml: unknown sections {unknown}")
    hints = get_type_hints(GuardSettings)
    return GuardSettings(
        **{name: _section(hints[name], name, document.get(name)) for name in sections}
    )


@cache
def settings() -> GuardSettings:
    """guard.toml, read and checked once per run."""
    with SETTINGS_PATH.open("rb") as settings_file:
        return parse(tomllib.load(settings_file))
