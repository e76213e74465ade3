from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import array_of, at_step, format_timestamp, object_of, parse_timestamp

T = TypeVar("T", bound="ChargeBox")


@_attrs_define
class ChargeBox:
    """A charge box, as returned by create, fetch one and list. Fields this contract does not
    name are allowed (a new vendor field is not drift); the generated client keeps them in
    `additional_properties`.

        Attributes:
            id (int): A whole-number identifier (at least 1, at most 2^53-1).
            charge_box_identity (str): ChargeBoxIdentity is the unique identifier of a charge box.
            serial_number (str): This contains a value that identifies the serial number of the charge box.
            is_online (bool): Indicates whether the charge box is currently online.
            location_id (int): A whole-number identifier (at least 1, at most 2^53-1).
            updated_at (datetime.datetime): A UTC timestamp as the v2 API sends it, `YYYY-MM-DD HH:MM:SS` (not RFC 3339).
            created_at (datetime.datetime): A UTC timestamp as the v2 API sends it, `YYYY-MM-DD HH:MM:SS` (not RFC 3339).
            evses (list[Evse]): List of EVSEs belonging to the charge box
            model (ChargeBoxModel): The model of a charge box. Departure from the vendor page: the page shows no required
                flags inside this object; this contract requires `id`, `vendor` and `name`, and every
                optional field is also nullable (see the charge box's `deletedAt`).
            firmware_version (None | str | Unset): This contains the firmware version of the charge box. Departure from the
                vendor
                page: also `null` (see `deletedAt`).
            customer (Customer | None | Unset): Information about the customer that 'owns' the location. This represents the
                current terminology for identifying the customer associated with the location in
                the Spirii Connect portal. Departure from the vendor page: also `null` (see
                `deletedAt`).
            last_connection_event_at (datetime.datetime | None | Unset): Last connection timestamp. Departure from the
                vendor page - also `null` (see `deletedAt`).
            deleted_at (datetime.datetime | None | Unset): Deleted at timestamp. Departure from the vendor page: the page
                marks this optional
                and does not say whether a charge box that was never deleted omits it or sends
                `null`. This contract accepts both for every optional field of a charge box, so a
                server that sends `null` for "no value" is not called drift; required fields are
                never `null`.
    """

    id: int
    charge_box_identity: str
    serial_number: str
    is_online: bool
    location_id: int
    updated_at: datetime.datetime
    created_at: datetime.datetime
    evses: list[Evse]
    model: ChargeBoxModel
    firmware_version: None | str | Unset = UNSET
    customer: Customer | None | Unset = UNSET
    last_connection_event_at: datetime.datetime | None | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        charge_box_identity = self.charge_box_identity

        serial_number = self.serial_number

        is_online = self.is_online

        location_id = self.location_id

        updated_at = format_timestamp(self.updated_at)

        created_at = format_timestamp(self.created_at)

        evses = []
        for evses_item_data in self.evses:
            evses_item = evses_item_data.to_dict()
            evses.append(evses_item)

        model = self.model.to_dict()

        firmware_version: None | str | Unset
        if isinstance(self.firmware_version, Unset):
            firmware_version = UNSET
        else:
            firmware_version = self.firmware_version

        customer: dict[str, Any] | None | Unset
        if isinstance(self.customer, Unset):
            customer = UNSET
        elif isinstance(self.customer, Customer):
            customer = self.customer.to_dict()
        else:
            customer = self.customer

        last_connection_event_at: None | str | Unset
        if isinstance(self.last_connection_event_at, Unset):
            last_connection_event_at = UNSET
        elif isinstance(self.last_connection_event_at, datetime.datetime):
            last_connection_event_at = format_timestamp(self.last_connection_event_at)
        else:
            last_connection_event_at = self.last_connection_event_at

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = format_timestamp(self.deleted_at)
        else:
            deleted_at = self.deleted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "chargeBoxIdentity": charge_box_identity,
                "serialNumber": serial_number,
                "isOnline": is_online,
                "locationId": location_id,
                "updatedAt": updated_at,
                "createdAt": created_at,
                "evses": evses,
                "model": model,
            }
        )
        if firmware_version is not UNSET:
            field_dict["firmwareVersion"] = firmware_version
        if customer is not UNSET:
            field_dict["customer"] = customer
        if last_connection_event_at is not UNSET:
            field_dict["lastConnectionEventAt"] = last_connection_event_at
        if deleted_at is not UNSET:
            field_dict["deletedAt"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ChargeBox object")
        try:
            id = d.pop("id")
            if type(id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "id", src_dict, "an integer")

        try:
            charge_box_identity = d.pop("chargeBoxIdentity")
            if type(charge_box_identity) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "chargeBoxIdentity", src_dict, "a string")

        try:
            serial_number = d.pop("serialNumber")
            if type(serial_number) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "serialNumber", src_dict, "a string")

        try:
            is_online = d.pop("isOnline")
            if type(is_online) is not bool:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "isOnline", src_dict, "a boolean")

        try:
            location_id = d.pop("locationId")
            if type(location_id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "locationId", src_dict, "an integer")

        try:
            updated_at = parse_timestamp(d.pop("updatedAt"))

        except Exception as _failure:
            raise at_step(_failure, "updatedAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC)")

        try:
            created_at = parse_timestamp(d.pop("createdAt"))

        except Exception as _failure:
            raise at_step(_failure, "createdAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC)")

        try:
            evses = []
            _evses = d.pop("evses")
            for evses_index, evses_item_data in enumerate(array_of(_evses)):
                try:
                    evses_item = Evse.from_dict(evses_item_data)

                except Exception as _failure:
                    raise at_step(_failure, evses_index, _evses, "an Evse object")
                evses.append(evses_item)

        except Exception as _failure:
            raise at_step(_failure, "evses", src_dict, "a list, each item an Evse object")

        try:
            model = ChargeBoxModel.from_dict(d.pop("model"))

        except Exception as _failure:
            raise at_step(_failure, "model", src_dict, "a ChargeBoxModel object")

        try:
            _firmware_version = d.pop("firmwareVersion", UNSET)
            firmware_version: None | str | Unset
            if _firmware_version is None or _firmware_version is UNSET:
                firmware_version = _firmware_version
            elif type(_firmware_version) is str:
                firmware_version = _firmware_version
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "firmwareVersion", src_dict, "a string or null")

        try:
            _customer = d.pop("customer", UNSET)
            customer: Customer | None | Unset
            if _customer is None or _customer is UNSET:
                customer = _customer
            elif type(_customer) is dict:
                customer_type_0 = Customer.from_dict(_customer)

                customer = customer_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "customer", src_dict, "a Customer object or null")

        try:
            _last_connection_event_at = d.pop("lastConnectionEventAt", UNSET)
            last_connection_event_at: datetime.datetime | None | Unset
            if _last_connection_event_at is None or _last_connection_event_at is UNSET:
                last_connection_event_at = _last_connection_event_at
            elif type(_last_connection_event_at) is str:
                last_connection_event_at_type_0 = parse_timestamp(_last_connection_event_at)

                last_connection_event_at = last_connection_event_at_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "lastConnectionEventAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        try:
            _deleted_at = d.pop("deletedAt", UNSET)
            deleted_at: datetime.datetime | None | Unset
            if _deleted_at is None or _deleted_at is UNSET:
                deleted_at = _deleted_at
            elif type(_deleted_at) is str:
                deleted_at_type_0 = parse_timestamp(_deleted_at)

                deleted_at = deleted_at_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "deletedAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        charge_box = cls(
            id,
            charge_box_identity,
            serial_number,
            is_online,
            location_id,
            updated_at,
            created_at,
            evses,
            model,
            firmware_version,
            customer,
            last_connection_event_at,
            deleted_at,
        )

        charge_box.additional_properties = d
        return charge_box

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
from ..models.charge_box_model import ChargeBoxModel  # noqa: E402
from ..models.customer import Customer  # noqa: E402
from ..models.evse import Evse  # noqa: E402
