from enum import StrEnum


class ResetType(StrEnum):
    HARD = "Hard"
    SOFT = "Soft"

    def __str__(self) -> str:
        return str(self.value)
