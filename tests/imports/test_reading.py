"""Limits checked before any work, and files that teach what is wrong with them."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from recensia.imports import reading
from recensia.imports.reading import ReadError, read_sheet


def _bomb(rows: int = 2_000_000) -> bytes:
    """A small XLSX whose sheet expands to millions of rows (highly compressible XML)."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Titre"])
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", row * rows + b"</sheetData>")
            target.writestr(info.filename, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_anything_is_read(monkeypatch):
    content = _bomb()
    assert len(content) < 2 * 1024 * 1024  # a small file…

    def never(*args, **kwargs):
        raise AssertionError("the workbook must not be opened")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(ReadError, match="décompressé ferait .* au-delà de la limite"):
        read_sheet("inventaire.xlsx", content)


def test_a_csv_not_in_utf8_says_how_to_save_it():
    content = "Titre;Statut\nDétection des fuites;Déployé\n".encode("cp1252")
    with pytest.raises(ReadError) as refused:
        read_sheet("inventaire.csv", content)
    assert "n'est pas en UTF-8 (Excel : Enregistrer sous…" in str(refused.value)
    assert "CSV UTF-8" in str(refused.value)


def test_too_many_rows_is_refused_with_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    content = ("Titre\n" + "".join(f"Projet {n}\n" for n in range(4))).encode()
    with pytest.raises(ReadError, match="plus de 3 lignes"):
        read_sheet("inventaire.csv", content)


def test_too_many_cells_in_a_row_names_the_row(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS_PER_ROW", 3)
    content = b"A,B\n1,2\n1,2,3,4\n"
    with pytest.raises(ReadError, match="la ligne 3 a 4 cellules"):
        read_sheet("inventaire.csv", content)


def test_formula_cells_are_reported_not_computed():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Titre", "Coût"])
    sheet.append(["Assistant téléphonique", "=B3*2"])
    sheet.append(["Chatbot", 1200])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = read_sheet("inventaire.xlsx", buffer.getvalue())
    assert read.formulas == [(2, "Coût", "=B3*2")]
    assert "=B3*2" not in read.rows[0]  # the formula is not taken as a value


def test_an_old_excel_file_says_which_format_to_choose():
    with pytest.raises(ReadError, match="Classeur Excel"):
        read_sheet("inventaire.xls", b"\xd0\xcf\x11\xe0")


def test_the_assistant_refuses_a_zip_bomb_with_a_french_message(client, finistere):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from recensia.imports.models import ImportJob

    client.force_login(finistere["agent"])
    upload = SimpleUploadedFile("inventaire.xlsx", _bomb())
    response = client.post(reverse("imports:start"),
                           {"organization": finistere["dep"].pk, "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le fichier ne peut pas être importé" in page and "Rien n&#x27;a été lu" in page
    assert not ImportJob.objects.exists()


def test_the_template_has_drop_down_lists_and_explains_each_column(client, finistere):
    from django.urls import reverse
    from openpyxl import load_workbook

    from recensia.imports.matching import propose_columns

    response = client.get(reverse("imports:template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Projets"]
    header = [c.value for c in sheet[1]]
    validated = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        validated[header[ord(column) - ord("A")] if len(column) == 1 else column] = \
            validation.formula1
    assert "Avancement" in validated and "Domaines" in validated
    lists = workbook["Listes"]
    names = [c.value for c in lists[1]]
    status_values = [row[names.index("Avancement")].value for row in lists.iter_rows(min_row=2)
                     if row[names.index("Avancement")].value]
    assert status_values == ["Idée", "Étude", "Expérimentation", "Déployé",
                             "Arrêté ou abandonné"]
    explained = {row[0].value: row for row in workbook["Explications"].iter_rows(min_row=2)}
    assert "Déployé" in explained["Avancement"][3].value
    assert "INSEE 29019" in explained["Collectivité porteuse"][2].value
    # Filled in as is, its columns are recognised by the assistant without a question.
    proposals = propose_columns(header, [])
    assert all(p.confidence == 100 for p in proposals), [
        (p.column, p.target) for p in proposals if p.confidence < 100]
