from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connector_format import ConnectorFormat
from ..models.known_connector_standard import KnownConnectorStandard
from ..models.known_power_type import KnownPowerType
from ..types import UNSET, Unset
from . import array_of, at_step, format_timestamp, member_of, member_or_string, object_of, parse_timestamp

T = TypeVar("T", bound="Connector")


@_attrs_define
class Connector:
    """A connector (plug or socket) of an EVSE. Departure from the vendor page: the page shows
    no required flags inside this object; this contract requires `id`, `standard`, `format`
    and `powerType`, which describe what can be plugged in. Every optional field is also
    nullable, as on a charge box (see its `deletedAt`): real accounts send `null` for a
    measurement a charger never reported (`maxAmperage: null`).

        Attributes:
            id (int): A whole-number identifier (at least 1, at most 2^53-1).
            standard (KnownConnectorStandard | str): The connector's plug standard (OCPI ConnectorType). An open list:
                Spirii's own pages
                name seven values, OCPI 2.2.1 has more and a charger may report any of them or a future
                one, so a value outside `KnownConnectorStandard` is accepted (the drift guard warns
                about it) and reaches a client as a plain string instead of crashing it.
            format_ (ConnectorFormat): Whether the connector is a socket or a fixed cable. A closed list Spirii documents;
                another value is drift.
            power_type (KnownPowerType | str): The connector's power type. An open list: Spirii publishes none (its example
                is `DC`);
                `KnownPowerType` holds the OCPI 2.2.1 values, and another value is accepted with a
                warning.
            max_electric_power (float | None | Unset): Maximum electric power, in kW, or null when the charger has not
                reported it.
            max_amperage (float | None | Unset): Maximum current, in A, or null when the charger has not reported it.
            max_voltage (float | None | Unset): Maximum voltage, in V, or null when the charger has not reported it.
            tariff_ids (list[str] | None | Unset): IDs of the tariffs that apply to the connector (UUIDs in the vendor's
                example), or null.
            error (ConnectorError | None | Unset): The connector's last reported error (OCPP StatusNotification fields), or
                null when there is none.
            deleted_at (datetime.datetime | None | Unset): When the connector was deleted, or null.
    """

    id: int
    standard: KnownConnectorStandard | str
    format_: ConnectorFormat
    power_type: KnownPowerType | str
    max_electric_power: float | None | Unset = UNSET
    max_amperage: float | None | Unset = UNSET
    max_voltage: float | None | Unset = UNSET
    tariff_ids: list[str] | None | Unset = UNSET
    error: ConnectorError | None | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        standard: str
        if isinstance(self.standard, KnownConnectorStandard):
            standard = self.standard.value
        else:
            standard = self.standard

        format_ = self.format_.value

        power_type: str
        if isinstance(self.power_type, KnownPowerType):
            power_type = self.power_type.value
        else:
            power_type = self.power_type

        max_electric_power: float | None | Unset
        if isinstance(self.max_electric_power, Unset):
            max_electric_power = UNSET
        else:
            max_electric_power = self.max_electric_power

        max_amperage: float | None | Unset
        if isinstance(self.max_amperage, Unset):
            max_amperage = UNSET
        else:
            max_amperage = self.max_amperage

        max_voltage: float | None | Unset
        if isinstance(self.max_voltage, Unset):
            max_voltage = UNSET
        else:
            max_voltage = self.max_voltage

        tariff_ids: list[str] | None | Unset
        if isinstance(self.tariff_ids, Unset):
            tariff_ids = UNSET
        elif isinstance(self.tariff_ids, list):
            tariff_ids = self.tariff_ids

        else:
            tariff_ids = self.tariff_ids

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ConnectorError):
            error = self.error.to_dict()
        else:
            error = self.error

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
                "standard": standard,
                "format": format_,
                "powerType": power_type,
            }
        )
        if max_electric_power is not UNSET:
            field_dict["maxElectricPower"] = max_electric_power
        if max_amperage is not UNSET:
            field_dict["maxAmperage"] = max_amperage
        if max_voltage is not UNSET:
            field_dict["maxVoltage"] = max_voltage
        if tariff_ids is not UNSET:
            field_dict["tariffIds"] = tariff_ids
        if error is not UNSET:
            field_dict["error"] = error
        if deleted_at is not UNSET:
            field_dict["deletedAt"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a Connector object")
        try:
            id = d.pop("id")
            if type(id) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "id", src_dict, "an integer")

        try:
            _standard = d.pop("standard")
            standard: KnownConnectorStandard | str
            if type(_standard) is str:
                standard = member_or_string(KnownConnectorStandard, _standard)
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(
                _failure,
                "standard",
                src_dict,
                "one of CHADEMO, CHAOJI, DOMESTIC_A, DOMESTIC_B, DOMESTIC_C, DOMESTIC_D, DOMESTIC_E, DOMESTIC_F, DOMESTIC_G, DOMESTIC_H, DOMESTIC_I, DOMESTIC_J, DOMESTIC_K, DOMESTIC_L, DOMESTIC_M, DOMESTIC_N, DOMESTIC_O, GBT_AC, GBT_DC, IEC_60309_2_single_16, IEC_60309_2_three_16, IEC_60309_2_three_32, IEC_60309_2_three_64, IEC_62196_T1, IEC_62196_T1_COMBO, IEC_62196_T2, IEC_62196_T2_COMBO, IEC_62196_T3A, IEC_62196_T3C, NEMA_5_20, NEMA_6_30, NEMA_6_50, NEMA_10_30, NEMA_10_50, NEMA_14_30, NEMA_14_50, PANTOGRAPH_BOTTOM_UP, PANTOGRAPH_TOP_DOWN, TESLA_R, TESLA_S or a string",
            )

        try:
            format_ = member_of(ConnectorFormat, d.pop("format"))

        except Exception as _failure:
            raise at_step(_failure, "format", src_dict, "one of SOCKET, CABLE")

        try:
            _power_type = d.pop("powerType")
            power_type: KnownPowerType | str
            if type(_power_type) is str:
                power_type = member_or_string(KnownPowerType, _power_type)
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(
                _failure,
                "powerType",
                src_dict,
                "one of AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC or a string",
            )

        try:
            _max_electric_power = d.pop("maxElectricPower", UNSET)
            max_electric_power: float | None | Unset
            if _max_electric_power is None or _max_electric_power is UNSET:
                max_electric_power = _max_electric_power
            elif type(_max_electric_power) is float or type(_max_electric_power) is int:
                max_electric_power = _max_electric_power
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "maxElectricPower", src_dict, "a number or null")

        try:
            _max_amperage = d.pop("maxAmperage", UNSET)
            max_amperage: float | None | Unset
            if _max_amperage is None or _max_amperage is UNSET:
                max_amperage = _max_amperage
            elif type(_max_amperage) is float or type(_max_amperage) is int:
                max_amperage = _max_amperage
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "maxAmperage", src_dict, "a number or null")

        try:
            _max_voltage = d.pop("maxVoltage", UNSET)
            max_voltage: float | None | Unset
            if _max_voltage is None or _max_voltage is UNSET:
                max_voltage = _max_voltage
            elif type(_max_voltage) is float or type(_max_voltage) is int:
                max_voltage = _max_voltage
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "maxVoltage", src_dict, "a number or null")

        try:
            _tariff_ids = d.pop("tariffIds", UNSET)
            tariff_ids: list[str] | None | Unset
            if _tariff_ids is None or _tariff_ids is UNSET:
                tariff_ids = _tariff_ids
            elif type(_tariff_ids) is list:
                tariff_ids_type_0 = array_of(_tariff_ids)
                for tariff_ids_type_0_index, _item in enumerate(tariff_ids_type_0):
                    if type(_item) is not str:
                        raise at_step(TypeError(), tariff_ids_type_0_index, tariff_ids_type_0, "a string")

                tariff_ids = tariff_ids_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "tariffIds", src_dict, "a list, each item a string or null")

        try:
            _error = d.pop("error", UNSET)
            error: ConnectorError | None | Unset
            if _error is None or _error is UNSET:
                error = _error
            elif type(_error) is dict:
                error_type_0 = ConnectorError.from_dict(_error)

                error = error_type_0
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "error", src_dict, "a ConnectorError object or null")

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
        connector = cls(
            id,
            standard,
            format_,
            power_type,
            max_electric_power,
            max_amperage,
            max_voltage,
            tariff_ids,
            error,
            deleted_at,
        )

        connector.additional_properties = d
        return connector

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
from ..models.connector_error import ConnectorError  # noqa: E402
