"""Soak: legitimate load mixed with hostile requests against `clinverify serve` (a subprocess on
loopback), then SIGTERM.

    python bench/soak.py [--seconds 30] [--callers 64] [--rate 800] [--workers N] [--json]

During the run:
  legitimate  --callers grpc.aio callers with the token, together offering --rate calls/s (open
              loop): Compute over MedCalc-style entities and Verify of a short trace, alternating;
              every one must succeed.
  hostile     one sender per kind, back to back: a 100 KB unit string, a 1 MB calculator key,
              200,000 entity keys, a 10 MB patient note, a 100,000-digit answer in a trace,
              garbage bytes, and 12 MB messages without the token.
  health      a prober calls grpc.health.v1.Health/Check every 20 ms and records its latency.
Then SIGTERM: the server and every worker process must be gone within the grace period.

Prints legitimate calls and failures, health latency p50/p99/max, each hostile kind's status
codes and latency, the server's and workers' RSS before and after, and the exit. ``--json``
prints the same as one JSON object (tests/reliability/test_soak.py runs a short one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clinverify.api.v1 import calculator_pb2, calculator_pb2_grpc, common_pb2, verifier_pb2, verifier_pb2_grpc
from clinverify.services import codec

TOKEN = "soak-token"
AUTH = (("authorization", f"Bearer {TOKEN}"),)
ENT = {"sex": "Male", "age": [87, "years"], "weight": [48, "kg"], "height": [163, "cm"], "creatinine": [1.4, "mg/dL"]}
TRACE = "CrCl = ((140 - 87) * 48) / (72 * 1.4) = 25.24 mL/min. Answer: 25.24"
BIG = 64 << 20


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, frontier = [pid], [pid]
    while frontier:
        frontier = [c for c, p in parent.items() if p in frontier]
        out += frontier
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_server(workers: int | None, grace: float) -> tuple[subprocess.Popen, str, str]:
    tok = Path(tempfile.mkdtemp()) / "token"
    tok.write_text(TOKEN + "\n")
    cmd = [sys.executable, "-P", "-m", "clinverify.clients", "serve", "--host", "127.0.0.1", "--port", "0", "--token-file", str(tok), "--grace", str(grace), "--no-access-log"]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        m = re.search(r"listening on (\S+):(\d+)", line)
        if m:
            return proc, f"{m.group(1)}:{m.group(2)}", str(tok)
    proc.kill()
    raise SystemExit("server did not start:\n" + "".join(lines))


def _compute(key: str = "2", entities=None) -> calculator_pb2.ComputeRequest:
    return calculator_pb2.ComputeRequest(calculator=common_pb2.CalculatorRef(key=key), entities=codec.to_struct(ENT if entities is None else entities))


def hostile_requests():
    """(kind, method path, serialized request, with token?) — built once, sent repeatedly."""
    note = "The patient is 87 years old and weighs 48 kg. " * 220_000
    return [
        ("long unit", "/clinverify.api.v1.CalculatorService/Compute", _compute(entities={**ENT, "weight": [50, "k" * 100_000]}).SerializeToString(), True),
        ("huge calculator key", "/clinverify.api.v1.CalculatorService/Compute", _compute(key="x" * (1 << 20)).SerializeToString(), True),
        ("200,000 entity keys", "/clinverify.api.v1.CalculatorService/Compute", _compute(entities={f"k{i}": i for i in range(200_000)}).SerializeToString(), True),
        ("10 MB note", "/clinverify.api.v1.VerifierService/Verify", verifier_pb2.VerifyRequest(trace=TRACE, calculator="2", patient_note=note).SerializeToString(), True),
        ("100,000-digit answer", "/clinverify.api.v1.VerifierService/Verify", verifier_pb2.VerifyRequest(trace=TRACE + ' {"answer": "' + "9" * 100_000 + '"}', calculator="2").SerializeToString(), True),
        ("garbage bytes", "/clinverify.api.v1.VerifierService/VerifyBatch", b"\xff\xfe\x00garbage\x0a" + b"\xff" * 10 + b"\x01", True),
        ("12 MB without token", "/clinverify.api.v1.CalculatorService/Compute", _compute(entities={"note": "x" * (12 << 20)}).SerializeToString(), False),
    ]


async def run(a) -> dict:
    proc, address, _ = start_server(a.workers, a.grace)
    pid = proc.pid
    opts = [("grpc.max_send_message_length", BIG), ("grpc.max_receive_message_length", BIG)]
    legit = Counter()
    legit_errors: Counter = Counter()
    health_ms: list[float] = []
    health_failed: Counter = Counter()
    hostile: dict[str, Counter] = defaultdict(Counter)
    hostile_ms: dict[str, list[float]] = defaultdict(list)
    stop_at = time.monotonic() + a.seconds
    try:
        async with grpc.aio.insecure_channel(address, options=opts) as ch, grpc.aio.insecure_channel(address, options=opts) as hch:
            calc = calculator_pb2_grpc.CalculatorServiceStub(ch)
            ver = verifier_pb2_grpc.VerifierServiceStub(ch)
            await calc.Compute(_compute(), metadata=AUTH, timeout=30)
            rss_before = {p: _rss_mb(p) for p in _tree(pid)}
            good_compute, good_verify = _compute(), verifier_pb2.VerifyRequest(trace=TRACE, calculator="2", entities=codec.to_struct(ENT))

            async def caller(i: int) -> None:
                period = a.callers / a.rate
                t = time.monotonic() + period * i / a.callers
                n = 0
                while t < stop_at:
                    await asyncio.sleep(max(0.0, t - time.monotonic()))
                    try:
                        if n % 2:
                            await ver.Verify(good_verify, metadata=AUTH, timeout=30)
                        else:
                            await calc.Compute(good_compute, metadata=AUTH, timeout=30)
                        legit["ok"] += 1
                    except grpc.RpcError as e:
                        legit_errors[e.code().name] += 1
                    n += 1
                    t += period

            async def prober() -> None:
                h = health_pb2_grpc.HealthStub(hch)
                while time.monotonic() < stop_at:
                    t0 = time.perf_counter()
                    try:
                        await h.Check(health_pb2.HealthCheckRequest(), timeout=10)
                    except grpc.RpcError as e:
                        health_failed[e.code().name] += 1
                    health_ms.append((time.perf_counter() - t0) * 1000)
                    await asyncio.sleep(0.02)

            async def attacker(kind: str, method: str, body: bytes, with_token: bool) -> None:
                async with grpc.aio.insecure_channel(address, options=opts) as hc:
                    call = hc.unary_unary(method)
                    while time.monotonic() < stop_at:
                        t0 = time.perf_counter()
                        try:
                            await call(body, metadata=AUTH if with_token else None, timeout=30)
                            hostile[kind]["OK"] += 1
                        except grpc.RpcError as e:
                            hostile[kind][e.code().name] += 1
                        hostile_ms[kind].append((time.perf_counter() - t0) * 1000)
                        await asyncio.sleep(0.05)

            tasks = [caller(i) for i in range(a.callers)] + [prober()] + [attacker(*h) for h in hostile_requests()]
            await asyncio.gather(*tasks)
            rss_after = {p: _rss_mb(p) for p in _tree(pid)}
    finally:
        tree = _tree(pid)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(a.grace + 10)
        except subprocess.TimeoutExpired:
            rc = None
        while any(_alive(p) for p in tree) and time.monotonic() - t0 < a.grace + 10:
            time.sleep(0.05)
        gone_s = time.monotonic() - t0
        left = [p for p in tree if _alive(p)]
        if proc.poll() is None or left:
            os.killpg(pid, signal.SIGKILL)
    q = statistics.quantiles(health_ms, n=100) if len(health_ms) >= 2 else [0.0] * 99
    return {
        "seconds": a.seconds,
        "callers": a.callers,
        "rate": a.rate,
        "legitimate_ok": legit["ok"],
        "legitimate_failed": dict(legit_errors),
        "health_checks": len(health_ms),
        "health_failed": dict(health_failed),
        "health_p50_ms": round(statistics.median(health_ms), 2) if health_ms else None,
        "health_p99_ms": round(q[98], 2),
        "health_max_ms": round(max(health_ms), 2) if health_ms else None,
        "hostile": {k: {"codes": dict(v), "p50_ms": round(statistics.median(hostile_ms[k]), 1), "max_ms": round(max(hostile_ms[k]), 1)} for k, v in hostile.items()},
        "rss_mb_before": {str(p): round(v) for p, v in rss_before.items()},
        "rss_mb_after": {str(p): round(v) for p, v in rss_after.items()},
        "exit_code": rc,
        "tree_gone_s": round(gone_s, 2),
        "left_running": left,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--callers", type=int, default=64)
    ap.add_argument("--rate", type=float, default=800.0, help="legitimate calls/s offered by all callers together")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--grace", type=float, default=5.0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = asyncio.run(run(a))
    if a.json:
        print(json.dumps(r))
        return 0
    print(f"machine: {os.cpu_count()} cores, CPython {sys.version.split()[0]}, grpcio {grpc.__version__}")
    print(f"{r['seconds']:g} s, {r['callers']} legitimate callers offering {r['rate']:g} calls/s (Compute and Verify alternating)")
    print(f"legitimate calls: {r['legitimate_ok']} ok, failed: {r['legitimate_failed'] or 'none'}")
    print(f"health checks: {r['health_checks']} (failed: {r['health_failed'] or 'none'}), p50 {r['health_p50_ms']} ms, p99 {r['health_p99_ms']} ms, max {r['health_max_ms']} ms")
    for k, v in r["hostile"].items():
        print(f"hostile {k:22s} {v['codes']}  p50 {v['p50_ms']} ms  max {v['max_ms']} ms")
    print(f"RSS MB before: {r['rss_mb_before']}  after: {r['rss_mb_after']}")
    print(f"SIGTERM: exit code {r['exit_code']}, process tree gone in {r['tree_gone_s']} s, left running: {r['left_running'] or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
