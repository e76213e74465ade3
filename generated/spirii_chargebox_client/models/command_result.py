from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_command_status import KnownCommandStatus
from ..types import UNSET, Unset
from . import at_step, member_of, object_of

if TYPE_CHECKING:
    from ..models.command_error import CommandError


T = TypeVar("T", bound="CommandResult")


@_attrs_define
class CommandResult:
    """A charge box's answer to a remote command (reset, reboot).

    Attributes:
        status (KnownCommandStatus | str): `Accepted` or `Rejected`, as the vendor publishes them (OCPP 1.6
            ResetStatus). An open
            list: OCPP 2.0.1 chargers also answer `Scheduled` (reset once a transaction ends), which
            the vendor may pass on, so another value is accepted with a warning and reaches a client
            as a plain string.
        error (CommandError | None | Unset): Why the command was rejected; absent or null when it was accepted.
    """

    status: KnownCommandStatus | str
    error: CommandError | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.command_error import CommandError  # noqa: PLC0415

        status: str
        if isinstance(self.status, KnownCommandStatus):
            status = self.status.value
        else:
            status = self.status

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, CommandError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command_error import CommandError  # noqa: PLC0415

        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a CommandResult object")
        try:

            def _parse_status(data: object) -> KnownCommandStatus | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_command_status_type_0 = member_of(KnownCommandStatus, data)

                    return componentsschemas_command_status_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(KnownCommandStatus | str, data)

            status = _parse_status(d.pop("status"))

        except Exception as _failure:
            raise at_step(_failure, "status", src_dict, "one of Accepted, Rejected or a string")

        try:

            def _parse_error(data: object) -> CommandError | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    error_type_0 = CommandError.from_dict(data)

                    return error_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            error = _parse_error(d.pop("error", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "error", src_dict, "a CommandError object or null")

        command_result = cls(
            status=status,
            error=error,
        )

        command_result.additional_properties = d
        return command_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
