from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_command_status import KnownCommandStatus
from ..types import UNSET, Unset
from . import at_step, member_or_string, object_of

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
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a CommandResult object")
        try:
            _status = d.pop("status")
            status: KnownCommandStatus | str
            if type(_status) is str:
                status = member_or_string(KnownCommandStatus, _status)
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "status", src_dict, "one of Accepted, Rejected or a string")

        try:
            _error = d.pop("error", UNSET)
            error: CommandError | None | Unset
            if _error is None or _error is UNSET:
                error = _error
            elif type(_error) is dict:
                error_type_0 = CommandError.from_dict(_error)

                error = error_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "error", src_dict, "a CommandError object or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        command_result = cls(
            status,
            error,
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


# At the bottom, not the top: models may refer to each other (see the template's comment).
from ..models.command_error import CommandError  # noqa: E402
