"""Writers of the open-data files: CSV, JSON and XLSX of any list of published projects.

- CSV: UTF-8 with a byte order mark, comma separator, CRLF line ends, every cell quoted
  when needed (RFC 4180). The mark is what makes Excel read the accents correctly (without
  it, Excel assumes the Windows code page); frictionless, Validata (schema.data.gouv.fr)
  and Python's ``utf-8-sig`` read it as plain UTF-8. Written row by row (streamed).
- JSON: ``{"count": N, "items": [...]}`` with each item exactly as ``GET /api/v1/projets/
  {slug}`` returns it (same schema), streamed item by item.
- XLSX: one sheet « Projets » with the CSV's columns (numbers as numbers), a sheet
  « Colonnes » describing them; written with openpyxl's write-only mode (constant memory).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from ninja.responses import NinjaJSONEncoder
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from recensia.api import schemas, serializers
from recensia.opendata import dcat, selectors, solution_tables
from recensia.opendata.table import cell_text, columns, project_row, schema, schema_bytes
from recensia.projects.models import Project

BOM = "\ufeff"
FILES = {
    "csv": ("projets.csv", "text/csv; charset=utf-8"),
    "json": ("projets.json", "application/json"),
    "xlsx": ("projets.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
SCHEMA_FILE = "projets.schema.json"
GRIDS_FILE = "grilles-achat.json"
PUBLIC_FILE_MODE = 0o644
DCAT_FILE = "dcat.jsonld"


class _Line:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def csv_lines(projects: Iterable[Project], base_url: str = "") -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow(columns())
    for project in projects:
        row = project_row(project, base_url)
        yield writer.writerow([cell_text(row[name]) for name in columns()])


def json_item(project: Project) -> dict[str, Any]:
    """A project exactly as the API's detail endpoint serialises it (same schema, same
    encoder: dates to the millisecond, decimals as strings)."""
    validated = schemas.Project.model_validate(serializers.project(project)).model_dump()
    return json.loads(json.dumps(validated, cls=NinjaJSONEncoder))


def json_chunks(projects: Iterable[Project], count: int) -> Iterator[str]:
    yield f'{{"count": {count}, "items": ['
    for position, project in enumerate(projects):
        validated = schemas.Project.model_validate(serializers.project(project)).model_dump()
        text = json.dumps(validated, ensure_ascii=False, cls=NinjaJSONEncoder)
        yield ("\n" if position == 0 else ",\n") + text
    yield "\n]}\n"


def _xlsx_value(ws, value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            # openpyxl would store it as a formula: keep it as the text it is.
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value or None
    return value


def write_xlsx(projects: Iterable[Project], target: IO[bytes], base_url: str = "") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projets")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns():
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for project in projects:
        row = project_row(project, base_url)
        sheet.append([_xlsx_value(sheet, row[name]) for name in columns()])
    about = workbook.create_sheet("Colonnes")
    about.append([WriteOnlyCell(about, value=v) for v in ("colonne", "titre", "description",
                                                           "type")])
    for field in schema()["fields"]:
        about.append([field["name"], field["title"], field["description"], field["type"]])
    workbook.save(target)


# ---------------------------------------------------------------- complete dump

def _replace(path: Path, write) -> None:
    """Writes next to ``path`` then renames: a reader never sees half a file."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as target:
            write(target)
        os.chmod(tmp, PUBLIC_FILE_MODE)  # mkstemp makes it private; these files are public
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_text(chunks: Iterable[str]):
    def write(target: IO[bytes]) -> None:
        for chunk in chunks:
            target.write(chunk.encode("utf-8"))
    return write


def cached_full_csv(base_url: str = "") -> Path:
    """The CSV of every published project, written once per version of the register
    (``selectors.register_version``) into ``EXPORT_CACHE_DIR`` and served from there until
    the register changes: the full download costs one file read, not one pass over every
    project. Older versions are removed (a reader that opened one keeps reading it)."""
    directory = Path(settings.EXPORT_CACHE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    version = f"{selectors.register_version()}|{base_url}"
    path = directory / f"projets-{hashlib.blake2b(version.encode(), digest_size=8).hexdigest()}.csv"
    if not path.exists():
        ids = selectors.all_published_ids()
        _replace(path, _write_text(csv_lines(selectors.projects_in_order(ids), base_url)))
        for older in directory.glob("projets-*.csv"):
            if older != path:
                older.unlink(missing_ok=True)
    return path


def file_chunks(path: Path, size: int = 256 * 1024) -> Iterator[bytes]:
    """A file sent in pieces, opened only once the response is sent (and always closed)."""
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def write_dump(directory: Path, *, base_url: str = "", progress=None) -> dict[str, Path]:
    """Writes every published project as CSV, JSON and XLSX, the Table Schema and the
    DCAT-AP description into ``directory``. Returns the paths written, by format."""
    directory.mkdir(parents=True, exist_ok=True)
    ids = selectors.all_published_ids()
    written: dict[str, Path] = {}

    def projects() -> Iterator[Project]:
        return selectors.projects_in_order(ids)

    def step(kind: str) -> None:
        written[kind] = directory / FILES[kind][0]
        if progress:
            progress(written[kind])

    step("csv")
    _replace(written["csv"], _write_text(csv_lines(projects(), base_url)))
    step("json")
    _replace(written["json"], _write_text(json_chunks(projects(), len(ids))))
    step("xlsx")
    _replace(written["xlsx"], lambda target: write_xlsx(projects(), target, base_url))
    written["schema"] = directory / SCHEMA_FILE
    if progress:
        progress(written["schema"])
    _replace(written["schema"], lambda target: target.write(schema_bytes()))
    written["grids"] = directory / GRIDS_FILE
    if progress:
        progress(written["grids"])
    _replace(written["grids"], lambda target: target.write(grids_json()))
    for name, write in solution_files().items():
        written[name] = directory / name
        if progress:
            progress(written[name])
        _replace(written[name], write)
    written["dcat"] = directory / DCAT_FILE
    if progress:
        progress(written["dcat"])
    description = dcat.dataset(site_url=base_url, download_urls=dump_urls(base_url))
    _replace(written["dcat"], lambda target: target.write(
        (json.dumps(description, ensure_ascii=False, indent=2) + "\n").encode("utf-8")))
    return written


def solution_files() -> dict[str, Any]:
    """The catalogue's files: each CSV table, its Table Schema, and solutions.json."""
    files: dict[str, Any] = {"solutions.json": lambda target: target.write(
        solution_tables.solutions_json())}
    for table in solution_tables.TABLES.values():
        files[table.file] = _write_text(solution_tables.csv_lines(table.file))
        files[table.schema_file] = (
            lambda target, file=table.file: target.write(solution_tables.schema_bytes(file)))
    return files


def grids_json() -> bytes:
    """Published purchase grids (criteria, weights, checks, clauses; never the offers), as
    in the API: ``{"count": N, "items": [...]}``."""
    from django.core.serializers.json import DjangoJSONEncoder

    from recensia.procurement import selectors as procurement_selectors

    items = [procurement_selectors.public_grid(g)
             for g in procurement_selectors.published_grids().order_by("id")]
    return (json.dumps({"count": len(items), "items": items}, cls=DjangoJSONEncoder,
                       ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dump_urls(base_url: str) -> dict[str, str]:
    """Where the dump's files are downloaded: on the site when its address is given (the
    site serves the same files, always current), else next to dcat.jsonld."""
    if base_url:
        return {kind: base_url.rstrip("/") + url for kind, url in dcat.site_paths().items()}
    return {**{kind: name for kind, (name, _type) in FILES.items()}, "schema": SCHEMA_FILE}
