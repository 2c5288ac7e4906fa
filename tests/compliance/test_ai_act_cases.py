"""Real cases get the tier a lawyer would give, and dates switch obligations on and off."""

from __future__ import annotations

from datetime import date

from recensia.compliance import QUESTIONS, Answers, evaluate

from ._support import TODAY, answers, fired, pending, run

# --- real cases ------------------------------------------------------------------------


def test_facial_recognition_on_public_roads_for_police_is_prohibited():
    ev = run(as_of=TODAY, personal_data=True, p_realtime_rbi_law_enforcement=True,
             b_remote_biometric_identification=True, systematic_monitoring=True)
    assert ev.tier == "prohibited"
    assert ev.tier_label == "Pratique interdite"
    assert ev.tier_in_force
    stop = fired(ev, "ai_prohibited_stop")
    assert stop and stop.in_force() and stop.applies_from == date(2025, 2, 2)
    rule = fired(ev, "ai_art5_1_h_realtime_biometric_identification")
    assert ("p_realtime_rbi_law_enforcement", True) in rule.triggered_by
    assert "5(1)(h)" in rule.legal_reference
    # no high-risk duties for a system that must not be used at all
    assert not fired(ev, "ai_art27_fria") and not fired(ev, "ai_art26_use_and_oversight")
    assert any("exceptions" in u["text"] for u in ev.uncertainties)


def test_prohibited_biometric_identification_keeps_the_gdpr_duties():
    # The AI Act forbids it; the GDPR still governs whatever is done with the data next.
    ev = run(as_of=TODAY, p_realtime_rbi_law_enforcement=True, personal_data=None)
    assert ev.tier == "prohibited"
    art9 = fired(ev, "gdpr_art9_biometric_identification")
    assert art9 and art9.in_force() and "art. 9" in art9.legal_reference
    assert "pratique interdite" in art9.requirement
    assert ev.dpia.required is True
    assert fired(ev, "gdpr_dpia_biometric_identification").in_force()


def test_facial_recognition_outside_police_is_high_risk_annex_iii_1a():
    ev = run(as_of=TODAY, personal_data=True, b_remote_biometric_identification=True)
    assert ev.tier == "high_risk"
    assert ev.annex_iii_point == "1(a)"
    assert fired(ev, "gdpr_art9_biometric_identification")  # GDPR Art. 9: in principle forbidden
    assert fired(ev, "ai_art27_fria")
    assert ev.dpia.required is True


def test_water_leak_forecasting_is_minimal_risk():
    ev = run(as_of=TODAY, personal_data=False, a3_critical_infrastructure=False)
    assert ev.tier == "minimal"
    assert ev.tier_label == "Risque minimal"
    assert ev.annex_iii_point is None
    assert {r.id for r in ev.obligations} == {"ai_art4_literacy", "ai_art95_voluntary_codes"}
    assert ev.dpia.required is False
    assert ev.crpa == []


def test_citizen_chatbot_has_transparency_duties():
    ev = run(as_of=TODAY, interacts_with_people=True, generates_content=True,
             personal_data=True)
    assert ev.tier == "transparency"
    assert ev.tier_label == "Obligations de transparence"
    rule = fired(ev, "ai_art50_1_interaction")
    assert rule and rule.in_force() and "50(1)" in rule.legal_reference
    assert rule.triggered_by == [("interacts_with_people", True)]
    assert ev.tier_applies_from == date(2026, 8, 2)
    # the chatbot's answers are not published texts: no 50(4) duty
    assert not fired(ev, "ai_art50_4_public_text")


def test_social_benefit_eligibility_scoring_is_high_risk_5a_with_fria_and_no_exemption():
    ev = run(as_of=TODAY, personal_data=True, profiling=True, a3_public_benefits=True,
             exemption_task="preparatory", decides_individual="partly",
             cnil_social_support=True, vulnerable_people=True)
    assert ev.tier == "high_risk"
    assert ev.annex_iii_point == "5(a)"
    assert ev.exempted is False
    assert "profils" in ev.exemption_reason
    assert fired(ev, "ai_art6_3_profiling_override")
    fria = fired(ev, "ai_art27_fria")
    assert fria and fria.legal_reference.endswith("art. 27")
    assert fria.applies_from == date(2027, 12, 2) and not fria.in_force()
    assert fria.in_force(date(2027, 12, 2))
    assert ("a3_public_benefits", True) in fria.triggered_by
    assert fired(ev, "ai_art26_8_registration") and fired(ev, "ai_art86_explanation")
    assert ev.dpia.required is True
    assert fired(ev, "crpa_l311_3_1_explicit_mention").in_force()


def test_same_tool_without_profiling_can_use_the_6_3_exemption():
    ev = run(as_of=TODAY, personal_data=True, profiling=False, a3_public_benefits=True,
             exemption_task="preparatory")
    assert ev.exempted is True
    assert ev.tier == "minimal"
    assert fired(ev, "ai_art6_4_exemption_documentation")
    assert not fired(ev, "ai_art27_fria")


def test_emergency_call_triage_for_sdis_is_high_risk_5d():
    ev = run(as_of=TODAY, a3_emergency_triage=True, personal_data=True)
    assert (ev.tier, ev.annex_iii_point) == ("high_risk", "5(d)")
    assert fired(ev, "ai_art27_fria")


def test_cv_sorting_is_high_risk_4_and_staff_must_be_informed():
    ev = run(as_of=TODAY, a3_employment=True, personal_data=True, profiling=True)
    assert (ev.tier, ev.annex_iii_point) == ("high_risk", "4")
    assert fired(ev, "ai_art26_workers")
    assert ev.dpia.required is True


def test_critical_infrastructure_safety_component_has_no_fria_nor_eu_registration():
    ev = run(a3_critical_infrastructure=True)
    assert (ev.tier, ev.annex_iii_point) == ("high_risk", "2")
    assert fired(ev, "ai_art26_use_and_oversight")
    assert not fired(ev, "ai_art27_fria")
    assert not fired(ev, "ai_art26_8_registration")


def test_deployer_becomes_provider_under_article_25():
    ev = run(a3_education=True, own_name_on_system=True)
    assert ev.role == "provider"
    assert fired(ev, "ai_provider_high_risk")
    assert fired(ev, "ai_art25_1_a_own_name")
    # not for a system that is not high-risk
    ev = run(own_name_on_system=True)
    assert ev.role == "deployer"


def test_annex_i_product_is_high_risk_from_august_2028():
    ev = run(as_of=TODAY, annex_i_safety_component=True)
    assert ev.tier == "high_risk" and ev.annex_i
    assert ev.tier_applies_from == date(2028, 8, 2)
    oversight = fired(ev, "ai_art26_use_and_oversight")
    assert not oversight.in_force(date(2028, 8, 1)) and oversight.in_force(date(2028, 8, 2))
    assert oversight.date_note and "annexe I" in oversight.date_note


# --- dates switch obligations on and off --------------------------------------------------

def test_article_50_applies_from_2_august_2026():
    before = run(as_of=date(2026, 8, 1), interacts_with_people=True)
    after = run(as_of=date(2026, 8, 2), interacts_with_people=True)
    assert not fired(before, "ai_art50_1_interaction").in_force()
    assert fired(after, "ai_art50_1_interaction").in_force()
    assert not before.tier_in_force and after.tier_in_force


def test_annex_iii_obligations_apply_from_2_december_2027():
    before = run(as_of=date(2027, 12, 1), a3_public_benefits=True)
    after = run(as_of=date(2027, 12, 2), a3_public_benefits=True)
    ids = ("ai_art26_use_and_oversight", "ai_art26_logs", "ai_art27_fria",
           "ai_art26_8_registration")
    assert all(not fired(before, i).in_force() for i in ids)
    assert all(fired(after, i).in_force() for i in ids)
    assert before.tier == after.tier == "high_risk"
    assert [r.id for r in before.obligations_in_force] == ["ai_art4_literacy"]


def test_a_commune_using_a_general_image_generator_is_not_told_its_use_is_prohibited():
    # Art. 5(1)(ba) bans using a system *for the purpose of* producing intimate images of
    # real people, not owning a generator that could: the illustration tool is allowed
    # and only carries the deepfake disclosure duty.
    ev = run(as_of=date(2027, 1, 5), generates_content=True, deepfake=True,
             p_intimate_imagery=False, p_child_abuse_material=False)
    assert ev.tier == "transparency"
    assert fired(ev, "ai_art50_4_deepfake")
    assert not fired(ev, "ai_art5_1_ba_intimate_imagery")
    question = next(q for q in QUESTIONS if q["id"] == "p_intimate_imagery")
    assert "dans le but de" in question["text"]


def test_a_provider_without_safeguards_falls_under_the_new_prohibition():
    ev = run(as_of=date(2027, 1, 5), declared_role="provider", generates_content=True,
             p_provider_no_safeguards=True)
    assert ev.tier == "prohibited"
    rule = fired(ev, "ai_art5_1_ba_bb_provider_safeguards")
    assert rule.applies_from == date(2026, 12, 2)
    assert "(ba) et (bb)" in rule.legal_reference


def test_new_prohibitions_apply_from_2_december_2026():
    before = run(as_of=date(2026, 12, 1), generates_content=True, p_intimate_imagery=True)
    after = run(as_of=date(2026, 12, 2), generates_content=True, p_intimate_imagery=True)
    rule_before = fired(before, "ai_art5_1_ba_intimate_imagery")
    assert rule_before.applies_from == date(2026, 12, 2) and not rule_before.in_force()
    assert fired(after, "ai_art5_1_ba_intimate_imagery").in_force()
    assert before.tier == "prohibited" and not before.tier_in_force
    assert after.tier_in_force
    stop = fired(before, "ai_prohibited_stop")
    assert stop.applies_from == date(2026, 12, 2) and not stop.in_force()
    # an older prohibition is in force at once
    old = run(as_of=date(2026, 12, 1), p_intimate_imagery=True, p_manipulation=True)
    assert fired(old, "ai_prohibited_stop").in_force()


def test_legacy_system_of_a_public_authority_has_until_2_august_2030():
    ev = run(as_of=date(2028, 1, 1), a3_public_benefits=True,
             in_service_before_high_risk_rules=True, significant_change=False)
    fria = fired(ev, "ai_art27_fria")
    assert fria.applies_from == date(2030, 8, 2) and not fria.in_force()
    assert "111(2)" in fria.date_note
    assert ev.tier_applies_from == date(2030, 8, 2)
    # a significant change since then: the normal date applies
    changed = run(as_of=date(2028, 1, 1), a3_public_benefits=True,
                  in_service_before_high_risk_rules=True, significant_change=True)
    assert fired(changed, "ai_art27_fria").in_force()


def test_legacy_date_is_flagged_when_the_change_question_is_unanswered():
    ev = run(as_of=date(2028, 1, 1), a3_public_benefits=True,
             in_service_before_high_risk_rules=True, significant_change=None)
    fria = fired(ev, "ai_art27_fria")
    assert fria.applies_from == date(2027, 12, 2)  # conservative: the earlier date
    assert "la conception du système a-t-elle changé" in fria.uncertain
    assert "significant_change" not in fria.uncertain  # a reader never sees an id


def test_marking_of_generated_content_for_systems_already_on_the_market():
    new = run(as_of=date(2026, 9, 1), declared_role="provider", generates_content=True)
    old = run(as_of=date(2026, 9, 1), declared_role="provider", generates_content=True,
              content_system_on_market_before_2026_08_02=True)
    assert fired(new, "ai_art50_2_marking").in_force()
    marking = fired(old, "ai_art50_2_marking")
    assert marking.applies_from == date(2026, 12, 2) and not marking.in_force()
    # the Art. 111(2) cut-off of high-risk systems is another question: it does not
    # move the marking date
    other = run(as_of=date(2026, 9, 1), declared_role="provider", generates_content=True,
                in_service_before_high_risk_rules=True)
    assert fired(other, "ai_art50_2_marking").in_force()


def test_ai_literacy_article_4_is_an_obligation_of_means_in_force_since_february_2025():
    ev = run(as_of=TODAY)
    literacy = fired(ev, "ai_art4_literacy")
    assert literacy.in_force() and literacy.applies_from == date(2025, 2, 2)
    assert literacy.uncertain is None  # not « perhaps a mere encouragement »
    assert "niveau suffisant" not in literacy.requirement.replace("« niveau suffisant » garanti",
                                                                  "")
    assert "obligation de moyens" in literacy.requirement
    assert "2026/1744" in literacy.legal_reference


# --- unknown answers (« je ne sais pas ») -------------------------------------------------

def test_missing_profiling_answer_blocks_the_exemption_and_is_listed():
    ev = evaluate(answers(a3_public_benefits=True, exemption_task="preparatory",
                          personal_data=None, profiling=None), as_of=TODAY)
    assert ev.exempted is False and ev.tier == "high_risk"
    todo = pending(ev, "ai_art6_3_profiling_override")
    assert todo and todo.missing == ["profiling"]
    assert "précisez" in ev.exemption_reason


def test_empty_questionnaire_does_not_conclude_and_names_the_deciding_questions():
    ev = evaluate({}, as_of=TODAY)
    assert ev.tier == "undetermined" and not ev.conclusive
    assert ev.tier_label != "Risque minimal" and "minimal" not in ev.summary
    assert "impossible à conclure" in ev.summary
    deciding = [q["id"] for q in ev.deciding_questions]
    assert "p_manipulation" in deciding and "a3_public_benefits" in deciding
    assert "annex_i_safety_component" in deciding
    assert all(q["text"].endswith("?") for q in ev.deciding_questions)
    assert ev.role is None and ev.role_label == "Rôle à préciser"
    assert ev.dpia.required is None
    assert len(ev.to_confirm) > 20
    assert ev.uncertainties[0]["rule_id"] == "classification"
    assert "p_manipulation" not in ev.uncertainties[0]["text"]


def test_one_unanswered_deciding_question_is_enough_to_withhold_minimal_risk():
    ev = run(as_of=TODAY, a3_elections=None)
    assert ev.tier == "undetermined"
    assert [q["id"] for q in ev.deciding_questions] == ["a3_elections"]
    assert run(as_of=TODAY).tier == "minimal"  # every question answered


def test_transparency_duties_stay_a_floor_while_the_tier_is_undetermined():
    ev = evaluate({"interacts_with_people": True}, as_of=TODAY)
    assert ev.tier == "undetermined" and ev.tier_floor == "transparency"
    assert "Au moins les obligations de transparence" in ev.summary
    assert fired(ev, "ai_art50_1_interaction")


def test_answers_are_tolerant_to_form_values():
    parsed = Answers.from_dict({"declared_role": "deployer", "interacts_with_people": "oui",
                                "personal_data": "je ne sais pas", "a3_education": "non",
                                "decides_individual": "perhaps", "unknown_key": 1})
    assert parsed.to_dict() == {"declared_role": "deployer", "interacts_with_people": True,
                                "a3_education": False}
    assert set(parsed.ignored) == {"decides_individual", "unknown_key"}
    assert Answers.from_dict(parsed.to_dict()) == parsed


def test_article_25_provider_duties_follow_the_deferred_chapter_iii_dates():
    # Art. 25 sits in Chapter III, Section 3: deferred with the high-risk rules.
    annex_iii = run(as_of=TODAY, a3_public_benefits=True, own_name_on_system=True)
    assert annex_iii.role == "provider"
    assert fired(annex_iii, "ai_art25_1_a_own_name").applies_from == date(2027, 12, 2)
    annex_i = run(as_of=TODAY, annex_i_safety_component=True, substantial_modification=True)
    assert fired(annex_i, "ai_art25_1_b_substantial_modification").applies_from == date(2028, 8, 2)


def test_legacy_cut_off_is_the_date_of_application_of_chapter_iii():
    question = next(q for q in QUESTIONS if q["id"] == "in_service_before_high_risk_rules")
    assert "2 décembre 2027" in question["text"] and "2 août 2028" in question["text"]
    assert "2 août 2026" not in question["text"]
    ev = run(as_of=date(2028, 1, 1), a3_public_benefits=True,
             in_service_before_high_risk_rules=True, significant_change=False)
    note = fired(ev, "ai_art27_fria").date_note
    assert "111(2)" in note and "2 décembre 2027" in note and "2 août 2030" in note
