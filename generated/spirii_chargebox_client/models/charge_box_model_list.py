from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from . import array_of, at_step, object_of

T = TypeVar("T", bound="ChargeBoxModelList")


@_attrs_define
class ChargeBoxModelList:
    """The validated charge-box models. Not published by the vendor: the shape. This contract
    guesses an object whose `data` holds the models, not a bare array: every list the v2
    family publishes (`GET /v2/chargeboxes`, `GET /v2/evses`) wraps its items in `data`,
    and an envelope can later gain cursors without breaking clients, where a bare array
    cannot. Other fields (cursors) are allowed.

        Attributes:
            data (list[ChargeBoxModel]): The models, each in the shape a charge box embeds as its `model`.
    """

    data: list[ChargeBoxModel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a ChargeBoxModelList object")
        try:
            data = []
            _data = d.pop("data")
            for data_index, data_item_data in enumerate(array_of(_data)):
                try:
                    data_item = ChargeBoxModel.from_dict(data_item_data)

                except Exception as _failure:
                    raise at_step(_failure, data_index, _data, "a ChargeBoxModel object")
                data.append(data_item)

        except Exception as _failure:
            raise at_step(_failure, "data", src_dict, "a list, each item a ChargeBoxModel object")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        charge_box_model_list = cls(
            data,
        )

        charge_box_model_list.additional_properties = d
        return charge_box_model_list

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
