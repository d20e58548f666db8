"""The backup file: one zip archive holding `manifest.json` and `data/<table>.jsonl`.

Each data file has one line per row: a JSON array of the row's values in the manifest's column
order. Values JSON has no type for are tagged two-element arrays (`["dec", "0.25"]`,
`["dt", "2026-12-07T05:00:00+00:00"]`, `["b64", "…"]`, `["json", {...}]`); every other array
in a line is one of these, so decoding is unambiguous. The manifest records each table's
columns, row count and SHA-256, and `data_sha256`: the SHA-256 of the data files' bytes in
the manifest's table order. Restores check all of it before writing anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMAT = "campaign-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


def encode_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return ["b64", base64.b64encode(bytes(value)).decode("ascii")]
    if isinstance(value, datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    if isinstance(value, time):
        return ["time", value.isoformat()]
    if isinstance(value, Decimal):
        return ["dec", str(value)]
    if isinstance(value, dict | list):
        return ["json", value]
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


DECODERS: dict[str, Callable[[Any], Any]] = {
    "b64": base64.b64decode,
    "dt": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "dec": Decimal,
    "json": lambda payload: payload,
}


def decode_value(value: Any) -> Any:
    if isinstance(value, list):
        tag, payload = value
        return DECODERS[tag](payload)
    return value


def encode_row(values: Iterable[Any]) -> bytes:
    return (
        json.dumps([encode_value(v) for v in values], ensure_ascii=False, separators=(",", ":"))
        + "\n"
    ).encode("utf-8")


@dataclass
class TableEntry:
    name: str
    columns: list[str]
    rows: int = 0
    sha256: str = ""

    @property
    def member(self) -> str:
        return f"data/{self.name}.jsonl"


@dataclass
class Manifest:
    app_version: str
    created_at: str
    database_backend: str
    method: str
    schema_revision: str | None
    tables: list[TableEntry] = field(default_factory=list)
    data_sha256: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": self.app_version,
            "created_at": self.created_at,
            "database_backend": self.database_backend,
            "method": self.method,
            "schema_revision": self.schema_revision,
            "data_sha256": self.data_sha256,
            "tables": [
                {"name": t.name, "columns": t.columns, "rows": t.rows, "sha256": t.sha256}
                for t in self.tables
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != FORMAT:
            raise BackupError("the file is not a Campaign backup (its manifest says otherwise)")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"the backup is in format version {data.get('format_version')}; "
                f"this version of Campaign reads version {FORMAT_VERSION}"
            )
        try:
            tables = [
                TableEntry(t["name"], list(t["columns"]), int(t["rows"]), t["sha256"])
                for t in data["tables"]
            ]
            return cls(
                app_version=data["app_version"],
                created_at=data["created_at"],
                database_backend=data["database_backend"],
                method=data["method"],
                schema_revision=data["schema_revision"],
                tables=tables,
                data_sha256=data["data_sha256"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"the backup's manifest is incomplete ({exc})") from exc

    def counts(self) -> dict[str, int]:
        return {t.name: t.rows for t in self.tables}


class ArchiveWriter:
    """Writes table after table into the zip, hashing as it goes; the manifest goes last."""

    def __init__(self, path: Path, manifest: Manifest):
        self.manifest = manifest
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._all = hashlib.sha256()

    def write_table(self, name: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> None:
        entry = TableEntry(name, columns)
        digest = hashlib.sha256()
        with self._zip.open(entry.member, "w") as out:
            for row in rows:
                line = encode_row(row)
                out.write(line)
                digest.update(line)
                self._all.update(line)
                entry.rows += 1
        entry.sha256 = digest.hexdigest()
        self.manifest.tables.append(entry)

    def close(self) -> None:
        self.manifest.data_sha256 = self._all.hexdigest()
        text = json.dumps(self.manifest.as_json(), indent=2, ensure_ascii=False)
        self._zip.writestr(MANIFEST, text + "\n")
        self._zip.close()


class ArchiveReader:
    """Opens a backup, reads its manifest and checks every checksum before any row is used."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            self.manifest = Manifest.from_json(json.loads(self._zip.read(MANIFEST)))
        except FileNotFoundError as exc:
            raise BackupError(f"{path} does not exist") from exc
        except KeyError as exc:
            raise BackupError(f"{path} is not a Campaign backup (no {MANIFEST})") from exc
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise BackupError(f"{path} is not a readable Campaign backup ({exc})") from exc

    def verify(self) -> None:
        """Every table's row count and SHA-256, and the SHA-256 of all the data."""
        everything = hashlib.sha256()
        for entry in self.manifest.tables:
            digest = hashlib.sha256()
            rows = 0
            try:
                with self._zip.open(entry.member) as data:
                    for line in data:
                        digest.update(line)
                        everything.update(line)
                        rows += 1
            except KeyError as exc:
                raise BackupError(f"the backup is damaged: {entry.member} is missing") from exc
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BackupError(f"the backup is damaged: {entry.member}: {exc}") from exc
            if digest.hexdigest() != entry.sha256 or rows != entry.rows:
                raise BackupError(
                    f"the backup is damaged: table {entry.name} does not match its checksum "
                    f"({rows} rows read, {entry.rows} recorded)"
                )
        if everything.hexdigest() != self.manifest.data_sha256:
            raise BackupError("the backup is damaged: the data does not match its checksum")

    def rows(self, entry: TableEntry) -> Iterator[list[Any]]:
        with self._zip.open(entry.member) as data:
            for line in data:
                yield [decode_value(v) for v in json.loads(line)]

    def close(self) -> None:
        self._zip.close()
