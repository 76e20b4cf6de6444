"""CalculatorService, independent of the transport: ListCalculators, GetCalculator, Compute,
ComputeBatch. The grpc.aio servicers and the Ray Gateway call ``CalculatorCore``; the per-item
work (``compute_item``) runs wherever the executor puts it (inline, a worker process, a Ray
replica). Bad input raises ``ServiceError`` (NOT_FOUND with suggestions for an unknown
calculator, INVALID_ARGUMENT with one field violation per bad input); inside a batch each item
carries its own ``error`` and the rest go on.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from clinverify.api.v1 import calculator_pb2
from clinverify.services import codec
from clinverify.services.executor import Deadline, Executor
from clinverify.services.validation import Limits, check_batch, resolve_calculator


class CalculatorCore:
    """The CalculatorService RPCs over an ``Executor``, one method per RPC (``rpc.py`` binds them
    to the transports). The calculator list and descriptions
    are built once and cached (they are the same for every call)."""

    def __init__(self, executor: Executor, limits: Limits | None = None):
        self.executor = executor
        self.limits = limits or Limits()
        self._list: calculator_pb2.ListCalculatorsResponse | None = None
        self._described: dict[str, calculator_pb2.GetCalculatorResponse] = {}

    def list_calculators(self, request: calculator_pb2.ListCalculatorsRequest | None = None, deadline: Deadline = None) -> calculator_pb2.ListCalculatorsResponse:
        if self._list is None:
            from clinverify.calculators import list_calculators

            self._list = calculator_pb2.ListCalculatorsResponse(calculators=[codec.summary_to_proto(c) for c in list_calculators()])
        return self._list

    def get_calculator(self, request: calculator_pb2.GetCalculatorRequest, deadline: Deadline = None) -> calculator_pb2.GetCalculatorResponse:
        calc = resolve_calculator(request.calculator.key, "calculator.key")
        resp = self._described.get(calc.id)
        if resp is None:
            resp = self._described[calc.id] = codec.calculator_to_proto(calc)
        return resp

    async def compute(self, request: calculator_pb2.ComputeRequest, deadline: Deadline = None) -> calculator_pb2.ComputeResponse:
        return await self.executor.compute(request)

    async def compute_batch(self, request: calculator_pb2.ComputeBatchRequest, deadline: Deadline = None):
        """A ComputeBatchResponse (or the executor's already-encoded equivalent)."""
        items = request.requests
        check_batch(len(items), self.limits)
        self.executor.check_deadline(deadline, "deadline exceeded before the batch started")
        return await self.executor.compute_batch(items, self.limits.compute_pool_min, deadline)
