from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connector_format import ConnectorFormat
from ..models.known_connector_standard import KnownConnectorStandard
from ..models.known_power_type import KnownPowerType
from ..types import UNSET, Unset
from . import at_step, format_timestamp, member_of, object_of, parse_timestamp

if TYPE_CHECKING:
    from ..models.connector_error import ConnectorError


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
        from ..models.connector_error import ConnectorError  # noqa: PLC0415

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
        from ..models.connector_error import ConnectorError  # noqa: PLC0415

        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a Connector object")
        try:
            id = d.pop("id")
        except Exception as _failure:
            raise at_step(_failure, "id", src_dict, "an integer")

        try:

            def _parse_standard(data: object) -> KnownConnectorStandard | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_connector_standard_type_0 = member_of(KnownConnectorStandard, data)

                    return componentsschemas_connector_standard_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(KnownConnectorStandard | str, data)

            standard = _parse_standard(d.pop("standard"))

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

            def _parse_power_type(data: object) -> KnownPowerType | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_power_type_type_0 = member_of(KnownPowerType, data)

                    return componentsschemas_power_type_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(KnownPowerType | str, data)

            power_type = _parse_power_type(d.pop("powerType"))

        except Exception as _failure:
            raise at_step(
                _failure,
                "powerType",
                src_dict,
                "one of AC_1_PHASE, AC_2_PHASE, AC_2_PHASE_SPLIT, AC_3_PHASE, DC or a string",
            )

        try:

            def _parse_max_electric_power(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            max_electric_power = _parse_max_electric_power(d.pop("maxElectricPower", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "maxElectricPower", src_dict, "a number or null")

        try:

            def _parse_max_amperage(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            max_amperage = _parse_max_amperage(d.pop("maxAmperage", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "maxAmperage", src_dict, "a number or null")

        try:

            def _parse_max_voltage(data: object) -> float | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                return cast(float | None | Unset, data)

            max_voltage = _parse_max_voltage(d.pop("maxVoltage", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "maxVoltage", src_dict, "a number or null")

        try:

            def _parse_tariff_ids(data: object) -> list[str] | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    tariff_ids_type_0 = cast(list[str], data)

                    return tariff_ids_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            tariff_ids = _parse_tariff_ids(d.pop("tariffIds", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "tariffIds", src_dict, "a list, each item a string or null")

        try:

            def _parse_error(data: object) -> ConnectorError | None | Unset:
                if data is None:
                    return data
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    error_type_0 = ConnectorError.from_dict(data)

                    return error_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                raise TypeError()

            error = _parse_error(d.pop("error", UNSET))

        except Exception as _failure:
            raise at_step(_failure, "error", src_dict, "a ConnectorError object or null")

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

        connector = cls(
            id=id,
            standard=standard,
            format_=format_,
            power_type=power_type,
            max_electric_power=max_electric_power,
            max_amperage=max_amperage,
            max_voltage=max_voltage,
            tariff_ids=tariff_ids,
            error=error,
            deleted_at=deleted_at,
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
