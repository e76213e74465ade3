from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reset_type import ResetType
from . import at_step, member_of, object_of

T = TypeVar("T", bound="ResetRequest")


@_attrs_define
class ResetRequest:
    """The body of a reset request.

    Attributes:
        type_ (ResetType): `Soft` restarts the charge box's software, `Hard` restarts it as if its power were cycled
            (OCPP 1.6 ResetType). A closed list the vendor publishes.
    """

    type_: ResetType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ResetRequest object")
        try:
            type_ = member_of(ResetType, d.pop("type"))

        except Exception as _failure:
            raise at_step(_failure, "type", src_dict, "one of Hard, Soft")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        reset_request = cls(
            type_,
        )

        reset_request.additional_properties = d
        return reset_request

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
