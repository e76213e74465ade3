"""What a model's from_dict reads a body with: `at_step`, which turns a failure to read a field
into a FieldError with the JSON path of the value that did not fit, and the small readers of JSON
values the generated code calls.

models_init.py.jinja pastes this file into the generated models/__init__.py as it is: it sits in
runtime/models/ as that module sits in models/, so `..errors` names the same module in both
places. model.py.jinja and the property templates wrap the reading of every field and list item
in `at_step(...)`, which turns the KeyError / ValueError / TypeError / AttributeError of a
missing, unknown or mistyped value into a FieldError (errors.py: a SpiriiError and a
ValueError) and extends its path as it propagates out of nested models and lists. Every scalar is
checked against its declared type inline in the generated code (field_macros.py.jinja's
`type_check`), by the exact type json.loads gives it: a bool is never an integer, an
integer-valued float is not an integer, and a `number` takes an int or a float but not a bool.
On its own it is checked by ruff and mypy --strict; its behaviour is unit-tested through the
generated package in tests/test_client_data.py and tests/test_client_scalars.py.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar, cast

from ..errors import FieldError as FieldError
from ..errors import PathSegment as PathSegment
from ..errors import json_path as json_path

_MISSING: Any = object()


def _shown(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:77]}..."


def at_step(error: Exception, step: PathSegment, document: object, expected: str) -> Exception:
    """What to raise after reading field `step` (a str) or list item `step` (an int) of `document`
    failed with `error`: a FieldError from deeper gets the step prepended to its path; a KeyError,
    ValueError, TypeError or AttributeError becomes a FieldError at that step, naming the value
    seen and `expected`; anything else is returned as it is.

    Called from an `except` around each field (model.py.jinja, list_property.py.jinja), not a
    context manager: a `try` costs nothing on Python 3.11 until something fails, and a body is
    read field by field hundreds of times a page.
    """
    if isinstance(error, FieldError):
        error.segments = (step, *error.segments)
        return error
    if not isinstance(error, KeyError | ValueError | TypeError | AttributeError):
        return error
    value = _value(step, document)
    if value is _MISSING:
        problem = f"required field {step!r} is missing, expected {expected}"
    else:
        problem = f"{_shown(value)} is not {expected}"
    field_error = FieldError((step,), problem)
    field_error.__cause__ = error
    return field_error


def _value(step: PathSegment, document: object) -> object:
    if isinstance(step, str) and isinstance(document, Mapping):
        return document.get(step, _MISSING)
    if isinstance(step, int) and isinstance(document, list):
        return document[step]
    return _MISSING


def object_of(document: object, expected: str) -> dict[str, Any]:
    """A copy of `document`, the JSON object a model is read from; raises FieldError (path `$`)
    for anything but an object."""
    # A JSON body is a dict: checking for one first skips the slower Mapping ABC check.
    if type(document) is not dict and not isinstance(document, Mapping):
        raise FieldError((), f"{_shown(document)} is not {expected}")
    return dict(document)


EnumMember = TypeVar("EnumMember", bound=Enum)


def member_of(kind: type[EnumMember], value: object) -> EnumMember:
    """`kind(value)`, by a dict lookup first: the enum machinery's call costs about a microsecond
    and a page holds hundreds of enum values. An unknown value still raises ValueError."""
    member = kind._value2member_map_.get(value)
    return cast(EnumMember, member) if member is not None else kind(value)


def member_or_string(kind: type[EnumMember], value: str) -> EnumMember | str:
    """The member of an open enum (`KnownConnectorStandard | str`) that `value` names, or `value`
    itself for one the client does not know yet: a new value of an open list is not drift."""
    member = kind._value2member_map_.get(value)
    return cast(EnumMember, member) if member is not None else value


def array_of(value: object) -> list[Any]:
    """`value`, a JSON array; raises TypeError for anything else (a string or an object would
    otherwise be iterated as characters or keys)."""
    if not isinstance(value, list):
        raise TypeError(f"{_shown(value)} is not a list")
    return value
