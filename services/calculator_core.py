"""CalculatorService, independent of the transport: ListCalculators, GetCalculator, Compute,
ComputeBatch, ComputeFromFhir (a FHIR R4 Bundle through ``clinverify.ehr``). The grpc.aio servicers and the Ray Gateway call ``CalculatorCore``; the per-item
work (``compute_item``) runs wherever the executor puts it (inline, a worker process, a Ray
replica). Bad input raises ``ServiceError`` (NOT_FOUND with suggestions for an unknown
calculator, INVALID_ARGUMENT with one field violation per bad input); inside a batch each item
carries its own ``error`` and the rest go on.

``select_calculators`` is the one filter of every calculator list (category and text query):
ListCalculators over gRPC and Ray, the MCP ``list_calculators`` tool, the playground's
``GET /api/calculators`` and ``clinverify calc list``.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import asyncio
from typing import Any

from clinverify.api.v1 import calculator_pb2
from clinverify.calculators.limits import clip
from clinverify.services import codec
from clinverify.services.errors import ServiceError, over_limit
from clinverify.services.executor import Deadline, Executor
from clinverify.services.validation import Limits, check_batch, resolve_calculator

# The longest category or text query a calculator list takes (a specialty or a search word).
MAX_LIST_FILTER_CHARS = 100


def select_calculators(category: str = "", query: str = "") -> list:
    """The registered calculators, in registry order, of ``category`` (a specialty: case and
    synonyms folded, ``model.category_key``) whose id, name, category, description or keywords
    contain ``query`` (case-insensitive; ``Calculator.matches``); an empty or blank one filters
    nothing. A category no calculator is in, or a filter over ``MAX_LIST_FILTER_CHARS``, is
    INVALID_ARGUMENT naming the field (``category``, ``query``): for a category, with the
    categories there are (also in the ErrorInfo metadata ``categories``)."""
    from clinverify.calculators import list_calculators
    from clinverify.calculators.model import category_key

    category, query = category.strip(), query.strip()
    for field, text in (("category", category), ("query", query)):
        if len(text) > MAX_LIST_FILTER_CHARS:
            raise over_limit(field, len(text), MAX_LIST_FILTER_CHARS, reason="FILTER_TOO_LONG")
    calcs = list_calculators()
    if category:
        known = sorted({c.category for c in calcs})
        if category_key(category) not in {category_key(k) for k in known}:
            text = f"no calculator is in {clip(category, 60)!r}; the categories: {', '.join(known)}"
            raise ServiceError("INVALID_ARGUMENT", f"category: {text}", [("category", text)],
                               reason="UNKNOWN_CATEGORY", metadata={"category": category, "categories": ",".join(known)})
    return [c for c in calcs if c.matches(category or None, query or None)]


class CalculatorCore:
    """The CalculatorService RPCs over an ``Executor``, one method per RPC (``rpc.py`` binds them
    to the transports). The calculator list and descriptions
    are built once and cached (they are the same for every call)."""

    def __init__(self, executor: Executor, limits: Limits | None = None):
        self.executor = executor
        self.limits = limits or Limits()
        self._list: calculator_pb2.ListCalculatorsResponse | None = None
        self._summaries: dict[str, calculator_pb2.CalculatorSummary] = {}
        self._described: dict[str, calculator_pb2.GetCalculatorResponse] = {}

    def list_calculators(self, request: calculator_pb2.ListCalculatorsRequest | None = None, deadline: Deadline = None) -> calculator_pb2.ListCalculatorsResponse:
        """Every calculator (the cached list), or those ``select_calculators`` keeps for the
        request's ``category`` and ``query``."""
        if self._list is None:
            from clinverify.calculators import list_calculators

            self._summaries = {c.id: codec.summary_to_proto(c) for c in list_calculators()}
            self._list = calculator_pb2.ListCalculatorsResponse(calculators=self._summaries.values())
        category = request.category if request is not None else ""
        query = request.query if request is not None else ""
        if not (category.strip() or query.strip()):
            return self._list
        return calculator_pb2.ListCalculatorsResponse(calculators=[self._summaries[c.id] for c in select_calculators(category, query)])

    def get_calculator(self, request: calculator_pb2.GetCalculatorRequest, deadline: Deadline = None) -> calculator_pb2.GetCalculatorResponse:
        calc = resolve_calculator(request.calculator.key, "calculator.key")
        resp = self._described.get(calc.id)
        if resp is None:
            resp = self._described[calc.id] = codec.calculator_to_proto(calc)
        return resp

    async def compute(self, request: calculator_pb2.ComputeRequest, deadline: Deadline = None) -> calculator_pb2.ComputeResponse:
        return await self.executor.compute(request)

    async def compute_from_fhir(self, request: calculator_pb2.ComputeFromFhirRequest, deadline: Deadline = None) -> calculator_pb2.ComputeFromFhirResponse:
        """One calculator from a FHIR R4 Bundle (``clinverify.ehr``), in a thread (tens of ms of
        CPU for a large record: never on the event loop). The Bundle is only ever parsed as JSON
        text, never taken as a path."""
        calc = resolve_calculator(request.calculator.key, "calculator.key")
        if not request.bundle_json.strip():
            raise ServiceError("INVALID_ARGUMENT", "bundle_json: required (a FHIR R4 Bundle as JSON)", [("bundle_json", "required")])
        return await asyncio.to_thread(fhir_message, request, calc)

    async def compute_batch(self, request: calculator_pb2.ComputeBatchRequest, deadline: Deadline = None):
        """A ComputeBatchResponse (or the executor's already-encoded equivalent)."""
        items = request.requests
        check_batch(len(items), self.limits)
        self.executor.check_deadline(deadline, "deadline exceeded before the batch started")
        return await self.executor.compute_batch(items, self.limits.compute_pool_min, deadline)


def fhir_message(request: calculator_pb2.ComputeFromFhirRequest, calc) -> calculator_pb2.ComputeFromFhirResponse:
    """ComputeFromFhir's work: INVALID_ARGUMENT naming the field for input that is not a FHIR
    Bundle or a bad as_of / lookback; FAILED_PRECONDITION when the server lacks the extra ``fhir``."""
    from clinverify.ehr import FhirError, MissingExtra, compute_from_fhir

    entities = codec.from_struct(request.entities) if request.HasField("entities") else None
    lookback = request.lookback_days if request.HasField("lookback_days") else None
    try:
        out = compute_from_fhir(calc, request.bundle_json.encode("utf-8"), request.as_of or None, lookback,
                                patient=request.patient or None, absent_rule=request.absent_rule, entities=entities)
    except MissingExtra as exc:
        raise ServiceError("FAILED_PRECONDITION", str(exc)) from None
    except FhirError as exc:
        text = str(exc)
        field = "as_of" if text.startswith("as_of") else "lookback_days" if text.startswith("lookback") else "bundle_json"
        raise ServiceError("INVALID_ARGUMENT", f"{field}: {text}", [(field, text)]) from None
    return codec.fhir_result_to_proto(out, calc.output.type, request.id)


def citations(calc) -> dict[str, Any]:
    """A calculator's citations as JSON (the MCP resource, the playground's calculator page)."""
    return {
        "calculator": calc.id,
        "name": calc.name,
        "citations": [{"text": c.text, "doi": c.doi, "pmid": c.pmid, "url": c.url} for c in calc.citations],
    }
