"""GAD-7: Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166:1092-1097 (doi:10.1001/archinte.166.10.1092).
Scoring (Spitzer 2006): seven items, not at all 0 / several days 1 / more than half the days 2 /
nearly every day 3, summed 0-21; cut-points 5, 10 and 15 for mild, moderate and severe anxiety; >= 10 for GAD.
The paper publishes no patient example. Published scored examples (FHIR implementation-guide example instances,
synthetic patients: they check the scoring arithmetic and bands, not a clinical case): PACIO Sample Data Depot (HL7 FHIR
accelerator PACIO, github.com/paciowg/sample-data-fsh input/fsh/EX_bsj1_questionnaireresponse_gad7.fsh):
BSJ1-GAD7-QuestionnaireResponse-April2025 total 12 "Moderate anxiety" and -July2025 total 9 "Mild anxiety"; German
Medical Informatics Initiative PRO module, QuestionnaireResponse mii-exa-pro-gad-7-response and Observation
mii-exa-pro-gad-7-score (https://build.fhir.org/ig/medizininformatik-initiative/kerndatensatzmodul-proms/branches/
v2026.7.0/en/QuestionnaireResponse-mii-exa-pro-gad-7-response.html): total 7. The other examples are worked by hand
from the scoring rule. The PHQ/GAD-7 instruction manual was searched (stored copies open at its background and
versions pages)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("gad_7")
NAMES = ("nervousness", "uncontrollable_worry", "excessive_worry", "trouble_relaxing", "restlessness", "irritability",
         "feeling_afraid")


def gad(*points):
    return compute("gad_7", dict(zip(NAMES, points, strict=True)))


def test_published_examples_pacio_gad7_12_and_9():
    # PACIO BSJ1-GAD7-QuestionnaireResponse-April2025: ordinal values 2, 2, 2, 1, 1, 2, 2 -> published total 12,
    # "Moderate anxiety"; -July2025: 2, 1, 1, 2, 0, 1, 2 -> published total 9, "Mild anxiety".
    april = gad(2, 2, 2, 1, 1, 2, 2)
    assert april.value == 12 and "moderate (10–14)" in "\n".join(april.explanation())
    july = gad(2, 1, 1, 2, 0, 1, 2)
    assert july.value == 9 and "mild (5–9)" in "\n".join(july.explanation())


def test_published_example_mii_gad7_total_7():
    # MII PRO module mii-exa-pro-gad-7-response: items a-c "several days" (LA6569-3), d-e "more than half the days"
    # (LA6570-1), f-g "not at all" (LA6568-5); published total (LOINC 70274-6): 7.
    r = compute("gad_7", {"nervousness": "several days", "uncontrollable_worry": "several days",
                          "excessive_worry": "several days", "trouble_relaxing": "more than half the days",
                          "restlessness": "more than half the days", "irritability": "not at all",
                          "feeling_afraid": "not at all"})
    assert r.value == 7


def test_range_0_to_21():
    assert gad(*[0] * 7).value == 0 == CALC.output.minimum
    assert gad(*[3] * 7).value == 21 == CALC.output.maximum


def test_worked_example_moderate():
    # more than half the days (2), nearly every day (3), nearly every day (3), several days (1), not at all (0),
    # several days (1), more than half the days (2): 2+3+3+1+0+1+2 = 12 -> moderate (10-14), at or above the GAD cut-point.
    r = compute("gad_7", {"nervousness": "more than half the days", "uncontrollable_worry": "nearly every day",
                          "excessive_worry": 3, "trouble_relaxing": "several days", "restlessness": "not at all",
                          "irritability": 1, "feeling_afraid": 2})
    assert r.value == 12 and r.intermediates["excessive_worry_points"] == 3
    text = "\n".join(r.explanation())
    assert "moderate (10–14)" in text and "further evaluation" in text


def test_worked_example_mild():
    # 1+1+1+1+1+1+0 = 6 -> mild (5-9), below the GAD cut-point.
    r = gad(1, 1, 1, 1, 1, 1, 0)
    assert r.value == 6
    text = "\n".join(r.explanation())
    assert "mild (5–9)" in text and "below the 10-point cut-point" in text


@pytest.mark.parametrize("total,band", [
    (0, "minimal (0–4)"), (4, "minimal (0–4)"), (5, "mild (5–9)"), (9, "mild (5–9)"), (10, "moderate (10–14)"),
    (14, "moderate (10–14)"), (15, "severe (15–21)"), (21, "severe (15–21)"),
])
def test_severity_bands_at_every_cut_point(total, band):
    points = [min(3, max(0, total - 3 * i)) for i in range(7)]
    assert sum(points) == total
    r = gad(*points)
    assert r.value == total and f"GAD-7 score {total}: {band}" in "\n".join(r.explanation())


def test_entity_keys():
    e = {f"GAD-7 item {i}": v for i, v in enumerate(["every day", "3", 2.0, "over half the days", "never", 0, 1], 1)}
    # 3 + 3 + 2 + 2 + 0 + 0 + 1 = 11
    assert compute("gad_7", e).value == 11


def test_bad_input():
    with pytest.raises(InputError) as ei:
        gad(0, 0, 0, 0, 0, 0, -1)
    assert ei.value.field == "feeling_afraid"
    with pytest.raises(InputError) as ei:
        compute("gad_7", dict(zip(NAMES[1:], [1] * 6, strict=True)))
    assert ei.value.field == "nervousness"
    with pytest.raises(InputError) as ei:
        gad(0, "sometimes", 0, 0, 0, 0, 0)
    assert ei.value.field == "uncontrollable_worry"
