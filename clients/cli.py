"""The ``clinverify`` command line (ruff-style: data on stdout, hints on stderr, exit 0/2).

    clinverify calc list
    clinverify calc show ID
    clinverify calc ID --entities JSON [--explain]
    clinverify calc --input rows.jsonl [--output out.jsonl] [--explain]
    clinverify verify --input traces.jsonl [--output results.jsonl] [--report report.md]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

EXIT_OK = 0
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad flags or unreadable input: exit code 2."""


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


# ---------------------------------------------------------------------------
# calc
# ---------------------------------------------------------------------------


def calc_row(row: Any, explain: bool) -> dict[str, Any]:
    """One JSONL row -> one result object; never raises for bad content."""
    from clinverify.calculators import CalculatorError, get

    rid = row.get("id") if isinstance(row, dict) else None
    if not isinstance(row, dict):
        return error_result(rid, None, "invalid_row", "expected a JSON object per line")
    key = row.get("calculator")
    if key is None:
        return error_result(rid, None, "missing_field", "calculator: required (registry id, MedCalc-Bench id or name)")
    try:
        calc = get(key)
    except CalculatorError as exc:
        return error_result(rid, key, "unknown_calculator", str(exc))
    entities = row.get("entities")
    if entities is None:
        entities = {}
    try:
        result = calc.compute(calc.parse(entities))
    except CalculatorError as exc:
        return error_result(rid, calc.id, "invalid_input", str(exc), getattr(exc, "violations", None))
    out = {"id": rid, **result.to_dict(explain=explain)}
    if not explain:
        out.pop("explanation")
    return out


def error_result(rid: Any, calculator: Any, code: str, message: str, violations=None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if violations:
        err["fields"] = [{"field": v.field, "description": v.description} for v in violations]
    return {"id": rid, "calculator": calculator, "value": None, "error": err}


def read_jsonl(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed object or an error marker); blank lines are skipped."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, _BadLine(f"line {n}: invalid JSON ({exc.msg})")


class _BadLine:
    def __init__(self, message: str):
        self.message = message


@contextmanager
def _open_in(path: str | None):
    if path in (None, "-"):
        yield sys.stdin
        return
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        yield fh


@contextmanager
def _open_out(path: str | None):
    if path in (None, "-"):
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    with fh:
        yield fh


def progress(items: Iterable[Any], total: int | None, label: str, enabled: bool) -> Iterator[Any]:
    """A dependency-free progress bar on stderr (only when stderr is a terminal or forced)."""
    if not enabled:
        yield from items
        return
    n = 0
    for n, item in enumerate(items, 1):
        yield item
        if n % 50 == 0 or (total and n == total):
            if total:
                done = int(30 * n / total)
                sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (30 - done)}] {n}/{total}")
            else:
                sys.stderr.write(f"\r{label} {n}")
            sys.stderr.flush()
    sys.stderr.write(f"\r{label} done: {n} rows{' ' * 30}\n")


def _count_lines(path: str | None) -> int | None:
    if path in (None, "-"):
        return None
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


def cmd_calc(a: argparse.Namespace) -> int:
    from clinverify.calculators import CalculatorError, get, list_calculators

    target = a.target
    if target == "list":
        for c in list_calculators():
            mc = "" if c.medcalc_id is None else str(c.medcalc_id)
            print(f"{c.id}\t{mc}\t{c.name}")
        return EXIT_OK
    if target == "mapping":
        print(render_mapping(list_calculators()))
        return EXIT_OK
    if target == "show":
        if not a.rest:
            raise UsageError("calc show: which calculator? (clinverify calc list)")
        try:
            calc = get(_maybe_int(a.rest[0]))
        except CalculatorError as exc:
            raise UsageError(str(exc)) from None
        print(_dump(calc.describe()) if a.json else render_show(calc))
        return EXIT_OK
    if target is not None:
        if a.input:
            raise UsageError("give either a calculator with --entities or --input rows.jsonl, not both")
        if a.entities is None:
            raise UsageError("--entities JSON is required with a calculator id")
        try:
            entities = json.loads(a.entities)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--entities is not valid JSON: {exc.msg}") from None
        row = {"id": None, "calculator": _maybe_int(target), "entities": entities}
        with _open_out(a.output) as out:
            out.write(_dump(calc_row(row, a.explain)) + "\n")
        return EXIT_OK
    if not a.input:
        raise UsageError("nothing to do: give a calculator id, 'list', 'show ID' or --input rows.jsonl")
    total = _count_lines(a.input)
    with _open_in(a.input) as src, _open_out(a.output) as out:
        for _, row in progress(read_jsonl(src), total, "calc", _progress_enabled(a)):
            if isinstance(row, _BadLine):
                res = error_result(None, None, "invalid_json", row.message)
            else:
                res = calc_row(row, a.explain)
            out.write(_dump(res) + "\n")
    return EXIT_OK


def render_mapping(calcs) -> str:
    """The documented entity mapping table (Markdown): entity keys accepted for each input."""
    lines = [
        "# Entity mapping",
        "",
        "Generated by `clinverify calc mapping`. Each input accepts its name, its name with `_` as a space, and the",
        "keys listed (case-insensitive). MedCalc-Bench's Relevant Entities keys are among them.",
        "",
        "| calculator | MedCalc-Bench id | input | unit / kind | accepted keys |",
        "|---|---|---|---|---|",
    ]
    for c in calcs:
        for i in c.inputs:
            unit = getattr(i, "unit", None) or i.kind
            keys = ", ".join(f"`{k}`" for k in i.aliases) or "–"
            lines.append(f"| {c.id} | {c.medcalc_id or '–'} | {i.name} | {unit} | {keys} |")
    return "\n".join(lines)


def render_show(calc) -> str:
    d = calc.describe()
    lines = [f"{d['id']}  (MedCalc-Bench {d['medcalc_id'] or '-'})  {d['name']}", f"  category: {d['category']}"]
    if d["description"]:
        lines.append(f"  {d['description']}")
    lines.append("  inputs:")
    for i in calc.inputs:
        req = "required" if i.required else "optional"
        keys = ", ".join(repr(k) for k in i.aliases)
        lines.append(f"    {i.name:<28} {i.describe():<40} {req}" + (f"  [entity keys: {keys}]" if keys else ""))
    o = d["output"]
    bounds = f", {o['minimum']}–{o['maximum']}" if o["minimum"] is not None else ""
    lines.append(f"  output: {o['type']} in {o['unit']}{bounds}")
    lines.append("  citations:")
    lines += [f"    - {c}" for c in d["citations"]]
    if d["notes"]:
        lines.append("  notes:")
        lines += [f"    - {n}" for n in d["notes"]]
    return "\n".join(lines)


def _maybe_int(s: str) -> str | int:
    return int(s) if isinstance(s, str) and s.strip().isdigit() else s


def _progress_enabled(a: argparse.Namespace) -> bool:
    if getattr(a, "no_progress", False):
        return False
    return bool(getattr(a, "progress", False)) or sys.stderr.isatty()


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------


def cmd_verify(a: argparse.Namespace) -> int:
    from clinverify.verifier.batch import verify_row
    from clinverify.verifier.report import Report

    if not a.input:
        raise UsageError("--input traces.jsonl is required (use - for stdin)")
    report = Report() if a.report else None
    total = _count_lines(a.input)
    with _open_in(a.input) as src, _open_out(a.output) as out:
        for _, row in progress(read_jsonl(src), total, "verify", _progress_enabled(a)):
            if isinstance(row, _BadLine):
                res = {"id": None, "error": {"code": "invalid_json", "message": row.message}}
            else:
                res = verify_row(row, max_chars=a.max_trace_chars)
            if report is not None:
                report.add(res)
            out.write(_dump(res) + "\n")
    if report is not None:
        try:
            report.write(a.report)
        except OSError as exc:
            raise UsageError(f"cannot write {a.report}: {exc.strerror}") from None
        sys.stderr.write(f"report written to {a.report}\n")
    return EXIT_OK


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clinverify", description="Clinical calculators and a step-level verifier for LLM reasoning.")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("calc", help="compute clinical calculators")
    c.add_argument("target", nargs="?", help="'list', 'show ID', 'mapping', or a calculator (id, MedCalc-Bench id or name)")
    c.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    c.add_argument("--entities", help="JSON object of inputs for a single computation")
    c.add_argument("--input", help="JSONL rows {id, calculator, entities} ('-' for stdin)")
    c.add_argument("--output", help="write results here instead of stdout")
    c.add_argument("--explain", action="store_true", help="include the step-by-step explanation")
    c.add_argument("--json", action="store_true", help="'show' as JSON")
    c.add_argument("--progress", action="store_true", help="force the progress bar")
    c.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    c.set_defaults(func=cmd_calc)

    v = sub.add_parser("verify", help="verify step-by-step reasoning traces (JSONL)")
    add_verify_args(v)

    s = sub.add_parser("serve", help="run the gRPC server until SIGTERM/SIGINT (then drain and exit 0)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=50051, help="port (default 50051; 0 picks a free one, printed as 'listening on HOST:PORT' on stderr)")
    s.add_argument("--tls-cert", help="server certificate (PEM): serve TLS")
    s.add_argument("--tls-key", help="private key (PEM) of --tls-cert")
    s.add_argument("--tls-client-ca", help="CA (PEM) that client certificates must chain to: mutual TLS")
    s.add_argument("--token-file", help="file holding the bearer token every call must send (health checks excepted)")
    s.add_argument("--workers", type=int, help="worker processes for batch work (default: one per core; 0: none)")
    s.add_argument("--grace", type=float, default=10.0, help="seconds in-flight calls get to finish on SIGTERM (default 10)")
    s.add_argument("--drain-delay", type=float, default=0.0, help="seconds to advertise NOT_SERVING before refusing new calls (default 0)")
    s.add_argument("--max-concurrent-rpcs", type=int, default=1024, help="calls beyond this get RESOURCE_EXHAUSTED (default 1024)")
    s.add_argument("--max-batch", type=int, default=4096, help="items per ComputeBatch/VerifyBatch request (default 4096)")
    s.add_argument("--max-trace-chars", type=int, default=200_000, help="characters per trace (default 200000)")
    s.add_argument("--max-message-mb", type=float, default=64.0, help="largest request or response in MiB (default 64)")
    s.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True, help="log method, status, latency and sizes of each call (default on)")
    s.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="stderr log level (default INFO)")
    s.add_argument("--ray", action="store_true", help="deploy on Ray Serve instead (extra [serve])")
    s.add_argument("--config", help="with --ray: a Serve config file (e.g. k8s/serve_config.yaml)")

    def _serve(a: argparse.Namespace) -> int:
        from clinverify.services.server import serve_main

        return serve_main(a)

    s.set_defaults(func=_serve)
    return p


def add_verify_args(v: argparse.ArgumentParser) -> None:
    v.add_argument("--input", help="JSONL traces, native or MedCalc-Bench form ('-' for stdin)")
    v.add_argument("--output", help="write results here instead of stdout")
    v.add_argument("--report", help="write a summary report (.md or .html)")
    v.add_argument("--max-trace-chars", type=int, default=200_000, help="reject longer traces (default 200000)")
    v.add_argument("--progress", action="store_true", help="force the progress bar")
    v.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    v.set_defaults(func=cmd_verify)


def run(argv: list[str] | None, parser: argparse.ArgumentParser) -> int:
    try:
        a = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return a.func(a)
    except UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    return run(argv, build_parser())


def verify_main(argv: list[str] | None = None) -> int:
    """The ``verify`` console script: ``clinverify verify`` without the sub-command."""
    v = argparse.ArgumentParser(prog="verify", description="Verify step-by-step reasoning traces (JSONL).")
    add_verify_args(v)
    return run(argv, v)


if __name__ == "__main__":
    sys.exit(main())
