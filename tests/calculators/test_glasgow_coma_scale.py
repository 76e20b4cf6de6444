"""Glasgow Coma Scale: Teasdale & Jennett, Lancet 1974;2:81-84 (doi:10.1016/s0140-6736(74)91639-0); the
15-point sum (eye 1-4, verbal 1-5, motor 1-6) and the handling of non-testable components as in
Teasdale et al., Lancet Neurol 2014;13:844-854 (doi:10.1016/S1474-4422(14)70120-6). Published scored example (a FHIR
example instance, synthetic patient: it checks the sum, not a clinical case): the HL7 FHIR specification's
Observation/glasgow (github.com/HL7/fhir source/observation/observation-example-glasgow.xml;
https://hl7.org/fhir/observation-example-glasgow.html): motor 5, verbal 4, eyes 4, total 13, in its "Mild TBI" range
(13 and above). The other examples are worked by hand."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.scores.glasgow_coma_scale import EYE_POINTS, MOTOR_POINTS, VERBAL_POINTS

CALC = get("glasgow_coma_scale")


def gcs(e, v, m):
    return compute("glasgow_coma_scale", {"eye_response": e, "verbal_response": v, "motor_response": m})


def test_lookup():
    assert get(21) is CALC and get("Glasgow Coma Score (GCS)") is CALC


def test_published_example_fhir_observation_glasgow_13():
    # FHIR Observation/glasgow: eyes 4, verbal 4, motor 5 -> published total 13 (reference range 13+ "Mild TBI").
    r = gcs("eyes open spontaneously", "confused", "localizes pain")
    assert r.value == 13
    assert "mild (13–15)" in r.explanation()[-1]


def test_range_3_to_15():
    assert gcs("no eye opening", "no verbal response", "no motor response").value == 3 == CALC.output.minimum
    assert gcs("eyes open spontaneously", "oriented", "obeys commands").value == 15 == CALC.output.maximum


def test_component_tables():
    # Teasdale 2014 Table: E 4-1, V 5-1, M 6-1 (abnormal flexion 3, normal flexion/withdrawal 4).
    assert [EYE_POINTS[k] for k in ("eyes open spontaneously", "eye opening to verbal command", "eye opening to pain", "no eye opening")] == [4, 3, 2, 1]
    assert [VERBAL_POINTS[k] for k in ("oriented", "confused", "inappropriate words", "incomprehensible sounds", "no verbal response")] == [5, 4, 3, 2, 1]
    assert [MOTOR_POINTS[k] for k in ("obeys commands", "localizes pain", "withdrawal from pain", "flexion to pain", "extension to pain",
                                      "no motor response")] == [6, 5, 4, 3, 2, 1]


def test_worked_example_moderate():
    # Eyes to pain (E2), inappropriate words (V3), withdraws (M4): GCS 9, moderate; each response counted once.
    r = gcs("eye opening to pain", "inappropriate words", "withdrawal from pain")
    assert r.value == 9 and r.intermediates == {"eye_points": 2, "verbal_points": 3, "motor_points": 4}
    assert "moderate (9–12)" in "\n".join(r.explanation())


def test_numbers_and_synonyms_are_accepted():
    assert gcs(3, "5", 6.0).value == 14
    assert gcs("to sound", "orientated", "localises").value == 13
    assert gcs("E2", "V2", "decorticate").value == 7


def test_not_testable_scores_one_and_is_flagged():
    r = gcs("eyes open spontaneously", "intubated", "abnormal flexion")
    assert r.value == 8 and r.intermediates["verbal_points"] == 1
    text = "\n".join(r.explanation())
    assert "GCS 8T" in text and "not testable" in text and "E4 V1 M3" in text


def test_medcalc_bench_entity_keys():
    e = {"Best eye response": "eye opening to verbal command", "Best verbal response": "confused", "Best motor response": "localizes pain"}
    assert compute(21, e).value == 12  # v1.0's label is 16 (verbal added twice): see the errata


@pytest.mark.parametrize("field,value,expected", [("eye_response", 7, "expected 1–4"), ("verbal_response", 0, "expected 1–5"),
                                                  ("motor_response", "twitches", "expected 1–6")])
def test_out_of_range_component_names_the_field(field, value, expected):
    e = {"eye_response": 4, "verbal_response": 5, "motor_response": 6, field: value}
    with pytest.raises(InputError) as ei:
        compute("glasgow_coma_scale", e)
    assert ei.value.field == field and expected in str(ei.value)


def test_missing_component_is_an_error():
    with pytest.raises(InputError) as ei:
        compute("glasgow_coma_scale", {"eye_response": 4, "verbal_response": 5})
    assert ei.value.field == "motor_response"


def test_every_combination_within_bounds():
    for e, v, m in itertools.product(EYE_POINTS, VERBAL_POINTS, MOTOR_POINTS):
        assert 3 <= gcs(e, v, m).value <= 15


_ORDERED = {
    "eye_response": ("no eye opening", "eye opening to pain", "eye opening to verbal command", "eyes open spontaneously"),
    "verbal_response": ("no verbal response", "incomprehensible sounds", "inappropriate words", "confused", "oriented"),
    "motor_response": ("no motor response", "extension to pain", "flexion to pain", "withdrawal from pain", "localizes pain", "obeys commands"),
}


@pytest.mark.parametrize("field", sorted(_ORDERED))
def test_a_better_response_always_raises_the_score(field):
    # Every combination of the other two responses: each step up the field's scale adds a point.
    others = [(k, list(t)) for k, t in (("eye_response", EYE_POINTS), ("verbal_response", VERBAL_POINTS),
                                        ("motor_response", MOTOR_POINTS)) if k != field]
    levels = _ORDERED[field]
    for a, b in itertools.product(others[0][1], others[1][1]):
        base = {others[0][0]: a, others[1][0]: b}
        values = [CALC.compute({**base, field: level}).value for level in levels]
        assert all(y > x for x, y in zip(values, values[1:], strict=False)), (base, values)
