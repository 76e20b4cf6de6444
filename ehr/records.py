"""FHIR R4 input: a Bundle (JSON) or Bulk Data NDJSON files, read into one ``Record`` per patient.

Reading is in two steps, for speed on large bundles: the JSON is indexed cheaply (Observations by
LOINC code, Conditions by code, MedicationRequests/Statements by RxNorm code, the Patient), then only the resources a calculation actually uses
are validated against the FHIR R4 models of ``fhir.resources`` (the R4B package, pydantic; the
optional extra ``fhir``, imported on first use). A resource that fails validation is reported by
its id and the next candidate is used; a file that is not FHIR at all raises ``FhirError``.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from clinverify.calculators.limits import quote
from clinverify.calculators.terminology import ICD10, LOINC, RXNORM, SNOMED


class FhirError(ValueError):
    """Input that is not FHIR R4 as expected (not JSON, not a Bundle, no Patient, ...)."""


class MissingExtra(FhirError):
    """The optional extra ``fhir`` (fhir.resources, ucumvert) is not installed."""


def require_extra() -> None:
    """Raise MissingExtra unless fhir.resources and ucumvert can be imported (checked once per call
    of the API, before any work: never a record half-read)."""
    import importlib.util

    for module in ("fhir.resources", "ucumvert"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            raise MissingExtra(f"FHIR input needs the optional extra (no {module}): pip install 'clinverify[fhir]'")


_MODELS = {"Observation": "observation", "Condition": "condition", "Patient": "patient",
           "MedicationRequest": "medicationrequest", "MedicationStatement": "medicationstatement"}


@cache
def _model(resource_type: str):
    try:
        import importlib

        mod = importlib.import_module(f"fhir.resources.R4B.{_MODELS[resource_type]}")
    except ImportError as exc:
        raise FhirError("validating FHIR needs the optional extra: pip install 'clinverify[fhir]'") from exc
    return getattr(mod, resource_type)


def invalid(resource: Mapping[str, Any]) -> str | None:
    """Why ``resource`` is not a valid FHIR R4 resource of its type (the first problem), or None."""
    model = _model(resource.get("resourceType"))
    try:
        model.model_validate(resource)
    except FhirError:
        raise
    except Exception as exc:  # pydantic.ValidationError, or a model's own check
        errors = getattr(exc, "errors", None)
        if callable(errors):
            first = errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            return f"invalid FHIR {resource.get('resourceType')}: {where}: {quote(first.get('msg', ''), 120)}"
        return f"invalid FHIR {resource.get('resourceType')}: {quote(str(exc), 120)}"
    return None


def ref(resource: Mapping[str, Any]) -> str:
    return f"{resource.get('resourceType')}/{resource.get('id', '?')}"


def parse_time(text: object) -> _dt.datetime | None:
    """A FHIR date / dateTime / instant as an aware datetime (UTC when no zone; a partial date
    is its first instant), or None when it is not one."""
    if not isinstance(text, str) or not 4 <= len(text) <= 40:
        return None
    t = text.strip()
    try:
        if len(t) == 4:
            d = _dt.datetime(int(t), 1, 1)
        elif len(t) == 7:
            d = _dt.datetime(int(t[:4]), int(t[5:7]), 1)
        else:
            d = _dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=_dt.UTC)


def observation_time(r: Mapping[str, Any]) -> _dt.datetime | None:
    """When an Observation applies: effectiveDateTime / Instant / Period (its end, else start), else issued."""
    for key in ("effectiveDateTime", "effectiveInstant"):
        if key in r:
            return parse_time(r[key])
    period = r.get("effectivePeriod")
    if isinstance(period, Mapping):
        return parse_time(period.get("end") or period.get("start"))
    return parse_time(r.get("issued"))


def items(x: object) -> list:
    """``x`` when it is a list, else [] (a record's shape is not trusted before validation)."""
    return x if isinstance(x, list) else []


def _codings(concept: object) -> Iterator[tuple[str, str]]:
    if isinstance(concept, Mapping):
        for c in items(concept.get("coding")):
            if isinstance(c, Mapping) and isinstance(c.get("code"), str):
                yield c.get("system") or "", c["code"]


@dataclass
class Record:
    """One patient's resources, indexed: ``observations[loinc]`` -> [(resource, component index or None)],
    ``conditions`` (SNOMED CT and ICD-10 codings in ``by_code``)."""

    patient: dict[str, Any] | None
    observations: dict[str, list[tuple[dict[str, Any], int | None]]] = field(default_factory=dict)
    snomed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    icd10: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    rxnorm: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def patient_id(self) -> str | None:
        return self.patient.get("id") if self.patient else None

    def add(self, r: Mapping[str, Any]) -> None:
        kind = r.get("resourceType")
        if kind == "Observation":
            for system, code in _codings(r.get("code")):
                if system == LOINC:
                    self.observations.setdefault(code, []).append((r, None))
            for i, comp in enumerate(items(r.get("component"))):
                if isinstance(comp, Mapping):
                    for system, code in _codings(comp.get("code")):
                        if system == LOINC:
                            self.observations.setdefault(code, []).append((r, i))
        elif kind in ("MedicationRequest", "MedicationStatement"):
            for system, code in _codings(r.get("medicationCodeableConcept")):
                if system == RXNORM:
                    self.rxnorm.setdefault(code, []).append(r)
        elif kind == "Condition":
            for system, code in _codings(r.get("code")):
                if system == SNOMED:
                    self.snomed.setdefault(code, []).append(r)
                elif system in ICD10:
                    self.icd10.append((code.upper(), r))


def _subject_id(r: Mapping[str, Any]) -> str | None:
    subject = r.get("subject")
    reference = subject.get("reference") if isinstance(subject, Mapping) else None
    if not isinstance(reference, str):
        return None
    return reference.rsplit("/", 1)[-1].removeprefix("urn:uuid:")


def load_json(source: str | bytes | os.PathLike | Mapping[str, Any]) -> Mapping[str, Any]:
    """A Bundle given as a dict, JSON text/bytes or a path to a JSON file."""
    if isinstance(source, Mapping):
        return source
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not source.lstrip().startswith("{")):
        try:
            with open(source, "rb") as fh:
                source = fh.read()
        except OSError as exc:
            raise FhirError(f"cannot read {quote(str(source))}: {exc.strerror or exc}") from None
    try:
        data = json.loads(source)
    except (ValueError, RecursionError) as exc:
        raise FhirError(f"not JSON: {quote(str(exc), 120)}") from None
    if not isinstance(data, Mapping):
        raise FhirError(f"expected a FHIR Bundle (a JSON object), got {type(data).__name__}")
    return data


def bundle_records(bundle: Mapping[str, Any]) -> list[Record]:
    """The patients of a Bundle (searchset, collection, transaction, ...), one Record each; resources
    that name no subject belong to the bundle's only patient."""
    if bundle.get("resourceType") != "Bundle":
        raise FhirError(f"expected resourceType Bundle, got {quote(bundle.get('resourceType'))}")
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise FhirError("Bundle.entry is not a list")
    resources = []
    for i, e in enumerate(entries):
        r = e.get("resource") if isinstance(e, Mapping) else None
        if not isinstance(r, Mapping) or not isinstance(r.get("resourceType"), str):
            raise FhirError(f"Bundle.entry[{i}] has no resource with a resourceType")
        resources.append(r)
    return group(resources)


def group(resources: list[Mapping[str, Any]]) -> list[Record]:
    """Resources -> one Record per Patient (by subject reference); other patients' resources and
    those of an unknown patient are left out."""
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    records = {p.get("id") if isinstance(p.get("id"), str) else f"#{i}": Record(dict(p)) for i, p in enumerate(patients)}
    only = next(iter(records.values())) if len(records) == 1 else None
    for r in resources:
        if r.get("resourceType") not in INDEXED:
            continue
        sid = _subject_id(r)
        rec = records.get(sid) if sid is not None else only
        if rec is not None:
            rec.add(r)
    return list(records.values())


# Resource types a calculation reads; a Bulk Data file is named after the type it holds ("Observation.000.ndjson").
INDEXED = ("Observation", "Condition", "MedicationRequest", "MedicationStatement")
USED_TYPES = ("Patient", *INDEXED)


def ndjson_resources(folder: str | os.PathLike, observation_codes: tuple[str, ...] | None = None
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The resources in ``folder``'s ``*.ndjson`` files (Bulk Data export), and a problem row per
    line that is not a JSON resource (``{"file", "line", "error"}``): a bad line does not stop the run.

    Files named after a type no calculation reads (Encounter.000.ndjson, ...) are not opened. With
    ``observation_codes``, an Observation file's line is parsed only when one of the codes appears in
    it, quoted (a cheap byte search that can only keep too much, never too little)."""
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".ndjson"))
    except OSError as exc:
        raise FhirError(f"cannot read {quote(str(folder))}: {exc.strerror or exc}") from None
    if not names:
        raise FhirError(f"no .ndjson files in {quote(str(folder))}")
    sift = re.compile(b'"(?:' + b"|".join(re.escape(c.encode()) for c in observation_codes) + b')"') if observation_codes else None
    resources, problems = [], []
    for name in names:
        kind = name.split(".", 1)[0]
        if kind[:1].isupper() and kind.isalpha() and kind not in USED_TYPES:
            continue
        if kind == "Observation" and observation_codes is not None and not observation_codes:
            continue  # the calculation reads no Observation
        with open(os.path.join(folder, name), "rb") as fh:
            lines = _sifted(fh, sift) if kind == "Observation" and sift is not None else enumerate(fh, 1)
            for n, line in lines:
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    problems.append({"file": name, "line": n, "error": f"not JSON: {quote(str(exc), 120)}"})
                    continue
                if not isinstance(r, dict) or not isinstance(r.get("resourceType"), str):
                    problems.append({"file": name, "line": n, "error": "not a FHIR resource (no resourceType)"})
                    continue
                resources.append(r)
    return resources, problems


_BLOCK = 1 << 23


def _sifted(fh, pattern: re.Pattern) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of the lines of ``fh`` where ``pattern`` matches, searched block by block
    (8 MiB) in C rather than line by line in Python."""
    rest, before = b"", 0
    while True:
        chunk = fh.read(_BLOCK)
        buf = rest + chunk
        cut = len(buf) if not chunk else buf.rfind(b"\n") + 1
        block, rest = buf[:cut], buf[cut:]
        last, pos, n = -1, 0, before  # n: newlines in the file before ``pos``
        for m in pattern.finditer(block):
            start = block.rfind(b"\n", 0, m.start()) + 1
            if start <= last:
                continue
            end = block.find(b"\n", m.end())
            last = start
            n += block.count(b"\n", pos, start)
            pos = start
            yield n + 1, block[start:end if end >= 0 else len(block)]
        before += block.count(b"\n")
        if not chunk:
            return
