from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import at_step, format_timestamp, object_of, parse_timestamp

T = TypeVar("T", bound="ChargeBoxModel")


@_attrs_define
class ChargeBoxModel:
    """The model of a charge box. Departure from the vendor page: the page shows no required
    flags inside this object; this contract requires `id`, `vendor` and `name`, and every
    optional field is also nullable (see the charge box's `deletedAt`).

        Attributes:
            id (int): A whole-number identifier (at least 1, at most 2^53-1).
            vendor (str): The manufacturer.
            name (str): The model name.
            plug_and_charge_validated (bool | None | Unset): Whether Spirii has validated the model for Plug & Charge.
            firmware_management_validated (bool | None | Unset): Whether Spirii has validated the model for firmware
                management.
            updated_at (datetime.datetime | None | Unset): Last update timestamp of the model, or null.
            created_at (datetime.datetime | None | Unset): Created at timestamp of the model, or null.
            description (None | str | Unset): A description of the model.
    """

    id: int
    vendor: str
    name: str
    plug_and_charge_validated: bool | None | Unset = UNSET
    firmware_management_validated: bool | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        vendor = self.vendor

        name = self.name

        plug_and_charge_validated: bool | None | Unset
        if isinstance(self.plug_and_charge_validated, Unset):
            plug_and_charge_validated = UNSET
        else:
            plug_and_charge_validated = self.plug_and_charge_validated

        firmware_management_validated: bool | None | Unset
        if isinstance(self.firmware_management_validated, Unset):
            firmware_management_validated = UNSET
        else:
            firmware_management_validated = self.firmware_management_validated

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = format_timestamp(self.updated_at)
        else:
            updated_at = self.updated_at

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = format_timestamp(self.created_at)
        else:
            created_at = self.created_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "vendor": vendor,
                "name": name,
            }
        )
        if plug_and_charge_validated is not UNSET:
            field_dict["plugAndChargeValidated"] = plug_and_charge_validated
        if firmware_management_validated is not UNSET:
            field_dict["firmwareManagementValidated"] = firmware_management_validated
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ChargeBoxModel object")
        try:
            id = d.pop("id")
            if type(id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "id", src_dict, "an integer")

        try:
            vendor = d.pop("vendor")
            if type(vendor) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "vendor", src_dict, "a string")

        try:
            name = d.pop("name")
            if type(name) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "name", src_dict, "a string")

        try:
            _plug_and_charge_validated = d.pop("plugAndChargeValidated", UNSET)
            plug_and_charge_validated: bool | None | Unset
            if _plug_and_charge_validated is None or _plug_and_charge_validated is UNSET:
                plug_and_charge_validated = _plug_and_charge_validated
            elif type(_plug_and_charge_validated) is bool:
                plug_and_charge_validated = _plug_and_charge_validated
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "plugAndChargeValidated", src_dict, "a boolean or null")

        try:
            _firmware_management_validated = d.pop("firmwareManagementValidated", UNSET)
            firmware_management_validated: bool | None | Unset
            if _firmware_management_validated is None or _firmware_management_validated is UNSET:
                firmware_management_validated = _firmware_management_validated
            elif type(_firmware_management_validated) is bool:
                firmware_management_validated = _firmware_management_validated
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "firmwareManagementValidated", src_dict, "a boolean or null")

        try:
            _updated_at = d.pop("updatedAt", UNSET)
            updated_at: datetime.datetime | None | Unset
            if _updated_at is None or _updated_at is UNSET:
                updated_at = _updated_at
            elif type(_updated_at) is str:
                updated_at_type_0 = parse_timestamp(_updated_at)

                updated_at = updated_at_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "updatedAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        try:
            _created_at = d.pop("createdAt", UNSET)
            created_at: datetime.datetime | None | Unset
            if _created_at is None or _created_at is UNSET:
                created_at = _created_at
            elif type(_created_at) is str:
                created_at_type_0 = parse_timestamp(_created_at)

                created_at = created_at_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "createdAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        try:
            _description = d.pop("description", UNSET)
            description: None | str | Unset
            if _description is None or _description is UNSET:
                description = _description
            elif type(_description) is str:
                description = _description
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "description", src_dict, "a string or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        charge_box_model = cls(
            id,
            vendor,
            name,
            plug_and_charge_validated,
            firmware_management_validated,
            updated_at,
            created_at,
            description,
        )

        charge_box_model.additional_properties = d
        return charge_box_model

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
