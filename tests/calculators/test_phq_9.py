"""PHQ-9: Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613 (doi:10.1046/j.1525-1497.2001.016009606.x).
Scoring (Kroenke 2001, Methods): nine items, not at all 0 / several days 1 / more than half the days 2 / nearly
every day 3, summed 0-27; severity cut-points 5, 10, 15, 20 (mild, moderate, moderately severe, severe; Results).
The paper publishes no patient example. Published scored examples (standards-body example instances, synthetic
patients: they check the scoring arithmetic and bands, not a clinical case): HL7 FHIR US Core IG,
QuestionnaireResponse/phq-9-example (https://hl7.org/fhir/us/core/QuestionnaireResponse-phq-9-example.html; source
github.com/HL7/US-Core input/examples/QuestionnaireResponse-phq-9-example.json): total 12; PACIO Sample Data Depot
(HL7 FHIR accelerator PACIO, github.com/paciowg/sample-data-fsh input/fsh/EX_bsj1_questionnaireresponse.fsh,
betsysmith-johnson01-qr-phq9-snf-admission-01): total 23. The other examples are worked by hand from the scoring
rule. The PHQ/GAD-7 instruction manual was searched (stored copies open at its background and versions pages)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("phq_9")
NAMES = ("interest", "depressed_mood", "sleep", "fatigue", "appetite", "self_worth", "concentration", "psychomotor",
         "self_harm_thoughts")


def phq(*points):
    return compute("phq_9", dict(zip(NAMES, points, strict=True)))


def test_published_example_us_core_phq9_total_12():
    # HL7 US Core QuestionnaireResponse/phq-9-example: more than half the days (2) for interest, down, sleep, tired and
    # concentration; several days (1) for appetite and feeling bad about yourself; not at all (0) for moving/speaking and
    # thoughts of being better off dead. Published total score (LOINC 44261-6): 12 -> moderate (10-14).
    r = compute("phq_9", {"interest": "more than half the days", "depressed_mood": "more than half the days",
                          "sleep": "more than half the days", "fatigue": "more than half the days",
                          "appetite": "several days", "self_worth": "several days",
                          "concentration": "more than half the days", "psychomotor": "not at all",
                          "self_harm_thoughts": "not at all"})
    assert r.value == 12
    assert "moderate (10–14)" in "\n".join(r.explanation())


def test_published_example_pacio_phq9_total_23():
    # PACIO sample data, betsysmith-johnson01-qr-phq9-snf-admission-01: ordinal values 2, 3, 2, 3, 2, 2, 3, 3, 3 in item
    # order; published total score 23 -> severe (20-27), with item 9 positive.
    r = phq(2, 3, 2, 3, 2, 2, 3, 3, 3)
    assert r.value == 23
    text = "\n".join(r.explanation())
    assert "severe (20–27)" in text and "assess suicide risk" in text


def test_range_0_to_27():
    assert phq(*[0] * 9).value == 0 == CALC.output.minimum
    assert phq(*[3] * 9).value == 27 == CALC.output.maximum


def test_worked_example_moderate_with_item_9():
    # Answers: several days (1), more than half the days (2), nearly every day (3), nearly every day (3), not at all (0),
    # not at all (0), several days (1), not at all (0), several days (1): 1+2+3+3+0+0+1+0+1 = 11 -> moderate (10-14).
    r = compute("phq_9", {"interest": "several days", "depressed_mood": "more than half the days", "sleep": "nearly every day",
                          "fatigue": 3, "appetite": "not at all", "self_worth": 0, "concentration": 1, "psychomotor": 0,
                          "self_harm_thoughts": "several days"})
    assert r.value == 11
    assert r.intermediates["sleep_points"] == 3 and r.intermediates["self_harm_thoughts_points"] == 1
    text = "\n".join(r.explanation())
    assert "moderate (10–14)" in text and "assess suicide risk" in text


def test_worked_example_mild_without_item_9():
    # 2+1+1+1+0+1+0+0+0 = 6 -> mild (5-9); item 9 is 0, so no suicide-risk line.
    r = phq(2, 1, 1, 1, 0, 1, 0, 0, 0)
    assert r.value == 6
    text = "\n".join(r.explanation())
    assert "mild (5–9)" in text and "suicide" not in text


@pytest.mark.parametrize("total,band", [
    (4, "none to minimal (0–4)"), (5, "mild (5–9)"), (9, "mild (5–9)"), (10, "moderate (10–14)"), (14, "moderate (10–14)"),
    (15, "moderately severe (15–19)"), (19, "moderately severe (15–19)"), (20, "severe (20–27)"), (27, "severe (20–27)"),
])
def test_severity_bands_at_every_cut_point(total, band):
    # Fill items 1-8 with 3s first (item 9 stays 0), e.g. 10 = 3+3+3+1.
    points = [min(3, max(0, total - 3 * i)) for i in range(8)] + [0]
    if total == 27:
        points[8] = 3
        points = [3] * 9
    assert sum(points) == total
    r = phq(*points)
    assert r.value == total and f"PHQ-9 score {total}: {band}" in "\n".join(r.explanation())


def test_entity_keys_and_spellings():
    e = {f"PHQ-9 item {i}": v for i, v in enumerate(["nearly every day", "almost every day", "over half the days", 2.0,
                                                       "never", "none", "1", 0, 0], 1)}
    # 3 + 3 + 2 + 2 + 0 + 0 + 1 + 0 + 0 = 11
    assert compute("phq_9", e).value == 11


def test_bad_input():
    with pytest.raises(InputError) as ei:
        phq(0, 0, 0, 0, 0, 0, 0, 0, 4)
    assert ei.value.field == "self_harm_thoughts"
    with pytest.raises(InputError) as ei:
        compute("phq_9", dict(zip(NAMES[:8], [1] * 8, strict=True)))
    assert ei.value.field == "self_harm_thoughts"
    with pytest.raises(InputError) as ei:
        phq(0, 1.5, 0, 0, 0, 0, 0, 0, 0)
    assert ei.value.field == "depressed_mood"
