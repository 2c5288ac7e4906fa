"""The spreadsheet to fill in for the assistant: one column per field of ``fields.py`` with
its French title, a drop-down list (data validation) on every column with a list of
values, and a sheet « Explications » that explains each column and lists its values."""

from __future__ import annotations

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from recensia.imports.mapping import MAPPABLE_FIELDS, allowed_values
from recensia.projects import fields as F

ROWS_WITH_LISTS = 2000
ID_TITLE = "Identifiant"
ID_HELP = ("Facultatif. Un identifiant propre à chaque ligne (par exemple ALG-01) : un second "
           "import du même fichier met alors les projets à jour au lieu d'en créer d'autres.")
EXTRA_HELP = {
    F.OWNER: "Nom ou code de la collectivité qui porte le projet : « INSEE 29019 », « SIREN "
             "242 900 314 », « dép. 29 », « Brest (29) ». Une cellule qui nomme une commune et "
             "son intercommunalité (« Quimper et Quimper Bretagne Occidentale ») donne la "
             "porteuse et sa partenaire, après confirmation.",
    F.ORGANIZATIONS: "Noms ou codes des collectivités, séparés par « ; ».",
    F.TAXONOMY: "Une valeur de la liste, ou plusieurs séparées par « ; ». D'autres mots sont "
                "acceptés : l'assistant propose la valeur la plus proche.",
    F.ROWS: "Adresses web séparées par « ; ».",
    F.DATE: "Date au format JJ/MM/AAAA.",
    F.AMOUNT: "Montant en euros, par exemple 12 500 ou 12 500,50.",
}


def write_template(target: BinaryIO) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projets"
    lists = workbook.create_sheet("Listes")
    explained = workbook.create_sheet("Explications")
    explained.append(["Colonne", "Obligatoire", "Ce qu'elle contient", "Valeurs possibles"])
    for cell in explained[1]:
        cell.font = Font(bold=True)
    fields = [f for f in MAPPABLE_FIELDS if f.kind != F.ROWS or f.name == "sources"]
    sheet.append([ID_TITLE, *(f.title for f in fields)])
    explained.append([ID_TITLE, "non", ID_HELP, ""])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    list_column = 0
    for position, spec in enumerate(fields, start=2):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 28
        values = allowed_values(spec.name)
        help_text = " ".join(t for t in (spec.help_text, EXTRA_HELP.get(spec.kind, "")) if t)
        explained.append([spec.title, "oui" if spec.required else "non", help_text,
                          " ; ".join(values)])
        if not values:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=spec.title)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=list_column, value=value)
        source = f"{quote_sheetname('Listes')}!${list_letter}$2:${list_letter}${len(values) + 1}"
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True,
            showErrorMessage=spec.kind == F.CHOICE, errorStyle="warning",
            errorTitle="Valeur hors de la liste",
            error="Choisissez une valeur de la liste (voir la feuille Explications).",
            promptTitle=spec.title[:32], prompt="Choisissez dans la liste."[:255])
        validation.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    explained.column_dimensions["A"].width = 30
    explained.column_dimensions["C"].width = 80
    explained.column_dimensions["D"].width = 60
    for row in explained.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    workbook.save(target)
