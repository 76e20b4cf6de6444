"""``entities_from_fhir`` and ``clinverify verify --fhir BUNDLE``: a trace's extraction steps
checked against the patient's FHIR record (issue 16 item 7). Expected values are read from the
Synthea bundle here, not from the code under test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytest.importorskip("fhir.resources")
pytest.importorskip("ucumvert")

from clinverify.clients.cli import main  # noqa: E402
from clinverify.ehr import compute_from_fhir, entities_from_fhir  # noqa: E402

PARKER = Path(__file__).resolve().parents[1] / "data" / "fhir" / "synthea" / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json"
AS_OF = "2021-02-20"


def _resources(kind: str) -> list[dict]:
    bundle = json.loads(PARKER.read_text(encoding="utf-8"))
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _latest(loinc: tuple[str, ...], days: int) -> dict:
    """The most recent final Observation with one of the codes, at most ``days`` before the end of AS_OF."""
    end = dt.datetime.fromisoformat(AS_OF + "T23:59:59+00:00")
    found = [o for o in _resources("Observation") if o["status"] == "final"
             and any(c["code"] in loinc for c in o["code"]["coding"])
             and end - dt.timedelta(days=days) <= dt.datetime.fromisoformat(o["effectiveDateTime"]) <= end]
    assert found, loinc
    return max(found, key=lambda o: o["effectiveDateTime"])["valueQuantity"]


def _record():
    patient = _resources("Patient")[0]
    born = dt.date.fromisoformat(patient["birthDate"])
    at = dt.date.fromisoformat(AS_OF)
    age = at.year - born.year - ((at.month, at.day) < (born.month, born.day))
    creatinine = _latest(("2160-0", "38483-4", "14682-9"), 7)  # serum creatinine, within a week
    weight = _latest(("29463-7", "3141-9"), 365)
    assert creatinine["code"] == "mg/dL" and weight["code"] == "kg"
    return {"age": age, "sex": patient["gender"], "creatinine": creatinine["value"], "weight": weight["value"]}


def test_entities_are_the_records_values_in_the_calculators_form():
    want = _record()
    got = entities_from_fhir("cockcroft_gault", PARKER, AS_OF)
    assert got["sex"] == want["sex"] == "male"
    assert got["age"] == [want["age"], "year"]
    assert got["creatinine"] == [pytest.approx(want["creatinine"]), "mg/dL"]
    assert got["weight"] == [pytest.approx(want["weight"]), "kg"]
    # The same values compute_from_fhir uses.
    assert compute_from_fhir("cockcroft_gault", PARKER, AS_OF, entities=got)["value"] == \
        pytest.approx(compute_from_fhir("cockcroft_gault", PARKER, AS_OF)["value"])


def test_nothing_is_guessed():
    # No INR Observation in the record: the input is absent, not defaulted.
    assert not any(c["code"] in ("6301-6", "34714-6") for o in _resources("Observation") for c in o["code"]["coding"])
    got = entities_from_fhir("meld_na", PARKER, AS_OF)
    assert "inr" not in got and got  # the other inputs are there
    # Conditions the record does not document are absent (never False).
    assert all(v is not False for v in entities_from_fhir("cha2ds2_vasc", PARKER, AS_OF).values())


def _verify(tmp_path, rows, *extra):
    src = tmp_path / "traces.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rc = main(["verify", "--input", str(src), "--output", str(out), "--fhir", str(PARKER), "--as-of", AS_OF, *extra])
    assert rc == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _step(res, words):
    return next(s for s in res["steps"] if words in s["text"])


def test_a_trace_contradicting_the_record_has_an_extraction_error(tmp_path):
    want = _record()
    wrong = round(want["creatinine"] * 2.5, 1)
    right = round(want["creatinine"], 2)
    age = want["age"]  # the last number of each trace: the final answer is checked in that step, not this one
    rows = [
        {"id": "wrong", "calculator": "cockcroft_gault", "trace": f"The serum creatinine is {wrong} mg/dL. The patient is {age} years old."},
        {"id": "right", "calculator": "cockcroft_gault", "trace": f"The serum creatinine is {right} mg/dL. The patient is {age} years old."},
        # A row's own entities win over the record.
        {"id": "own", "calculator": "cockcroft_gault", "entities": {"creatinine": [wrong, "mg/dL"]},
         "trace": f"The serum creatinine is {wrong} mg/dL. The patient is {age} years old."},
        # The calculator named by the question when the row names none.
        {"id": "asked", "question": "What is the patient's Creatinine Clearance using the Cockcroft-Gault Equation?",
         "trace": f"The serum creatinine is {wrong} mg/dL. The patient is {age} years old."},
    ]
    res = {r["id"]: r for r in _verify(tmp_path, rows)}
    step = _step(res["wrong"], "creatinine")
    assert step["verdict"] == "incorrect" and step["error"] == "extraction"
    assert f"not {wrong} mg/dL" in step["detail"]
    step = _step(res["right"], "creatinine")
    assert step["verdict"] == "correct" and "matches the patient data" in step["detail"]
    assert _step(res["own"], "creatinine")["verdict"] == "correct"
    assert res["asked"]["calculator"] == "cockcroft_gault"
    assert _step(res["asked"], "creatinine")["error"] == "extraction"


def test_without_fhir_the_same_trace_is_not_checked_against_a_record(tmp_path):
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps({"id": 1, "calculator": "cockcroft_gault", "trace": "The serum creatinine is 2.3 mg/dL."}) + "\n")
    out = tmp_path / "o.jsonl"
    assert main(["verify", "--input", str(src), "--output", str(out)]) == 0
    assert json.loads(out.read_text())["steps"][0]["error"] != "extraction"


@pytest.mark.parametrize("content, message", [
    ("{not json", "not JSON"),
    ('{"resourceType": "Patient"}', "expected resourceType Bundle"),
    ('{"resourceType": "Bundle", "entry": []}', "no Patient"),
    (None, "cannot read"),
])
def test_a_bad_bundle_is_a_usage_error_naming_the_file(tmp_path, capsys, content, message):
    bundle = tmp_path / "bundle.json"
    if content is not None:
        bundle.write_text(content, encoding="utf-8")
    src = tmp_path / "t.jsonl"
    src.write_text('{"trace": "x"}\n', encoding="utf-8")
    assert main(["verify", "--input", str(src), "--fhir", str(bundle)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --fhir {bundle}: ") and message in err and "Traceback" not in err


def test_unusable_options_are_usage_errors(tmp_path, capsys):
    src = tmp_path / "t.jsonl"
    src.write_text('{"trace": "x"}\n', encoding="utf-8")
    base = ["verify", "--input", str(src), "--fhir", str(PARKER)]
    assert main([*base, "--as-of", "yesterday"]) == 2
    assert "as_of" in capsys.readouterr().err
    assert main([*base, "--lookback-days", "-1"]) == 2
    assert "--lookback-days" in capsys.readouterr().err
    assert main([*base, "--medcalc-bench"]) == 2
    assert "not both" in capsys.readouterr().err
