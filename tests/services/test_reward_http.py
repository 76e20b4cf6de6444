"""The OpenRLHF remote reward endpoint (services/reward_http.py) over a real HTTP server on
127.0.0.1 (ephemeral port). The client-side entry point and reward_func: tests/clients/test_openrlhf_server.py."""

from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.request

import pytest

from clinverify.services.reward_http import RewardServer, response_text, rows_from_request
from clinverify.services.reward_scoring import Scorer

PROMPT = "<|im_start|>user\nWhat is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?<|im_end|>\n<|im_start|>assistant\n"
RIGHT = (
    "The patient is a 60 year old man. His serum creatinine is 1.1 mg/dL and his weight is 70 kg.\n"
    "CrCl = ((140 - 60) * 70 * 1) / (72 * 1.1) = 70.71 mL/min.\n"
    "Answer: 70.71"
)
SLIP = RIGHT.replace("70.71", "80.71")


@pytest.fixture(scope="module")
def server():
    srv = RewardServer(("127.0.0.1", 0), Scorer(workers=0), max_body=64 * 1024)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    srv.scorer.close()


def post(url: str, body, raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_response_text_strips_prompt_and_end_tokens():
    assert response_text(PROMPT + RIGHT + "<|im_end|>", PROMPT) == RIGHT
    assert response_text("<s>" + PROMPT + RIGHT + "</s><pad><pad>", PROMPT) == RIGHT  # BOS in front, padding behind
    assert response_text(RIGHT, None) == RIGHT
    # a prompt whose tail changed in the tokenizer round trip: the common prefix is removed
    assert response_text(PROMPT[:-1] + " " + RIGHT, PROMPT) == " " + RIGHT


def test_protocol_rewards_scores_and_logs(server):
    body = {"query": [PROMPT + RIGHT + "<|im_end|>", PROMPT + SLIP + "<|im_end|>", PROMPT + "I don't know.<|im_end|>"], "prompts": [PROMPT] * 3, "labels": ["70.71", "70.71", "70.71"]}
    status, out = post(server.url, body)
    assert status == 200
    assert out["rewards"] == [1.0, 0.0, 0.0]
    assert out["scores"] == [1.0, 0.0, 0.0]
    logs = out["extra_logs"]
    assert set(logs) >= {"answer", "process", "factuality", "completeness", "applicable", "first_error_found", "verify_error"}
    assert all(len(v) == 3 for v in logs.values())
    assert logs["first_error_found"] == [0.0, 1.0, 0.0]
    assert "step_rewards" not in out


def test_json_labels_and_other_paths(server):
    label = json.dumps({"calculator": "cockcroft_gault", "answer": "70.71", "lower": "67", "upper": "74"})
    host, port = server.server_address[:2]
    for path in ("/", "/reward", "/get_reward"):
        status, out = post(f"http://{host}:{port}{path}", {"query": [PROMPT + RIGHT.replace("Answer: 70.71", "Answer: 70")], "prompts": [PROMPT], "labels": [label]})
        assert status == 200 and out["rewards"] == [1.0]
    # MedCalc-Bench label columns; entities instead of an answer
    label = {"Calculator ID": 2, "Relevant Entities": {"sex": "Male", "age": [60, "years"], "weight": [70, "kg"], "height": [175, "cm"], "creatinine": [1.1, "mg/dL"]}}
    status, out = post(server.url, {"query": [PROMPT + RIGHT], "prompts": [PROMPT], "labels": [label]})
    assert status == 200 and out["rewards"] == [1.0]
    # a single query (OpenRLHF sends one sample per request) and no prompts
    status, out = post(server.url, {"query": RIGHT, "labels": ["70.71"]})
    assert status == 200 and out["rewards"] == [1.0]


def test_reward_choice_and_steps(server):
    body = {"query": [PROMPT + SLIP], "prompts": [PROMPT], "labels": ["70.71"]}
    status, out = post(server.url + "?reward=process&steps=1", body)
    assert status == 200 and out["rewards"] == [0.0]
    steps = out["step_rewards"][0]
    assert [s["score"] for s in steps][2:] == [0.0, 0.0] and steps[2]["error"] == "arithmetic"
    start, end = steps[2]["span"]
    assert SLIP[start:end].startswith("CrCl")
    status, out = post(server.url, {**body, "return_steps": True})
    assert status == 200 and len(out["step_rewards"][0]) == len(steps)


def test_not_applicable_counts_none_value(server):
    status, out = post(server.url, {"query": ["Hello there, general chat."], "prompts": [""], "labels": [None]})
    assert status == 200 and out["rewards"] == [0.0] and out["extra_logs"]["applicable"] == [0.0]


@pytest.mark.parametrize(
    "body,fragment",
    [
        ({"prompts": ["p"]}, "query"),
        ({"query": [1, 2]}, "query"),
        ({"query": ["a", "b"], "prompts": ["p"]}, "prompts"),
        ({"query": ["a"], "labels": ["1", "2"]}, "labels"),
        ({"query": ["a"], "prompts": [3]}, "prompts[0]"),
        (["not", "an", "object"], "JSON object"),
    ],
)
def test_bad_requests_get_400(server, body, fragment):
    status, out = post(server.url, body)
    assert status == 400
    assert out["error"]["code"] == "bad_request" and fragment in out["error"]["message"]


def test_http_errors(server):
    status, out = post(server.url, None, raw=b"{not json")
    assert status == 400 and "invalid JSON" in out["error"]["message"]
    status, out = post(server.url + "?reward=bogus", {"query": ["a"]})
    assert status == 400 and "reward" in out["error"]["message"]
    status, out = post(server.url, None, raw=json.dumps({"query": ["x" * 100_000]}).encode())
    assert status == 413 and out["error"]["code"] == "too_large"
    host, port = server.server_address[:2]
    status, out = post(f"http://{host}:{port}/elsewhere", {"query": ["a"]})
    assert status == 404
    with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=10) as resp:
        assert json.loads(resp.read()) == {"status": "ok"}
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/get_reward")
    assert conn.getresponse().status == 405
    conn.close()
    # no Content-Length
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest("POST", "/get_reward")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    conn.send(b"0\r\n\r\n")
    assert conn.getresponse().status == 411
    conn.close()


def test_keep_alive_connection_serves_several_requests(server):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    for _ in range(3):
        body = json.dumps({"query": [RIGHT], "labels": ["70.71"]})
        conn.request("POST", "/get_reward", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        assert resp.status == 200 and json.loads(resp.read())["rewards"] == [1.0]
    conn.close()


def test_rows_from_request_keeps_prompt_as_question():
    rows = rows_from_request({"query": [PROMPT + RIGHT], "prompts": [PROMPT], "labels": ["70.71"]})
    assert rows[0]["trace"] == RIGHT and rows[0]["question"].startswith("<|im_start|>user")
    assert rows[0]["reference"] == {"answer": "70.71"}


def test_server_limits_are_checked():
    scorer = Scorer(workers=0)
    for bad in ({"max_connections": 0}, {"read_timeout": 0}, {"idle_timeout": -1.0}):
        with pytest.raises(ValueError):
            RewardServer(("127.0.0.1", 0), scorer, **bad)
    scorer.close()


def test_wrong_token_gets_401_and_health_stays_open():
    srv = RewardServer(("127.0.0.1", 0), Scorer(workers=0), token="s3cret")
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        body = json.dumps({"query": [RIGHT], "labels": ["70.71"]}).encode()
        for headers, expected in (({}, 401), ({"Authorization": "Bearer nope"}, 401), ({"Authorization": "Bearer s3cret"}, 200)):
            req = urllib.request.Request(srv.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    status = resp.status
            except urllib.error.HTTPError as exc:
                status = exc.code
                assert exc.headers["WWW-Authenticate"] == "Bearer"
                assert json.loads(exc.read())["error"]["code"] == "unauthenticated"
            assert status == expected
        host, port = srv.server_address[:2]
        with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=10) as resp:
            assert resp.status == 200
    finally:
        srv.shutdown()
        srv.server_close()
        srv.scorer.close()
