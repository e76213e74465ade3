from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import at_step, object_of

T = TypeVar("T", bound="CreateChargeBoxRequest")


@_attrs_define
class CreateChargeBoxRequest:
    """The body of a create request.

    Attributes:
        serial_number (str): This contains a value that identifies the serial number of the charge box.
        location_id (int): A whole-number identifier (at least 1, at most 2^53-1).
        model_id (int): A whole-number identifier (at least 1, at most 2^53-1).
        charge_box_identity (None | str | Unset): ChargeBoxIdentity is the unique identifier of a charge box (leave
            blank to auto-generate)
    """

    serial_number: str
    location_id: int
    model_id: int
    charge_box_identity: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        serial_number = self.serial_number

        location_id = self.location_id

        model_id = self.model_id

        charge_box_identity: None | str | Unset
        if isinstance(self.charge_box_identity, Unset):
            charge_box_identity = UNSET
        else:
            charge_box_identity = self.charge_box_identity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "serialNumber": serial_number,
                "locationId": location_id,
                "modelId": model_id,
            }
        )
        if charge_box_identity is not UNSET:
            field_dict["chargeBoxIdentity"] = charge_box_identity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a CreateChargeBoxRequest object")
        try:
            serial_number = d.pop("serialNumber")
            if type(serial_number) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "serialNumber", src_dict, "a string")

        try:
            location_id = d.pop("locationId")
            if type(location_id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "locationId", src_dict, "an integer")

        try:
            model_id = d.pop("modelId")
            if type(model_id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "modelId", src_dict, "an integer")

        try:
            _charge_box_identity = d.pop("chargeBoxIdentity", UNSET)
            charge_box_identity: None | str | Unset
            if _charge_box_identity is None or _charge_box_identity is UNSET:
                charge_box_identity = _charge_box_identity
            elif type(_charge_box_identity) is str:
                charge_box_identity = _charge_box_identity
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "chargeBoxIdentity", src_dict, "a string or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        create_charge_box_request = cls(
            serial_number,
            location_id,
            model_id,
            charge_box_identity,
        )

        create_charge_box_request.additional_properties = d
        return create_charge_box_request

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
