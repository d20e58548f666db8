"""Located bundle errors: `asks[0].targets[1]: unknown organisation 'ofcomm'`."""

from __future__ import annotations

from dataclasses import dataclass


def format_path(loc: tuple[str | int, ...]) -> str:
    """('asks', 0, 'targets', 1) -> 'asks[0].targets[1]'; the whole file is 'bundle'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "bundle"


@dataclass(frozen=True)
class BundleError:
    loc: tuple[str | int, ...]
    message: str

    @property
    def path(self) -> str:
        return format_path(self.loc)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class BundleInvalid(Exception):
    """The bundle cannot be imported; `errors` gives every reason, each located."""

    def __init__(self, errors: list[BundleError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
