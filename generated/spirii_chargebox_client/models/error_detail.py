from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import at_step, object_of

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """What went wrong. Every field is optional (see `Error`).

    Attributes:
        type_ (str | Unset): The class of the error.
        code (str | Unset): A machine-readable code.
        message (str | Unset): A message for a person, naming the problem.
        param (str | Unset): The request field or parameter at fault, when there is one.
        request_id (str | Unset): The request's id, for the vendor's support.
    """

    type_: str | Unset = UNSET
    code: str | Unset = UNSET
    message: str | Unset = UNSET
    param: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        code = self.code

        message = self.message

        param = self.param

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if param is not UNSET:
            field_dict["param"] = param
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ErrorDetail object")
        try:
            type_ = d.pop("type", UNSET)
            if type(type_) is not str and type_ is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "type", src_dict, "a string")

        try:
            code = d.pop("code", UNSET)
            if type(code) is not str and code is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "code", src_dict, "a string")

        try:
            message = d.pop("message", UNSET)
            if type(message) is not str and message is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "message", src_dict, "a string")

        try:
            param = d.pop("param", UNSET)
            if type(param) is not str and param is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "param", src_dict, "a string")

        try:
            request_id = d.pop("request_id", UNSET)
            if type(request_id) is not str and request_id is not UNSET:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "request_id", src_dict, "a string")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        error_detail = cls(
            type_,
            code,
            message,
            param,
            request_id,
        )

        error_detail.additional_properties = d
        return error_detail

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
