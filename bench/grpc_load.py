"""A bounded gRPC load test on loopback against `clinverify serve` (started here as a subprocess).

    python bench/grpc_load.py [--calls 4000] [--callers 64] [--batch 1024] [--batches 6]
                              [--workers N] [--inflight 1 2] [--no-access-log]

Prints, in one run:
  Compute   p50/p90/p99/max latency and calls/s with --callers concurrent grpc.aio callers over
            MedCalc-Bench rows' Relevant Entities (every calculator): closed loop (each caller
            sends its next call when the last one returns: latency = callers / throughput) and
            open loop (the callers together send --rate calls/s on a schedule; latency counted
            from the scheduled time); also one caller alone, and Health/Check as the floor of
            the gRPC stack itself.
  VerifyBatch  traces/s end to end (client serialization, loopback, server, worker processes,
            response parsing) with --batch-trace batches built from MedCalc-Bench rows: the
            Ground Truth Explanation as the trace, Relevant Entities, Question and the Ground
            Truth Answer / Lower / Upper Limit as reference; next to the in-process figure
            (verify_row over the same rows, one process) measured in the same run.
The client runs on the same machine as the server and its workers, so it competes for the
same cores: the figures are for the whole loop on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, common_pb2, verifier_pb2, verifier_pb2_grpc
from clinverify.calculators import compute
from clinverify.clients.grpc_client import verify_request
from clinverify.datasets.medcalc_bench import load_rows
from clinverify.services import codec
from clinverify.verifier.batch import verify_row


def verify_input_rows(rows) -> list[dict]:
    return [
        {
            "id": str(r.row),
            "question": r.question,
            "entities": r.entities,
            "trace": r.explanation,
            "reference": {"answer": r.label, "lower": r.lower, "upper": r.upper},
        }
        for r in rows
    ]


def compute_requests(rows) -> list[calculator_pb2.ComputeRequest]:
    out = []
    for r in rows:
        try:
            compute(r.calculator_id, r.entities)
        except Exception:
            continue  # rows the library refuses (documented errata) are not load
        out.append(calculator_pb2.ComputeRequest(id=str(r.row), calculator=common_pb2.CalculatorRef(key=str(r.calculator_id)), entities=codec.to_struct(r.entities)))
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


class Server:
    """``clinverify serve --port 0`` with its stderr (the access log) going to a file, so that
    reading it costs the client nothing."""

    def __init__(self, args: list[str]):
        cmd = [sys.executable, "-P", "-m", "clinverify.clients", "serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.log = tempfile.NamedTemporaryFile("w+", prefix="grpc_load_", suffix=".log", delete=False)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        self.address = None
        deadline = time.monotonic() + 60
        while self.address is None and time.monotonic() < deadline and self.proc.poll() is None:
            time.sleep(0.05)
            m = re.search(r"listening on (\S+)", Path(self.log.name).read_text())
            if m:
                self.address = m.group(1)
        if self.address is None:
            self.proc.kill()
            raise SystemExit("server did not start:\n" + Path(self.log.name).read_text())

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(60)
        self.log_lines = sum(1 for _ in open(self.log.name))
        os.unlink(self.log.name)
        return rc


async def call_load(address: str, call, reqs, calls: int, callers: int, rate: float | None = None) -> tuple[list[float], float]:
    """``calls`` calls of ``call(stub-bound)`` over ``callers`` concurrent callers on one channel.

    Closed loop (``rate`` None): each caller sends its next call when the last one returns.
    Open loop: the callers together send ``rate`` calls/s on a fixed schedule, and each
    latency is measured from the call's scheduled time (a late send counts against the server).
    """
    async with grpc.aio.insecure_channel(address) as ch:
        fn = call(ch)
        for r in reqs[:200]:  # warm-up (connection, server caches)
            await fn(r, timeout=10)
        lat: list[float] = []
        per = calls // callers
        n = len(reqs)
        t0 = time.perf_counter()

        async def caller(k: int):
            for i in range(per):
                r = reqs[(k * per + i) % n]
                if rate is None:
                    t = time.perf_counter()
                else:  # caller k's i-th slot: callers interleave evenly
                    t = t0 + (i * callers + k) / rate
                    delay = t - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                await fn(r, timeout=10)
                lat.append(time.perf_counter() - t)

        await asyncio.gather(*(caller(k) for k in range(callers)))
        return lat, time.perf_counter() - t0


def compute_call(ch):
    return calculator_pb2_grpc.CalculatorServiceStub(ch).Compute


def health_call(ch):
    return health_pb2_grpc.HealthStub(ch).Check


async def verify_load(address: str, batches, inflight: int) -> tuple[int, float, int]:
    opts = [("grpc.max_receive_message_length", 256 << 20), ("grpc.max_send_message_length", 256 << 20)]
    async with grpc.aio.insecure_channel(address, options=opts) as ch:
        stub = verifier_pb2_grpc.VerifierServiceStub(ch)
        await stub.VerifyBatch(batches[0], timeout=120)  # warm-up
        queue = list(batches)
        done = [0, 0]

        async def worker():
            while queue:
                b = queue.pop()
                resp = await stub.VerifyBatch(b, timeout=120)
                done[0] += len(resp.results)
                done[1] += sum(1 for r in resp.results if r.error.code)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(inflight)))
        return done[0], time.perf_counter() - t0, done[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=4000, help="Compute calls at full concurrency (default 4000)")
    ap.add_argument("--callers", type=int, default=64, help="concurrent Compute callers (default 64)")
    ap.add_argument("--rate", type=float, default=1000.0, help="open-loop Compute rate, calls/s over all callers (default 1000)")
    ap.add_argument("--batch", type=int, default=1024, help="traces per VerifyBatch (default 1024)")
    ap.add_argument("--batches", type=int, default=6, help="timed VerifyBatch calls (default 6)")
    ap.add_argument("--inflight", type=int, nargs="+", default=[1, 2], help="VerifyBatch calls in flight (default: 1 and 2)")
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: one per core)")
    ap.add_argument("--no-access-log", action="store_true", help="run the server without its access log")
    a = ap.parse_args(argv)

    rows = load_rows()
    vrows = verify_input_rows(rows)
    creqs = compute_requests(rows)
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, grpcio {grpc.__version__}")
    print(f"data: {len(rows)} MedCalc-Bench rows ({len(creqs)} computable entity sets)")

    # In-process reference: verify_row over the same rows, this process, one core.
    for r in vrows[:50]:
        verify_row(r)
    t0 = time.perf_counter()
    n_in = 0
    while time.perf_counter() - t0 < 2.0 or n_in < len(vrows):
        for r in vrows:
            verify_row(r)
        n_in += len(vrows)
    inproc = n_in / (time.perf_counter() - t0)

    reps = -(-a.batch * (a.batches + 1) // len(vrows))
    pool = (vrows * reps)[: a.batch * (a.batches + 1)]
    batches = [verifier_pb2.VerifyBatchRequest(requests=[verify_request(r) for r in pool[i : i + a.batch]]) for i in range(0, len(pool), a.batch)]
    size_mb = batches[0].ByteSize() / 1e6

    args = [] if a.workers is None else ["--workers", str(a.workers)]
    if a.no_access_log:
        args.append("--no-access-log")
    srv = Server(args)
    load0 = os.getloadavg()[0]
    try:
        hreqs = [health_pb2.HealthCheckRequest()] * 16
        lat_h, el_h = asyncio.run(call_load(srv.address, health_call, hreqs, a.calls, a.callers))
        lat1, el1 = asyncio.run(call_load(srv.address, compute_call, creqs, 1000, 1))
        lat, el = asyncio.run(call_load(srv.address, compute_call, creqs, a.calls, a.callers))
        lat_o, el_o = asyncio.run(call_load(srv.address, compute_call, creqs, a.calls, a.callers, rate=a.rate))
        vres = {k: asyncio.run(verify_load(srv.address, batches[: a.batches + 1], k)) for k in a.inflight}
    finally:
        rc = srv.stop()
    load1 = os.getloadavg()[0]

    def line(label, xs, elapsed):
        return (
            f"{label} ({len(xs)} calls): p50 {ms(pct(xs, 50))}  p90 {ms(pct(xs, 90))}  p99 {ms(pct(xs, 99))}  "
            f"max {ms(max(xs))}  ({len(xs) / elapsed:,.0f} calls/s)"
        )

    ms = lambda x: f"{x * 1000:.2f} ms"  # noqa: E731
    print(f"server: workers={'one per core' if a.workers is None else a.workers}, access log {'off' if a.no_access_log else 'on'} ({srv.log_lines} log lines); exit code after SIGTERM: {rc}")
    print(f"load average (1 min) before/after the server runs: {load0:.2f} / {load1:.2f}  (other processes share these cores)")
    print()
    print(line(f"Health/Check floor, {a.callers} callers, closed loop", lat_h, el_h))
    print(line("Compute, 1 caller", lat1, el1))
    print(line(f"Compute, {a.callers} callers, closed loop", lat, el))
    print(line(f"Compute, {a.callers} callers, open loop at {a.rate:,.0f} calls/s", lat_o, el_o))
    print()
    print(f"VerifyBatch, {a.batch}-trace batches ({size_mb:.2f} MB each), end to end:")
    for k, (n, t, errs) in vres.items():
        print(f"  {k} in flight: {n / t:,.0f} traces/s  ({n} traces in {t:.2f} s, {errs} item errors)")
    print(f"in-process verify_row, same rows, 1 process: {inproc:,.0f} traces/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
