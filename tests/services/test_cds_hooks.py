"""CDS Hooks 2.0 (services/cds_hooks.py) on a Synthea record: discovery, patient-view and
order-select cards with the score and its evidence, refusals, and the HTTP side (same token)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fhir.resources")
pytest.importorskip("ucumvert")

from clinverify.services.cds_hooks import CdsError, call, discovery  # noqa: E402
from clinverify.services.reward_http import RewardServer  # noqa: E402
from clinverify.services.reward_scoring import Scorer  # noqa: E402

PARKER = json.loads((Path(__file__).resolve().parents[1] / "data" / "fhir" / "synthea"
                     / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json").read_text(encoding="utf-8"))
RESOURCES = [e["resource"] for e in PARKER["entry"]]
PATIENT = next(r for r in RESOURCES if r["resourceType"] == "Patient")


def searchset(kind: str) -> dict:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in RESOURCES if r["resourceType"] == kind]}


def hook_request(hook: str = "patient-view", **prefetch) -> dict:
    prefetch = prefetch or {"patient": PATIENT, "observations": searchset("Observation"), "conditions": searchset("Condition")}
    return {"hook": hook, "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/example", "patientId": PATIENT["id"]}, "prefetch": prefetch}


def test_discovery_lists_services_with_prefetch_templates():
    services = {s["id"]: s for s in discovery()["services"]}
    assert services["cha2ds2_vasc"]["hook"] == "patient-view"
    assert services["cha2ds2_vasc"]["prefetch"] == {"patient": "Patient/{{context.patientId}}",
                                                     "conditions": "Condition?patient={{context.patientId}}"}
    ckd = services["ckd_epi_2021"]["prefetch"]["observations"]
    assert ckd.startswith("Observation?patient={{context.patientId}}&code=") and "http://loinc.org|2160-0" in ckd
    assert services["cockcroft_gault-order"]["hook"] == "order-select"
    assert services["has_bled"]["prefetch"]["medications"] == "MedicationRequest?patient={{context.patientId}}&status=active"


def test_patient_view_card_shows_score_and_evidence():
    cards = call("cha2ds2_vasc", hook_request(), as_of="2021-02-20")["cards"]
    assert len(cards) == 1
    card = cards[0]
    assert card["summary"] == "CHA2DS2-VASc score: 4 points" and card["indicator"] == "info"  # age 68, CHF, HTN, DM
    assert "chf: present (Condition/a841f3a1-8a4f-4e23-9129-e97343b1c8e2, snomed|88805009" in card["detail"]
    assert "not documented, taken as absent: stroke, thromboembolism, tia, vascular_disease" in card["detail"]
    assert card["source"]["label"] == "clinverify"


def test_missing_input_is_a_warning_card_naming_the_codes():
    card = call("meld_na", hook_request(), as_of="2021-02-20")["cards"][0]
    assert card["indicator"] == "warning" and "not computed (missing: inr)" in card["summary"]
    assert "missing inr: would come from loinc|6301-6, loinc|34714-6" in card["detail"]


def test_order_select_renal_card():
    req = hook_request("order-select")
    req["context"]["selections"] = ["MedicationRequest/draft-1"]
    card = call("cockcroft_gault-order", req, as_of="2021-02-20")["cards"][0]
    assert card["summary"].startswith("Creatinine Clearance") or "Cockcroft" in card["summary"]
    assert "creatinine: 0.906013 mg/dL (Observation/8a26d2b0-d2eb-485d-a87f-c1d149038fa4" in card["detail"]


@pytest.mark.parametrize("service, request_, status", [
    ("nope", hook_request(), 404),
    ("cha2ds2_vasc", hook_request("order-select"), 400),
    ("cha2ds2_vasc", hook_request(conditions=searchset("Condition")), 412),  # no prefetch.patient
    ("cha2ds2_vasc", {"hook": "patient-view", "context": {}, "prefetch": {}}, 400),
    ("cha2ds2_vasc", ["not", "an", "object"], 400),
])
def test_refusals(service, request_, status):
    with pytest.raises(CdsError) as exc:
        call(service, request_, as_of="2021-02-20")
    assert exc.value.status == status


def test_http_discovery_open_and_hooks_behind_the_token():
    srv = RewardServer(("127.0.0.1", 0), Scorer(workers=0), token="s3cret")
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        with urllib.request.urlopen(base + "/cds-services", timeout=30) as resp:
            assert any(s["id"] == "cha2ds2_vasc" for s in json.loads(resp.read())["services"])

        def post(path, token):
            headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
            req = urllib.request.Request(base + path, data=json.dumps(hook_request()).encode(), headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    return resp.status, json.loads(resp.read())
            except urllib.error.HTTPError as exc:
                return exc.code, json.loads(exc.read())

        assert post("/cds-services/cha2ds2_vasc", None)[0] == 401
        status, body = post("/cds-services/bmi", "s3cret")
        # BMI from the last weight and height (2020-09-03), now far outside the one-year look-back:
        # a warning card, never an old value.
        assert status == 200 and body["cards"][0]["indicator"] == "warning"
        assert post("/cds-services/nope", "s3cret")[0] == 404
    finally:
        srv.shutdown()
        srv.server_close()
        srv.scorer.close()


def test_malformed_prefetch_is_refused_or_answered_never_a_traceback():
    for observations in (5, {"resourceType": "Bundle", "entry": 7}, {"resourceType": "Bundle", "entry": [1, {"resource": 2}]}):
        out = call("ckd_epi_2021", hook_request(patient=PATIENT, observations=observations), as_of="2021-02-20")
        assert out["cards"][0]["indicator"] == "warning"  # no creatinine: missing, named


def test_cds_answer_is_shared_by_both_http_transports_and_never_raises():
    from clinverify.services.reward_http import cds_answer

    assert cds_answer("cha2ds2_vasc", b"{not json")[0] == 400
    assert cds_answer("cha2ds2_vasc", b"\xff\xfe")[0] == 400
    assert cds_answer("nope", b"{}")[0] == 404
    status, body = cds_answer("cha2ds2_vasc", json.dumps(hook_request()).encode())
    assert status == 200 and body["cards"][0]["source"]["label"] == "clinverify"
