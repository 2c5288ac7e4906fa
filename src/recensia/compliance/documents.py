"""Downloadable documents: DOCX and ODT (written with the standard library) and PDF (with
fpdf2). A document is a list of blocks ``(kind, content)``: ``title``, ``subtitle``,
``heading``, ``heading2``, ``paragraph``, ``bullet``, ``note`` (small text) carry a string;
``table`` carries a ``Table``. ``docx_bytes``, ``odt_bytes`` and ``pdf_bytes`` write any
such document; the charter functions use them. Each returns the file's bytes, the same
bytes for the same content."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from .ethics import Charter, CharterAnswers, draft_charter

__all__ = ["charter_docx", "charter_odt", "charter_pdf", "DOCX_MIMETYPE", "ODT_MIMETYPE",
           "PDF_MIMETYPE", "Table", "docx_bytes", "odt_bytes", "pdf_bytes"]

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
PDF_MIMETYPE = "application/pdf"

_ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the same charter gives the same bytes


@dataclass(frozen=True)
class Table:
    """A table block: a header row, body rows (strings) and relative column widths."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    def column_widths(self) -> tuple[float, ...]:
        n = len(self.headers)
        widths = self.widths if len(self.widths) == n else (1.0,) * n
        total = sum(widths)
        return tuple(w / total for w in widths)


Block = tuple[str, Any]


def _as_charter(charter: Charter | CharterAnswers | dict[str, Any]) -> Charter:
    if isinstance(charter, Charter):
        return charter
    return draft_charter(charter)


def _blocks(charter: Charter) -> Iterator[tuple[str, str]]:
    """The document as (kind, text) blocks: title, subtitle, heading, paragraph, bullet."""
    yield "title", charter.title
    yield "subtitle", charter.subtitle
    for section in charter.sections:
        yield "heading", section.title
        for paragraph in section.paragraphs:
            yield "paragraph", paragraph
        for bullet in section.bullets:
            yield "bullet", bullet
    yield "heading", "Références"
    for reference in charter.references:
        yield "bullet", reference


def _x(text: str) -> str:
    # XML 1.0 forbids most control characters: drop them.
    clean = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    return escape(clean, {'"': "&quot;"})


def _zip(files: list[tuple[str, str | bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for index, (name, content) in enumerate(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = (zipfile.ZIP_STORED if stored_first and index == 0
                                  else zipfile.ZIP_DEFLATED)
            data = content.encode("utf-8") if isinstance(content, str) else content
            zf.writestr(info, data)
    return buffer.getvalue()


# --- DOCX (Office Open XML) -----------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_STYLES = {"title": "Title", "subtitle": "Subtitle", "heading": "Heading1",
                "heading2": "Heading2", "paragraph": "Normal", "bullet": "ListBullet",
                "note": "Note"}


def _docx_paragraph(kind: str, text: str) -> str:
    return (f'<w:p><w:pPr><w:pStyle w:val="{_DOCX_STYLES[kind]}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:p>')


_DOCX_BORDER = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="888888"/>'
                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _docx_table(table: Table) -> str:
    width = 9072  # text width of an A4 page with 2.5 cm margins, in twentieths of a point
    cols = [round(width * w) for w in table.column_widths()]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)

    def row(cells: Iterable[str], header: bool = False) -> str:
        run_props = "<w:rPr><w:b/></w:rPr>" if header else ""
        tr_props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        tcs = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:pStyle w:val="TableText"/></w:pPr><w:r>{run_props}'
            f'<w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:p></w:tc>'
            for w, text in zip(cols, cells, strict=True))
        return f"<w:tr>{tr_props}{tcs}</w:tr>"

    return (f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/>'
            f'<w:tblBorders>{_DOCX_BORDER}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>'
            f'</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(table.headers, header=True) + "".join(row(r) for r in table.rows)
            + '</w:tbl><w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>')


def charter_docx(charter: Charter | CharterAnswers | dict[str, Any]) -> bytes:
    """The charter as a Word document (.docx)."""
    charter = _as_charter(charter)
    return docx_bytes(list(_blocks(charter)), title=charter.title,
                      created=charter.generated_on)


def docx_bytes(blocks: list[Block], *, title: str, created: date) -> bytes:
    """Any document (list of blocks) as a Word document (.docx)."""
    body = "".join(_docx_table(content) if kind == "table" else _docx_paragraph(kind, content)
                   for kind, content in blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    font = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'

    def style(style_id: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal"
              ) -> str:
        based_on = f'<w:basedOn w:val="{based}"/>' if based and style_id != "Normal" else ""
        return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
                f'{based_on}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')

    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr>{font}<w:sz w:val="22"/><w:lang w:val="fr-FR"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        + style("Normal", "Normal", based="")
        + style("Title", "Title", '<w:spacing w:after="240"/>', '<w:b/><w:sz w:val="40"/>'
                '<w:color w:val="000091"/>')
        + style("Subtitle", "Subtitle", '<w:spacing w:after="360"/>',
                '<w:i/><w:sz w:val="22"/><w:color w:val="555555"/>')
        + style("Heading1", "heading 1", '<w:keepNext/><w:spacing w:before="360" '
                'w:after="120"/><w:outlineLvl w:val="0"/>', '<w:b/><w:sz w:val="28"/>'
                '<w:color w:val="000091"/>')
        + style("Heading2", "heading 2", '<w:keepNext/><w:spacing w:before="240" '
                'w:after="80"/><w:outlineLvl w:val="1"/>', '<w:b/><w:sz w:val="24"/>')
        + style("Note", "Note", '<w:spacing w:after="80"/>', '<w:sz w:val="18"/>'
                '<w:color w:val="555555"/>')
        + style("TableText", "Table Text", '<w:spacing w:after="0"/>', '<w:sz w:val="18"/>')
        + style("ListBullet", "List Bullet", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                '</w:numPr><w:ind w:left="720" w:hanging="360"/>')
        + '</w:styles>'
    )
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">'
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" '
        'w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    created_at = datetime(created.year, created.month, created.day).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{_x(title)}</dc:title><dc:creator>RecensIA</dc:creator>'
        '<dc:language>fr-FR</dc:language>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created_at}</dcterms:created>'
        '</cp:coreProperties>'
    )
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>RecensIA</Application></Properties>')
    ct = "application/vnd.openxmlformats-officedocument"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{ct}.wordprocessingml.document.'
        'main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{ct}.wordprocessingml.styles+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{ct}.wordprocessingml.'
        'numbering+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        '</Types>'
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
        '</Relationships>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/numbering" Target="numbering.xml"/>'
        '</Relationships>'
    )
    return _zip([
        ("[Content_Types].xml", content_types), ("_rels/.rels", pkg_rels),
        ("word/document.xml", document), ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles), ("word/numbering.xml", numbering),
        ("docProps/core.xml", core), ("docProps/app.xml", app),
    ])


# --- ODT (OpenDocument) -------------------------------------------------------------------

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def _odt_table(table: Table, number: int) -> str:
    widths = table.column_widths()
    columns = "".join(f'<table:table-column table:style-name="T{number}C{i}"/>'
                      for i in range(len(widths)))

    def row(cells: Iterable[str], header: bool = False) -> str:
        style = "Table_20_Heading" if header else "Table_20_Contents"
        return "<table:table-row>" + "".join(
            f'<table:table-cell table:style-name="Cell" office:value-type="string">'
            f'<text:p text:style-name="{style}">{_x(text)}</text:p></table:table-cell>'
            for text in cells) + "</table:table-row>"

    return (f'<table:table table:name="Tableau{number}" table:style-name="T{number}">'
            f'{columns}<table:table-header-rows>{row(table.headers, header=True)}'
            f'</table:table-header-rows>' + "".join(row(r) for r in table.rows)
            + "</table:table>")


def _odt_table_styles(table: Table, number: int) -> str:
    width = 16.0  # text width in cm (A4, 2.5 cm margins)
    return (f'<style:style style:name="T{number}" style:family="table">'
            f'<style:table-properties style:width="{width}cm" table:align="left" '
            'fo:margin-bottom="0.3cm"/></style:style>'
            + "".join(f'<style:style style:name="T{number}C{i}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{width * w:.2f}cm"/>'
                      '</style:style>' for i, w in enumerate(table.column_widths())))


def charter_odt(charter: Charter | CharterAnswers | dict[str, Any]) -> bytes:
    """The charter as an OpenDocument text file (.odt, LibreOffice)."""
    charter = _as_charter(charter)
    return odt_bytes(list(_blocks(charter)), title=charter.title,
                     created=charter.generated_on)


def odt_bytes(blocks: list[Block], *, title: str, created: date) -> bytes:
    """Any document (list of blocks) as an OpenDocument text file (.odt, LibreOffice)."""
    parts: list[str] = []
    table_styles: list[str] = []
    in_list = False
    for kind, text in blocks:
        if kind != "bullet" and in_list:
            parts.append("</text:list>")
            in_list = False
        if kind == "title":
            parts.append(f'<text:p text:style-name="Title">{_x(text)}</text:p>')
        elif kind == "subtitle":
            parts.append(f'<text:p text:style-name="Subtitle">{_x(text)}</text:p>')
        elif kind == "heading":
            parts.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                         f'{_x(text)}</text:h>')
        elif kind == "heading2":
            parts.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">'
                         f'{_x(text)}</text:h>')
        elif kind == "paragraph":
            parts.append(f'<text:p text:style-name="Text_20_body">{_x(text)}</text:p>')
        elif kind == "note":
            parts.append(f'<text:p text:style-name="Note">{_x(text)}</text:p>')
        elif kind == "table":
            number = len(table_styles) + 1
            table_styles.append(_odt_table_styles(text, number))
            parts.append(_odt_table(text, number))
        else:
            if not in_list:
                parts.append('<text:list text:style-name="L1">')
                in_list = True
            parts.append(f'<text:list-item><text:p text:style-name="List_20_Paragraph">'
                         f'{_x(text)}</text:p></text:list-item>')
    if in_list:
        parts.append("</text:list>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} '
        'office:version="1.2"><office:automatic-styles>'
        '<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" '
        'text:bullet-char="\u2022"><style:list-level-properties text:space-before="0.4cm" '
        'text:min-label-width="0.6cm"/></text:list-level-style-bullet></text:list-style>'
        '<style:style style:name="Cell" style:family="table-cell">'
        '<style:table-cell-properties fo:border="0.5pt solid #888888" fo:padding="0.1cm"/>'
        '</style:style>' + "".join(table_styles)
        + '</office:automatic-styles><office:body><office:text>'
        + "".join(parts) + "</office:text></office:body></office:document-content>"
    )

    def pstyle(name: str, display: str, text_props: str, para_props: str = "",
               parent: str = "Standard", extra: str = "") -> str:
        parent_attr = f' style:parent-style-name="{parent}"' if parent else ""
        return (f'<style:style style:name="{name}" style:display-name="{display}" '
                f'style:family="paragraph"{parent_attr}{extra}>'
                f'<style:paragraph-properties {para_props}/>'
                f'<style:text-properties {text_props}/></style:style>')

    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NS} '
        'office:version="1.2"><office:font-face-decls><style:font-face style:name="Arial" '
        'svg:font-family="Arial" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:'
        'svg-compatible:1.0"/></office:font-face-decls><office:styles>'
        + pstyle("Standard", "Standard", 'style:font-name="Arial" fo:font-size="11pt" '
                 'fo:language="fr" fo:country="FR"', parent="")
        + pstyle("Text_20_body", "Text body", "", 'fo:margin-bottom="0.21cm"')
        + pstyle("Title", "Title", 'fo:font-size="20pt" fo:font-weight="bold" '
                 'fo:color="#000091"', 'fo:margin-bottom="0.4cm"')
        + pstyle("Subtitle", "Subtitle", 'fo:font-size="11pt" fo:font-style="italic" '
                 'fo:color="#555555"', 'fo:margin-bottom="0.6cm"')
        + pstyle("Heading_20_1", "Heading 1", 'fo:font-size="14pt" fo:font-weight="bold" '
                 'fo:color="#000091"', 'fo:margin-top="0.6cm" fo:margin-bottom="0.2cm" '
                 'fo:keep-with-next="always"', extra=' style:default-outline-level="1"')
        + pstyle("Heading_20_2", "Heading 2", 'fo:font-size="12pt" fo:font-weight="bold"',
                 'fo:margin-top="0.4cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"',
                 extra=' style:default-outline-level="2"')
        + pstyle("Note", "Note", 'fo:font-size="9pt" fo:color="#555555"',
                 'fo:margin-bottom="0.15cm"')
        + pstyle("Table_20_Contents", "Table Contents", 'fo:font-size="9pt"')
        + pstyle("Table_20_Heading", "Table Heading", 'fo:font-size="9pt" fo:font-weight="bold"')
        + pstyle("List_20_Paragraph", "List Paragraph", "", 'fo:margin-bottom="0.1cm"')
        + '</office:styles><office:automatic-styles><style:page-layout style:name="pm1">'
        '<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
        'fo:margin-top="2.5cm" fo:margin-bottom="2.5cm" fo:margin-left="2.5cm" '
        'fo:margin-right="2.5cm"/></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="pm1"/></office:master-styles></office:document-styles>'
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_NS} '
        f'office:version="1.2"><office:meta><dc:title>{_x(title)}</dc:title>'
        '<meta:generator>RecensIA</meta:generator><dc:language>fr-FR</dc:language>'
        f'<meta:creation-date>{created.isoformat()}T00:00:00</meta:creation-date>'
        '</office:meta></office:document-meta>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        f'manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>'
    )
    return _zip([("mimetype", ODT_MIMETYPE), ("content.xml", content), ("styles.xml", styles),
                 ("meta.xml", meta), ("META-INF/manifest.xml", manifest)], stored_first=True)


# --- PDF (fpdf2, standard Helvetica font) --------------------------------------------------

_PDF_REPLACEMENTS = {"\u202f": " ", "\u2009": " ", "\u2011": "-", "\u2212": "-"}


def _pdf_text(text: str) -> str:
    """Keep what the standard PDF fonts can show (Windows-1252); approximate the rest."""
    out = []
    for ch in text:
        ch = _PDF_REPLACEMENTS.get(ch, ch)
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            ascii_ = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(ascii_ or "?")
    return "".join(out)


# Kind of block → space before (mm), font style, size (pt), colour, line height, space after.
_PDF_STYLES = {
    "title": (0, "B", 18, (0, 0, 145), 9, 2),
    "subtitle": (0, "I", 10, (85, 85, 85), 5.5, 4),
    "heading": (3, "B", 13, (0, 0, 145), 7, 1),
    "heading2": (2, "B", 11, (0, 0, 0), 6, 0.5),
    "paragraph": (0, "", 11, (0, 0, 0), 5.5, 1.5),
    "note": (0, "", 8.5, (85, 85, 85), 4.5, 1),
    "bullet": (0, "", 11, (0, 0, 0), 5.5, 1),
}


def charter_pdf(charter: Charter | CharterAnswers | dict[str, Any]) -> bytes:
    """The charter as a PDF file."""
    charter = _as_charter(charter)
    return pdf_bytes(list(_blocks(charter)), title=charter.title,
                     footer=f"{charter.collectivite_name} — projet de charte",
                     created=charter.generated_on)


def pdf_bytes(blocks: list[Block], *, title: str, footer: str, created: date) -> bytes:
    """Any document (list of blocks) as a PDF file; ``footer`` precedes the page number."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.set_text_color(100, 100, 100)
            self.cell(0, 10, _pdf_text(f"{footer} — page {self.page_no()}/{{nb}}"),
                      align="C")

    pdf = _Pdf(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(_pdf_text(title))
    pdf.set_author("RecensIA")
    pdf.set_lang("fr-FR")
    pdf.set_creation_date(datetime(created.year, created.month, created.day))
    pdf.add_page()
    line = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    for kind, content in blocks:
        if kind == "table":
            pdf.set_font("Helvetica", "", 8.5)
            pdf.set_text_color(0, 0, 0)
            with pdf.table(col_widths=content.column_widths(), text_align="LEFT",
                           line_height=4.5, padding=1.2) as table:
                for cells in (content.headers, *content.rows):
                    row = table.row()
                    for cell in cells:
                        row.cell(_pdf_text(cell))
            pdf.ln(3)
            continue
        space_before, style, size, color, height, space_after = _PDF_STYLES[kind]
        if space_before:
            pdf.ln(space_before)
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*color)
        if kind == "bullet":
            pdf.set_x(pdf.l_margin + 4)
            pdf.cell(5, height, "\u2022")
        pdf.multi_cell(0, height, _pdf_text(content), **line)
        pdf.ln(space_after)
    return bytes(pdf.output())
