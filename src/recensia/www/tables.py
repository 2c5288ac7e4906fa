"""Small tables as files: CSV (UTF-8 with byte order mark, like the open-data export) and
XLSX, cells that a spreadsheet would run as formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from recensia.opendata.table import cell_text

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows: Sequence[Sequence], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell if isinstance(cell, int | float) else cell_text(cell)
                         for cell in row])
    return _download(HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_TYPE),
                     filename)


def xlsx_response(rows: Sequence[Sequence], filename: str, sheet_title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for i, row in enumerate(rows):
        sheet.append([cell if isinstance(cell, int | float) else cell_text(cell)
                      for cell in row])
        if i == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
