"""Each rule of rules.toml, when it fires and when it does not.

The table below has one line per rule; a final test checks that no rule of the file is
missing from it (a new rule must come with its test cases).
"""

from __future__ import annotations

from datetime import date

import pytest

from recensia.compliance import OrgFacts, load_rules, procurement_advice

from ._support import LATER, fired, run

HR = {"a3_education": True}  # a simple Annex III match, high-risk
EXEMPT = {"a3_education": True, "exemption_task": "narrow_procedural", "personal_data": True,
          "profiling": False}
SMALL = OrgFacts(kind="commune", population=2000)
MEDIUM = OrgFacts(kind="commune", population=12000)
LARGE = OrgFacts(kind="commune", population=45000)

# rule id: (answers that fire it, answers that do not, org when firing, org when not)
CASES: dict[str, tuple[dict, dict, OrgFacts | None, OrgFacts | None]] = {
    # --- prohibited practices
    "ai_art5_1_a_manipulation": ({"p_manipulation": True}, {}, None, None),
    "ai_art5_1_b_vulnerabilities": ({"p_exploit_vulnerabilities": True}, {}, None, None),
    "ai_art5_1_c_social_scoring": ({"p_social_scoring": True}, {}, None, None),
    "ai_art5_1_d_crime_prediction": ({"p_crime_prediction_profiling": True}, {}, None, None),
    "ai_art5_1_e_face_scraping": ({"p_face_scraping": True}, {}, None, None),
    "ai_art5_1_f_emotion_work_education": ({"p_emotion_work_education": True}, {}, None, None),
    "ai_art5_1_g_biometric_categorisation": ({"p_biometric_categorisation_sensitive": True}, {},
                                             None, None),
    "ai_art5_1_h_realtime_biometric_identification": ({"p_realtime_rbi_law_enforcement": True},
                                                      {}, None, None),
    "ai_art5_1_ba_intimate_imagery": ({"p_intimate_imagery": True}, {}, None, None),
    "ai_art5_1_bb_child_abuse_material": ({"p_child_abuse_material": True}, {}, None, None),
    "ai_art5_1_ba_bb_provider_safeguards": (
        {"declared_role": "provider", "p_provider_no_safeguards": True},
        {"declared_role": "provider"}, None, None),
    # --- high risk
    "ai_annex_i_safety_component": ({"annex_i_safety_component": True}, {}, None, None),
    "ai_annex_iii_1a_remote_biometric_identification": (
        {"b_remote_biometric_identification": True}, {}, None, None),
    "ai_annex_iii_1b_biometric_categorisation": ({"b_biometric_categorisation": True}, {},
                                                 None, None),
    "ai_annex_iii_1c_emotion_recognition": ({"b_emotion_recognition": True}, {}, None, None),
    "ai_annex_iii_2_critical_infrastructure": ({"a3_critical_infrastructure": True}, {}, None,
                                               None),
    "ai_annex_iii_3_education": ({"a3_education": True}, {}, None, None),
    "ai_annex_iii_4_employment": ({"a3_employment": True}, {}, None, None),
    "ai_annex_iii_5a_public_benefits": ({"a3_public_benefits": True}, {}, None, None),
    "ai_annex_iii_5d_emergency": ({"a3_emergency_triage": True}, {}, None, None),
    "ai_annex_iii_6_law_enforcement": ({"a3_law_enforcement": True}, {}, None, None),
    "ai_annex_iii_8b_elections": ({"a3_elections": True}, {}, None, None),
    "ai_art6_3_exemption": (EXEMPT, {**EXEMPT, "exemption_task": "decisive_role"}, None, None),
    "ai_art6_3_profiling_override": ({**EXEMPT, "profiling": True}, EXEMPT, None, None),
    # --- Article 25(1): the deployer becomes provider (only for a high-risk system)
    "ai_art25_1_a_own_name": ({**HR, "own_name_on_system": True}, {"own_name_on_system": True},
                              None, None),
    "ai_art25_1_b_substantial_modification": ({**HR, "substantial_modification": True},
                                              {"substantial_modification": True}, None, None),
    "ai_art25_1_c_repurposing": ({**HR, "repurposed_to_high_risk": True},
                                 {"repurposed_to_high_risk": True}, None, None),
    # --- AI Act obligations
    "ai_prohibited_stop": ({"p_social_scoring": True}, {}, None, None),
    "ai_art26_use_and_oversight": (HR, {}, None, None),
    "ai_art26_input_data": (HR, {}, None, None),
    "ai_art26_monitoring": (HR, {}, None, None),
    "ai_art26_logs": (HR, {}, None, None),
    "ai_art26_workers": ({**HR, "workplace_use": True}, HR, None, None),
    "ai_art26_8_registration": (HR, {"a3_critical_infrastructure": True}, None, None),
    "ai_art26_11_inform_persons": (HR, {"annex_i_safety_component": True}, None, None),
    "ai_art27_fria": ({"a3_public_benefits": True}, {"a3_critical_infrastructure": True}, None,
                      None),
    "ai_art86_explanation": ({"a3_public_benefits": True, "decides_individual": "partly"},
                             {"a3_public_benefits": True, "decides_individual": "no"}, None,
                             None),
    "ai_provider_high_risk": ({**HR, "declared_role": "provider"}, HR, None, None),
    "ai_art6_4_exemption_documentation": (EXEMPT, {**EXEMPT, "profiling": True}, None, None),
    "ai_art50_1_interaction": ({"interacts_with_people": True}, {}, None, None),
    "ai_art50_2_marking": ({"declared_role": "provider", "generates_content": True},
                           {"generates_content": True}, None, None),
    "ai_art50_3_emotion_biometric": ({"b_emotion_recognition": True}, {}, None, None),
    "ai_art50_4_deepfake": ({"generates_content": True, "deepfake": True},
                            {"generates_content": True}, None, None),
    "ai_art50_4_public_text": (
        {"generates_content": True, "public_interest_text": True},
        {"generates_content": True, "public_interest_text": True,
         "human_editorial_control": True}, None, None),
    "ai_art95_voluntary_codes": ({}, HR, None, None),
    "gdpr_art9_biometric_identification": ({"b_remote_biometric_identification": True}, {},
                                           None, None),
    "gdpr_dpia_biometric_identification": ({"p_realtime_rbi_law_enforcement": True}, {}, None,
                                           None),
    # --- GDPR: DPIA
    "gdpr_dpia_cnil_list": ({"personal_data": True, "cnil_social_housing": True},
                            {"personal_data": True}, None, None),
    "gdpr_dpia_edpb_two_criteria": ({"personal_data": True, "large_scale": True},
                                    {"personal_data": True}, None, None),
    "gdpr_dpia_high_risk_ai": ({**HR, "personal_data": True}, HR, None, None),
    # --- French administrative law
    "crpa_l311_3_1_explicit_mention": ({"decides_individual": "partly"}, {}, None, None),
    "crpa_r311_3_1_2_on_request": ({"decides_individual": "exclusively"}, {}, None, None),
    "crpa_exclusive_algorithm": ({"decides_individual": "exclusively"},
                                 {"decides_individual": "partly"}, None, None),
    "crpa_l312_1_3_publish_rules": ({"decides_individual": "partly", "staff_50_or_more": True},
                                    {"decides_individual": "partly"}, None, None),
    "crpa_small_collectivite": ({"decides_individual": "partly"},
                                {"decides_individual": "partly"}, SMALL, MEDIUM),
    # --- data governance (facts about the collectivité)
    "gov_data_structures": ({}, {}, LARGE, MEDIUM),
    "gov_lead_collectivite": ({}, {}, MEDIUM, LARGE),
    "gov_territorial_data_committee": ({}, {}, OrgFacts(kind="epci", epci_type="CC",
                                                        population=15000), MEDIUM),
}

# Procurement (« achat ») rules: (answers that fire, answers that do not), on 2026-09-01
ACHAT_CASES: dict[str, tuple[dict, dict]] = {
    "achat_env_criterion_mandatory": ({"launch_date": date(2026, 9, 1)}, {}),
    "achat_env_criterion_recommended": ({"launch_date": date(2026, 8, 20)},
                                        {"launch_date": date(2026, 8, 21)}),
    "achat_no_price_only": ({"launch_date": date(2026, 8, 21)}, {}),
    "achat_specifications_environment": ({"launch_date": date(2026, 8, 21)}, {}),
    "achat_concessions": ({"concession": True}, {"concession": False}),
    "achat_criteria_published": ({}, None),
    "achat_weighting_formalised": ({"formalised": True}, {"formalised": False}),
    "achat_subcriteria_disclosed": ({}, None),
    "achat_no_minimum_weight": ({}, None),
    "achat_spaser": ({"annual_purchases_over_50m": True}, {"annual_purchases_over_50m": False}),
    "achat_mcc_ai_high_risk": ({"high_risk": True}, {"high_risk": False}),
    "achat_mcc_ai_light": ({"high_risk": False}, {"high_risk": True}),
    "achat_state_doctrine": ({"ai_system": True}, {"ai_system": False}),
}
# Rules whose condition is « true »: they never « do not fire », only their date changes.
ALWAYS = {"ai_art4_literacy": date(2025, 2, 1)}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(rule_id):
    on, _off, org_on, _org_off = CASES[rule_id]
    ev = run(org=org_on, **on)
    assert fired(ev, rule_id), f"{rule_id} devrait s'appliquer"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_does_not_fire(rule_id):
    _on, off, _org_on, org_off = CASES[rule_id]
    ev = run(org=org_off, **off)
    assert not fired(ev, rule_id), f"{rule_id} ne devrait pas s'appliquer"


@pytest.mark.parametrize("rule_id", sorted(ALWAYS))
def test_unconditional_rule_is_switched_by_its_date(rule_id):
    result = fired(run(), rule_id)
    assert result and result.in_force(LATER)
    assert not result.in_force(ALWAYS[rule_id])


def _achat(rule_id, answers):
    advice = procurement_advice(answers, as_of=date(2026, 9, 1))
    return next((r for r in advice.rules if r.id == rule_id), None), advice


@pytest.mark.parametrize("rule_id", sorted(ACHAT_CASES))
def test_achat_rule_fires_and_not(rule_id):
    on, off = ACHAT_CASES[rule_id]
    result, advice = _achat(rule_id, {"ai_system": True, **on})
    assert result is not None and result.in_force(advice.launch_date)
    if off is None:
        return  # unconditional advice, shown for every purchase
    result, advice = _achat(rule_id, {"ai_system": True, "launch_date": date(2026, 8, 1), **off})
    assert result is None or not result.in_force(advice.launch_date)


def test_every_rule_of_the_file_has_test_cases():
    ids = {r.id for r in load_rules().rules}
    covered = set(CASES) | set(ACHAT_CASES) | set(ALWAYS)
    assert ids - covered == set(), "règles sans cas de test"
    assert covered - ids == set(), "cas de test pour des règles disparues"
