from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import array_of, at_step, object_of

T = TypeVar("T", bound="ErrorBody")


@_attrs_define
class ErrorBody:
    """An error body. Departure from the vendor page: no v2 page shows an error body, so this
    schema accepts both shapes the vendor is known to send and requires none of their fields:
    - what its NestJS stack sends by default (see operation ids such as
      `chargeboxcontroller_createchargebox_v2`): `{"statusCode": 400, "message": [...],
      "error": "Bad Request"}`, where `message` is a string, or a list of strings when a
      body fails validation, and `error` is the status' reason phrase (absent on a 500 or
      a 429 from the throttler);
    - the error guide's `{"error": {"type", "code", "message", "param", "request_id"}}`.
    Other fields are allowed, so an error answer is never reported as drift for its body.

        Attributes:
            status_code (int | Unset): The HTTP status, repeated in the body (NestJS).
            message (list[str] | str | Unset): For a person; a list with one entry per broken rule when a body fails
                validation (NestJS).
            error (ErrorDetail | str | Unset): What went wrong. The error guide's object, or the status' reason phrase
                (NestJS).
    """

    status_code: int | Unset = UNSET
    message: list[str] | str | Unset = UNSET
    error: ErrorDetail | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status_code = self.status_code

        message: list[str] | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        elif isinstance(self.message, list):
            message = self.message

        else:
            message = self.message

        error: dict[str, Any] | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ErrorDetail):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status_code is not UNSET:
            field_dict["statusCode"] = status_code
        if message is not UNSET:
            field_dict["message"] = message
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ErrorBody object")
        try:
            status_code = d.pop("statusCode", UNSET)
            if type(status_code) is not int and status_code is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "statusCode", src_dict, "an integer")

        try:
            _message = d.pop("message", UNSET)
            message: list[str] | str | Unset
            if _message is UNSET:
                message = _message
            elif type(_message) is str:
                message = _message
            elif type(_message) is list:
                message_type_1 = array_of(_message)
                for message_type_1_index, _item in enumerate(message_type_1):
                    if type(_item) is not str:
                        raise at_step(TypeError(), message_type_1_index, message_type_1, "a string")

                message = message_type_1
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "message", src_dict, "a string or a list, each item a string")

        try:
            _error = d.pop("error", UNSET)
            error: ErrorDetail | str | Unset
            if _error is UNSET:
                error = _error
            elif type(_error) is dict:
                error_type_0 = ErrorDetail.from_dict(_error)

                error = error_type_0
            elif type(_error) is str:
                error = _error
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "error", src_dict, "an ErrorDetail object or a string")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        error_body = cls(
            status_code,
            message,
            error,
        )

        error_body.additional_properties = d
        return error_body

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
from ..models.error_detail import ErrorDetail  # noqa: E402
