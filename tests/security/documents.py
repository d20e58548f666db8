"""What a generated pack says, whatever its format: for searching it for text."""

from __future__ import annotations

import io
import time
import zipfile
from html.parser import HTMLParser

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


# What makes a PDF run something: script (/JS, /JavaScript) or another program (/Launch).
ACTIVE = {"/JS", "/JavaScript", "/Launch"}


def pdf_actions(data: bytes) -> list[str]:
    """Every script or launch action in the PDF, found as a viewer would: by walking every object
    reachable from its trailer (object streams included) and reading dictionary keys and action
    types, not by searching the raw bytes (a compressed stream holds any byte sequence)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []
    seen: set[int] = set()
    todo: list = [reader.trailer]
    while todo:
        item = todo.pop()
        if hasattr(item, "idnum"):  # an indirect reference: follow it once
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, dict):
            found += [key for key in item if key in ACTIVE]
            if item.get("/S") in ACTIVE:
                found.append(str(item["/S"]))
            todo += list(item.values())
        elif isinstance(item, list):
            todo += list(item)
    return found


def docx_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a .docx, by name, as text (the document, headers, notes, comments)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def readable(data: bytes, content_type: str) -> str:
    """The pack's text for searching: PDF text, all Word XML parts, or the HTML itself."""
    if data.startswith(b"%PDF"):
        return pdf_text(data)
    if data.startswith(b"PK"):
        return "\n".join(docx_parts(data).values())
    return data.decode("utf-8")


def wait_for_pack(client, pack_id: int, timeout: float = 90.0) -> dict:
    """Poll the pack's status address (as its page does) until it is done or failed."""
    deadline = time.monotonic() + timeout
    while True:
        data = client.get(f"/packs/{pack_id}/status").get_json()
        if data["status"] not in ("queued", "running"):
            return data
        assert time.monotonic() < deadline, f"pack {pack_id} still {data} after {timeout}s"
        time.sleep(0.05)


class _LiveMarkup(HTMLParser):
    """Elements a browser would run: any event-handler attribute, a `javascript:` address, an
    inline <script> (the app's own scripts are files: <script src=…>), an <img src=x>."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = not dict(attrs).get("src")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found
