from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.evse_status import EvseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connector import Connector


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
            chargebox_id (int | Unset): A whole-number identifier (at least 1, at most 2^53-1).
    """

    uid: int
    evse_id: str
    status: EvseStatus
    connectors: list[Connector]
    chargebox_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uid = self.uid

        evse_id = self.evse_id

        status = self.status.value

        connectors = []
        for connectors_item_data in self.connectors:
            connectors_item = connectors_item_data.to_dict()
            connectors.append(connectors_item)

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
        from ..models.connector import Connector  # noqa: PLC0415

        d = dict(src_dict)
        uid = d.pop("uid")

        evse_id = d.pop("evseId")

        status = EvseStatus(d.pop("status"))

        connectors = []
        _connectors = d.pop("connectors")
        for connectors_item_data in _connectors:
            connectors_item = Connector.from_dict(connectors_item_data)

            connectors.append(connectors_item)

        chargebox_id = d.pop("chargeboxId", UNSET)

        evse = cls(
            uid=uid,
            evse_id=evse_id,
            status=status,
            connectors=connectors,
            chargebox_id=chargebox_id,
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
