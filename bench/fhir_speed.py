"""FHIR input speed (clinverify.ehr): a Synthea patient Bundle to a result, and Bulk NDJSON patients/s.

    python bench/fhir_speed.py [--repeat 50] [--patients 1000] [--calc cockcroft_gault]

1. Bundle: tests/data/fhir/synthea/Parker_Casper_….json (1.48 MB, 467 resources), median and p90 ms
   of: json.loads; indexing the resources (records.bundle_records); choosing, validating
   (fhir.resources) and converting the inputs then computing (compute_record); and the whole call
   compute_from_fhir(calc, bytes) — "bundle to entities" plus the computation.
2. Bulk NDJSON: a Bulk Data folder of --patients patients written to a temporary folder from the two
   Synthea bundles (their Patient, Observation and Condition resources, each copy with its own ids),
   then compute_from_ndjson over it, one process: patients/s (one core).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from clinverify.calculators import get
from clinverify.ehr import compute_from_fhir, compute_from_ndjson
from clinverify.ehr.compute import as_of_time, compute_record
from clinverify.ehr.records import bundle_records

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "fhir" / "synthea"
BUNDLE = DATA / "Parker_Casper_6d0c6969-6843-47e1-9921-d9bf11b1df31.json"
AS_OF = "2021-02-20"


def timed(fn, repeat: int) -> tuple[float, float]:
    xs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        xs.append((time.perf_counter() - t) * 1000)
    xs.sort()
    return statistics.median(xs), xs[int(0.9 * (len(xs) - 1))]


def bundle_speed(calc_id: str, repeat: int) -> None:
    raw = BUNDLE.read_bytes()
    compute_from_fhir(calc_id, raw, as_of=AS_OF)  # warm: imports, pint, UCUM registry, models
    bundle = json.loads(raw)
    records = bundle_records(bundle)
    calc, as_of = get(calc_id), as_of_time(AS_OF)
    print(f"bundle {BUNDLE.name}: {len(raw) / 1e6:.2f} MB, {len(bundle['entry'])} resources; {calc_id}")
    for label, fn in (
        ("json.loads", lambda: json.loads(raw)),
        ("index (bundle_records)", lambda: bundle_records(bundle)),
        ("choose + validate + compute", lambda: compute_record(calc, records[0], as_of)),
        ("compute_from_fhir(bytes)", lambda: compute_from_fhir(calc_id, raw, as_of=AS_OF)),
    ):
        med, p90 = timed(fn, repeat)
        print(f"  {label:30s} median {med:7.2f} ms   p90 {p90:7.2f} ms")


def write_bulk(folder: str, patients: int) -> int:
    """--patients patients as Bulk NDJSON (Patient, Observation, Condition files); returns bytes written."""
    sources = []
    for path in sorted(DATA.glob("*.json")):
        rs = [e["resource"] for e in json.loads(path.read_bytes())["entry"]]
        sources.append([r for r in rs if r["resourceType"] in ("Patient", "Observation", "Condition")])
    files = {k: open(os.path.join(folder, f"{k}.000.ndjson"), "w", encoding="utf-8") for k in ("Patient", "Observation", "Condition")}
    size = 0
    try:
        for i in range(patients):
            resources = sources[i % len(sources)]
            pid = f"p{i:06d}"
            for r in resources:
                r = dict(r, id=f"{r['id']}-{i}")
                if r["resourceType"] == "Patient":
                    r["id"] = pid
                else:
                    r["subject"] = {"reference": f"Patient/{pid}"}
                line = json.dumps(r, separators=(",", ":")) + "\n"
                size += len(line)
                files[r["resourceType"]].write(line)
    finally:
        for fh in files.values():
            fh.close()
    return size


def ndjson_speed(calc_id: str, patients: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        size = write_bulk(folder, patients)
        t = time.perf_counter()
        rows = list(compute_from_ndjson(calc_id, folder, as_of=AS_OF, lookback=365, absent_rule=True))
        dt = time.perf_counter() - t
    status = {s: sum(r["status"] == s for r in rows) for s in ("complete", "incomplete", "error")}
    print(f"bulk NDJSON: {patients} patients, {size / 1e6:.0f} MB (Patient, Observation, Condition); {calc_id}")
    print(f"  {dt:.2f} s, {patients / dt:.0f} patients/s on one core; rows {status}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--patients", type=int, default=1000)
    ap.add_argument("--calc", default="cockcroft_gault")
    a = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    bundle_speed(a.calc, a.repeat)
    ndjson_speed(a.calc, a.patients)


if __name__ == "__main__":
    main()
