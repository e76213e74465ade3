from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from . import array_of, at_step, object_of

T = TypeVar("T", bound="ChargeBoxPage")


@_attrs_define
class ChargeBoxPage:
    """One page of a charge-box list.

    Attributes:
        data (list[ChargeBox]): The charge boxes on this page.
        next_page_cursor (None | str | Unset): Cursor of the next page; null or empty on the last page.
        previous_page_cursor (None | str | Unset): Cursor of the previous page; null or empty on the first page.
    """

    data: list[ChargeBox]
    next_page_cursor: None | str | Unset = UNSET
    previous_page_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        next_page_cursor: None | str | Unset
        if isinstance(self.next_page_cursor, Unset):
            next_page_cursor = UNSET
        else:
            next_page_cursor = self.next_page_cursor

        previous_page_cursor: None | str | Unset
        if isinstance(self.previous_page_cursor, Unset):
            previous_page_cursor = UNSET
        else:
            previous_page_cursor = self.previous_page_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if next_page_cursor is not UNSET:
            field_dict["nextPageCursor"] = next_page_cursor
        if previous_page_cursor is not UNSET:
            field_dict["previousPageCursor"] = previous_page_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ChargeBoxPage object")
        try:
            data = []
            _data = d.pop("data")
            for data_index, data_item_data in enumerate(array_of(_data)):
                try:
                    data_item = ChargeBox.from_dict(data_item_data)

                except Exception as _failure:
                    raise at_step(_failure, data_index, _data, "a ChargeBox object")
                data.append(data_item)

        except Exception as _failure:
            raise at_step(_failure, "data", src_dict, "a list, each item a ChargeBox object")

        try:
            _next_page_cursor = d.pop("nextPageCursor", UNSET)
            next_page_cursor: None | str | Unset
            if _next_page_cursor is None or _next_page_cursor is UNSET:
                next_page_cursor = _next_page_cursor
            elif type(_next_page_cursor) is str:
                next_page_cursor = _next_page_cursor
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "nextPageCursor", src_dict, "a string or null")

        try:
            _previous_page_cursor = d.pop("previousPageCursor", UNSET)
            previous_page_cursor: None | str | Unset
            if _previous_page_cursor is None or _previous_page_cursor is UNSET:
                previous_page_cursor = _previous_page_cursor
            elif type(_previous_page_cursor) is str:
                previous_page_cursor = _previous_page_cursor
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "previousPageCursor", src_dict, "a string or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        charge_box_page = cls(
            data,
            next_page_cursor,
            previous_page_cursor,
        )

        charge_box_page.additional_properties = d
        return charge_box_page

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
from ..models.charge_box import ChargeBox  # noqa: E402
