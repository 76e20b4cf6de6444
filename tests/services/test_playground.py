"""The web playground's HTTP side (services/playground.py), without a browser: the page and its
files, the JSON API over the same cores as gRPC (same values, same errors naming the field and
the limit), the token, the body limits, the Host check, and ``clinverify serve
--http-port``. The page itself is driven in Chromium by tests/browser."""

from __future__ import annotations

import http.client
import json
import re
import time
from urllib.parse import urlsplit

import pytest

from clinverify.calculators import compute
from clinverify.services.validation import MAX_REQUEST_BYTES
from clinverify.verifier.report_html import CSS, trace_html

ENTITIES = {"sex": "Male", "age": [87, "years"], "weight": [48.0, "kg"], "height": [163.0, "cm"], "creatinine": [1.4, "mg/dL"]}
PLANTED = "CrCl = (140 - 87) x 48 / (72 x 1.4) = 35.2 mL/min."


def request(url: str, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
    """(status, headers, decoded JSON or bytes)."""
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    hdrs = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    conn.request(method, path, body=data, headers=hdrs)
    r = conn.getresponse()
    payload = r.read()
    conn.close()
    if r.getheader("Content-Type", "").startswith("application/json"):
        payload = json.loads(payload)
    return r.status, r, payload


@pytest.fixture(scope="module")
def pg(request_server):
    return request_server.server.playground.url


@pytest.fixture(scope="module")
def request_server():
    import asyncio
    import threading

    from clinverify.services.server import ClinverifyServer, ServerConfig

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    class Handle:
        server = ClinverifyServer(ServerConfig(host="127.0.0.1", port=0, workers=0, http_port=0, token=None))

    asyncio.run_coroutine_threadsafe(Handle.server.start(), loop).result(60)
    yield Handle
    asyncio.run_coroutine_threadsafe(Handle.server.stop(0), loop).result(60)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_page_and_files(pg):
    status, r, body = request(pg, "GET", "/")
    assert status == 200 and r.getheader("Content-Type").startswith("text/html")
    assert b"clinverify playground" in body and b"/static/playground.js" in body
    csp = r.getheader("Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert r.getheader("X-Content-Type-Options") == "nosniff"
    # nothing from the network: no absolute URL is loaded by the page or its script
    for path in ("/", "/static/playground.js", "/static/playground.css"):
        text = request(pg, "GET", path)[2].decode()
        assert not re.search(r"(src|href)=['\"]https?:", text), path
        assert "import(" not in text and "@import" not in text
    status, r, body = request(pg, "GET", "/static/trace.css")
    assert status == 200 and body.decode() == CSS  # the report's own look
    assert request(pg, "GET", "/favicon.ico")[0] == 204
    assert request(pg, "GET", "/healthz")[2] == {"status": "ok"}
    status, _, body = request(pg, "GET", "/nope")
    assert status == 404 and body["error"]["code"] == "not_found"


def test_calculators_and_their_schema(pg):
    status, _, body = request(pg, "GET", "/api/calculators")
    assert status == 200 and any(c["id"] == "cockcroft_gault" and c["medcalc_id"] == 2 for c in body["calculators"])
    status, _, d = request(pg, "GET", "/api/calculators/2")
    assert status == 200 and d["id"] == "cockcroft_gault"
    props = d["input_schema"]["properties"]
    assert set(props) == {"sex", "age", "weight", "height", "creatinine"}
    assert "umol/L" in props["creatinine"]["anyOf"][1]["properties"]["unit"]["enum"]
    assert d["citations"][0]["doi"] == "10.1159/000180580"
    status, _, body = request(pg, "GET", "/api/calculators/cockroft")
    assert status == 404 and body["error"]["code"] == "unknown_calculator" and "cockcroft_gault" in body["error"]["message"]


def test_compute_same_value_as_the_library_and_errors_name_field_and_limit(pg):
    status, _, d = request(pg, "POST", "/api/compute", {"calculator": "cockcroft_gault", "entities": ENTITIES})
    assert status == 200 and d["value"] == compute("cockcroft_gault", ENTITIES).value and d["unit"] == "mL/min"
    assert d["explanation"] and d["intermediates"]["weight_used"] == 48.0
    status, _, d = request(pg, "POST", "/api/compute", {"calculator": "cockcroft_gault", "entities": {**ENTITIES, "age": [870, "years"]}})
    assert status == 400
    assert d["error"]["fields"] == [{"field": "entities.age", "description": "870 years is outside the plausible range 0–125 year"}]
    status, _, d = request(pg, "POST", "/api/compute", {"calculator": "cockcroft_gault", "entities": [1, 2]})
    assert status == 400 and d["error"]["fields"][0]["field"] == "entities"
    status, _, d = request(pg, "POST", "/api/compute", {"calculator": "", "entities": ENTITIES})
    assert status == 400 and d["error"]["fields"][0]["field"] == "calculator.key"


def test_verify_answers_the_report_trace_view(pg):
    status, _, d = request(pg, "POST", "/api/verify", {"trace": PLANTED, "calculator": "cockcroft_gault"})
    assert status == 200
    res = d["result"]
    assert [s["verdict"] for s in res["steps"]] == ["incorrect"] and res["steps"][0]["error"] == "arithmetic"
    assert d["html"] == trace_html(1, res, PLANTED)  # the one renderer
    assert "v-incorrect" in d["html"] and "25.2381" in d["html"]


def test_verify_limits_and_bad_bodies(pg):
    status, _, d = request(pg, "POST", "/api/verify", {"trace": "x" * 200_001})
    assert status == 400 and d["error"]["fields"] == [{"field": "trace", "description": "200001 characters; the limit is 200000"}]
    status, _, d = request(pg, "POST", "/api/verify", {"trace": " "})
    assert status == 400 and d["error"]["fields"][0]["field"] == "trace"
    status, _, d = request(pg, "POST", "/api/verify", {"trace": PLANTED, "patient_note": "n" * 100_001})
    assert status == 400 and d["error"]["fields"][0] == {"field": "patient_note", "description": "100001 characters; the limit is 100000"}
    status, _, d = request(pg, "POST", "/api/verify", {"trace": PLANTED, "tracee": 1})
    assert status == 400 and d["error"]["fields"][0]["field"] == "tracee"
    status, _, d = request(pg, "POST", "/api/verify", {"trace": PLANTED, "calculator": {"a": 1}})
    assert status == 400 and d["error"]["fields"][0]["field"] == "calculator"
    # a body over the limit is refused from its length, before it is read
    limit = MAX_REQUEST_BYTES["Verify"]
    u = urlsplit(pg)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.putrequest("POST", "/api/verify")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(limit + 1))
    conn.endheaders()
    r = conn.getresponse()
    d = json.loads(r.read())
    conn.close()
    assert r.status == 413 and d["error"]["fields"] == [{"field": "body", "description": f"{limit + 1} bytes; the limit is {limit}"}]
    status, _, d = request(pg, "POST", "/api/verify", raw=b"{not json", headers={"Content-Type": "application/json"})
    assert status == 400 and d["error"]["fields"][0]["field"] == "body" and "invalid JSON" in d["error"]["message"]
    # a cross-site form can only send form or text types: refused before anything is read
    status, _, d = request(pg, "POST", "/api/verify", raw=json.dumps({"trace": PLANTED}).encode(), headers={"Content-Type": "text/plain"})
    assert status == 415 and d["error"]["fields"][0]["field"] == "Content-Type"
    assert request(pg, "GET", "/api/verify")[0] == 405
    assert request(pg, "POST", "/api/nope", {})[0] == 404


def test_loopback_answers_loopback_host_names_only(pg):
    assert request(pg, "GET", "/", headers={"Host": "localhost:1"})[0] == 200
    status, _, d = request(pg, "GET", "/api/calculators", headers={"Host": "attacker.example"})
    assert status == 421 and d["error"]["code"] == "bad_host"
    assert request(pg, "POST", "/api/verify", {"trace": PLANTED}, headers={"Host": "attacker.example:80"})[0] == 421


def test_token(make_server):
    srv = make_server(http_port=0, token="s3cret-playground")
    url = srv.server.playground.url
    assert request(url, "GET", "/")[0] == 200  # the page holds no data
    assert request(url, "GET", "/healthz")[0] == 200
    status, r, d = request(url, "GET", "/api/calculators")
    assert status == 401 and r.getheader("WWW-Authenticate") == "Bearer" and d["error"]["code"] == "unauthenticated"
    assert request(url, "POST", "/api/compute", {"calculator": "2", "entities": ENTITIES}, headers={"Authorization": "Bearer wrong"})[0] == 401
    ok = {"Authorization": "Bearer s3cret-playground"}
    assert request(url, "GET", "/api/calculators", headers=ok)[0] == 200
    assert request(url, "POST", "/api/compute", {"calculator": "2", "entities": ENTITIES}, headers=ok)[0] == 200


def test_serve_cli_starts_the_playground(serve_process):
    srv = serve_process("--workers", "0", "--http-port", "0")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "playground on" not in srv.stderr:
        time.sleep(0.05)
    m = re.search(r"playground on (http://\S+)", srv.stderr)
    assert m, srv.stderr
    status, _, d = request(m.group(1), "POST", "/api/compute", {"calculator": "2", "entities": ENTITIES})
    assert status == 200 and d["calculator"] == "cockcroft_gault"
    assert srv.stop() == 0


def test_serve_cli_refuses_a_bad_http_port():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-P", "-m", "clinverify.clients", "serve", "--http-port", "70000"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--http-port 70000: expected 0-65535" in r.stderr


def test_tls_and_mutual_tls(make_server, certs):
    """With the server's TLS, the playground is HTTPS with the same certificate; with a client CA
    it wants a client certificate too."""
    import ssl

    srv = make_server(http_port=0, tls_cert=certs["server_cert"], tls_key=certs["server_key"])
    url = srv.server.playground.url
    assert url.startswith("https://127.0.0.1:")
    u = urlsplit(url)
    ctx = ssl.create_default_context(cadata=certs["ca"].decode())
    conn = http.client.HTTPSConnection("localhost", u.port, context=ctx, timeout=30)
    conn.request("GET", "/", headers={"Host": f"localhost:{u.port}"})
    r = conn.getresponse()
    assert r.status == 200 and b"clinverify playground" in r.read()
    conn.close()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine)):
        request(url.replace("https", "http"), "GET", "/")  # plain HTTP to the TLS port
    m = make_server(http_port=0, tls_cert=certs["server_cert"], tls_key=certs["server_key"], tls_client_ca=certs["ca"])
    port = urlsplit(m.server.playground.url).port
    with pytest.raises((ssl.SSLError, ConnectionResetError, http.client.RemoteDisconnected)):
        conn = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
    ctx.load_cert_chain(certs["client_cert_path"], certs["client_key_path"])
    conn = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=30)
    conn.request("GET", "/healthz")
    assert conn.getresponse().status == 200
    conn.close()
