"""Read the downloaded documents back: DOCX and ODT as zip + XML, PDF with pypdf.
The XML parsed here is written by the product itself (not untrusted input)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _xml(data: bytes, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if name == "content.xml":
            assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        return ElementTree.fromstring(zf.read(name))  # noqa: S314


def docx_text(data: bytes) -> str:
    root = _xml(data, "word/document.xml")
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def docx_tables(data: bytes) -> list[list[list[str]]]:
    root = _xml(data, "word/document.xml")
    return [[["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iter(f"{W}tc")]
             for tr in tbl.iter(f"{W}tr")] for tbl in root.iter(f"{W}tbl")]


def odt_text(data: bytes) -> str:
    root = _xml(data, "content.xml")
    return "\n".join("".join(p.itertext()) for p in root.iter()
                     if p.tag in (f"{TEXT}p", f"{TEXT}h"))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text_of(fmt: str, data: bytes) -> str:
    return {"docx": docx_text, "odt": odt_text, "pdf": pdf_text}[fmt](data)
