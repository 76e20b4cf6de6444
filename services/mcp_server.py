"""The MCP server (``clinverify mcp``): the calculators and the verifier as Model Context
Protocol tools, over the official ``mcp`` SDK (extra ``[mcp]``, imported here only when a server
is built), on stdio or streamable HTTP. A thin adapter over the service cores, like the gRPC
servicers: every call goes through ``CalculatorCore`` / ``VerifierCore`` (the same validation,
limits and errors), and the answers are the JSON forms of ``codec`` (the CLI's objects).

Tools (INTERFACES.md):

- ``list_calculators(category?, query?)`` -> ``{"calculators": [{id, medcalc_id, name, category}]}``:
  every calculator, or those of a category (a specialty: "cardiology", "renal", ...) whose id,
  name, description or keywords contain the query (``calculator_core.select_calculators``)
- ``describe_calculator(calculator)`` -> the ``calc show --json`` object plus ``input_schema``,
  the JSON Schema of its entities (``input_schema.calculator_schema``: types, units to choose,
  plausible ranges, options)
- ``compute(calculator, entities, explain=False)`` -> the ``calc`` result object
- ``verify_trace(trace, calculator?, question?, patient_note?, entities?, answer?, reference?,
  reasoning_content?)`` -> the ``verify`` output object (steps with verdicts, first_error,
  the answer check, scores)

Resources: ``clinverify://calculators/{id}/citations`` for each calculator (JSON: the citation
texts with their DOI, PMID and URL); the template resolves MedCalc-Bench ids and names too.

A refused call is a tool error (``isError``): its text names the field and the limit (the
core's ``ServiceError``) and its structured content is ``{"error": {code, status, message,
fields}}``, the ``code`` being the CLI's error code. Over HTTP a bearer token can be required
(``services.auth``: ``--token-file``, ``CLINVERIFY_TOKEN_FILE`` or ``CLINVERIFY_TOKEN``).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

import json
import sys
from typing import Annotated, Any

from clinverify.api.v1 import calculator_pb2, common_pb2
from clinverify.services import codec
from clinverify.services.calculator_core import CalculatorCore, citations
from clinverify.services.errors import ServiceError, as_service_error, to_dict
from clinverify.services.executor import LocalExecutor
from clinverify.services.input_schema import calculator_schema
from clinverify.services.validation import Limits, resolve_calculator
from clinverify.services.verifier_core import VerifierCore

SERVER_NAME = "clinverify"
CITATIONS_URI = "clinverify://calculators/{calculator}/citations"
KEY_TEXT = "calculator id (e.g. cockcroft_gault), MedCalc-Bench id (e.g. 2) or name"
CATEGORY_TEXT = "only this category, a specialty (e.g. cardiology, renal, hepatology, psychiatry); empty: every category"
QUERY_TEXT = "only calculators whose id, name, description or keywords contain this (e.g. afib, phq9, sepsis); empty: all"
INSTALL_HINT = "the MCP server needs the optional extra: pip install 'clinverify[mcp]'"
INSTRUCTIONS = (
    "Deterministic clinical calculators and a step-level verifier of clinical-calculation reasoning. "
    "list_calculators (optionally by category or search text), then describe_calculator for the inputs (JSON Schema) of one, then compute. "
    "verify_trace checks a step-by-step reasoning text: each step's verdict, the first incorrect step, the answer."
)


class MCPUnavailable(RuntimeError):
    """The ``mcp`` package is not installed."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clinverify")
    except PackageNotFoundError:
        return ""


def error_text(err: ServiceError) -> str:
    """A refused call as the tool error's text: the message, then each field and what is wrong."""
    lines = [err.message]
    lines += [f"- {f}: {d}" for f, d in err.violations if f"{f}: {d}" not in err.message]
    return "\n".join(lines)


def tool_error(exc: BaseException):
    """Any exception from a core as an ``isError`` CallToolResult (an unexpected one names its
    type only, as on every transport: its message may quote patient data)."""
    from mcp.types import CallToolResult, TextContent

    err = as_service_error(exc)
    return CallToolResult(content=[TextContent(type="text", text=error_text(err))], structured_content={"error": to_dict(err)}, is_error=True)


def build_server(limits: Limits | None = None, executor=None, log_level: str = "WARNING"):
    """The MCPServer with the four tools and the citation resources, over new cores (inline
    executor by default: verifications run in a worker thread, never on the event loop).
    ``log_level``: the SDK's stderr logging (at INFO it logs refused calls' messages, which
    quote the input: not by default)."""
    try:
        from mcp.server import MCPServer
        from mcp.server.mcpserver.exceptions import ResourceNotFoundError
        from mcp.server.mcpserver.resources import FunctionResource
        from mcp.types import ToolAnnotations
        from pydantic import Field
    except ImportError as exc:
        raise MCPUnavailable(f"{INSTALL_HINT} ({exc})") from None

    from clinverify.calculators import list_calculators as all_calculators

    limits = limits or Limits()
    executor = executor or LocalExecutor()
    calc_core = CalculatorCore(executor, limits)
    verifier_core = VerifierCore(executor, limits)
    server = MCPServer(SERVER_NAME, version=_version(), instructions=INSTRUCTIONS, log_level=log_level)
    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

    @server.tool(name="list_calculators", annotations=read_only)
    def list_calculators(
        category: Annotated[str, Field(description=CATEGORY_TEXT)] = "",
        query: Annotated[str, Field(description=QUERY_TEXT)] = "",
    ) -> dict[str, Any]:
        """The calculators (id, MedCalc-Bench id, name, category): every one, or those of a
        category and matching a search text (e.g. category "cardiology", query "afib")."""
        try:
            resp = calc_core.list_calculators(calculator_pb2.ListCalculatorsRequest(category=category, query=query))
        except Exception as exc:
            return tool_error(exc)
        return {"calculators": [codec.summary_to_dict(c) for c in resp.calculators]}

    @server.tool(annotations=read_only)
    def describe_calculator(calculator: Annotated[str, Field(description=KEY_TEXT)]) -> dict[str, Any]:
        """One calculator (by id, MedCalc-Bench id or name): description, inputs, output,
        citations, notes, and input_schema, the JSON Schema of the entities compute takes
        (types, the unit of each number and the units to choose, plausible ranges, options)."""
        try:
            resp = calc_core.get_calculator(calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key=calculator)))
            out = codec.calculator_to_dict(resp)
            out["input_schema"] = calculator_schema(resolve_calculator(resp.summary.id))
        except Exception as exc:
            return tool_error(exc)
        return out

    @server.tool(annotations=read_only)
    async def compute(
        calculator: Annotated[str, Field(description=KEY_TEXT)],
        entities: Annotated[dict[str, Any] | None, Field(description="the inputs by name (describe_calculator's input_schema)")] = None,
        explain: Annotated[bool, Field(description="include the step-by-step explanation")] = False,
    ) -> dict[str, Any]:
        """Compute a calculator (id, MedCalc-Bench id or name) from its inputs (entities: see
        describe_calculator's input_schema; a number may carry its unit as {"value": v, "unit": u}).
        Answers the value, its unit, the named intermediates and, with explain, the steps."""
        try:
            resp = await calc_core.compute(codec.compute_request(calculator, entities, explain=explain))
        except Exception as exc:
            return tool_error(exc)
        return codec.compute_to_dict(resp)

    @server.tool(annotations=read_only)
    async def verify_trace(
        trace: Annotated[str, Field(description="the step-by-step reasoning text to verify")],
        calculator: Annotated[str, Field(description="the calculator the trace computes (empty: identified from the question)")] = "",
        question: Annotated[str, Field(description="the question the trace answers")] = "",
        patient_note: Annotated[str, Field(description="the patient note the values come from")] = "",
        entities: Annotated[dict[str, Any] | None, Field(description="the calculator's inputs, to recompute the answer")] = None,
        answer: Annotated[str, Field(description="the final answer given (empty: read from the trace)")] = "",
        reference: Annotated[str, Field(description="the expected answer, when known")] = "",
        reasoning_content: Annotated[str, Field(description="the model's separate thinking text, if any")] = "",
    ) -> dict[str, Any]:
        """Verify step-by-step clinical-calculation reasoning: each step's verdict (correct,
        incorrect with the error type, corrected, unverifiable, neutral) and detail, the first
        incorrect step, the final answer checked against the recomputed value (or the reference),
        and the scores. calculator may be left empty (identified from the question); entities
        and patient_note let the verifier recompute the answer."""
        row: dict[str, Any] = {"trace": trace, "calculator": calculator, "question": question, "patient_note": patient_note, "answer": answer, "reasoning_content": reasoning_content}
        if entities is not None:
            row["entities"] = entities
        if reference:
            row["reference"] = reference
        try:
            req = codec.verify_request({k: v for k, v in row.items() if v not in ("", None)})
            resp = await verifier_core.verify(req)
        except TypeError as exc:  # codec: a field that cannot be sent, named in the message
            return tool_error(ServiceError("INVALID_ARGUMENT", str(exc), [(str(exc).split(":", 1)[0], str(exc))], item_code="invalid_row"))
        except Exception as exc:
            return tool_error(exc)
        return codec.verification_to_dict(resp)

    for calc in all_calculators():
        text = json.dumps(citations(calc), ensure_ascii=False)
        server.add_resource(
            FunctionResource.from_function(
                fn=lambda text=text: text,
                uri=CITATIONS_URI.format(calculator=calc.id),
                name=f"{calc.id}_citations",
                title=f"Citations: {calc.name}",
                description=f"The published sources of {calc.name}.",
                mime_type="application/json",
            )
        )

    @server.resource(CITATIONS_URI, name="calculator_citations", title="Citations of a calculator", mime_type="application/json")
    def calculator_citations(calculator: str) -> str:
        """The citations of a calculator by id, MedCalc-Bench id or name."""
        try:
            calc = resolve_calculator(calculator, "calculator")
        except ServiceError as err:
            raise ResourceNotFoundError(error_text(err)) from None
        return json.dumps(citations(calc), ensure_ascii=False)

    return server


def http_app(server, host: str = "127.0.0.1", token: str | None = None):
    """The streamable HTTP ASGI app (path ``/mcp``), behind a bearer-token check when ``token``
    is set (constant-time, ``services.auth``). The SDK refuses other Host headers when ``host``
    is a loopback address (DNS rebinding)."""
    from clinverify.services.auth import UNAUTHENTICATED_MESSAGE, bearer_matches

    app = server.streamable_http_app(host=host)
    if token is None:
        return app
    expected = token.encode("utf-8")

    async def guarded(scope, receive, send):
        if scope["type"] == "http":
            header = dict(scope.get("headers") or ()).get(b"authorization", b"").decode("latin-1")
            if not bearer_matches(header, expected):
                body = json.dumps({"error": {"code": "unauthenticated", "message": UNAUTHENTICATED_MESSAGE}}).encode()
                await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")]})
                await send({"type": "http.response.body", "body": body})
                return
        await app(scope, receive, send)

    return guarded


def mcp_main(a) -> int:
    """``clinverify mcp``: serve on stdio (the default: an MCP client starts the process) or on
    streamable HTTP at http://HOST:PORT/mcp until interrupted."""
    from clinverify.services.auth import load_token

    try:
        server = build_server(Limits(max_trace_chars=a.max_trace_chars), log_level=a.log_level)
    except MCPUnavailable as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if a.transport == "stdio":
        server.run("stdio")
        return 0
    import anyio
    import uvicorn

    try:
        token = load_token(a.token_file)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"error: --token-file: {exc}\n")
        return 2
    config = uvicorn.Config(http_app(server, a.host, token), host=a.host, port=a.port, log_level=a.log_level.lower())
    uv = uvicorn.Server(config)
    sys.stderr.write(f"clinverify mcp: streamable HTTP on http://{a.host}:{a.port}/mcp" + (" (bearer token required)" if token else "") + "\n")
    anyio.run(uv.serve)
    return 0
