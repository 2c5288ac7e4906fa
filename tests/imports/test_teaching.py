"""Rows that cannot be written are given back with what to change, never dropped."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recensia.imports.models import ImportedRow, ImportJob
from recensia.imports.services import value_questions
from tests.factories import OrganizationFactory
from tests.imports.helpers import confirm_columns, confirm_values, run_worker, value_form

CSV = """Titre,Collectivité,Avancement,Date de début
Chatbot de l'accueil,INSEE 29019,Déployé,01/09/2023
Prévision des repas,INSEE 29019,Déployé,le 3 septembre
Tri du courrier,SIREN 200068120,Déployé,
"""


def _job(client, finistere) -> ImportJob:
    client.force_login(finistere["agent"])
    upload = SimpleUploadedFile("inventaire.csv", CSV.encode())
    client.post(reverse("imports:start"), {"organization": finistere["brest"].pk,
                                           "file": upload})
    job = ImportJob.objects.get()
    confirm_columns(client, job)
    return job


def test_problems_show_the_cell_as_typed_and_rows_to_fix_download(client, finistere):
    job = _job(client, finistere)
    confirm_values(client, job)
    run_worker()
    job.refresh_from_db()
    outcomes = dict(job.rows.values_list("line", "outcome"))
    assert outcomes == {2: ImportedRow.Outcome.WRITTEN, 3: ImportedRow.Outcome.TO_FIX,
                        4: ImportedRow.Outcome.TO_FIX}
    by_line = {p["line"]: p for p in job.problems}
    assert by_line[3]["cell"] == "le 3 septembre" and "JJ/MM/AAAA" in by_line[3]["message"]
    assert by_line[3]["columns"] == ["Date de début"]
    # The member is not a member of the EPCI: said, with its name.
    assert "Quimper Bretagne Occidentale" in by_line[4]["message"]
    page = client.get(reverse("imports:progress", args=[job.token])).content.decode()
    assert "« le 3 septembre »" in page and "Lignes à corriger (2)" in page
    download = client.get(reverse("imports:to-fix", args=[job.token]))
    text = download.content.decode("utf-8-sig")
    assert text.splitlines()[0] == \
        "Titre,Collectivité,Avancement,Date de début,Problèmes à corriger"
    assert "Prévision des repas" in text and "Tri du courrier" in text
    assert "Chatbot de l'accueil" not in text


def test_each_distinct_value_must_be_answered(client, finistere):
    job = _job(client, finistere)
    form = value_form(job)
    data = {name: form[name].value() for name in form.fields if form[name].value()}
    n = next(i for i, q in enumerate(form.questions) if q.target == "status")
    data[f"value_{n}"] = ""
    response = client.post(reverse("imports:values", args=[job.token]), data)
    assert response.status_code == 200
    assert "Choisissez ce que veut dire cette valeur." in response.content.decode()


def test_another_collectivite_typed_by_the_person(client, finistere):
    job = _job(client, finistere)
    form = value_form(job)
    data = {name: form[name].value() for name in form.fields if form[name].value()}
    questions = value_questions(job)
    n = next(i for i, q in enumerate(questions) if q.key == "SIREN 200068120")
    data[f"value_{n}"] = "__other__"
    data[f"other_{n}"] = "Brest Métropole"
    OrganizationFactory(name="Plouzané")  # not named: never proposed
    response = client.post(reverse("imports:values", args=[job.token]), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["values"]["owner"]["SIREN 200068120"]["value"] == "242900314"
    data[f"other_{n}"] = "Nulle-Part-sur-Mer"
    job.state = "values"
    job.save()
    response = client.post(reverse("imports:values", args=[job.token]), data)
    assert response.status_code == 200
    assert "Aucune collectivité ne correspond à « Nulle-Part-sur-Mer »" in \
        response.content.decode()


def test_a_value_left_out_of_a_mapping_lists_the_allowed_values_and_the_closest(finistere):
    from recensia.imports.mapping import Mapping
    from recensia.imports.services import import_with_mapping

    mapping = Mapping({"Titre": "title", "Collectivité": "owner", "Avancement": "status"},
                      {"owner": {"INSEE 29019": {"value": "29019"}}})
    content = "Titre,Collectivité,Avancement\nChatbot,INSEE 29019,Déploié\n".encode()
    job = import_with_mapping(file_name="inventaire.csv", content=content, mapping=mapping)
    [problem] = job.problems
    assert problem["cell"] == "Déploié"
    assert problem["closest"] == "Déployé"
    assert problem["allowed"] == ["Idée", "Étude", "Expérimentation", "Déployé",
                                  "Arrêté ou abandonné"]
