"""Findings a note states or denies (verifier.note_findings), and criteria judged from them without entities."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.calculators import get
from clinverify.verifier import verify
from clinverify.verifier.note_findings import flag_names, note_flags

WELLS = get("wells_pe")


@pytest.mark.parametrize(("note", "want"), [
    ("History of recurrent DVTs on warfarin.", {"previous_dvt": True}),
    ("He denies hemoptysis.", {"hemoptysis": False}),
    ("No hemoptysis or chest pain.", {"hemoptysis": False}),
    ("Hemoptysis was ruled out.", {"hemoptysis": False}),
    ("He reports hemoptysis since yesterday.", {"hemoptysis": True}),
    ("No fever but he reports hemoptysis.", {"hemoptysis": True}),  # the negation's scope ends at "but"
    ("His mother had a DVT.", {}),  # relatives
    ("Suspected hemoptysis.", {}),  # uncertain
    ("It was important to rule out sepsis or malignancy.", {"malignancy": False}),  # NegEx: what is to be ruled out is not established
    ("He has metastatic cancer.", {}),  # "malignancy treated within 6 months": the time is not in the note's words
    ("He reports hemoptysis. He denies hemoptysis.", {}),  # the note contradicts itself: undecided
    ("Pulmonary embolism was diagnosed on CT.", {}),  # the episode the score is about, not a previous PE
    ("History of pulmonary embolism in 2015.", {"previous_pe": True}),
])
def test_a_note_affirms_denies_or_leaves_a_finding(note, want):
    assert note_flags(WELLS, note) == want


def test_flags_with_times_are_read_for_a_denial_only_and_absences_and_judgements_not_at_all():
    modes = {n: mode for n, _, mode in flag_names(WELLS)}
    assert modes["recent_surgery"] == "deny" and modes["malignancy"] == "deny"  # "in the previous 4 weeks", "within 6 months"
    assert "pe_most_likely" not in modes  # the clinician's judgement
    assert "cough_absent" not in {n for n, _, _ in flag_names(get("centor_mcisaac"))}  # true when the cough is absent


NOTE = "A 60-year-old man with a history of recurrent DVTs on warfarin presents with dyspnea. He denies hemoptysis. Heart rate 88."


@pytest.mark.parametrize(("trace", "ok"), [
    ("No previous PE or DVT; no points added.", False),
    ("History of DVT: +1.5 points.", True),
    ("The patient has hemoptysis, adding 1 point.", False),
    ("No hemoptysis; 0 points.", True),
])
def test_without_entities_a_yes_no_criterion_is_judged_by_what_the_note_says(trace, ok):
    checks = [c for s in verify(trace + "\nDone.", calculator="wells_pe", patient_note=NOTE).steps for c in s.checks if c.kind == "criterion"]
    assert [c.ok for c in checks] == [ok]
    if not ok:
        assert "from the note" in checks[0].detail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("abcdeghilnoprstuvy .,;?\n-DVTPE")), max_size=3000))
def test_any_note_text_reads_without_error(note):
    assert isinstance(note_flags(WELLS, note), dict)


@pytest.mark.parametrize(("note", "flag"), [
    ("His medical trajectory also reveals a major bleeding episode in the past.", "bleeding_medication"),  # "medical … bleeding" is no medication
    ("When it comes to bleeding risk, he has never been prescribed any medication known to accelerate bleeding.", "prior_bleeding"),
])
def test_words_of_a_name_far_apart_or_in_a_sentence_about_risk_do_not_affirm_it(note, flag):
    assert note_flags(get("has_bled"), note).get(flag) is not True


def test_a_score_s_own_topic_is_affirmed_as_past_only_when_the_note_says_so():
    has_bled = get("has_bled")
    assert note_flags(has_bled, "He had a major bleeding episode in the past.") == {"prior_bleeding": True}
    assert note_flags(has_bled, "He denies any major bleeding episode.") == {"prior_bleeding": False}


def test_a_negation_runs_on_through_a_list_of_findings():
    calc = get("caprini")
    note = ("The patient denies history of heart failure, any recent infections or sepsis, stroke, pulmonary embolism, "
            "inflammatory bowel disease, coronary artery disease, chronic obstructive pulmonary disease, or malignancy.")
    assert note_flags(calc, note).get("copd") is False
    note = "Factor V Leiden, prothrombin 20210A, and lupus anticoagulant were negative."
    flags = note_flags(calc, note)
    assert flags.get("factor_v_leiden") is False and flags.get("lupus_anticoagulant") is False
    # A new clause or an exception ends the list.
    assert note_flags(calc, "Apart from varicose veins, her lower extremities exam is unremarkable.").get("varicose_veins") is True
    assert note_flags(calc, "She does not have a central line, but her genetic tests revealed a positive Factor V Leiden mutation.").get("factor_v_leiden") is not False
    assert note_flags(get("charlson_comorbidity_index"),
                      "He does not have a history of peptic ulcer disease, peripheral vascular disease, lymphoma, leukemia, or any solid tumors.").get("leukemia") is False


def test_a_long_list_of_denied_findings_reads_in_bounded_time():
    import time
    note = "The patient denies " + ", ".join(["heart failure", "sepsis", "stroke", "COPD", "malignancy"] * 800) + " or lupus anticoagulant."
    note += " Factor V Leiden, " * 2000 + "were negative."
    t0 = time.perf_counter()
    flags = note_flags(get("caprini"), note[:100_000])
    assert flags.get("copd") is False
    assert time.perf_counter() - t0 < 30  # typical: well under a second; ten times that and more on a loaded machine
