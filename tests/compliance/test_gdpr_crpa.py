"""DPIA (AIPD) and French administrative-law duties."""

from __future__ import annotations

from recensia.compliance import OrgFacts

from ._support import fired, run


def test_no_personal_data_no_dpia():
    ev = run(personal_data=False, a3_education=True)
    assert ev.dpia.required is False
    assert "pas de données personnelles" in ev.dpia.reasons[0]


def test_cnil_list_item_makes_the_dpia_mandatory_and_names_it():
    ev = run(personal_data=True, cnil_social_support=True)
    assert ev.dpia.required is True
    assert [c["id"] for c in ev.dpia.cnil_items] == ["cnil_item_social_support"]
    assert any("liste de la CNIL" in r for r in ev.dpia.reasons)
    rule = fired(ev, "gdpr_dpia_cnil_list")
    assert ("cnil_social_support", True) in rule.triggered_by
    assert "2018-327" in rule.legal_reference


def test_ai_counts_as_innovative_use_so_one_more_criterion_is_enough():
    one = run(personal_data=True)
    assert one.dpia.required is False
    assert [c["id"] for c in one.dpia.criteria_met] == ["edpb_innovative_use"]
    two = run(personal_data=True, combines_datasets=True)
    assert two.dpia.required is True
    assert {c["id"] for c in two.dpia.criteria_met} == {"edpb_innovative_use",
                                                          "edpb_combined_datasets"}


def test_dpia_presumed_for_high_risk_ai_with_personal_data():
    ev = run(personal_data=True, a3_critical_infrastructure=True)
    assert fired(ev, "gdpr_dpia_high_risk_ai")
    assert ev.dpia.required is True


def test_dpia_unknown_when_personal_data_is_unknown():
    ev = run(personal_data=None, large_scale=True)
    assert ev.dpia.required is None
    assert "personal_data" in ev.dpia.missing
    # with no risk criterion at all, no DPIA is required whatever the answer
    assert run(personal_data=None).dpia.required is False


def test_explicit_mention_for_any_algorithmic_individual_decision():
    ev = run(decides_individual="partly")
    mention = fired(ev, "crpa_l311_3_1_explicit_mention")
    assert mention.in_force() and "L311-3-1" in mention.legal_reference
    assert "CADA" in mention.requirement
    assert fired(ev, "crpa_r311_3_1_2_on_request")
    assert not fired(ev, "crpa_exclusive_algorithm")


def test_fully_automated_decisions_have_strict_conditions():
    ev = run(decides_individual="exclusively")
    rule = fired(ev, "crpa_exclusive_algorithm")
    assert "nulle" in rule.requirement and "2018-765" in rule.legal_reference


def test_publication_of_algorithms_for_50_agents_or_more_with_its_uncertainty():
    ev = run(decides_individual="partly", staff_50_or_more=True)
    rule = fired(ev, "crpa_l312_1_3_publish_rules")
    assert "L312-1-3" in rule.legal_reference
    assert "3 500" not in (rule.uncertain or "")  # settled: no population exemption
    assert "50 agents" in rule.uncertain and "2016-1922" in rule.uncertain
    # the number of agents may also come from the reference data
    ev = run(decides_individual="partly", staff_50_or_more=None,
             org=OrgFacts(kind="commune", population=20000, staff_fte=120))
    assert fired(ev, "crpa_l312_1_3_publish_rules")
    ev = run(decides_individual="partly", staff_50_or_more=None)
    assert not fired(ev, "crpa_l312_1_3_publish_rules")
    assert any(r.id == "crpa_l312_1_3_publish_rules" for r in ev.to_confirm)


def test_small_collectivite_learns_that_3500_inhabitants_do_not_exempt_from_publication():
    # L312-1-3 exempts by number of agents only; the 3,500-inhabitant exemption is
    # L312-1-1's (open data). A commune of 1,800 with 60 agents must publish.
    ev = run(decides_individual="partly", staff_50_or_more=True,
             org=OrgFacts(kind="commune", population=1800))
    info = fired(ev, "crpa_small_collectivite")
    assert "pas pour la publication des règles des algorithmes" in info.requirement
    assert info.uncertain is None
    assert fired(ev, "crpa_l312_1_3_publish_rules")
    assert "LEGIARTI000033205516" in info.source_url


def test_data_governance_advice_above_about_30000_inhabitants():
    big = run(org=OrgFacts(kind="commune", population=45000))
    assert [r.id for r in big.data_governance] == ["gov_data_structures",
                                                    "gov_territorial_data_committee"]
    assert "chief data officer" in big.data_governance[0].requirement
    small = run(org=OrgFacts(kind="commune", population=4000))
    assert [r.id for r in small.data_governance] == ["gov_lead_collectivite"]
    assert run().data_governance is None
