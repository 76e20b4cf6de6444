"""The grader table: each claim kind the reader produces is graded by the function in its row."""

import pytest

from clinverify.verifier import dates, verify
from clinverify.verifier.claims import extract_claims
from clinverify.verifier.graders import GRADERS, TraceContext, grade_arithmetic, grade_date
from clinverify.verifier.result import Check

SAMPLES = (
    "2 * 131 + 18 / 2.8 = 262 + 6.43 = 268.43",
    "The weight is 142.0 lbs * 0.453592 kg/lbs = 64.41 kg.",
    "The concentration of creatinine is 1.4 mg/dL.",
    "The next period would be 10/11/2020 + 29 days = 11/09/2020.",
    "BSA = sqrt((125 * 173) / 3600).",
    "From 07/18/2010 to 02/09/2011: July 18 to July 31: 13 days.",
    "LMP 02/03/2012: remaining 254 days. March (31 days) → 223 days left.",
)


def test_every_kind_read_has_a_grader():
    kinds = {c.kind for text in SAMPLES for c in (*extract_claims(text), *dates.read(text))}
    assert kinds == {"arithmetic", "conversion", "quantity", "date", "date_count", "month_length", "days_left", "restatement"}
    assert kinds <= set(GRADERS)


def test_graders_take_a_claim_and_the_context():
    ctx = TraceContext(None, None, None, None)
    (arith,) = [c for c in extract_claims("4 * 5 = 27") if c.kind == "arithmetic"]
    check = grade_arithmetic(arith, ctx)
    assert check.kind == "arithmetic" and check.ok is False and ctx.stated == [27.0]
    text = "The next period would be 10/11/2020 + 29 days = 11/09/2020."
    (date,) = dates.read(text)
    ctx.trace = text
    assert grade_date(date, ctx).ok is True


def test_verify_grades_through_the_table(monkeypatch):
    def flag(claim, ctx):
        return Check("arithmetic", False, "flagged by the table's grader", claim.start, claim.end)

    monkeypatch.setitem(GRADERS, "arithmetic", flag)
    res = verify("Step 1: 2 + 2 = 4.").to_dict()
    assert [s["verdict"] for s in res["steps"]] == ["incorrect"]
    monkeypatch.delitem(GRADERS, "arithmetic")
    res = verify("Step 1: 2 + 2 = 4.").to_dict()
    assert [s["verdict"] for s in res["steps"]] == ["neutral"]


def test_note_values_come_in_the_same_order_under_every_hash_seed():
    import json
    import os
    import subprocess
    import sys

    code = ("import json; from clinverify.verifier import verify; "
            "print(json.dumps(verify('The heart rate is 95 beats/min.', calculator='sirs_criteria', "
            "patient_note='Pulse 88 at triage; heart rate 90 beats/min later; HR 101 on arrival.').to_dict()['steps']))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=dict(os.environ, PYTHONHASHSEED=str(seed))).stdout for seed in (1, 2, 3)}
    assert len(outs) == 1 and json.loads(outs.pop())[0]["verdict"] == "incorrect"


def test_without_data_a_number_the_note_writes_for_another_input_is_no_value_of_this_one():
    note = "Labs: Na 140 mmol/L, Cl 90 mmol/L and HCO3- 15 mmol/L."
    steps = verify("The chloride is 140 mmol/L.\nThe delta gap is 23 mEq/L.", calculator="delta_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect" and steps[0]["detail"] == "the note gives chloride as 90 mmol/L; 140 is its sodium"
    steps = verify("The chloride is 90 mmol/L.\nThe delta gap is 23 mEq/L.", calculator="delta_gap", patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "correct"
    # a note that gives chloride twice decides nothing against a number written elsewhere in it
    two = "Labs: Na 140 mmol/L, Cl 90 mmol/L and HCO3- 15 mmol/L. Repeat: Cl 104 mmol/L."
    steps = verify("The chloride is 140 mmol/L.\nThe delta gap is 23 mEq/L.", calculator="delta_gap", patient_note=two).to_dict()["steps"]
    assert steps[0]["verdict"] != "incorrect"


@pytest.mark.parametrize("line", ["- Drugs/alcohol: drinks 7 per week (>8) → +1.", "- Drugs/alcohol: alcohol use 7 drinks/week (≥8) → +1."])
def test_a_count_per_week_under_a_findings_name_is_the_count_checked_against_the_data(line):
    ents = {"Number of Alcoholic Drinks Per Week": 9, "age": [72.0, "years"]}
    steps = verify(line + "\nThe HAS-BLED score is 1.", calculator="has_bled", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] == "incorrect" and "alcohol_drinks_per_week is 9" in steps[0]["detail"]
    steps = verify(line.replace("7", "9") + "\nThe HAS-BLED score is 1.", calculator="has_bled", entities=ents).to_dict()["steps"]
    assert steps[0]["verdict"] != "incorrect"


@pytest.mark.parametrize("line, calc, note", [
    ("The valence of K, Cl, and HCO3- is 1.", "anion_gap", "Na 140, K 4, Cl 104, HCO3 15"),
    ("A typical weight gain for infants is about 0.5 kg per month.", "maintenance_fluids", "A 2.4 kg infant"),
])
def test_a_valence_or_a_gain_is_no_patient_value(line, calc, note):
    steps = verify(line + "\nAnswer: 1", calculator=calc, patient_note=note).to_dict()["steps"]
    assert steps[0]["verdict"] == "neutral"
