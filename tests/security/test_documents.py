"""The document checks the leak and escaping tests rely on find what they look for."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.security.documents import pdf_actions


def _pdf(script: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:  # run on opening, as a malicious file would
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(script),
            }
        )
        writer.root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_script_in_a_pdf_is_found_and_a_plain_pdf_has_none():
    assert pdf_actions(_pdf()) == []
    assert "/JavaScript" in pdf_actions(_pdf("app.alert(1);"))
