from enum import StrEnum


class ConnectorFormat(StrEnum):
    CABLE = "CABLE"
    SOCKET = "SOCKET"

    def __str__(self) -> str:
        return str(self.value)
