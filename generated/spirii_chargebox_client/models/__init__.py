"""Contains all the data models used in inputs/outputs"""

from .charge_box import ChargeBox
from .charge_box_model import ChargeBoxModel
from .charge_box_page import ChargeBoxPage
from .connector import Connector
from .connector_error import ConnectorError
from .connector_format import ConnectorFormat
from .create_charge_box_request import CreateChargeBoxRequest
from .customer import Customer
from .error_body import ErrorBody
from .error_detail import ErrorDetail
from .evse import Evse
from .evse_status import EvseStatus
from .known_connector_error_code import KnownConnectorErrorCode
from .known_connector_standard import KnownConnectorStandard
from .known_power_type import KnownPowerType

__all__ = (
    "ChargeBox",
    "ChargeBoxModel",
    "ChargeBoxPage",
    "Connector",
    "ConnectorError",
    "ConnectorFormat",
    "CreateChargeBoxRequest",
    "Customer",
    "ErrorBody",
    "ErrorDetail",
    "Evse",
    "EvseStatus",
    "KnownConnectorErrorCode",
    "KnownConnectorStandard",
    "KnownPowerType",
)
