"""NIS2 status of the owning collectivité, from reference-data facts (bill pending)."""

from __future__ import annotations

from datetime import date

import pytest

from recensia.compliance import Nis2Status, OrgFacts, evaluate, nis2_status


@pytest.mark.parametrize(("org", "status"), [
    (OrgFacts(kind="epci", epci_type="CC", population=12000), "important"),
    (OrgFacts(kind="epci", epci_type="CC", population=60000), "important"),
    (OrgFacts(kind="epci", epci_type="CA", population=110000, has_commune_over_30k=True),
     "essential"),
    (OrgFacts(kind="epci", epci_type="CA", population=55000, has_commune_over_30k=False),
     "important"),
    (OrgFacts(kind="epci", epci_type="CU", population=300000), "essential"),
    (OrgFacts(kind="epci", epci_type="METRO", population=650000), "essential"),
    (OrgFacts(kind="epci", epci_type="MET69", population=1400000), "essential"),
    (OrgFacts(kind="region", population=6000000), "essential"),
    (OrgFacts(kind="departement", population=1200000), "essential"),
    (OrgFacts(kind="commune", population=12000), "not_concerned"),
    (OrgFacts(kind="commune", population=30000), "not_concerned"),
    (OrgFacts(kind="commune", population=30001), "essential"),
    (OrgFacts(kind="commune", population=45000), "essential"),
    (OrgFacts(kind="other", other_type="sdis"), "uncertain"),
    (OrgFacts(kind="other", other_type="syndicat"), "uncertain"),
])
def test_nis2_rule_table(org, status):
    result = nis2_status(org)
    assert isinstance(result, Nis2Status)
    assert result.status == status
    assert result.pending is True and "2026" in result.pending_note
    assert "3 ans" in result.deadline_note and "5 ans" in result.deadline_note


def test_missing_data_makes_the_status_uncertain_and_says_which():
    ca = nis2_status(OrgFacts(kind="epci", epci_type="CA", population=80000))
    assert ca.status == "uncertain" and ca.missing == ("org.has_commune_over_30k",)
    commune = nis2_status(OrgFacts(kind="commune"))
    assert commune.status == "uncertain" and commune.missing == ("org.population",)


def test_status_explains_itself():
    cc = nis2_status(OrgFacts(kind="epci", epci_type="CC", population=9000))
    assert cc.label == "Entité importante"
    assert cc.rule_id == "nis2_cc"
    assert ("org.epci_type", "CC") in cc.triggered_by
    assert "20 000" in cc.uncertain  # threshold amendments still open
    assert any("24 heures" in o for o in cc.obligations)
    essential = nis2_status(OrgFacts(kind="region"))
    assert any("16 à 20" in o for o in essential.obligations)
    assert nis2_status(OrgFacts(kind="commune", population=500)).obligations == ()
    assert essential.to_dict()["concerned"] is True


def test_unknown_kinds_are_treated_as_other_bodies():
    assert nis2_status(OrgFacts(kind="ept")).status == "uncertain"


def test_evaluation_includes_nis2_when_org_facts_are_given():
    ev = evaluate({}, org=OrgFacts(kind="commune", population=45000), as_of=date(2026, 11, 26))
    assert ev.nis2 and ev.nis2.status == "essential"
    assert any(u["rule_id"].startswith("nis2") for u in ev.uncertainties)
    assert evaluate({}).nis2 is None
