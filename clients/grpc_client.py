"""Python client for the clinverify gRPC API, sync (``Client``) and asyncio (``AsyncClient``).

    from clinverify.clients.grpc_client import Client
    with Client("127.0.0.1:50051", token="s3cret") as c:
        c.compute("cockcroft_gault", {"age": [72, "years"], ...})      # -> calc result dict
        c.verify("step-by-step text ...", calculator=2, entities={...})  # -> verify output dict

Every method returns plain dicts (lists of dicts) in the JSON shapes of INTERFACES.md, so code
written against the in-process API or the CLI's JSONL works unchanged against a server.

- Deadlines: ``timeout`` (seconds) per call, default set on the client (``timeout=30.0``). It
  bounds the whole call, retries included.
- Retries: only on ``UNAVAILABLE`` (server not up, connection reset, draining), at most
  ``max_attempts`` attempts with exponential backoff and full jitter. Every method is a pure
  function of its request, so retrying is safe. A stream is not retried once it has started.
- Security: ``root_certificates`` (TLS), plus ``certificate_chain`` + ``private_key`` (mTLS);
  ``token`` is sent as ``authorization: Bearer <token>`` (as call credentials over TLS, as
  metadata on a plaintext channel).
- Errors: ``ClinverifyError`` with the gRPC ``code``, the server's ``message`` and the
  ``google.rpc.BadRequest`` field ``violations`` decoded from ``grpc-status-details-bin``.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from typing import Any

import grpc

from clinverify.api.v1 import (
    calculator_pb2,
    calculator_pb2_grpc,
    common_pb2,
    verifier_pb2,
    verifier_pb2_grpc,
)
from clinverify.services.codec import (
    calculator_to_dict,
    compute_request,
    compute_to_dict,
    fhir_request,
    fhir_result_to_dict,
    field_text,
    summary_to_dict,
    verification_to_dict,
    verify_request,
)
from clinverify.verifier.batch import native_row

__all__ = ["AsyncClient", "Client", "ClinverifyError", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_BATCH_CHUNK = 512
_MAX_MESSAGE = 64 * 1024 * 1024
_DETAILS_KEY = "grpc-status-details-bin"

# ---------------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------------


class ClinverifyError(Exception):
    """A failed call: ``code`` (grpc.StatusCode), ``message`` and ``violations``.

    ``violations`` is a list of ``{"field": ..., "description": ...}`` from the server's
    ``google.rpc.BadRequest`` detail (empty when there is none); ``attempts`` is how many
    attempts were made (more than one after retries on UNAVAILABLE).
    """

    def __init__(
        self,
        code: grpc.StatusCode | None,
        message: str,
        violations: Sequence[Mapping[str, str]] = (),
        *,
        details: Sequence[Any] = (),
        attempts: int = 1,
    ):
        self.code = code
        self.message = message
        self.violations = [dict(v) for v in violations]
        self.details = list(details)
        self.attempts = attempts
        super().__init__(self._text())

    @property
    def code_name(self) -> str:
        return self.code.name if self.code is not None else "UNKNOWN"

    def _text(self) -> str:
        text = f"{self.code_name}: {self.message}"
        if self.violations:
            text += "".join(f"\n  {v.get('field', '')}: {v.get('description', '')}" for v in self.violations)
        return text

    def to_dict(self) -> dict[str, Any]:
        """The error in the JSONL ``error`` shape (``code`` is the gRPC code name)."""
        out: dict[str, Any] = {"code": self.code_name, "message": self.message}
        if self.violations:
            out["fields"] = list(self.violations)
        return out


def _rich_status(exc: grpc.RpcError):
    """The google.rpc.Status in the error's trailing metadata, or None."""
    try:
        md = exc.trailing_metadata()  # sync RpcError (a grpc.Call) and aio AioRpcError alike
    except Exception:
        return None
    if not md:
        return None
    from google.rpc import status_pb2

    for item in md:
        key, value = (item.key, item.value) if hasattr(item, "key") else item
        if key == _DETAILS_KEY:
            try:
                return status_pb2.Status.FromString(value)
            except Exception:
                return None
    return None


def _from_rpc_error(exc: grpc.RpcError, attempts: int = 1) -> ClinverifyError:
    code = exc.code() if hasattr(exc, "code") else None
    message = (exc.details() if hasattr(exc, "details") else None) or str(exc)
    status = None
    if not isinstance(exc, grpc.aio.AioRpcError):
        try:  # grpcio-status's reference decoder (checks code/message consistency)
            from grpc_status import rpc_status

            status = rpc_status.from_call(exc)
        except Exception:
            status = None
    if status is None:
        status = _rich_status(exc)
    violations: list[dict[str, str]] = []
    details: list[Any] = []
    if status is not None:
        from google.rpc import error_details_pb2

        for any_msg in status.details:
            if any_msg.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                br = error_details_pb2.BadRequest()
                any_msg.Unpack(br)
                violations.extend({"field": v.field, "description": v.description} for v in br.field_violations)
            else:
                details.append(any_msg)
    return ClinverifyError(code, message, violations, details=details, attempts=attempts)


# ---------------------------------------------------------------------------------------------
# rows -> requests (the wire codec itself is clinverify.services.codec, shared with the servers)
# ---------------------------------------------------------------------------------------------


def _row_of(trace_or_row: str | Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(trace_or_row, Mapping):
        row = dict(trace_or_row)
        row.update({k: v for k, v in fields.items() if v is not None})
        return row
    row = {"trace": trace_or_row}
    row.update({k: v for k, v in fields.items() if v is not None})
    return row


def _verify_call(trace_or_row: str | Mapping[str, Any], fields: Mapping[str, Any]) -> tuple[dict[str, Any], verifier_pb2.VerifyRequest]:
    """(the native row, its VerifyRequest) for ``verify(trace, **fields)``."""
    row = native_row(_row_of(trace_or_row, fields))
    return row, verify_request(row)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    size = max(1, int(size))
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Request building and result decoding shared by Client and AsyncClient (which differ only in
# awaiting the call).


def _compute_batches(rows: Iterable[Mapping[str, Any]], explain: bool, size: int) -> list[tuple[Sequence[Mapping[str, Any]], calculator_pb2.ComputeBatchRequest]]:
    """(rows, ComputeBatchRequest) per chunk of ``size`` rows; every request is built before
    anything is sent, so a row that cannot be encoded fails the call up front."""
    rows = list(rows)
    reqs = [compute_request(r.get("calculator"), r.get("entities"), explain=bool(r.get("explain", explain)), id=r.get("id")) for r in rows]
    return [(c, calculator_pb2.ComputeBatchRequest(requests=q)) for c, q in zip(_chunks(rows, size), _chunks(reqs, size), strict=True)]


def _verify_batches(rows: Iterable[Mapping[str, Any]], size: int) -> list[tuple[Sequence[dict[str, Any]], verifier_pb2.VerifyBatchRequest]]:
    """(normalised rows, VerifyBatchRequest) per chunk of ``size`` rows, all built up front."""
    rows = [native_row(r) for r in rows]
    reqs = [verify_request(r) for r in rows]
    return [(c, verifier_pb2.VerifyBatchRequest(requests=q)) for c, q in zip(_chunks(rows, size), _chunks(reqs, size), strict=True)]


def _decoded(messages: Sequence[Any], rows: Sequence[Mapping[str, Any]], to_dict) -> list[dict[str, Any]]:
    return [to_dict(m, r.get("id")) for m, r in zip(messages, rows, strict=True)]


# ---------------------------------------------------------------------------------------------
# channel set-up
# ---------------------------------------------------------------------------------------------


def _read_bytes(x: bytes | str | os.PathLike | None) -> bytes | None:
    if x is None:
        return None
    if isinstance(x, bytes):
        return x
    s = os.fspath(x)
    if isinstance(s, str) and s.lstrip().startswith("-----BEGIN"):
        return s.encode()
    with open(s, "rb") as fh:
        return fh.read()


def _target(address: str) -> tuple[str, bool | None]:
    for prefix, tls in (("grpcs://", True), ("grpc://", False), ("https://", True), ("http://", False)):
        if address.startswith(prefix):
            return address[len(prefix) :].rstrip("/"), tls
    return address, None


class _Config:
    """What Client and AsyncClient share: target, credentials, defaults, retry policy."""

    def __init__(
        self,
        address: str,
        *,
        token: str | None = None,
        token_file: str | os.PathLike | None = None,
        tls: bool | None = None,
        root_certificates: bytes | str | os.PathLike | None = None,
        certificate_chain: bytes | str | os.PathLike | None = None,
        private_key: bytes | str | os.PathLike | None = None,
        server_name: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_initial: float = 0.05,
        backoff_max: float = 2.0,
        backoff_multiplier: float = 2.0,
        batch_chunk: int = DEFAULT_BATCH_CHUNK,
        options: Sequence[tuple[str, Any]] | None = None,
    ):
        target, scheme_tls = _target(address)
        self.target = target
        if token is None and token_file is not None:
            with open(token_file, encoding="utf-8") as fh:
                token = fh.read().strip()
        self.token = token or None
        self.root_certificates = _read_bytes(root_certificates)
        self.certificate_chain = _read_bytes(certificate_chain)
        self.private_key = _read_bytes(private_key)
        if (self.certificate_chain is None) != (self.private_key is None):
            raise ValueError("mTLS needs both certificate_chain and private_key")
        if tls is None:
            tls = bool(scheme_tls) or self.root_certificates is not None or self.certificate_chain is not None
        self.tls = tls
        self.timeout = timeout
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.max_attempts = int(max_attempts)
        self.backoff_initial = float(backoff_initial)
        self.backoff_max = float(backoff_max)
        self.backoff_multiplier = float(backoff_multiplier)
        self.batch_chunk = int(batch_chunk)
        opts = [("grpc.max_send_message_length", _MAX_MESSAGE), ("grpc.max_receive_message_length", _MAX_MESSAGE)]
        if server_name:
            opts.append(("grpc.ssl_target_name_override", server_name))
        opts.extend(options or ())
        self.options = opts

    def credentials(self) -> grpc.ChannelCredentials | None:
        if not self.tls:
            return None
        creds = grpc.ssl_channel_credentials(self.root_certificates, self.private_key, self.certificate_chain)
        if self.token:
            creds = grpc.composite_channel_credentials(creds, grpc.access_token_call_credentials(self.token))
        return creds

    @property
    def metadata(self) -> tuple[tuple[str, str], ...] | None:
        # Over TLS the token travels as call credentials; on plaintext as metadata.
        if self.token and not self.tls:
            return (("authorization", f"Bearer {self.token}"),)
        return None

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, initial * multiplier ** (attempt - 1))]."""
        cap = min(self.backoff_max, self.backoff_initial * self.backoff_multiplier ** (attempt - 1))
        return random.uniform(0, cap)

    def deadline(self, timeout: float | None, default: bool = True) -> float | None:
        t = timeout if timeout is not None else (self.timeout if default else None)
        return None if t is None else time.monotonic() + float(t)


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    return deadline - time.monotonic()


class _Attempts:
    """The retry policy of one call, shared by Client and AsyncClient (which differ only in how
    they wait): ``start()`` before each attempt gives the seconds left (raising when the deadline
    has passed); ``failed(exc)`` gives the backoff before the next attempt, or raises the error
    when it is not retryable (only UNAVAILABLE is), attempts are used up, or the deadline is near."""

    def __init__(self, cfg: _Config, timeout: float | None):
        self.cfg = cfg
        self.deadline = cfg.deadline(timeout)
        self.attempt = 0
        self.last: ClinverifyError | None = None

    def start(self) -> float | None:
        remaining = _remaining(self.deadline)
        if remaining is not None and remaining <= 0:
            raise _deadline_error(self.attempt, self.last)
        self.attempt += 1
        return remaining

    def failed(self, exc: grpc.RpcError) -> float:
        self.last = _from_rpc_error(exc, self.attempt)
        if self.last.code != grpc.StatusCode.UNAVAILABLE or self.attempt >= self.cfg.max_attempts:
            raise self.last from None
        delay = self.cfg.backoff(self.attempt)
        remaining = _remaining(self.deadline)
        if remaining is not None and delay >= remaining:
            raise self.last from None
        return delay


def _deadline_error(attempts: int, last: ClinverifyError | None) -> ClinverifyError:
    if last is not None:
        last.attempts = attempts
        return last
    return ClinverifyError(grpc.StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call could be made", attempts=attempts)


# ---------------------------------------------------------------------------------------------
# sync client
# ---------------------------------------------------------------------------------------------


class Client:
    """Blocking client. Thread-safe (one channel, shared); use as a context manager or ``close()``.

    ``address`` is ``host:port`` (``grpcs://host:port`` implies TLS with the system roots).
    """

    def __init__(self, address: str, **kwargs: Any):
        self._cfg = _Config(address, **kwargs)
        creds = self._cfg.credentials()
        if creds is None:
            self._channel = grpc.insecure_channel(self._cfg.target, options=self._cfg.options)
        else:
            self._channel = grpc.secure_channel(self._cfg.target, creds, options=self._cfg.options)
        self._calc = calculator_pb2_grpc.CalculatorServiceStub(self._channel)
        self._verifier = verifier_pb2_grpc.VerifierServiceStub(self._channel)

    @property
    def address(self) -> str:
        return self._cfg.target

    @property
    def timeout(self) -> float | None:
        return self._cfg.timeout

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _call(self, method: Any, request: Any, timeout: float | None) -> Any:
        tries = _Attempts(self._cfg, timeout)
        while True:
            remaining = tries.start()
            try:
                return method(request, timeout=remaining, metadata=self._cfg.metadata)
            except grpc.RpcError as exc:
                time.sleep(tries.failed(exc))

    # -- calculators ---------------------------------------------------------------------------

    def list_calculators(self, *, category: str = "", query: str = "", timeout: float | None = None) -> list[dict[str, Any]]:
        """Every calculator, or those of ``category`` (a specialty) whose id, name, description or
        keywords contain ``query``: ``[{"id", "medcalc_id", "name", "category"}, ...]``."""
        resp = self._call(self._calc.ListCalculators, calculator_pb2.ListCalculatorsRequest(category=category, query=query), timeout)
        return [summary_to_dict(s) for s in resp.calculators]

    def get_calculator(self, calculator: str | int, *, timeout: float | None = None) -> dict[str, Any]:
        """One calculator's inputs (unit, range, required), output and citations."""
        req = calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key=field_text(calculator)))
        return calculator_to_dict(self._call(self._calc.GetCalculator, req, timeout))

    def compute(self, calculator: str | int, entities: Mapping[str, Any] | None = None, *, explain: bool = False, id: Any = None, timeout: float | None = None) -> dict[str, Any]:
        """Compute one calculator; bad input raises ClinverifyError (INVALID_ARGUMENT / NOT_FOUND)."""
        resp = self._call(self._calc.Compute, compute_request(calculator, entities, explain=explain, id=id), timeout)
        return compute_to_dict(resp, id)

    def compute_from_fhir(self, calculator: str | int, bundle: Any, *, as_of: Any = None, lookback_days: float | None = None,
                          absent_rule: bool = False, patient: str | None = None, entities: Mapping[str, Any] | None = None,
                          id: Any = None, timeout: float | None = None) -> dict[str, Any]:
        """Compute one calculator from a FHIR R4 Bundle (a dict, JSON text or bytes): the result with
        ``status``, ``provenance``, ``missing``, ``not_documented`` ... as ``clinverify.ehr.compute_from_fhir``."""
        req = fhir_request(calculator, bundle, as_of=as_of, lookback_days=lookback_days, absent_rule=absent_rule,
                           patient=patient, entities=entities, id=id)
        return fhir_result_to_dict(self._call(self._calc.ComputeFromFhir, req, timeout), id)

    def compute_batch(self, rows: Iterable[Mapping[str, Any]], *, explain: bool = False, timeout: float | None = None) -> list[dict[str, Any]]:
        """Rows ``{"id", "calculator", "entities"[, "explain"]}`` -> results in order; a bad row
        carries its own ``error`` and the batch goes on."""
        out: list[dict[str, Any]] = []
        for chunk, req in _compute_batches(rows, explain, self._cfg.batch_chunk):
            out += _decoded(self._call(self._calc.ComputeBatch, req, timeout).results, chunk, compute_to_dict)
        return out

    # -- verifier ------------------------------------------------------------------------------

    def verify(
        self,
        trace: str | Mapping[str, Any],
        *,
        calculator: str | int | None = None,
        question: str | None = None,
        patient_note: str | None = None,
        entities: Mapping[str, Any] | None = None,
        answer: Any = None,
        reference: Any = None,
        id: Any = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Verify one trace (a string plus keyword fields, or a whole verify input row)."""
        row, req = _verify_call(trace, dict(calculator=calculator, question=question, patient_note=patient_note, entities=entities, answer=answer, reference=reference, id=id))
        resp = self._call(self._verifier.Verify, req, timeout)
        return verification_to_dict(resp, row.get("id"))

    def verify_batch(self, rows: Iterable[Mapping[str, Any]], *, timeout: float | None = None) -> list[dict[str, Any]]:
        """Verify input rows (native or MedCalc-Bench form) -> verify output objects, in order.

        Sent in chunks of ``batch_chunk`` rows per RPC; ``timeout`` applies to each chunk."""
        out: list[dict[str, Any]] = []
        for chunk, req in _verify_batches(rows, self._cfg.batch_chunk):
            out += _decoded(self._call(self._verifier.VerifyBatch, req, timeout).results, chunk, verification_to_dict)
        return out

    def verify_stream(self, rows: Iterable[Mapping[str, Any]], *, timeout: float | None = None) -> Iterator[dict[str, Any]]:
        """Stream rows to VerifyStream; yields one verify output object per row, in order.

        No deadline unless ``timeout`` is given; not retried (the rows are consumed once)."""
        ids: list[Any] = []
        failed: list[BaseException] = []

        def requests() -> Iterator[verifier_pb2.VerifyStreamRequest]:
            try:
                for r in rows:
                    r = native_row(r)
                    ids.append(r.get("id"))
                    yield verifier_pb2.VerifyStreamRequest(request=verify_request(r))
            except Exception as exc:  # a bad row: surfaced as itself, not as a cancelled call
                failed.append(exc)
                raise

        call = self._verifier.VerifyStream(requests(), timeout=timeout, metadata=self._cfg.metadata)
        try:
            for n, m in enumerate(call):
                yield verification_to_dict(m.response, ids[n] if n < len(ids) else None)
        except grpc.RpcError as exc:
            if failed:
                raise failed[0] from None
            raise _from_rpc_error(exc) from None
        finally:
            call.cancel()

    # -- health --------------------------------------------------------------------------------

    def health(self, service: str = "", *, timeout: float | None = None) -> str:
        """The server's ``grpc.health.v1`` status for ``service`` ("SERVING", "NOT_SERVING", ...)."""
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        stub = health_pb2_grpc.HealthStub(self._channel)
        resp = self._call(stub.Check, health_pb2.HealthCheckRequest(service=service), timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)


# ---------------------------------------------------------------------------------------------
# asyncio client
# ---------------------------------------------------------------------------------------------


class AsyncClient:
    """asyncio client (grpc.aio): the same methods as ``Client``, as coroutines.

    ``verify_stream`` is an async iterator. Create it inside the running event loop; use
    ``async with`` or ``await close()``.
    """

    def __init__(self, address: str, **kwargs: Any):
        self._cfg = _Config(address, **kwargs)
        creds = self._cfg.credentials()
        if creds is None:
            self._channel = grpc.aio.insecure_channel(self._cfg.target, options=self._cfg.options)
        else:
            self._channel = grpc.aio.secure_channel(self._cfg.target, creds, options=self._cfg.options)
        self._calc = calculator_pb2_grpc.CalculatorServiceStub(self._channel)
        self._verifier = verifier_pb2_grpc.VerifierServiceStub(self._channel)

    @property
    def address(self) -> str:
        return self._cfg.target

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def _call(self, method: Any, request: Any, timeout: float | None) -> Any:
        tries = _Attempts(self._cfg, timeout)
        while True:
            remaining = tries.start()
            try:
                return await method(request, timeout=remaining, metadata=self._cfg.metadata)
            except grpc.RpcError as exc:
                await asyncio.sleep(tries.failed(exc))

    async def list_calculators(self, *, category: str = "", query: str = "", timeout: float | None = None) -> list[dict[str, Any]]:
        resp = await self._call(self._calc.ListCalculators, calculator_pb2.ListCalculatorsRequest(category=category, query=query), timeout)
        return [summary_to_dict(s) for s in resp.calculators]

    async def get_calculator(self, calculator: str | int, *, timeout: float | None = None) -> dict[str, Any]:
        req = calculator_pb2.GetCalculatorRequest(calculator=common_pb2.CalculatorRef(key=field_text(calculator)))
        return calculator_to_dict(await self._call(self._calc.GetCalculator, req, timeout))

    async def compute(self, calculator: str | int, entities: Mapping[str, Any] | None = None, *, explain: bool = False, id: Any = None, timeout: float | None = None) -> dict[str, Any]:
        resp = await self._call(self._calc.Compute, compute_request(calculator, entities, explain=explain, id=id), timeout)
        return compute_to_dict(resp, id)

    async def compute_from_fhir(self, calculator: str | int, bundle: Any, *, as_of: Any = None, lookback_days: float | None = None,
                                absent_rule: bool = False, patient: str | None = None, entities: Mapping[str, Any] | None = None,
                                id: Any = None, timeout: float | None = None) -> dict[str, Any]:
        req = fhir_request(calculator, bundle, as_of=as_of, lookback_days=lookback_days, absent_rule=absent_rule,
                           patient=patient, entities=entities, id=id)
        return fhir_result_to_dict(await self._call(self._calc.ComputeFromFhir, req, timeout), id)

    async def compute_batch(self, rows: Iterable[Mapping[str, Any]], *, explain: bool = False, timeout: float | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for chunk, req in _compute_batches(rows, explain, self._cfg.batch_chunk):
            out += _decoded((await self._call(self._calc.ComputeBatch, req, timeout)).results, chunk, compute_to_dict)
        return out

    async def verify(
        self,
        trace: str | Mapping[str, Any],
        *,
        calculator: str | int | None = None,
        question: str | None = None,
        patient_note: str | None = None,
        entities: Mapping[str, Any] | None = None,
        answer: Any = None,
        reference: Any = None,
        id: Any = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        row, req = _verify_call(trace, dict(calculator=calculator, question=question, patient_note=patient_note, entities=entities, answer=answer, reference=reference, id=id))
        resp = await self._call(self._verifier.Verify, req, timeout)
        return verification_to_dict(resp, row.get("id"))

    async def verify_batch(self, rows: Iterable[Mapping[str, Any]], *, timeout: float | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for chunk, req in _verify_batches(rows, self._cfg.batch_chunk):
            out += _decoded((await self._call(self._verifier.VerifyBatch, req, timeout)).results, chunk, verification_to_dict)
        return out

    async def verify_stream(self, rows: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]], *, timeout: float | None = None) -> AsyncIterator[dict[str, Any]]:
        """Async iterator: one verify output object per row, in order (rows: a sync or async iterable)."""
        ids: list[Any] = []
        failed: list[BaseException] = []

        def request(r: Mapping[str, Any]) -> verifier_pb2.VerifyStreamRequest:
            r = native_row(r)
            ids.append(r.get("id"))
            return verifier_pb2.VerifyStreamRequest(request=verify_request(r))

        async def requests() -> AsyncIterator[verifier_pb2.VerifyStreamRequest]:
            try:
                if isinstance(rows, AsyncIterable):
                    async for r in rows:
                        yield request(r)
                else:
                    for r in rows:
                        yield request(r)
            except Exception as exc:  # a bad row: surfaced as itself, not as a cancelled call
                failed.append(exc)
                raise

        call = self._verifier.VerifyStream(requests(), timeout=timeout, metadata=self._cfg.metadata)
        n = 0
        try:
            async for m in call:
                yield verification_to_dict(m.response, ids[n] if n < len(ids) else None)
                n += 1
        except (grpc.RpcError, asyncio.CancelledError) as exc:
            if failed:
                raise failed[0] from None
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise _from_rpc_error(exc) from None
        finally:
            if not call.done():
                call.cancel()

    async def health(self, service: str = "", *, timeout: float | None = None) -> str:
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        stub = health_pb2_grpc.HealthStub(self._channel)
        resp = await self._call(stub.Check, health_pb2.HealthCheckRequest(service=service), timeout)
        return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)
