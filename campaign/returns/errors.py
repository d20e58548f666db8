"""Problems found in a returns file, each located by the file's row (header = row 1) and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ReturnError:
    row: int  # 0: the file as a whole
    column: str
    message: str

    @property
    def where(self) -> str:
        """'row 7, column "force"', 'row 1', or '' for the file as a whole."""
        parts = [f"row {self.row}"] if self.row else []
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def error(message: str, *, row: int = 0, column: str = "") -> ReturnError:
    return ReturnError(row, column, message)


class ReturnsInvalid(Exception):
    """The file cannot be imported; `errors` lists every problem, in file order."""

    def __init__(self, errors: Iterable[ReturnError]):
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__("; ".join(str(e) for e in self.errors))
