from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import array_of, at_step, format_timestamp, object_of, parse_timestamp

if TYPE_CHECKING:
    from ..models.charge_box_model import ChargeBoxModel
    from ..models.customer import Customer
    from ..models.evse import Evse


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
        from ..models.customer import Customer  # noqa: PLC0415

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
        from ..models.charge_box_model import ChargeBoxModel  # noqa: PLC0415
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.evse import Evse  # noqa: PLC0415

        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ChargeBox object")
        try:
            id = d.pop("id")
        except Exception as _failure:
            raise at_step(_failure, "id", src_dict, "an integer")

        try:
            charge_box_identity = d.pop("chargeBoxIdentity")
        except Exception as _failure:
            raise at_step(_failure, "chargeBoxIdentity", src_dict, "a string")

        try:
            serial_number = d.pop("serialNumber")
        except Exception as _failure:
            raise at_step(_failure, "serialNumber", src_dict, "a string")

        try:
            is_online = d.pop("isOnline")
        except Exception as _failure:
            raise at_step(_failure, "isOnline", src_dict, "a boolean")

        try:
            location_id = d.pop("locationId")
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

            def _parse_firmware_version(data: object) -> None | str | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(None | str | Unset, data)

            firmware_version = _parse_firmware_version(d.pop("firmwareVersion", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "firmwareVersion", src_dict, "a string or null")

        try:

            def _parse_customer(data: object) -> Customer | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    customer_type_0 = Customer.from_dict(data)

                    return customer_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            customer = _parse_customer(d.pop("customer", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "customer", src_dict, "a Customer object or null")

        try:

            def _parse_last_connection_event_at(data: object) -> datetime.datetime | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    last_connection_event_at_type_0 = parse_timestamp(data)

                    return last_connection_event_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            last_connection_event_at = _parse_last_connection_event_at(d.pop("lastConnectionEventAt", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "lastConnectionEventAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        try:

            def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    deleted_at_type_0 = parse_timestamp(data)

                    return deleted_at_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            deleted_at = _parse_deleted_at(d.pop("deletedAt", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "deletedAt", src_dict, "a timestamp (YYYY-MM-DD HH:MM:SS, UTC) or null")

        charge_box = cls(
            id=id,
            charge_box_identity=charge_box_identity,
            serial_number=serial_number,
            is_online=is_online,
            location_id=location_id,
            updated_at=updated_at,
            created_at=created_at,
            evses=evses,
            model=model,
            firmware_version=firmware_version,
            customer=customer,
            last_connection_event_at=last_connection_event_at,
            deleted_at=deleted_at,
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
