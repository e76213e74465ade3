from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evse_status import EvseStatus
from ..types import UNSET, Unset
from . import array_of, at_step, member_of, object_of

T = TypeVar("T", bound="Evse")


@_attrs_define
class Evse:
    """An EVSE (one charging point) of a charge box. Departure from the vendor page: the page
    collapses this object and shows no required flags; this contract requires the fields an
    EVSE cannot be used without (`uid`, `evseId`, `status`, `connectors`).

        Attributes:
            uid (int): A whole-number identifier (at least 1, at most 2^53-1).
            evse_id (str): The EVSE ID (eMI3 format) of the EVSE.
            status (EvseStatus): The EVSE's status: the OCPI 2.2.1 EVSE statuses, a closed list that Spirii documents.
                Spirii maps OCPP statuses onto them (Available→AVAILABLE, Reserved→RESERVED,
                Preparing/Charging/Finishing→CHARGING, SuspendedEV/SuspendedEVSE→BLOCKED,
                Faulted→OUTOFORDER, Unavailable→INOPERATIVE). A value outside this list is drift.
            connectors (list[Connector]): The connectors of the EVSE.
            chargebox_id (int | None | Unset): ID of the charge box the EVSE belongs to. Departure from the vendor page -
                also `null` (see `Connector`).
    """

    uid: int
    evse_id: str
    status: EvseStatus
    connectors: list[Connector]
    chargebox_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uid = self.uid

        evse_id = self.evse_id

        status = self.status.value

        connectors = []
        for connectors_item_data in self.connectors:
            connectors_item = connectors_item_data.to_dict()
            connectors.append(connectors_item)

        chargebox_id: int | None | Unset
        if isinstance(self.chargebox_id, Unset):
            chargebox_id = UNSET
        else:
            chargebox_id = self.chargebox_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "uid": uid,
                "evseId": evse_id,
                "status": status,
                "connectors": connectors,
            }
        )
        if chargebox_id is not UNSET:
            field_dict["chargeboxId"] = chargebox_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # The common case inline (a call per object adds up over a page); object_of checks the rest.
        d = dict(src_dict) if type(src_dict) is dict else object_of(src_dict, "a Evse object")
        try:
            uid = d.pop("uid")
            if type(uid) is not int:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "uid", src_dict, "an integer")

        try:
            evse_id = d.pop("evseId")
            if type(evse_id) is not str:
                raise TypeError
        except Exception as _failure:
            raise at_step(_failure, "evseId", src_dict, "a string")

        try:
            status = member_of(EvseStatus, d.pop("status"))

        except Exception as _failure:
            raise at_step(
                _failure,
                "status",
                src_dict,
                "one of AVAILABLE, BLOCKED, CHARGING, INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED, UNKNOWN",
            )

        try:
            connectors = []
            _connectors = d.pop("connectors")
            for connectors_index, connectors_item_data in enumerate(array_of(_connectors)):
                try:
                    connectors_item = Connector.from_dict(connectors_item_data)

                except Exception as _failure:
                    raise at_step(_failure, connectors_index, _connectors, "a Connector object")
                connectors.append(connectors_item)

        except Exception as _failure:
            raise at_step(_failure, "connectors", src_dict, "a list, each item a Connector object")

        try:
            _chargebox_id = d.pop("chargeboxId", UNSET)
            chargebox_id: int | None | Unset
            if _chargebox_id is None or _chargebox_id is UNSET:
                chargebox_id = _chargebox_id
            elif type(_chargebox_id) is int:
                chargebox_id = _chargebox_id
            else:
                raise TypeError

        except Exception as _failure:
            raise at_step(_failure, "chargeboxId", src_dict, "an integer or null")

        # By position, in the order the class declares its fields above (a call by keyword costs
        # about twice as much, and a page builds some 450 models).
        evse = cls(
            uid,
            evse_id,
            status,
            connectors,
            chargebox_id,
        )

        evse.additional_properties = d
        return evse

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
from ..models.connector import Connector  # noqa: E402
