"""Where an uploaded returns file waits between its preview and its import.

The file is kept on the server under its SHA-256 (never a name or path the browser sent), and
the preview page's Import form carries only that digest: the import reads back exactly the
bytes that were previewed, checking the digest again. Files left behind (a preview never
imported) are removed after a day, the next time a file is kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 60 * 60
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def folder() -> Path:
    configured = current_app.config.get("RETURNS_UPLOAD_FOLDER") or ""
    return Path(configured) if configured else Path(current_app.instance_path) / "returns-uploads"


def _path(digest: str) -> Path | None:
    return folder() / f"{digest}.upload" if _DIGEST.match(digest or "") else None


def keep(data: bytes) -> str:
    """Store `data`; returns its SHA-256 (hex), which `fetch` takes."""
    digest = hashlib.sha256(data).hexdigest()
    directory = folder()
    directory.mkdir(parents=True, exist_ok=True)
    _prune(directory)
    path = directory / f"{digest}.upload"
    partial = directory / f"{digest}.{os.getpid()}.partial"
    partial.write_bytes(data)
    partial.replace(path)  # atomic: a concurrent fetch sees all of the file or none
    return digest


def fetch(digest: str) -> bytes | None:
    """The bytes kept under `digest`, or None if there are none (expired, or not a digest)."""
    path = _path(digest)
    if path is None or not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(digest: str) -> None:
    path = _path(digest)
    if path is not None:
        path.unlink(missing_ok=True)


def _prune(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:  # another process removed it first
            continue
