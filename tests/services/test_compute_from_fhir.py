"""CalculatorService.ComputeFromFhir over a real server and through the Python client: the same
result as clinverify.ehr.compute_from_fhir, and bad input as INVALID_ARGUMENT naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest

pytest.importorskip("fhir.resources")
pytest.importorskip("ucumvert")

from clinverify.api.v1 import calculator_pb2_grpc  # noqa: E402
from clinverify.clients.grpc_client import Client, ClinverifyError  # noqa: E402
from clinverify.ehr import compute_from_fhir  # noqa: E402
from clinverify.services import codec  # noqa: E402

PARKER = Path(__file__).resolve().parents[1] / "data" / "fhir" / "synthea" / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json"


def test_same_result_as_the_python_api(server):
    bundle = PARKER.read_bytes()
    with Client(server.address) as c:
        got = c.compute_from_fhir("cha2ds2_vasc", bundle, as_of="2021-02-20", absent_rule=True, id="r1")
    want = compute_from_fhir("cha2ds2_vasc", bundle, as_of="2021-02-20", absent_rule=True)
    assert got["id"] == "r1" and got["status"] == "complete" and got["value"] == 4  # age 68, CHF, HTN, DM
    for key in ("patient", "provenance", "missing", "not_documented", "assumed_absent", "defaults", "conflicts", "skipped", "as_of"):
        assert got[key] == want[key], key


def test_incomplete_and_lookback_and_entities(server):
    bundle = json.loads(PARKER.read_text(encoding="utf-8"))
    with Client(server.address) as c:
        gap = c.compute_from_fhir("meld_na", bundle, as_of="2021-02-20")
        assert gap["status"] == "incomplete" and gap["value"] is None
        assert gap["missing"]["inr"] == ["loinc|6301-6", "loinc|34714-6"]
        bp = c.compute_from_fhir("mean_arterial_pressure", bundle, as_of="2021-02-20", lookback_days=200)
        assert bp["value"] == pytest.approx((160.9520921199963 + 2 * 97.21228669768918) / 3)
        given = c.compute_from_fhir("mean_arterial_pressure", bundle, as_of="2021-02-20",
                                    entities={"systolic_bp": 120, "diastolic_bp": 60})
        assert given["value"] == pytest.approx(80) and given["provenance"]["systolic_bp"]["source"] == "caller"


@pytest.mark.parametrize("bundle, as_of, field", [
    ("not json", "2021-02-20", "bundle_json"),
    ("/etc/hostname", "2021-02-20", "bundle_json"),  # text is never taken as a path on the server
    ('{"resourceType": "Patient"}', "2021-02-20", "bundle_json"),
    ("", "2021-02-20", "bundle_json"),
    (None, "tomorrow-ish", "as_of"),
])
def test_bad_input_is_invalid_argument_naming_the_field(server, bundle, as_of, field):
    stub = calculator_pb2_grpc.CalculatorServiceStub(grpc.insecure_channel(server.address))
    req = codec.fhir_request("bmi", PARKER.read_bytes() if bundle is None else bundle, as_of=as_of)
    with pytest.raises(grpc.RpcError) as exc:
        stub.ComputeFromFhir(req, timeout=10)
    assert exc.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.details().startswith(f"{field}:"), exc.value.details()


def test_unknown_calculator_is_not_found(server):
    with Client(server.address) as c, pytest.raises(ClinverifyError) as exc:
        c.compute_from_fhir("no_such_calc", PARKER.read_bytes())
    assert exc.value.code == grpc.StatusCode.NOT_FOUND
