from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_connector_error_code import KnownConnectorErrorCode
from ..types import UNSET, Unset
from . import at_step, member_or_string, object_of

T = TypeVar("T", bound="ConnectorError")


@_attrs_define
class ConnectorError:
    """The connector's error, as the charger reported it in an OCPP StatusNotification.

    Attributes:
        error_code (KnownConnectorErrorCode | str): The error code (OCPP ChargePointErrorCode). An open list:
            `KnownConnectorErrorCode`
            holds OCPP 1.6's codes, chargers on OCPP 2.x report others and Spirii publishes no
            list, so another value is accepted with a warning.
        info (None | str | Unset): Free-form additional information about the error (OCPP `info`).
        vendor_error_code (None | str | Unset): The charger vendor's own error code (OCPP `vendorErrorCode`; at most 50
            characters in OCPP 1.6).
    """

    error_code: KnownConnectorErrorCode | str
    info: None | str | Unset = UNSET
    vendor_error_code: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code: str
        if isinstance(self.error_code, KnownConnectorErrorCode):
            error_code = self.error_code.value
        else:
            error_code = self.error_code

        info: None | str | Unset
        if isinstance(self.info, Unset):
            info = UNSET
        else:
            info = self.info

        vendor_error_code: None | str | Unset
        if isinstance(self.vendor_error_code, Unset):
            vendor_error_code = UNSET
        else:
            vendor_error_code = self.vendor_error_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorCode": error_code,
            }
        )
        if info is not UNSET:
            field_dict["info"] = info
        if vendor_error_code is not UNSET:
            field_dict["vendorErrorCode"] = vendor_error_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ConnectorError object")
        try:
            _error_code = d.pop("errorCode")
            error_code: KnownConnectorErrorCode | str
            if type(_error_code) is str:
                error_code = member_or_string(KnownConnectorErrorCode, _error_code)
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(
                _failure,
                "errorCode",
                src_dict,
                "one of ConnectorLockFailure, EVCommunicationError, GroundFailure, HighTemperature, InternalError, LocalListConflict, NoError, OtherError, OverCurrentFailure, OverVoltage, PowerMeterFailure, PowerSwitchFailure, ReaderFailure, ResetFailure, UnderVoltage, WeakSignal or a string",
            )

        try:
            _info = d.pop("info", UNSET)
            info: None | str | Unset
            if _info is None or _info is UNSET:
                info = _info
            elif type(_info) is str:
                info = _info
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "info", src_dict, "a string or null")

        try:
            _vendor_error_code = d.pop("vendorErrorCode", UNSET)
            vendor_error_code: None | str | Unset
            if _vendor_error_code is None or _vendor_error_code is UNSET:
                vendor_error_code = _vendor_error_code
            elif type(_vendor_error_code) is str:
                vendor_error_code = _vendor_error_code
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "vendorErrorCode", src_dict, "a string or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        connector_error = cls(
            error_code,
            info,
            vendor_error_code,
        )

        connector_error.additional_properties = d
        return connector_error

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
