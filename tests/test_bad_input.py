"""Bad input gives a clear error that names the field (and range or unit), never a traceback."""

import json
import math

import pytest

from clinverify.calculators import InputError, UnknownCalculator, compute, get
from clinverify.clients.cli import calc_row, main

GOOD = {"sex": "Male", "age": [60, "years"], "weight": [80, "kg"], "height": [175, "cm"], "creatinine": [1.2, "mg/dL"]}


def cg(**changes):
    e = dict(GOOD)
    for k, v in changes.items():
        if v is None:
            e.pop(k)
        else:
            e[k] = v
    return compute("cockcroft_gault", e)


def test_unknown_calculator_suggests_close_matches():
    with pytest.raises(UnknownCalculator) as ei:
        get("cockroft_gault")
    assert "cockcroft_gault" in str(ei.value) and "cockcroft_gault" in ei.value.suggestions


def test_missing_input_is_named():
    with pytest.raises(InputError) as ei:
        cg(creatinine=None)
    assert ei.value.field == "creatinine" and "missing" in str(ei.value)


def test_wrong_dimension():
    with pytest.raises(InputError) as ei:
        cg(creatinine=[3, "kg"])
    msg = str(ei.value)
    assert "creatinine" in msg and "kg" in msg and "dimension" in msg


def test_unparseable_unit():
    with pytest.raises(InputError) as ei:
        cg(creatinine=[1.2, "blorps/dL"])
    assert "creatinine" in str(ei.value) and "blorps" in str(ei.value)


def test_non_numeric_value():
    with pytest.raises(InputError) as ei:
        cg(weight=["heavy", "kg"])
    assert ei.value.field == "weight" and "number" in str(ei.value)


@pytest.mark.parametrize(("field", "raw"), [("age", [400, "years"]), ("creatinine", [-1.0, "mg/dL"])])
def test_out_of_range(field, raw):
    with pytest.raises(InputError) as ei:
        cg(**{field: raw})
    msg = str(ei.value)
    assert field in msg and "plausible range" in msg


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "nan", "inf"])
def test_nan_and_inf(bad):
    with pytest.raises(InputError) as ei:
        cg(weight=[bad, "kg"])
    assert ei.value.field == "weight" and "finite" in str(ei.value)


def test_all_problems_reported_together():
    with pytest.raises(InputError) as ei:
        cg(weight=[3, "mg/dL"], age=None)
    assert {v.field for v in ei.value.violations} == {"weight", "age"}


def test_entities_must_be_an_object():
    with pytest.raises(InputError):
        get("bmi").parse([1, 2])


def test_unit_conversions_are_applied():
    a = compute("bmi", {"weight": [154.32358, "lbs"], "height": [70, "in"]}).value
    b = compute("bmi", {"weight": [70, "kg"], "height": [177.8, "cm"]}).value
    assert a == pytest.approx(b, rel=1e-6)


def test_batch_row_errors_do_not_stop_the_batch(tmp_path, capsys):
    rows = [
        {"id": 1, "calculator": "bmi", "entities": {"weight": 70, "height": 170}},
        {"id": 2, "calculator": "nope", "entities": {}},
        {"id": 3, "calculator": "bmi", "entities": {"weight": [70, "kg"], "height": [400, "cm"]}},
        {"id": 4, "calculator": 6, "entities": {"weight": 70, "height": 170}},
    ]
    f = tmp_path / "rows.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n{broken\n" + "\n".join(json.dumps(r) for r in rows[2:]) + "\n")
    assert main(["calc", "--input", str(f), "--no-progress"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == [1, 2, None, 3, 4]
    assert out[0]["error"] is None and out[4]["error"] is None
    assert out[1]["error"]["code"] == "unknown_calculator"
    assert out[2]["error"]["code"] == "invalid_json"
    assert out[3]["error"]["code"] == "invalid_input" and out[3]["error"]["fields"][0]["field"] == "height"


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    assert main(["calc", "--input", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["calc", "bmi", "--entities", "{not json"]) == 2
    assert main(["calc", "--bogus-flag"]) == 2
    assert main(["calc", "show", "no_such_calculator"]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl" in err


def test_calc_row_never_raises_on_garbage():
    for row in ([], "x", {"calculator": None}, {"calculator": "bmi", "entities": "zzz"}, {"calculator": {"a": 1}}):
        out = calc_row(row, explain=False)
        assert out["error"] is not None


def test_oversized_inputs_name_the_field_and_the_limit():
    from clinverify.calculators.limits import MAX_UNIT_CHARS, MAX_VALUE_DEPTH

    with pytest.raises(InputError) as ei:
        cg(weight=[80, "k" * 100_000])
    assert str(ei.value) == f"cockcroft_gault: weight: unit is 100000 characters; the limit is {MAX_UNIT_CHARS}"
    with pytest.raises(InputError) as ei:
        cg(age=[[[[[[60]]]]]])
    assert ei.value.field == "age" and f"the limit is {MAX_VALUE_DEPTH}" in str(ei.value)


def test_errors_quote_at_most_200_characters_of_the_input():
    with pytest.raises(InputError) as ei:
        cg(sex="q" * 250)
    assert "q" * 190 in str(ei.value) and "q" * 200 not in str(ei.value)
    with pytest.raises(UnknownCalculator) as ei:
        get("z" * 1_000_000)
    assert len(str(ei.value)) < 300 and ei.value.suggestions == []
