"""VerifyBatch throughput: Ray Serve with 1 and 2 Verifier replicas, next to the standalone
server, in one run on this machine.

    python bench/ray_throughput.py [--rows 1047] [--batch 64] [--concurrency 4] [--num-cpus 2]

Workload: MedCalc-Bench Ground Truth Explanations with their calculator, note, entities and
reference (every registered calculator's rows; examples/traces.jsonl repeated when the data is
not found), sent as VerifyBatch requests of ``--batch`` traces from ``--concurrency`` client
threads. Each configuration gets a full warm-up pass (per-calculator caches on every replica), then three
timed passes; prints the median pass's traces/s and its median / p95 batch latency.

Standalone: ``clinverify serve --port 0`` started as a subprocess (INTERFACES.md: it prints
``listening on HOST:PORT`` on stderr). When that command is not available, the in-process
``verify_row`` loop (one core) is measured instead and labelled so.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workload(n: int) -> list[dict]:
    rows: list[dict] = []
    try:
        from clinverify.datasets.explanations import rows_with_calculator

        for r, _ in rows_with_calculator():
            rows.append(
                {
                    "id": str(r.row),
                    "calculator": str(r.calculator_id),
                    "patient_note": r.note,
                    "entities": r.entities,
                    "trace": r.explanation,
                    "reference": {"answer": r.label, "lower": r.lower, "upper": r.upper},
                }
            )
        source = "MedCalc-Bench ground-truth explanations"
    except FileNotFoundError:
        ex = [json.loads(x) for x in (ROOT / "examples" / "traces.jsonl").read_text().splitlines() if x.strip()]
        rows = [dict(r, id=f"{i}-{r.get('id')}") for i, r in enumerate(ex * (n // len(ex) + 1))]
        source = "examples/traces.jsonl (MedCalc-Bench data not found)"
    return rows[:n], source


def to_request(row: dict):
    from clinverify.clients.grpc_client import verify_request

    return verify_request(json.loads(json.dumps(row, default=str)))


def run_grpc(address: str, batches, concurrency: int, metadata=None, rounds: int = 3) -> tuple[float, list[float], int]:
    import grpc

    from clinverify.api.v1 import verifier_pb2, verifier_pb2_grpc

    channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", 256 << 20), ("grpc.max_send_message_length", 256 << 20)])
    stub = verifier_pb2_grpc.VerifierServiceStub(channel)

    def one(batch):
        t0 = time.perf_counter()
        resp = stub.VerifyBatch(verifier_pb2.VerifyBatchRequest(requests=batch), metadata=metadata, timeout=600)
        assert len(resp.results) == len(batch)
        return time.perf_counter() - t0

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, batches))  # warm-up: every calculator's caches, on every replica
        runs = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            lat = list(pool.map(one, batches))
            runs.append((time.perf_counter() - t0, lat))
    channel.close()
    wall, lat = sorted(runs, key=lambda r: r[0])[len(runs) // 2]  # the median round
    return wall, lat, sum(len(b) for b in batches)


def fmt(label: str, wall: float, lat: list[float], n: int) -> str:
    lat = sorted(lat)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    return f"{label:<44} {n / wall:8.0f} traces/s   batch p50 {statistics.median(lat) * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def standalone(batches, concurrency: int, workers: int) -> str:
    cmd = [sys.executable, "-P", "-m", "clinverify.clients", "serve", "--host", "127.0.0.1", "--port", "0", "--workers", str(workers), "--no-access-log"]
    try:
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    except OSError as exc:
        return f"standalone server: could not start ({exc})"
    address = None
    deadline = time.time() + 30
    try:
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            if line.startswith("listening on "):
                address = line.split("listening on ", 1)[1].strip()
                break
        if address is None:
            return ""
        import threading

        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()  # keep draining stderr
        wall, lat, n = run_grpc(address, batches, concurrency)
        return fmt(f"standalone server (--workers {workers})", wall, lat, n)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def in_process(rows) -> str:
    from clinverify.verifier.batch import verify_row

    for r in rows:
        verify_row(r)
    t0 = time.perf_counter()
    lat = []
    for r in rows:
        t1 = time.perf_counter()
        verify_row(r)
        lat.append(time.perf_counter() - t1)
    wall = time.perf_counter() - t0
    return f"{'in-process verify_row (one core, no RPC)':<44} {len(rows) / wall:8.0f} traces/s   per trace p50 {statistics.median(lat) * 1e6:5.0f} µs"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1047)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--num-cpus", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--replicas", default="1,2")
    ap.add_argument("--chunk", type=int, default=32, help="traces per Verifier call (a batch fans out in chunks)")
    a = ap.parse_args(argv)

    rows, source = workload(a.rows)
    reqs = [to_request(r) for r in rows]
    batches = [reqs[i : i + a.batch] for i in range(0, len(reqs), a.batch)]
    print(f"{len(rows)} traces from {source}; VerifyBatch of {a.batch}, {a.concurrency} concurrent clients; {os.cpu_count()} CPUs")
    print(in_process(rows), flush=True)

    line = standalone(batches, a.concurrency, workers=min(2, a.num_cpus))
    print(line or "standalone server: `clinverify serve` not available in this checkout (the in-process line above stands in)", flush=True)

    import ray
    from ray import serve
    from ray.serve.config import gRPCOptions

    from clinverify.services import ray_app

    gport = free_port()
    ray.init(num_cpus=a.num_cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        serve.start(http_options={"host": "127.0.0.1", "port": free_port()}, grpc_options=gRPCOptions(port=gport, grpc_servicer_functions=ray_app.GRPC_SERVICER_FUNCTIONS))
        for k in [int(x) for x in a.replicas.split(",")]:
            serve.run(ray_app.build_app({"reasoning_backend": "none", "verifier_replicas": k, "verify_chunk": a.chunk}), name=ray_app.APP_NAME, route_prefix="/")
            wall, lat, n = run_grpc(f"127.0.0.1:{gport}", batches, a.concurrency)
            print(fmt(f"Ray Serve, {k} Verifier replica{'s' if k > 1 else ''} (chunk {a.chunk})", wall, lat, n), flush=True)
    finally:
        serve.shutdown()
        ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
