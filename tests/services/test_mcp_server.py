"""The MCP server (``clinverify mcp``, services/mcp_server.py) through the SDK's own client:
in process for the tools, resources and errors, then over stdio and streamable HTTP with the
real command. The tools answer the same values and errors as the CLI for every calculator."""

import datetime as dt
import json
import math
import os
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("mcp", reason="the MCP server tests need the optional extra: pip install 'clinverify[mcp]'")

import anyio  # noqa: E402  (installed with mcp)
import jsonschema  # noqa: E402
from mcp import Client, StdioServerParameters  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402

from clinverify.calculators import CalculatorError, list_calculators  # noqa: E402
from clinverify.calculators.inputs import Choice, Date, Flag, Number  # noqa: E402
from clinverify.calculators.limits import MAX_CALCULATOR_KEY_CHARS, MAX_ENTITY_KEYS  # noqa: E402
from clinverify.clients.cli import calc_row, verify_cli_row  # noqa: E402
from clinverify.services.mcp_server import build_server  # noqa: E402
from clinverify.services.validation import Limits  # noqa: E402

CALCS = list_calculators()
TOOLS = {"list_calculators", "describe_calculator", "compute", "verify_trace"}
# A Cockcroft-Gault trace whose arithmetic step is wrong: (140 - 87) * 48 / (72 * 1.4) = 25.24.
PLANTED = "The patient is 87 years old.\nCrCl = ((140 - 87) * 48 * 1) / (72 * 1.4) = 26.8 mL/min."


def session(fn, **kw):
    """Run ``fn(client)`` against a new in-process server (``kw``: build_server's)."""

    async def main():
        async with Client(build_server(**kw)) as client:
            return await fn(client)

    return anyio.run(main)


def _at(inp, frac):
    lo, hi = inp.range
    v = lo + frac * (hi - lo)
    return round(v) if inp.integer else v


def candidates(calc):
    """Deterministic inputs for ``calc``, tried in order until the calculator accepts one: each
    number at a fraction of its plausible range (then one number at a time near the bottom of
    its range: a cut-off such as Friedewald's triglycerides; then without one optional input),
    flags all set then all clear, the
    first option, a date in 2024."""
    for frac in (0.3, 0.1, 0.5, 0.05, 0.7):
        for flag in (True, False):
            ent = {}
            for i in calc.inputs:
                if isinstance(i, Number):
                    ent[i.name] = _at(i, frac)
                elif isinstance(i, Flag):
                    ent[i.name] = flag
                elif isinstance(i, Choice):
                    ent[i.name] = next(iter(i.options))
                elif isinstance(i, Date):
                    ent[i.name] = dt.date(2024, 1, 15).strftime("%m/%d/%Y")
            yield ent
            for i in calc.inputs:
                if isinstance(i, Number):
                    yield {**ent, i.name: _at(i, 0.01)}
            for i in calc.inputs:  # optional inputs that exclude each other (a ratio in mg/g or in mg/mmol)
                if not i.required:
                    yield {k: v for k, v in ent.items() if k != i.name}


def valid_entities(calc):
    for ent in candidates(calc):
        try:
            calc.compute(calc.parse(ent))
            return ent
        except CalculatorError:
            continue
    raise AssertionError(f"{calc.id}: no candidate input is accepted")


def invalid_entities(calc):
    """A valid input with its first number ten times over its range (or its first option, flag or
    date not one)."""
    ent = dict(valid_entities(calc))
    for i in calc.inputs:
        if isinstance(i, Number):
            ent[i.name] = i.range[1] * 10 + 10
            return ent
    for i in calc.inputs:
        if isinstance(i, (Choice, Flag, Date)):
            ent[i.name] = "no-such-option"
            return ent
    raise AssertionError(f"{calc.id}: no input to get wrong")


def numeric(intermediates):
    """The intermediates the wire carries: the finite numbers (booleans as 1/0)."""
    return {k: float(v) for k, v in intermediates.items() if isinstance(v, (int, float)) and (isinstance(v, bool) or math.isfinite(v))}


def test_tools_are_listed_with_descriptions_and_schemas():
    tools = session(lambda c: c.list_tools()).tools
    assert {t.name for t in tools} == TOOLS
    by = {t.name: t for t in tools}
    for t in tools:
        assert t.description and t.input_schema["type"] == "object"
        assert t.annotations.read_only_hint is True
    assert by["compute"].input_schema["required"] == ["calculator"]
    assert by["verify_trace"].input_schema["required"] == ["trace"]
    assert "medcalc" in by["compute"].input_schema["properties"]["calculator"]["description"].lower()


def test_list_calculators_is_the_registry():
    res = session(lambda c: c.call_tool("list_calculators", {}))
    assert not res.is_error
    listed = res.structured_content["calculators"]
    assert [c["id"] for c in listed] == [c.id for c in CALCS]
    cg = next(c for c in listed if c["id"] == "cockcroft_gault")
    assert cg == {"id": "cockcroft_gault", "medcalc_id": 2, "name": CALCS[[c.id for c in CALCS].index("cockcroft_gault")].name, "category": "renal"}


def test_describe_gives_the_json_schema_of_the_inputs():
    async def describe(c):
        return {k: (await c.call_tool("describe_calculator", {"calculator": k})).structured_content for k in ("cockcroft_gault", "2", "centor_mcisaac", "estimated_due_date", "meld_na")}

    out = session(describe)
    assert out["cockcroft_gault"] == out["2"]  # a MedCalc-Bench id names the same calculator
    d = out["cockcroft_gault"]
    assert d["id"] == "cockcroft_gault" and d["citations"] and d["inputs"]
    s = d["input_schema"]
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["type"] == "object" and set(s["required"]) == {"sex", "age", "weight", "creatinine"}  # height is optional
    props = s["properties"]
    assert props["sex"]["enum"] == ["male", "female"]
    creat = props["creatinine"]
    assert creat["x-unit"] == "mg/dL" and creat["x-range"] == [0.05, 40.0]
    bare, obj, pair = creat["anyOf"]
    assert (bare["type"], bare["minimum"], bare["maximum"]) == ("number", 0.05, 40.0)
    units = obj["properties"]["unit"]["enum"]
    assert units[0] == "mg/dL" and "umol/L" in units and "mmol/L" in units and "kg" not in units
    assert "mEq/L" not in units  # equivalents for ions only
    assert "mEq/L" in out["meld_na"]["input_schema"]["properties"]["sodium"]["anyOf"][1]["properties"]["unit"]["enum"]
    assert pair["prefixItems"][1]["enum"] == units
    assert props["weight"]["anyOf"][1]["properties"]["unit"]["enum"][:3] == ["kg", "g", "lb"]
    v = jsonschema.Draft202012Validator(s)
    ok = {"sex": "female", "age": 60, "weight": {"value": 150, "unit": "lb"}, "creatinine": [88, "umol/L"]}
    assert v.is_valid(ok)
    assert not v.is_valid({**ok, "creatinine": 90})  # a bare number outside the plausible range
    assert not v.is_valid({**ok, "creatinine": [1.0, "kg"]})  # a unit not offered for a concentration
    assert not v.is_valid({**ok, "sex": "unknown"})
    assert not v.is_valid({k: x for k, x in ok.items() if k != "age"})
    centor = out["centor_mcisaac"]["input_schema"]["properties"]
    assert any(p.get("type") == "boolean" and p["default"] is False for p in centor.values())
    edd = out["estimated_due_date"]["input_schema"]["properties"]
    dates = [p for p in edd.values() if p["x-kind"] == "date"]
    assert dates and all(jsonschema.Draft202012Validator(p).is_valid("01/15/2024") and not jsonschema.Draft202012Validator(p).is_valid("15 Jan") for p in dates)


def test_every_schema_admits_an_input_the_calculator_accepts():
    async def schemas(c):
        return {calc.id: (await c.call_tool("describe_calculator", {"calculator": calc.id})).structured_content["input_schema"] for calc in CALCS}

    out = session(schemas)
    for calc in CALCS:
        s = out[calc.id]
        jsonschema.Draft202012Validator.check_schema(s)
        ent = valid_entities(calc)
        errors = [e.message for e in jsonschema.Draft202012Validator(s).iter_errors(ent)]
        assert not errors, (calc.id, errors)


def test_the_mcp_tools_answer_the_same_values_as_the_cli_for_every_calculator():
    cases = [(calc, valid_entities(calc), invalid_entities(calc)) for calc in CALCS]

    async def run(c):
        out = []
        for calc, good, bad in cases:
            g = await c.call_tool("compute", {"calculator": calc.id, "entities": good, "explain": True})
            b = await c.call_tool("compute", {"calculator": calc.id, "entities": bad})
            out.append((g, b))
        return out

    results = session(run)
    checked_errors = 0
    for (calc, good, bad), (g, b) in zip(cases, results, strict=True):
        cli = calc_row({"id": None, "calculator": calc.id, "entities": good}, explain=True)
        assert cli["error"] is None, (calc.id, cli["error"])
        assert not g.is_error, (calc.id, g.content[0].text)
        m = g.structured_content
        assert m["calculator"] == cli["calculator"] == calc.id
        assert m["value"] == cli["value"] and type(m["value"]) is type(cli["value"]), (calc.id, m["value"], cli["value"])
        assert m["unit"] == cli["unit"]
        assert m["explanation"] == cli["explanation"]
        assert m["intermediates"] == numeric(cli["intermediates"]), calc.id
        cli_err = calc_row({"id": None, "calculator": calc.id, "entities": bad}, explain=False)["error"]
        assert b.is_error, calc.id
        err = b.structured_content["error"]
        assert (err["code"], err["status"], err["message"]) == (cli_err["code"], "INVALID_ARGUMENT", cli_err["message"]), calc.id
        assert [(f["field"], f["description"]) for f in err["fields"]] == [(f"entities.{f['field']}", f["description"]) for f in cli_err["fields"]]
        assert cli_err["message"] in b.content[0].text
        checked_errors += 1
    assert checked_errors == len(CALCS)


def test_verify_trace_finds_the_planted_error_as_the_cli_does():
    args = {"trace": PLANTED, "calculator": "cockcroft_gault"}
    res = session(lambda c: c.call_tool("verify_trace", args))
    assert not res.is_error, res.content[0].text
    out = res.structured_content
    bad = out["steps"][out["first_error"]]
    assert bad["verdict"] == "incorrect" and bad["error"] and "26.8" in bad["detail"] and "26.8" in bad["text"]
    cli = verify_cli_row(dict(args), 200_000)
    assert out["first_error"] == cli["first_error"]
    assert [(s["verdict"], s["error"], s["detail"]) for s in out["steps"]] == [(s["verdict"], s.get("error"), s["detail"]) for s in cli["steps"]]
    assert out["scores"]["reward"] == pytest.approx(cli["scores"]["reward"])


@pytest.mark.parametrize(
    "tool, args, status, needles",
    [
        ("compute", {"calculator": "cockroft_gault", "entities": {}}, "NOT_FOUND", ["calculator.key", "did you mean cockcroft_gault"]),
        ("compute", {"calculator": "x" * (MAX_CALCULATOR_KEY_CHARS + 1)}, "INVALID_ARGUMENT", ["calculator.key", f"the limit is {MAX_CALCULATOR_KEY_CHARS}"]),
        ("compute", {"calculator": "bmi", "entities": {"weight": [70, "kg"], "height": [5, "m"]}}, "INVALID_ARGUMENT", ["entities.height", "plausible range"]),
        ("compute", {"calculator": "bmi", "entities": {"weight": [70, "mmHg"], "height": 170}}, "INVALID_ARGUMENT", ["entities.weight", "mmHg"]),
        ("compute", {"calculator": "bmi", "entities": {f"k{i}": 1 for i in range(MAX_ENTITY_KEYS + 1)}}, "INVALID_ARGUMENT", ["entities", f"the limit is {MAX_ENTITY_KEYS}"]),
        ("compute", {"calculator": "cockcroft_gault", "entities": {"age": 60}}, "INVALID_ARGUMENT", ["entities.sex", "entities.weight", "entities.creatinine"]),
        ("describe_calculator", {"calculator": "nope"}, "NOT_FOUND", ["calculator.key", "no calculator 'nope'"]),
        ("verify_trace", {"trace": "  "}, "INVALID_ARGUMENT", ["trace: required"]),
        ("verify_trace", {"trace": "x = 1 + 1 = 2. " * 100}, "INVALID_ARGUMENT", ["trace", "1500 characters; the limit is 1000"]),
        ("verify_trace", {"trace": "1 + 1 = 2", "calculator": "cockroft"}, "NOT_FOUND", ["calculator", "did you mean cockcroft_gault"]),
    ],
    ids=["unknown calculator", "key too long", "out of range", "wrong dimension", "too many entities", "missing inputs", "describe unknown", "empty trace", "trace too large", "verify unknown calculator"],
)
def test_bad_input_is_a_tool_error_naming_the_field_and_the_limit(tool, args, status, needles):
    res = session(lambda c: c.call_tool(tool, args), limits=Limits(max_trace_chars=1000))
    assert res.is_error
    text = res.content[0].text
    for n in needles:
        assert n in text, (n, text)
    assert res.structured_content["error"]["status"] == status
    assert "Traceback" not in text


def test_arguments_of_the_wrong_type_are_refused_naming_the_argument():
    async def calls(c):
        return [await c.call_tool("compute", {"calculator": "bmi", "entities": "70 kg"}), await c.call_tool("compute", {"entities": {}})]

    wrong_type, missing = session(calls)
    assert wrong_type.is_error and "entities" in wrong_type.content[0].text
    assert missing.is_error and "calculator" in missing.content[0].text


def test_each_calculator_has_a_citations_resource():
    async def read(c):
        listed = (await c.list_resources()).resources
        templates = (await c.list_resource_templates()).resource_templates
        one = await c.read_resource("clinverify://calculators/cockcroft_gault/citations")
        by_medcalc_id = await c.read_resource("clinverify://calculators/2/citations")
        with pytest.raises(MCPError) as exc:
            await c.read_resource("clinverify://calculators/cockroft_gault/citations")
        return listed, templates, one, by_medcalc_id, str(exc.value)

    listed, templates, one, by_medcalc_id, unknown = session(read)
    assert {r.uri for r in listed} == {f"clinverify://calculators/{c.id}/citations" for c in CALCS}
    assert [t.uri_template for t in templates] == ["clinverify://calculators/{calculator}/citations"]
    doc = json.loads(one.contents[0].text)
    assert one.contents[0].mime_type == "application/json"
    assert doc["calculator"] == "cockcroft_gault" and any(c["pmid"] == "1244564" for c in doc["citations"])
    assert json.loads(by_medcalc_id.contents[0].text) == doc
    assert "did you mean cockcroft_gault" in unknown


def _cli() -> list[str]:
    return [sys.executable, "-m", "clinverify.clients"]


def test_stdio_transport_with_the_command():
    params = StdioServerParameters(command=sys.executable, args=["-m", "clinverify.clients", "mcp"], env={**os.environ})

    async def main():
        async with Client(params) as c:
            tools = {t.name for t in (await c.list_tools()).tools}
            res = await c.call_tool("compute", {"calculator": "bmi", "entities": {"weight": 70, "height": [175, "cm"]}})
            return tools, res

    tools, res = anyio.run(main)
    assert tools == TOOLS
    assert not res.is_error and res.structured_content["value"] == pytest.approx(70 / 1.75**2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_streamable_http_transport_with_a_bearer_token(tmp_path):
    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    token = "mcp-test-token"
    (tmp_path / "token").write_text(token + "\n")
    port = _free_port()
    log = open(tmp_path / "stderr.txt", "w")  # a file, not a pipe nobody drains
    proc = subprocess.Popen([*_cli(), "mcp", "--transport", "http", "--port", str(port), "--token-file", str(tmp_path / "token")], stderr=log)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"clinverify mcp --transport http did not start: {(tmp_path / 'stderr.txt').read_text()}") from None
                time.sleep(0.2)

        async def main():
            async with httpx2.AsyncClient() as anon:
                refused = await anon.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
            async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
                async with Client(streamable_http_client(url, http_client=http)) as c:
                    tools = {t.name for t in (await c.list_tools()).tools}
                    res = await c.call_tool("verify_trace", {"trace": PLANTED, "calculator": "cockcroft_gault"})
            return refused, tools, res

        refused, tools, res = anyio.run(main)
        assert refused.status_code == 401 and "bearer token" in refused.json()["error"]["message"]
        assert tools == TOOLS
        out = res.structured_content
        assert out["steps"][out["first_error"]]["verdict"] == "incorrect"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_the_mcp_command_without_the_extra_says_how_to_install(monkeypatch, capsys):
    """Where ``mcp`` cannot be imported, ``clinverify mcp`` exits 2 with the install hint."""
    from clinverify.clients.cli import main

    monkeypatch.setitem(sys.modules, "mcp.server", None)  # import mcp.server -> ImportError
    assert main(["mcp"]) == 2
    assert "pip install 'clinverify[mcp]'" in capsys.readouterr().err
