from enum import StrEnum


class KnownConnectorErrorCode(StrEnum):
    CONNECTORLOCKFAILURE = "ConnectorLockFailure"
    EVCOMMUNICATIONERROR = "EVCommunicationError"
    GROUNDFAILURE = "GroundFailure"
    HIGHTEMPERATURE = "HighTemperature"
    INTERNALERROR = "InternalError"
    LOCALLISTCONFLICT = "LocalListConflict"
    NOERROR = "NoError"
    OTHERERROR = "OtherError"
    OVERCURRENTFAILURE = "OverCurrentFailure"
    OVERVOLTAGE = "OverVoltage"
    POWERMETERFAILURE = "PowerMeterFailure"
    POWERSWITCHFAILURE = "PowerSwitchFailure"
    READERFAILURE = "ReaderFailure"
    RESETFAILURE = "ResetFailure"
    UNDERVOLTAGE = "UnderVoltage"
    WEAKSIGNAL = "WeakSignal"

    def __str__(self) -> str:
        return str(self.value)
