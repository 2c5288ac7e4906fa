"""Reading a spreadsheet of any shape (CSV or XLSX), within limits checked before any work.

The assistant takes the columns as the person wrote them (« Statut », « Code INSEE »…):
nothing is renamed here. Limits are checked first, each with a French message, so that a
huge file is refused at once instead of filling the memory:

- the size of the file sent;
- for an XLSX (a zip archive), the size of its parts once uncompressed, read from the
  archive's directory **before** anything is decompressed: a « zip bomb » (a small file
  that expands to gigabytes, or to millions of rows) is refused without being read;
- the number of rows and the number of cells per row, counted while reading (reading stops
  at the first row over the limit).

A CSV must be in UTF-8 (with or without BOM): a file saved by Excel as « CSV » in French is
in Windows-1252, and guessing would turn « é » into other letters; the message says how to
save it again. A cell of an XLSX holding a formula is reported (its value is not computed).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from recensia.opendata.tabular import csv_records
from recensia.projects.references import as_text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ROWS = 10_000
MAX_CELLS_PER_ROW = 200
UTF8_MESSAGE = ("le fichier n'est pas en UTF-8 (Excel : Enregistrer sous… puis choisissez le "
                "type « CSV UTF-8 (délimité par des virgules) »).")


class ReadError(Exception):
    """The file is refused or cannot be read; the message, in French, is shown as is."""


@dataclass
class Sheet:
    """The header and the rows of a file; ``lines[i]`` is the spreadsheet line of
    ``rows[i]`` (the header is line 1). ``formulas`` lists the cells holding a formula."""

    header: list[str]
    rows: list[list[Any]]
    lines: list[int]
    formulas: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, formula


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} Mo"


def check_archive(content: bytes) -> None:
    """Refuses an XLSX whose parts would be too large once uncompressed (zip bomb),
    looking only at the archive's directory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise ReadError("fichier XLSX illisible : enregistrez-le de nouveau depuis votre "
                        "tableur au format Excel (.xlsx).") from exc
    with archive:
        infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(f"le fichier décompressé ferait {_mb(total)}, au-delà de la limite de "
                        f"{_mb(MAX_UNCOMPRESSED_BYTES)} : découpez-le en plusieurs fichiers. "
                        "Rien n'a été lu.")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO \
                and info.file_size > 1024 * 1024:
            raise ReadError("le fichier est anormalement compressé (il grossirait plus de "
                            f"{MAX_COMPRESSION_RATIO} fois une fois ouvert) : il est refusé "
                            "par précaution. Enregistrez-le de nouveau depuis votre tableur. "
                            "Rien n'a été lu.")


def _limited(records, *, first_line: int = 1) -> Sheet:
    iterator = iter(records)
    header_cells = next(iterator, None)
    if header_cells is None:
        raise ReadError("le fichier est vide.")
    header = [as_text(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise ReadError("la première ligne doit donner le nom de chaque colonne ; elle est "
                        "vide.")
    if len(header) > MAX_CELLS_PER_ROW:
        raise ReadError(f"le fichier a {len(header)} colonnes, au-delà de la limite de "
                        f"{MAX_CELLS_PER_ROW}. Rien n'a été importé.")
    rows, lines, formulas = [], [], []
    for line, record in enumerate(iterator, start=first_line + 1):
        cells = list(record)
        while cells and as_text(cells[-1]) == "":
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_CELLS_PER_ROW:
            raise ReadError(f"la ligne {line} a {len(cells)} cellules remplies, au-delà de la "
                            f"limite de {MAX_CELLS_PER_ROW}. Rien n'a été importé.")
        if len(rows) >= MAX_ROWS:
            raise ReadError(f"le fichier a plus de {MAX_ROWS:,} lignes (limite par "
                            "fichier) : découpez-le en plusieurs fichiers. Rien n'a été "
                            "importé.".replace(",", "\u202f"))
        rows.append(cells)
        lines.append(line)
    return Sheet(header, rows, lines, formulas)


def read_csv(content: bytes) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(UTF8_MESSAGE) from exc
    try:
        return _limited(csv_records(text))
    except csv.Error as exc:
        raise ReadError(f"fichier CSV illisible ({exc}).") from exc


def read_xlsx(content: bytes) -> Sheet:
    """The first sheet (or « Projets »). Formulas are not computed: each formula cell is
    listed, and its value left empty."""
    from openpyxl import load_workbook

    check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise ReadError("fichier XLSX illisible : enregistrez-le de nouveau depuis votre "
                        "tableur au format Excel (.xlsx).") from exc
    try:
        sheet = workbook["Projets"] if "Projets" in workbook.sheetnames \
            else workbook.worksheets[0]
        formulas: list[tuple[int, int, str]] = []

        def values():
            for line, row in enumerate(sheet.iter_rows(), start=1):
                out = []
                for position, cell in enumerate(row):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f":
                        formulas.append((line, position, str(value)))
                        value = None
                    out.append(value)
                yield out

        result = _limited(values())
    finally:
        workbook.close()
    result.formulas = [(line, result.header[pos] if pos < len(result.header) else "", text)
                       for line, pos, text in formulas]
    return result


def read_sheet(file_name: str, content: bytes) -> Sheet:
    """Checks the limits, then reads the file. Raises ``ReadError``."""
    if len(content) > MAX_FILE_BYTES:
        raise ReadError(f"le fichier pèse {_mb(len(content))}, au-delà de la limite de "
                        f"{_mb(MAX_FILE_BYTES)} : découpez-le en plusieurs fichiers.")
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return read_csv(content)
    if name.endswith((".xls", ".ods")):
        raise ReadError("ce format n'est pas pris en charge : dans votre tableur, choisissez "
                        "Enregistrer sous… puis « Classeur Excel (.xlsx) » ou « CSV UTF-8 ».")
    raise ReadError("format non pris en charge : envoyez un fichier CSV (.csv) ou Excel "
                    "(.xlsx).")
