"""``clinverify calc ID --fhir BUNDLE`` and ``--fhir-ndjson DIR`` (clients/fhir_cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fhir.resources")
pytest.importorskip("ucumvert")

from clinverify.clients.cli import main  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "fhir"
PARKER = DATA / "synthea" / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json"


def test_calc_from_a_bundle(capsys):
    assert main(["calc", "cha2ds2_vasc", "--fhir", str(PARKER), "--as-of", "2021-02-20", "--absent-rule"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["status"] == "complete" and row["value"] == 4  # age 68, heart failure, hypertension, diabetes
    assert row["provenance"]["chf"]["code"] == "snomed|88805009"


def test_incomplete_is_not_an_error_unless_strict(capsys):
    argv = ["calc", "meld_na", "--fhir", str(PARKER), "--as-of", "2021-02-20"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["missing"]["inr"] == ["loinc|6301-6", "loinc|34714-6"]
    assert main([*argv, "--strict"]) == 1


def test_lookback_days_and_entities(capsys):
    argv = ["calc", "mean_arterial_pressure", "--fhir", str(PARKER), "--as-of", "2021-02-20"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "incomplete"  # last BP 2020-09-03: outside 1 day
    assert main([*argv, "--lookback-days", "200"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == pytest.approx((160.9520921199963 + 2 * 97.21228669768918) / 3)
    assert main([*argv, "--entities", '{"systolic_bp": 120, "diastolic_bp": 60}']) == 0
    assert json.loads(capsys.readouterr().out)["value"] == pytest.approx(80)


def test_ndjson_one_line_per_patient_and_a_bad_line(tmp_path, capsys):
    for name in ("Patient.000.ndjson", "Condition.000.ndjson"):
        (tmp_path / name).write_bytes((DATA / "bulk-10" / name).read_bytes())
    with open(tmp_path / "Patient.000.ndjson", "ab") as fh:
        fh.write(b"not json\n")
    # An Observation line that names none of the calculator's codes is not parsed (it cannot matter).
    (tmp_path / "Observation.000.ndjson").write_text("not json either\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["calc", "cha2ds2_vasc", "--fhir-ndjson", str(tmp_path), "--as-of", "1994-01-01", "--absent-rule",
                 "--output", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    patients = (DATA / "bulk-10" / "Patient.000.ndjson").read_text().splitlines()
    assert len(rows) == len(patients) + 1
    n = len(patients) + 1
    assert rows[0]["status"] == "error" and rows[0]["error"]["message"].startswith(f"Patient.000.ndjson line {n}: not JSON")
    assert "rows" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--fhir", "/no/such.json"], "cannot read"),
    (["--fhir-ndjson", "/no/such/dir"], "cannot read"),
    (["--fhir", "x.json", "--fhir-ndjson", "d"], "not both"),
    (["--fhir", str(PARKER), "--as-of", "soon"], "as_of"),
])
def test_bad_arguments_are_usage_errors(argv, message, capsys):
    assert main(["calc", "bmi", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
