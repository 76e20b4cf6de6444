"""``clinverify calc ID --fhir bundle.json`` and ``--fhir-ndjson DIR``: a calculator from an EHR's
FHIR R4 record (``clinverify.ehr``), one JSON line per patient.

A Bundle gives one line (the result with its provenance and gaps); a Bulk Data folder gives one
line per patient and one error line per unreadable NDJSON line, and a patient that fails is an
error line while the others carry on. Exit 2 for unusable arguments or input that is not FHIR;
with ``--strict``, exit 1 when any line is an error or incomplete.

``clinverify verify --fhir BUNDLE``: each row's calculator inputs come from the record
(``entities_from_fhir``; a row's own entities win), so its extraction steps are checked against it.
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_ROW_ERRORS = 0, 1


def add_args(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("from an EHR (FHIR R4; needs the extra clinverify[fhir])")
    g.add_argument("--fhir", metavar="BUNDLE", help="a FHIR R4 Bundle (JSON file) of one patient")
    g.add_argument("--fhir-ndjson", metavar="DIR", help="a FHIR Bulk Data export folder (*.ndjson): one line per patient")
    g.add_argument("--as-of", help="index time (YYYY-MM-DD or ISO 8601; default now): the most recent value before it is used")
    g.add_argument("--lookback-days", type=float, help="look-back window for every measured input (default: per input)")
    g.add_argument("--absent-rule", action="store_true",
                   help="apply the calculator's rule for findings the record does not document (absent = not present)")
    g.add_argument("--patient", help="Patient id, when the Bundle holds several patients")


def wanted(a: argparse.Namespace) -> bool:
    return bool(getattr(a, "fhir", None) or getattr(a, "fhir_ndjson", None))


def run(a: argparse.Namespace, target: str, usage_error: type[Exception]) -> int:
    """Compute ``target`` from --fhir or --fhir-ndjson; write JSON lines to --output or stdout."""
    from clinverify.calculators import UnknownCalculator, get
    from clinverify.ehr import FhirError, compute_from_fhir, compute_from_ndjson

    if a.fhir and a.fhir_ndjson:
        raise usage_error("give either --fhir BUNDLE or --fhir-ndjson DIR, not both")
    if getattr(a, "input", None):
        raise usage_error("--fhir/--fhir-ndjson compute one calculator; --input is for entity rows")
    entities = None
    if getattr(a, "entities", None):
        try:
            entities = json.loads(a.entities)
        except ValueError:
            raise usage_error("--entities is not valid JSON") from None
        if not isinstance(entities, dict):
            raise usage_error("--entities must be a JSON object")
    try:
        calc = get(int(target) if target.isdigit() else target)
    except UnknownCalculator as exc:
        raise usage_error(str(exc)) from None
    try:
        if a.fhir:
            rows = [compute_from_fhir(calc, a.fhir, a.as_of, a.lookback_days, patient=a.patient,
                                      absent_rule=a.absent_rule, entities=entities)]
        else:
            rows = compute_from_ndjson(calc, a.fhir_ndjson, a.as_of, a.lookback_days, absent_rule=a.absent_rule)
        out = open(a.output, "w", encoding="utf-8") if getattr(a, "output", None) else sys.stdout
        bad = n = 0
        try:
            for row in rows:
                n += 1
                bad += row.get("status") != "complete"
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
    except FhirError as exc:
        raise usage_error(f"FHIR input: {exc}") from None
    if a.fhir_ndjson:
        sys.stderr.write(f"calc --fhir-ndjson: {n} rows, {bad} not complete\n")
    return EXIT_ROW_ERRORS if a.strict and bad else EXIT_OK


# ---------------------------------------------------------------------------
# verify --fhir BUNDLE: the record supplies the entities the trace is checked against
# ---------------------------------------------------------------------------


def add_verify_args(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("entities from an EHR (FHIR R4; needs the extra clinverify[fhir])")
    g.add_argument("--fhir", metavar="BUNDLE",
                   help="a FHIR R4 Bundle (JSON file) of the patient: each row's calculator inputs come from it "
                   "(a row's own entities win), so the trace's extraction steps are checked against the record")
    g.add_argument("--as-of", help="index time (YYYY-MM-DD or ISO 8601; default now): the most recent value before it is used")
    g.add_argument("--lookback-days", type=float, help="look-back window for every measured input (default: per input)")
    g.add_argument("--patient", help="Patient id, when the Bundle holds several patients")


def record_rows(a: argparse.Namespace, usage_error: type[Exception]):
    """None without --fhir; else a function row -> row with the record's entities under the row's
    own (the calculator is the row's, or the one the question or trace names, as ``verify`` finds
    it). The Bundle is read and checked once, here: unusable input is ``usage_error`` naming the file."""
    if not getattr(a, "fhir", None):
        return None
    from clinverify.calculators import CalculatorError, get
    from clinverify.ehr import FhirError, as_of_time, bundle_record, entities_from_fhir
    from clinverify.verifier.batch import normalise_row
    from clinverify.verifier.identify import identify

    try:
        record = bundle_record(a.fhir, a.patient)
        as_of = as_of_time(a.as_of)
    except FhirError as exc:
        raise usage_error(f"--fhir {a.fhir}: {exc}") from None
    lookback = a.lookback_days
    if lookback is not None and not 0 <= lookback <= 36500:
        raise usage_error(f"--lookback-days: expected days from 0 to 36500, got {lookback:g}")
    cache: dict[str, dict] = {}

    def with_record(row):
        if not isinstance(row, dict):
            return row
        r = normalise_row(row)
        calc = None
        key = r.get("calculator")
        if key is not None:
            try:
                calc = get(int(key) if isinstance(key, str) and key.strip().isdigit() else key)
            except (CalculatorError, TypeError):
                return row  # verify reports an unknown calculator itself
        if calc is None:
            q, trace = r.get("question"), r.get("trace")
            calc = identify(q if isinstance(q, str) else None) or identify(trace[:1500] if isinstance(trace, str) else None)
        if calc is None:
            return row
        if calc.id not in cache:
            try:
                cache[calc.id] = entities_from_fhir(calc, record, as_of, lookback)
            except FhirError as exc:
                raise usage_error(f"--fhir {a.fhir}: {exc}") from None
        own = r.get("entities") if isinstance(r.get("entities"), dict) else {}
        return {**row, "entities": {**cache[calc.id], **own}}  # own keys last: they win, under any alias

    return with_record
