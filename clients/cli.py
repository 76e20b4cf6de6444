"""The ``clinverify`` command line (ruff-style: data on stdout, hints on stderr).

    clinverify calc list [--category X] [--keyword W] [--json]
    clinverify calc catalogue   (the Markdown table of docs/calculators.md)
    clinverify calc show ID
    clinverify calc ID --entities JSON [--explain] [--output out.json] [--strict]
    clinverify calc --input rows.jsonl [--output out.jsonl] [--resume] [--explain] [--strict]
    clinverify verify --input traces.jsonl [--output results.jsonl] [--resume] [--report report.md] [--strict]
    clinverify verify --medcalc-bench [PATH] --input run_py_outputs.jsonl [...]
    clinverify verify --input traces.jsonl --fhir bundle.json [--as-of DATE]   (entities from the record)
    clinverify mcp [--transport stdio|http]   (the MCP server, docs/mcp.md)

Conventions of the batch commands (INTERFACES.md "CLI conventions"; user guide: docs/cli.md):

- Exit codes: 0 ran (rows that failed are error rows in the output); 1 ran with ``--strict`` and
  some row is an error row; 2 usage or I/O error: bad flags, unreadable input, unwritable output,
  ``--output`` or ``--report`` that is the input file, an unknown calculator named on the command
  line; 130 interrupted (Ctrl-C).
- Input is read as bytes, one line at a time: a line that is not UTF-8, not JSON (including JSON
  nested too deeply to parse) or not an object gives an error row and the batch goes on. A UTF-8
  BOM on line 1 is ignored; blank lines are skipped (no output row). Every error row carries
  ``"line": N``, the 1-based line number in the input.
- ``--output`` (and ``--report``) may not be the input file, under any name (same path, a symlink
  or a hard link: ``os.path.samefile``); refused with exit 2 before anything is written.
- Output is written to ``OUTPUT.partial`` beside the output (a symlink's target), one flushed
  line per row, and renamed to ``OUTPUT`` when the run completes; until then an existing
  ``OUTPUT`` is untouched. A killed or interrupted run leaves ``OUTPUT.partial``.
- ``--resume`` continues a killed run: the complete lines (ending in a newline) of
  ``OUTPUT.partial`` (or, failing that, of a finished ``OUTPUT``) are the results of the first
  rows (non-blank input lines), one line per row; they are kept as they are, a torn last line is
  dropped, the rows after them are computed and appended, and the file is renamed as above.
  Without either file it starts from the first row. The kept lines count in the summary, the
  report and ``--strict``.
- At the end of a batch one line on stderr: ``calc: 120 rows, 3 errors``, for ``verify`` with the
  wrong answers (``verify: 120 rows, 3 errors, 7 wrong answers``), and how many were resumed.
- ``--format table`` (``calc``, ``verify``) writes a table for reading instead of JSON lines,
  values rounded to the calculator's declared precision (``tables.py``); JSON keeps full
  precision. ``--version`` prints the installed version. ``--report`` takes .md or .html (the
  trace view); another suffix is a usage error.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, TextIO

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PARTIAL_SUFFIX = ".partial"
_BOM = b"\xef\xbb\xbf"


def _clip(text: str) -> str:
    """At most 200 characters of a message built from the input (``calculators.limits.clip``)."""
    from clinverify.calculators.limits import clip

    return clip(text)


class UsageError(Exception):
    """Bad flags, unreadable input or unwritable output: exit code 2."""


def _dump(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (JSON "\ud800" parses to one): keep it escaped
        text = json.dumps(obj, ensure_ascii=True, default=str)
    return text


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
        return error_result(rid, key, "unknown_calculator", _clip(str(exc)), suggestions=getattr(exc, "suggestions", None))
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


def error_result(rid: Any, calculator: Any, code: str, message: str, violations=None, suggestions=None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if violations:
        err["fields"] = [{"field": v.field, "description": v.description} for v in violations]
    if suggestions is not None:
        err["suggestions"] = list(suggestions)
    if isinstance(calculator, str):  # never echo more than 200 characters of an input
        calculator = _clip(calculator)
    return {"id": rid, "calculator": calculator, "value": None, "error": err}


# ---------------------------------------------------------------------------
# batch input and output (the conventions of the module docstring)
# ---------------------------------------------------------------------------


class _BadLine:
    """An input line that is not a JSON value: its error code and message."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line; a UTF-8 BOM on line 1 is dropped."""
    for n, raw in enumerate(stream, 1):
        if n == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if raw.strip():
            yield n, raw


def parse_line(n: int, raw: bytes) -> Any:
    """One input line -> the JSON value, or a _BadLine (never raises)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _BadLine("invalid_utf8", f"line {n}: not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return _BadLine("invalid_json", f"line {n}: invalid JSON ({exc.msg})")
    except RecursionError:
        return _BadLine("invalid_json", f"line {n}: invalid JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer with more digits than int() converts
        return _BadLine("invalid_json", f"line {n}: invalid JSON ({_clip(str(exc))})")


def _count_rows(path: str | None) -> int | None:
    """Non-blank lines of the input file (None for stdin)."""
    if path in (None, "-"):
        return None
    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in _lines(fh))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


@contextmanager
def _open_in(path: str | None):
    if path in (None, "-"):
        yield sys.stdin.buffer
        return
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        yield fh


def _with_line(res: dict[str, Any], n: int) -> dict[str, Any]:
    """An error row with ``"line": n`` after its id."""
    return {"id": res.get("id"), "line": n, **{k: v for k, v in res.items() if k != "id"}}


def _row_result(n: int, row: Any, compute: Callable[[Any], dict], bad_row: Callable[[str, str], dict]) -> tuple[dict, str]:
    """(result object, its JSON line) for input line n; one row never stops the batch."""
    try:
        res = bad_row(row.code, row.message) if isinstance(row, _BadLine) else compute(row)
        if res.get("error"):
            res = _with_line(res, n)
        return res, _dump(res)
    except RecursionError:
        res = bad_row("invalid_row", f"line {n}: nested too deeply to process")
    except Exception as exc:  # a bug on one row: reported on that row
        res = bad_row("internal_error", _clip(f"line {n}: {type(exc).__name__}: {exc}"))
    res = _with_line(res, n)
    return res, _dump(res)


class _Tally:
    """Rows and error rows written (kept by --resume or new), fed to the report and the
    benchmark summary if any."""

    def __init__(self, report: Any = None, summary: Any = None):
        self.rows = 0
        self.errors = 0
        self.wrong = 0  # verify: rows whose answer check says wrong
        self.resumed = 0
        self.report = report
        self.summary = summary

    def add(self, res: dict[str, Any], row: Any = None) -> None:
        """One result (and its input row, for the report's trace text; None when resumed)."""
        self.rows += 1
        self.errors += bool(res.get("error"))
        self.wrong += isinstance(res.get("answer"), dict) and res["answer"].get("correct") is False
        if self.report is not None:
            self.report.add(res, row)
        if self.summary is not None:
            self.summary.add(res)

    def finish(self, label: str, strict: bool, output: str | None) -> int:
        """The one-line summary on stderr; the exit code."""
        errors = f"{self.errors} error" + ("" if self.errors == 1 else "s")
        if label == "verify":
            errors += f", {self.wrong} wrong answer" + ("" if self.wrong == 1 else "s")
        resumed = f" ({self.resumed} resumed)" if self.resumed else ""
        where = f" -> {output}" if output not in (None, "-") else ""
        sys.stderr.write(f"{label}: {self.rows} rows, {errors}{resumed}{where}\n")
        return EXIT_ROW_ERRORS if strict and self.errors else EXIT_OK


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _check_paths(a: argparse.Namespace) -> None:
    """Refuse an --output or --report that is the input (any name for it) or each other."""
    inp = getattr(a, "input", None)
    out = a.output if a.output not in (None, "-") else None
    report = getattr(a, "report", None)
    if inp not in (None, "-"):
        written = [("--output", out), ("--report", report)]
        if out:
            written.append(("--output", os.path.realpath(out) + PARTIAL_SUFFIX))
        for flag, path in written:
            if path and _same_file(inp, path):
                raise UsageError(f"{flag} {path} is the input file {inp}: write to another file")
    if out and report and (_same_file(out, report) or os.path.realpath(out) == os.path.realpath(report)):
        raise UsageError(f"--report {report} and --output {out} are the same file")
    if out and os.path.isdir(out):
        raise UsageError(f"--output {out} is a folder")
    if getattr(a, "resume", False) and not out:
        raise UsageError("--resume needs --output FILE (the results of the run to continue)")


def _done_rows(target: str, partial: str, tally: _Tally) -> tuple[str | None, int, int]:
    """--resume: (file holding the done rows or None, rows, bytes). The done rows are the
    complete lines of ``partial``, else of a finished ``target``; each is added to the tally."""
    src = partial if os.path.exists(partial) else target if os.path.exists(target) else None
    if src is None:
        return None, 0, 0
    rows = size = 0
    try:
        with open(src, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # torn by the kill: computed again
                res = parse_line(rows + 1, line)
                if not isinstance(res, dict):
                    raise UsageError(f"--resume: {src} line {rows + 1} is not a result row; give another --output")
                tally.add(res)
                rows += 1
                size += len(line)
    except OSError as exc:
        raise UsageError(f"cannot read {src}: {exc.strerror}") from None
    tally.resumed = rows
    return src, rows, size


@contextmanager
def _results(output: str | None, resume_from: tuple[str | None, int] = (None, 0)) -> Iterator[TextIO]:
    """Where result lines go: stdout, or ``OUTPUT.partial`` renamed to ``OUTPUT`` (a symlink's
    target) once the block completes. On an exception the partial file stays for --resume.
    ``resume_from``: (file with the done rows, their bytes) to start the partial file with."""
    if output in (None, "-"):
        yield sys.stdout
        return
    target = os.path.realpath(output)
    partial = target + PARTIAL_SUFFIX
    src, size = resume_from
    try:
        if src is None and os.path.exists(partial):
            sys.stderr.write(f"note: starting afresh over {partial} (an unfinished run; --resume continues one)\n")
        if src == target:
            shutil.copyfile(target, partial)
        if src is not None:
            os.truncate(partial, size)
        fh = open(partial, "a" if src is not None else "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {partial}: {exc.strerror}") from None
    try:
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        sys.stderr.write(f"stopped: the rows done are in {partial}; run again with --resume to continue\n")
        raise
    try:
        os.replace(partial, target)
    except OSError as exc:
        raise UsageError(f"cannot rename {partial} to {target}: {exc.strerror}") from None


def _write_report(report: Any, path: str) -> None:
    """The report written to a temporary file beside it (same suffix: it picks the format), then renamed."""
    target = os.path.realpath(path)
    root, ext = os.path.splitext(target)
    tmp = root + PARTIAL_SUFFIX + ext
    try:
        report.write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def run_batch(
    a: argparse.Namespace,
    label: str,
    compute: Callable[[Any], dict],
    bad_row: Callable[[str, str], dict],
    report: Any = None,
    summary: Any = None,
) -> int:
    """Read a.input, write one result line per row to a.output (or stdout), then the report
    (a.report) and the summary; the exit code. ``summary`` (``verify --medcalc-bench``): fed each
    result; its ``text()`` goes to stderr and its ``tables()`` into the report."""
    _check_paths(a)
    total = _count_rows(a.input)
    tally = _Tally(report, summary)
    src, done, size = None, 0, 0
    if getattr(a, "resume", False):
        target = os.path.realpath(a.output)
        src, done, size = _done_rows(target, target + PARTIAL_SUFFIX, tally)
        if total is not None and done > total:
            raise UsageError(f"--resume: {src} has {done} rows, more than the {total} of {a.input}; give another --output")
    left = None if total is None else total - done
    with _open_in(a.input) as inp:
        lines = _lines(inp)
        if sum(1 for _ in itertools.islice(lines, done)) < done:  # the rows done: not read again
            raise UsageError(f"--resume: {src} has {done} rows, more than the input; give another --output")
        render, header = _table_format(a, label)
        with _results(a.output, (src, size)) as out:
            try:
                if header:
                    out.write(header + "\n")
                for n, raw in progress(lines, left, label, _progress_enabled(a)):
                    row = parse_line(n, raw)
                    res, text = _row_result(n, row, compute, bad_row)
                    tally.add(res, row)
                    out.write((text if render is None else render(res)) + "\n")
                    if out is not sys.stdout:
                        out.flush()  # a kill loses at most the row in progress
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise UsageError(f"I/O error: {exc.strerror or exc}") from None
    if summary is not None:
        sys.stderr.write(summary.text())
        if report is not None:
            report.extra_tables = summary.tables()
    if report is not None:
        _write_report(report, a.report)
        sys.stderr.write(f"report written to {a.report}\n")
    return tally.finish(label, a.strict, a.output)


def _table_format(a: argparse.Namespace, label: str) -> tuple[Callable[[dict], str] | None, str]:
    """``--format table``: (one result -> its text, the header line); (None, "") for JSON lines."""
    if getattr(a, "format", "json") != "table":
        return None, ""
    if getattr(a, "resume", False):
        raise UsageError("--resume continues JSON lines: it cannot be used with --format table")
    from clinverify.clients import tables

    if label == "calc":
        return tables.calc_table, tables.calc_header()
    return tables.verify_table, ""


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


def cmd_calc(a: argparse.Namespace) -> int:
    from clinverify.calculators import CalculatorError, UnknownCalculator, get, list_calculators

    target = a.target
    if target == "list":
        for c in _listed(a.category, a.keyword):
            mc = "" if c.medcalc_id is None else str(c.medcalc_id)
            print(_dump(_summary(c)) if a.json else f"{c.id}\t{mc}\t{c.name}")
        return EXIT_OK
    if target == "catalogue":
        from clinverify.clients.catalogue import render_catalogue

        print(render_catalogue(list_calculators()), end="")
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
        from clinverify.clients import fhir_cli

        if fhir_cli.wanted(a):  # --fhir / --fhir-ndjson: from an EHR's record (clients/fhir_cli.py)
            return fhir_cli.run(a, target, UsageError)
        if a.input:
            raise UsageError("give either a calculator with --entities or --input rows.jsonl, not both")
        if a.resume:
            raise UsageError("--resume continues a batch (--input rows.jsonl --output FILE)")
        if a.entities is None:
            raise UsageError("--entities JSON is required with a calculator id")
        entities = parse_line(1, a.entities.encode("utf-8", "surrogatepass"))
        if isinstance(entities, _BadLine):
            raise UsageError("--entities is not valid JSON: " + entities.message.split(": ", 1)[1])
        try:
            calc = get(_maybe_int(target))
        except UnknownCalculator as exc:
            raise UsageError(str(exc)) from None
        row = {"id": None, "calculator": calc.id, "entities": entities}
        res = calc_row(row, a.explain)
        render, header = _table_format(a, "calc")
        with _results(a.output) as out:
            out.write(_dump(res) + "\n" if render is None else f"{header}\n{render(res)}\n")
        return EXIT_ROW_ERRORS if a.strict and res.get("error") else EXIT_OK
    if not a.input:
        raise UsageError("nothing to do: give a calculator id, 'list', 'show ID' or --input rows.jsonl")
    return run_batch(a, "calc", lambda row: calc_row(row, a.explain), lambda code, message: error_result(None, None, code, message))


def _listed(category: str | None, keyword: str | None) -> list:
    """``calc list --category/--keyword``: the calculators that match (the services' one filter,
    ``calculator_core.select_calculators``); an unknown category is a usage error listing them."""
    from clinverify.services.calculator_core import select_calculators
    from clinverify.services.errors import ServiceError

    try:
        return select_calculators(category or "", keyword or "")
    except ServiceError as exc:
        flags = {"category": "--category", "query": "--keyword"}
        raise UsageError("; ".join(f"{flags.get(f, f)}: {d}" for f, d in exc.violations) or exc.message) from None


def _summary(calc) -> dict[str, Any]:
    """``calc list --json``: one object per line (the CalculatorSummary fields, keywords and version options)."""
    return {
        "id": calc.id, "medcalc_id": calc.medcalc_id, "name": calc.name, "category": calc.category,
        "keywords": list(calc.keywords), "versions": {k: list(o) for k, (o, _) in calc.versions().items()},
    }


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
    return int(s) if isinstance(s, str) and s.strip().isdecimal() else s


def _progress_enabled(a: argparse.Namespace) -> bool:
    if getattr(a, "no_progress", False):
        return False
    return bool(getattr(a, "progress", False)) or sys.stderr.isatty()


# ---------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------


def verify_cli_row(row: Any, max_chars: int) -> dict[str, Any]:
    """``verify_row``, except that a row naming a calculator that does not exist is an
    ``unknown_calculator`` error row (with suggestions) rather than verified without one
    (``verify_row`` then identifies the calculator from the question, or leaves it null)."""
    from clinverify.calculators import UnknownCalculator, get
    from clinverify.verifier import batch

    if isinstance(row, dict):
        r = batch.native_row(row)
        key = r.get("calculator")
        if key is not None and not (isinstance(key, str) and not key.strip()):
            try:
                get(_maybe_int(key))
            except UnknownCalculator as exc:
                err = {"code": "unknown_calculator", "message": _clip(str(exc)), "suggestions": exc.suggestions}
                return {"id": r.get("id"), "error": err}
    return batch.verify_row(row, max_chars=max_chars)


def medcalc_bench_row(row: Any, index: dict, max_chars: int) -> dict[str, Any]:
    """An upstream MedCalc-Bench ``run.py`` output row joined to its dataset row (the reference
    limits, entities, note, question, calculator and category it lacks), then verified; the
    result carries ``medcalc_bench``: {row, category, result (upstream's)} for the summary. A row
    whose row number is missing or not in the dataset is an error row."""
    from clinverify.datasets.medcalc_outputs import INFO_KEY, UnknownRow, join_output_row, row_info

    if not isinstance(row, dict):
        return verify_cli_row(row, max_chars)
    try:
        joined, ds = join_output_row(row, index)
    except UnknownRow as exc:
        return {"id": exc.number, "error": {"code": exc.code, "message": str(exc)}}
    res = verify_cli_row(joined, max_chars)
    res[INFO_KEY] = row_info(joined, ds)
    return res


def _medcalc_index(path: str) -> dict:
    """The dataset rows by row number, from PATH (folder or CSV) or the default data folder."""
    from clinverify.datasets.medcalc_outputs import dataset_index

    where = path or "the default dataset"
    try:
        index = dataset_index(path or None)
    except FileNotFoundError as exc:
        if not path:
            raise UsageError("--medcalc-bench: dataset not found: give PATH (the folder of test_data_v1.0.csv) or set CLINVERIFY_MEDCALC_DIR") from None
        raise UsageError(f"--medcalc-bench: cannot read {path}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise UsageError(f"--medcalc-bench: cannot read {where}: {exc.strerror or exc}") from None
    except (KeyError, ValueError) as exc:
        raise UsageError(_clip(f"--medcalc-bench: {where} is not a MedCalc-Bench dataset ({type(exc).__name__}: {exc})")) from None
    if not index:
        raise UsageError(f"--medcalc-bench: {where} has no rows")
    return index


def cmd_verify(a: argparse.Namespace) -> int:
    from clinverify.verifier.report import Report

    if not a.input:
        raise UsageError("--input traces.jsonl is required (use - for stdin)")
    report = None
    if a.report:
        from clinverify.verifier.report import UnknownReportFormat, report_format

        try:
            report = Report(trace_view=report_format(a.report) == "html")
        except UnknownReportFormat as exc:
            raise UsageError(f"--report {a.report}: {exc}") from None
    bad_row = lambda code, message: {"id": None, "error": {"code": code, "message": message}}  # noqa: E731
    from clinverify.clients import fhir_cli

    if a.fhir and a.medcalc_bench is not None:
        raise UsageError("--fhir gives the rows' entities from a record; --medcalc-bench takes them from the dataset: not both")
    with_record = fhir_cli.record_rows(a, UsageError)  # --fhir BUNDLE: entities from the record (clients/fhir_cli.py)
    if with_record is not None:
        return run_batch(a, "verify", lambda row: verify_cli_row(with_record(row), a.max_trace_chars), bad_row, report)
    if a.medcalc_bench is not None:
        from clinverify.datasets.medcalc_outputs import BenchSummary

        index = _medcalc_index(a.medcalc_bench)
        return run_batch(a, "verify", lambda row: medcalc_bench_row(row, index, a.max_trace_chars), bad_row, report, BenchSummary())
    return run_batch(a, "verify", lambda row: verify_cli_row(row, a.max_trace_chars), bad_row, report)


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clinverify", description="Clinical calculators and a step-level verifier for LLM reasoning.")
    add_version_arg(p)
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("calc", help="compute clinical calculators")
    c.add_argument("target", nargs="?", help="'list', 'show ID', 'mapping', 'catalogue', or a calculator (id, MedCalc-Bench id or name)")
    c.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    c.add_argument("--entities", help="JSON object of inputs for a single computation")
    c.add_argument("--input", help="JSONL rows {id, calculator, entities} ('-' for stdin)")
    c.add_argument("--output", help="write results here instead of stdout (via OUTPUT.partial, renamed when complete)")
    c.add_argument("--resume", action="store_true", help="continue a killed run: keep the complete lines of OUTPUT.partial (or OUTPUT), do the rest")
    c.add_argument("--strict", action="store_true", help="exit 1 when any row is an error row")
    c.add_argument("--explain", action="store_true", help="include the step-by-step explanation")
    c.add_argument("--json", action="store_true", help="'show' as JSON; 'list' as one JSON object per line")
    c.add_argument("--category", help="'list': only calculators of this category (e.g. renal, cardiology)")
    c.add_argument("--keyword", help="'list': only calculators whose id, name, category, description or keywords contain this")
    add_format_arg(c)
    c.add_argument("--progress", action="store_true", help="force the progress bar")
    c.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    from clinverify.clients import fhir_cli

    fhir_cli.add_args(c)
    c.set_defaults(func=cmd_calc)

    v = sub.add_parser("verify", help="verify step-by-step reasoning traces (JSONL)")
    add_verify_args(v)

    s = sub.add_parser("serve", help="run the gRPC server until SIGTERM/SIGINT (then drain and exit 0)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; with --ray the HTTP proxy's: Ray's gRPC proxy binds all interfaces)")
    s.add_argument("--port", type=int, default=50051, help="gRPC port, with or without --ray (default 50051; 0 picks a free one, printed as 'listening on HOST:PORT' on stderr)")
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
    s.add_argument("--max-message-mb", type=float, default=16.0, help="largest request or response in MiB (default 16)")
    s.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True, help="log method, status, latency and sizes of each call (default on)")
    s.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="stderr log level (default INFO)")
    s.add_argument("--ray", action="store_true", help="deploy on Ray Serve instead (extra [serve])")
    s.add_argument("--config", help="with --ray: a Serve config file (e.g. k8s/serve_config.yaml)")
    s.add_argument("--http-port", type=int, help="the HTTP side on this port, same host, token, TLS and limits: the web playground at / (docs/playground.md); with --ray the HTTP proxy's (default 8000; reward route, /healthz)")
    s.add_argument("--no-model", action="store_true", help="with --ray: deploy without the reasoning model (ReasoningService answers UNIMPLEMENTED)")
    s.add_argument("--deploy-timeout", type=float, default=300.0, metavar="SECONDS", help="with --ray: seconds the app gets to come up before the command gives up with a one-line reason (default 300)")

    def _serve(a: argparse.Namespace) -> int:
        from clinverify.services.server import serve_main

        return serve_main(a)

    s.set_defaults(func=_serve)

    m = sub.add_parser("mcp", help="run the MCP server (tools: list, describe and compute calculators, verify a trace; extra [mcp])")
    m.add_argument("--transport", choices=["stdio", "http"], default="stdio", help="stdio (default: an MCP client starts this process) or streamable HTTP at http://HOST:PORT/mcp")
    m.add_argument("--host", default="127.0.0.1", help="with --transport http: address to listen on (default 127.0.0.1)")
    m.add_argument("--port", type=int, default=8765, help="with --transport http: port (default 8765)")
    m.add_argument("--token-file", help="with --transport http: file holding the bearer token every request must send")
    m.add_argument("--max-trace-chars", type=int, default=200_000, help="characters per trace (default 200000)")
    m.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="stderr log level (default WARNING)")

    def _mcp(a: argparse.Namespace) -> int:
        from clinverify.services.mcp_server import mcp_main

        return mcp_main(a)

    m.set_defaults(func=_mcp)
    return p


def version_text() -> str:
    """``clinverify X.Y.Z`` from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"clinverify {version('clinverify')}"
    except PackageNotFoundError:
        return "clinverify (version unknown: the package is not installed)"


def add_version_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", action="version", version=version_text(), help="print the installed version and exit")


def add_format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("json", "table"),
        default="json",
        help="json (default): one JSON object per line, full precision; table: a table for reading, "
        "values rounded to the calculator's declared precision",
    )


def add_verify_args(v: argparse.ArgumentParser) -> None:
    v.add_argument("--input", help="JSONL traces, native or MedCalc-Bench form ('-' for stdin)")
    v.add_argument("--output", help="write results here instead of stdout (via OUTPUT.partial, renamed when complete)")
    v.add_argument("--resume", action="store_true", help="continue a killed run: keep the complete lines of OUTPUT.partial (or OUTPUT), do the rest")
    v.add_argument("--strict", action="store_true", help="exit 1 when any row is an error row")
    v.add_argument("--report", help="write a summary report: .md (Markdown) or .html (with the trace view); other extensions are refused")
    add_format_arg(v)
    add_version_arg(v)
    v.add_argument("--max-trace-chars", type=int, default=200_000, help="reject longer traces (default 200000)")
    v.add_argument(
        "--medcalc-bench",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="the input is MedCalc-Bench run.py output: join each row by Row Number to the dataset at PATH (folder or CSV; "
        "default: the one found by CLINVERIFY_MEDCALC_DIR or ../shared/medcalc-bench) for its limits, entities, note and "
        "question; summarise accuracy per category as upstream does, and compare with the upstream Result column",
    )
    v.add_argument("--progress", action="store_true", help="force the progress bar")
    v.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    from clinverify.clients import fhir_cli

    fhir_cli.add_verify_args(v)  # --fhir BUNDLE [--as-of] [--lookback-days] [--patient]
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
        return EXIT_INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    return run(argv, build_parser())


def verify_main(argv: list[str] | None = None) -> int:
    """The ``verify`` console script: ``clinverify verify`` without the sub-command."""
    v = argparse.ArgumentParser(prog="verify", description="Verify step-by-step reasoning traces (JSONL).")
    add_verify_args(v)
    return run(argv, v)


if __name__ == "__main__":
    sys.exit(main())
