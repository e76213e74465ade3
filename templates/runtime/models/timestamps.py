"""Timestamps as the client hands them out: aware UTC datetimes, whatever shape the wire used.

models_init.py.jinja pastes this file into the generated models/__init__.py as it is, below
runtime/models/fields.py; the datetime property template
(property_templates/datetime_property.py.jinja) calls parse_timestamp in from_dict and
format_timestamp in to_dict. On its own it is checked by ruff and mypy --strict; its behaviour is
unit-tested through the generated package in tests/test_client_data.py.
"""

import datetime

WIRE_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
"""How the v2 API writes a timestamp: `2025-01-27 09:38:41`, UTC, without an offset."""


_WIRE_LENGTH = len("2025-01-27 09:38:41")


def parse_timestamp(value: object) -> datetime.datetime:
    """The aware UTC moment `value` names: the v2 wire's offset-less `2025-01-27 09:38:41` is UTC;
    an ISO 8601 / RFC 3339 string with `Z` or an offset is converted to UTC. Raises TypeError for
    anything but a string and ValueError for a string that is not a timestamp."""
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a string")
    # Aware and naive datetimes cannot be compared: handing out only aware UTC ones means a
    # consumer can compare any two, or one with datetime.now(UTC), whatever the server sent.
    # Spelling the offset out is several times faster than datetime.replace(tzinfo=...), and a
    # page holds hundreds of timestamps: the wire's own 19-character shape takes this way.
    if len(value) == _WIRE_LENGTH:
        return datetime.datetime.fromisoformat(value + "+00:00")
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def format_timestamp(moment: datetime.datetime) -> str:
    """`moment` as the v2 API writes timestamps, `YYYY-MM-DD HH:MM:SS` in UTC (fractions of a
    second dropped: the wire has none); a naive `moment` is taken as UTC, as the wire means it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime(WIRE_TIMESTAMP_FORMAT)
