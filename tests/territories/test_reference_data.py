"""The full bundled reference data: counts, links, idempotence, dry run, command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from recensia.territories.models import EpciType, Organization, OrganizationKind, OtherBodyType
from recensia.territories.services import (
    DATA_DIR,
    REFERENCE_VINTAGE,
    populate_reference_data,
)

pytestmark = pytest.mark.django_db

TOTAL_ROWS = 34_969 + 1_255 + 11 + 109 + 26


def current(**filters):
    return Organization.objects.filter(from_reference_data=True, is_obsolete=False, **filters)


def test_exact_counts(territories_loaded):
    assert current(kind=OrganizationKind.COMMUNE).count() == 34_969
    assert current(kind=OrganizationKind.EPCI).count() == 1_255
    assert current(kind=OrganizationKind.DEPARTEMENT).count() == 109
    assert current(kind=OrganizationKind.REGION).count() == 26
    assert current(kind=OrganizationKind.OTHER, other_type=OtherBodyType.EPT).count() == 11
    assert current().count() == TOTAL_ROWS
    split = dict(current(kind=OrganizationKind.EPCI).values_list("epci_type")
                 .annotate(n=Count("pk")).order_by().values_list("epci_type", "n"))
    assert split == {EpciType.CC: 989, EpciType.CA: 230, EpciType.METRO: 21, EpciType.CU: 14,
                     EpciType.MET69: 1}
    assert current(kind=OrganizationKind.COMMUNE, siren="").count() == 94
    assert current(kind=OrganizationKind.COMMUNE, population__isnull=True).count() == 6
    assert current().exclude(reference_vintage=REFERENCE_VINTAGE).count() == 0


def test_ept_are_not_epci(territories_loaded):
    plaine_commune = Organization.objects.get(siren="200057867")
    assert plaine_commune.kind == OrganizationKind.OTHER
    assert plaine_commune.other_type == OtherBodyType.EPT
    assert plaine_commune.epci_type == ""
    assert plaine_commune.population == 453_671
    assert plaine_commune.departement.insee_code == "93"
    # Its member communes belong to the Métropole du Grand Paris, not to the EPT.
    aubervilliers = Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code="93001")
    assert aubervilliers.epci.siren == "200054781"
    assert aubervilliers.epci.epci_type == EpciType.METRO


def test_plaisir_links(territories_loaded):
    plaisir = Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code="78490")
    assert plaisir.name == "Plaisir"
    assert plaisir.siren == "217804905"
    assert plaisir.population == 31_811
    assert plaisir.zone == "metro"
    assert plaisir.departement.insee_code == "78"
    assert plaisir.departement.name == "Yvelines"
    assert plaisir.region.insee_code == "11"
    assert plaisir.departement.region == plaisir.region
    assert plaisir.region.name == "Île-de-France"
    assert plaisir.epci.epci_type == EpciType.CA
    assert str(plaisir) == "Plaisir (78)"


def test_capi_contains_saint_savin(territories_loaded):
    capi = Organization.objects.get(siren="243800604")
    assert capi.kind == OrganizationKind.EPCI
    assert capi.epci_type == EpciType.CA
    assert capi.member_communes.filter(insee_code="38455", name="Saint-Savin").exists()
    # Département and région of an EPCI: those of its most populated member.
    assert capi.departement.insee_code == "38"
    assert capi.region.insee_code == "84"


def test_epci_spanning_departements_uses_main_member(territories_loaded):
    grand_paris = Organization.objects.get(siren="200054781")
    assert grand_paris.member_communes.count() == 130
    assert grand_paris.departement.insee_code == "75"
    assert grand_paris.region.insee_code == "11"
    assert current(kind=OrganizationKind.EPCI, departement__isnull=True).count() == 0


def test_communes_outside_any_epci(territories_loaded):
    sein = Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code="29083")
    assert sein.epci is None
    assert sein.departement.insee_code == "29"
    assert current(kind=OrganizationKind.COMMUNE, epci__isnull=True).count() == 98
    corsican = Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code="2A247")
    assert corsican.departement.insee_code == "2A"
    assert corsican.region.insee_code == "94"


def test_populations_of_departements_and_regions_are_sums(territories_loaded):
    yvelines = Organization.objects.get(kind=OrganizationKind.DEPARTEMENT, insee_code="78")
    total = current(kind=OrganizationKind.COMMUNE, departement=yvelines).aggregate(
        total=Sum("population"))["total"]
    assert yvelines.population == total
    assert yvelines.region.insee_code == "11"
    taaf = Organization.objects.get(kind=OrganizationKind.REGION, insee_code="984")
    assert taaf.population is None  # none of its districts has a population


def test_second_run_changes_nothing(territories_loaded):
    report = populate_reference_data()
    assert report.created == 0
    assert report.updated == 0
    assert report.obsoleted == 0
    assert report.unchanged == TOTAL_ROWS
    assert report["commune"].unchanged == 34_969
    assert "Aucun changement" in str(report)


def test_dry_run_reports_without_writing(territories_loaded):
    Organization.objects.filter(kind=OrganizationKind.COMMUNE, insee_code="78490").update(
        population=1, epci=None)
    report = populate_reference_data(dry_run=True)
    assert report.dry_run
    assert report["commune"].updated == 1
    assert report.created == report.obsoleted == 0
    assert report.updated == 1
    assert "simulation" in str(report)
    plaisir = Organization.objects.get(kind=OrganizationKind.COMMUNE, insee_code="78490")
    assert plaisir.population == 1
    assert plaisir.epci is None
    # A real run then fixes it.
    assert populate_reference_data().updated == 1
    plaisir.refresh_from_db()
    assert plaisir.population == 31_811
    assert plaisir.epci is not None


def test_command_prints_french_report(territories_loaded):
    out = StringIO()
    call_command("load_territories", "--dry-run", stdout=out)
    output = out.getvalue()
    assert "simulation : rien n'a été enregistré" in output
    assert "Communes : 0 création(s), 0 mise(s) à jour" in output
    assert "34\u202f969 sans changement" in output
    assert "Aucun changement" in output


def test_reference_vintage_fits_the_field():
    field = Organization._meta.get_field("reference_vintage")
    assert len(REFERENCE_VINTAGE) <= field.max_length
    assert "6.0.0" in REFERENCE_VINTAGE
    assert "2026" in REFERENCE_VINTAGE


def test_bundled_files_document_source_and_licences():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "6.0.0" in readme
    assert "2026" in readme
    assert "Licence Ouverte" in readme
    assert "MIT" in (DATA_DIR / "LICENSE-decoupage-administratif.txt").read_text(
        encoding="utf-8")
    with (DATA_DIR / "communes.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip() == (
            "insee_code,name,siren,population,departement,postal_codes")
