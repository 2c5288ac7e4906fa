"""Loading small temporary data sets: obsolescence, dry run, errors, manual rows."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recensia.territories.models import Organization, OrganizationKind
from recensia.territories.services import ReferenceDataError, populate_reference_data

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 1, 1)
DAY_TWO = date(2027, 1, 1)


def commune(code: str) -> Organization:
    return Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code=code)


def test_small_load_creates_and_links(make_data_dir):
    report = populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    assert report["commune"].created == 3
    assert report["epci"].created == 1
    assert report["departement"].created == 1
    assert report["region"].created == 1
    villetest = commune("99001")
    assert villetest.departement.insee_code == "99"
    assert villetest.region.insee_code == "99"
    assert villetest.epci.siren == "299999991"
    assert villetest.from_reference_data
    epci = villetest.epci
    assert epci.departement == villetest.departement
    assert epci.zone == "metro"
    assert commune("99003").epci is None
    assert commune("99003").population is None
    departement = villetest.departement
    assert departement.population == 15_000
    assert departement.region.population == 15_000


def test_missing_commune_is_marked_obsolete_then_restored(make_data_dir):
    populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    gone = commune("99002")

    report = populate_reference_data(data_dir=make_data_dir(drop_communes=("99002",)),
                                     today=DAY_TWO)
    assert report["commune"].obsoleted == 1
    assert report["commune"].unchanged == 2
    assert report.created == 0
    gone.refresh_from_db()  # still there: never deleted
    assert gone.is_obsolete
    assert gone.obsolete_since == DAY_TWO
    assert not commune("99001").is_obsolete

    # Running again with the same files changes nothing more.
    again = populate_reference_data(data_dir=make_data_dir(drop_communes=("99002",)),
                                    today=date(2028, 1, 1))
    assert again.obsoleted == again.created == again.updated == 0
    gone.refresh_from_db()
    assert gone.obsolete_since == DAY_TWO

    back = populate_reference_data(data_dir=make_data_dir(), today=date(2028, 1, 1))
    assert back["commune"].updated == 1
    assert back["commune"].created == 0
    assert back.obsoleted == 0
    gone.refresh_from_db()
    assert not gone.is_obsolete
    assert gone.obsolete_since is None
    assert gone.epci.siren == "299999991"
    assert Organization.objects.filter(insee_code="99002").count() == 1


def test_siren_moves_from_obsolete_commune_to_new_one(make_data_dir):
    populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    # 99002 disappears; a new commune 99004 takes its SIREN.
    new_commune = ["99004", "Commune-Nouvelle", "219999002", "3100", "99", "99120"]
    report = populate_reference_data(
        data_dir=make_data_dir(drop_communes=("99002",), extra_communes=(new_commune,)),
        today=DAY_TWO,
    )
    assert report["commune"].created == 1
    assert report["commune"].obsoleted == 1
    old = commune("99002")
    assert old.is_obsolete
    assert old.siren == ""
    assert commune("99004").siren == "219999002"


def test_dry_run_writes_nothing(make_data_dir):
    before = Organization.objects.count()
    report = populate_reference_data(dry_run=True, data_dir=make_data_dir(), today=DAY_ONE)
    assert report.dry_run
    assert report["commune"].created == 3
    assert "simulation" in str(report)
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(insee_code__startswith="99").exists()

    populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    report = populate_reference_data(dry_run=True, today=DAY_TWO,
                                     data_dir=make_data_dir(drop_communes=("99001",)))
    assert report["commune"].obsoleted == 1
    assert not commune("99001").is_obsolete


def test_manual_rows_are_left_alone(make_data_dir):
    syndicat = Organization.objects.create(kind=OrganizationKind.OTHER, other_type="syndicat",
                                           name="Syndicat des eaux de test")
    populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    populate_reference_data(data_dir=make_data_dir(drop_communes=("99001",)), today=DAY_TWO)
    syndicat.refresh_from_db()
    assert not syndicat.is_obsolete
    assert not syndicat.from_reference_data


def test_manual_row_with_an_epci_siren_is_adopted(make_data_dir):
    manual = Organization.objects.create(kind=OrganizationKind.OTHER, other_type="autre",
                                         name="CA Test (saisie manuelle)", siren="299999991")
    report = populate_reference_data(data_dir=make_data_dir(), today=DAY_ONE)
    assert report["epci"].updated == 1
    assert report["epci"].created == 0
    manual.refresh_from_db()
    assert manual.kind == OrganizationKind.EPCI
    assert manual.name == "CA de Test"
    assert manual.from_reference_data
    assert commune("99001").epci == manual


def test_missing_file_is_reported_in_french(tmp_path):
    with pytest.raises(ReferenceDataError, match="introuvable"):
        populate_reference_data(data_dir=tmp_path)
    with pytest.raises(CommandError, match="Fichier du référentiel introuvable"):
        call_command("load_territories", "--data-dir", str(tmp_path), stdout=StringIO())


def test_command_with_data_dir(make_data_dir):
    out = StringIO()
    call_command("load_territories", "--data-dir", str(make_data_dir()), stdout=out)
    assert "Communes : 3 création(s)" in out.getvalue()
    assert commune("99001").name == "Villetest"
