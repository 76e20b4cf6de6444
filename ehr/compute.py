"""Compute a calculator from a patient's FHIR record, with the evidence behind every input.

Per input (``clinverify.calculators.terminology`` says which codes can supply it):

- a measured value is the most recent valid Observation (or component) in the lookback window
  before ``as_of``: status final, amended or corrected (entered-in-error and others are skipped
  and reported), not dated after ``as_of`` (reported), valid FHIR (reported by id otherwise), a
  UCUM unit that converts to the input's unit and a value in the input's plausible range (each
  reported otherwise, and the next older value tried). Two different values at the same most
  recent time are a conflict: reported, and the input is not guessed;
- a criterion is present when a matching Condition, confirmed (or without a verification status),
  is active at ``as_of`` (or, for a history criterion such as prior stroke, began before it);
  unconfirmed, provisional, differential, refuted and entered-in-error ones are reported, not counted;
- a medication criterion is present when an active MedicationRequest or MedicationStatement coded
  with one of its RxNorm codes was ordered before ``as_of`` (stopped or completed ones do not count);
- age is the completed years from ``Patient.birthDate`` to ``as_of``; sex is ``Patient.gender``.

A required input that cannot be found makes the result ``incomplete`` (no value; ``missing`` names
the codes that would supply it). An optional input or criterion that the record does not document
is reported under ``not_documented`` and also leaves the result incomplete, unless the caller asks
for the calculator's own rule for absent findings (``absent_rule=True``: absent = not present),
when it is listed under ``assumed_absent``. A calculation parameter that no record holds (a method or
version, a reference value: ``terminology.PARAMETERS``) takes its default and is listed under
``defaults``. Values the caller gives (``entities``) win over the record.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator, Mapping
from typing import Any

from clinverify.calculators.errors import CalculatorError
from clinverify.calculators.inputs import Invalid
from clinverify.calculators.limits import quote
from clinverify.calculators.model import Calculator
from clinverify.calculators.registry import get
from clinverify.calculators.terminology import (
    OMB_BLACK,
    OMB_OTHER,
    PARAMETERS,
    US_CORE_RACE,
    Answered,
    Concept,
    Demographic,
    Finding,
    Measured,
    Medicated,
    concepts,
)
from clinverify.ehr import ucum
from clinverify.ehr.records import (
    FhirError,
    Record,
    bundle_records,
    group,
    invalid,
    items,
    load_json,
    ndjson_resources,
    observation_time,
    parse_time,
    ref,
    require_extra,
)

VALID_STATUSES = ("final", "amended", "corrected")
_ACTIVE = (None, "active", "recurrence", "relapse")


def as_of_time(as_of: object = None) -> _dt.datetime:
    """The index time: now (UTC) by default; a date means the end of that day (UTC); a naive
    datetime or text without a zone is UTC."""
    if as_of is None:
        return _dt.datetime.now(_dt.UTC)
    if isinstance(as_of, _dt.datetime):
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=_dt.UTC)
    if isinstance(as_of, _dt.date):
        return _dt.datetime.combine(as_of, _dt.time.max, tzinfo=_dt.UTC)
    if isinstance(as_of, str):
        text = as_of.strip()
        if len(text) == 10:
            try:
                return as_of_time(_dt.date.fromisoformat(text))
            except ValueError:
                pass
        t = parse_time(text)
        if t is not None:
            return t
    raise FhirError(f"as_of: expected a date or date-time (YYYY-MM-DD or ISO 8601), got {quote(as_of)}")


def _window(name: str, concept: Measured | Answered, lookback: object) -> _dt.timedelta:
    if isinstance(lookback, Mapping):
        lookback = lookback.get(name)
    if lookback is None:
        return concept.lookback
    if isinstance(lookback, _dt.timedelta):
        return lookback
    if isinstance(lookback, (int, float)) and not isinstance(lookback, bool) and 0 <= lookback <= 36500:
        return _dt.timedelta(days=lookback)
    raise FhirError(f"lookback for {name}: expected days (0-36500) or a timedelta, got {quote(lookback)}")


class _Run:
    """One calculation over one record: the collected evidence and gaps."""

    def __init__(self, record: Record, as_of: _dt.datetime):
        self.record = record
        self.as_of = as_of
        self.skipped: list[dict[str, Any]] = []
        self.conflicts: dict[str, list[dict[str, Any]]] = {}
        self._invalid: dict[int, str | None] = {}

    def skip(self, name: str, r: Mapping[str, Any], reason: str) -> None:
        self.skipped.append({"input": name, "resource": ref(r), "reason": reason})

    def invalid(self, r: Mapping[str, Any]) -> str | None:
        key = id(r)
        if key not in self._invalid:
            self._invalid[key] = invalid(r)
        return self._invalid[key]

    # -- measured values -------------------------------------------------------------------
    def measured(self, name: str, inp: Any, concept: Measured, window: _dt.timedelta) -> tuple[Any, dict] | None:
        earliest = self.as_of - window
        candidates = []
        seen: set[tuple[int, int | None]] = set()
        for code in concept.loinc:
            for r, comp in self.record.observations.get(code, ()):
                if (id(r), comp) in seen:
                    continue
                seen.add((id(r), comp))
                t = observation_time(r)
                if t is not None and t < earliest:
                    continue  # before the window: not a candidate, not reported
                status = r.get("status")
                if status not in VALID_STATUSES:
                    self.skip(name, r, "entered-in-error" if status == "entered-in-error" else f"status {quote(status)}")
                elif t is None:
                    self.skip(name, r, "no effective time")
                elif t > self.as_of:
                    self.skip(name, r, f"dated {t.isoformat()}, after as_of")
                else:
                    candidates.append((t, code, r, comp))
        candidates.sort(key=lambda c: c[0], reverse=True)
        chosen = None
        for t, code, r, comp in candidates:
            if chosen is not None and t != chosen[0]:
                break
            got = self._value(name, inp, code, r, comp, t)
            if got is None:
                continue
            if chosen is None:
                chosen = (t, got)
            elif abs(got[0] - chosen[1][0]) > 1e-9 * max(1.0, abs(got[0])):
                self.conflicts.setdefault(name, [chosen[1][1]]).append(got[1])
        if chosen is None or name in self.conflicts:
            return None
        return chosen[1]

    def _value(self, name, inp, code, r, comp, t) -> tuple[float, dict] | None:
        problem = self.invalid(r)
        if problem:
            self.skip(name, r, problem)
            return None
        holder = r if comp is None else r["component"][comp]
        q = holder.get("valueQuantity")
        if not isinstance(q, Mapping) or q.get("value") is None:
            self.skip(name, r, "no valueQuantity" + (" (dataAbsentReason)" if "dataAbsentReason" in holder else ""))
            return None
        value, unit_code, unit_text = q["value"], q.get("code"), q.get("unit")
        try:
            if unit_code == inp.unit or (not unit_code and unit_text == inp.unit):
                x = value  # already in the input's unit: no conversion, no rounding
            elif unit_code and q.get("system") in (ucum.UCUM, None):
                x = float(f"{ucum.convert(float(value), unit_code, inp.unit, inp.analyte):.12g}")
            elif unit_text:
                x = inp.coerce([value, unit_text])
            elif inp.unit in ("", "1"):
                x = float(value)
            else:
                self.skip(name, r, f"no unit (expected {inp.unit})")
                return None
            x = inp.coerce(x)
        except (ucum.UcumError, Invalid, ValueError) as exc:
            self.skip(name, r, str(exc))
            return None
        evidence = {"resource": ref(r), "code": f"loinc|{code}", "time": t.isoformat(), "value": value,
                    "unit": unit_code or unit_text, "converted": x, "converted_unit": inp.unit}
        return x, evidence

    # -- criteria ------------------------------------------------------------------------------
    def finding(self, name: str, concept: Finding) -> dict | None:
        matches: dict[int, tuple[str, dict]] = {}
        for code in concept.snomed:
            for r in self.record.snomed.get(code, ()):
                matches.setdefault(id(r), (f"snomed|{code}", r))
        for code, r in self.record.icd10:
            flat = code.replace(".", "")
            if any(flat.startswith(p.replace(".", "")) for p in concept.icd10):
                matches.setdefault(id(r), (f"icd10|{code}", r))
        found = []
        for code, r in matches.values():
            problem = self.invalid(r)
            if problem:
                self.skip(name, r, problem)
                continue
            verification = _first_code(r.get("verificationStatus"))
            if verification not in (None, "confirmed"):  # unconfirmed, provisional, differential, refuted, entered-in-error
                self.skip(name, r, verification if verification in ("entered-in-error", "refuted") else f"verificationStatus {verification}")
                continue
            onset = parse_time(r.get("onsetDateTime") or (r.get("onsetPeriod") or {}).get("start") or r.get("recordedDate"))
            if onset is not None and onset > self.as_of:
                self.skip(name, r, f"onset {onset.isoformat()}, after as_of")
                continue
            if not concept.history:
                abated = parse_time(r.get("abatementDateTime") or (r.get("abatementPeriod") or {}).get("end"))
                active = abated > self.as_of if abated is not None else _first_code(r.get("clinicalStatus")) in _ACTIVE
                if not active:
                    continue
            found.append((onset or self.as_of, code, r))
        if not found:
            return None
        onset, code, r = max(found, key=lambda f: f[0])
        return {"resource": ref(r), "code": code, "time": onset.isoformat(), "value": True, "unit": None}

    def answered(self, name: str, concept: Answered, window: _dt.timedelta) -> dict | None:
        earliest = self.as_of - window
        candidates = []
        for code in concept.loinc:
            for r, comp in self.record.observations.get(code, ()):
                if comp is not None:
                    continue
                t = observation_time(r)
                if t is not None and t < earliest:
                    continue  # before the window: not a candidate, not reported
                if r.get("status") not in VALID_STATUSES:
                    self.skip(name, r, f"status {quote(r.get('status'))}")
                elif t is None or t > self.as_of:
                    self.skip(name, r, "no effective time" if t is None else f"dated {t.isoformat()}, after as_of")
                else:
                    candidates.append((t, code, r))
        for t, code, r in sorted(candidates, key=lambda c: c[0], reverse=True):
            problem = self.invalid(r)
            if problem:
                self.skip(name, r, problem)
                continue
            answers = [c for _, c in _codings_of(r.get("valueCodeableConcept"))]
            yes = any(a in concept.yes for a in answers)
            if yes or any(a in concept.no for a in answers):
                return {"resource": ref(r), "code": f"loinc|{code}", "time": t.isoformat(), "value": yes,
                        "unit": None, "answer": answers[0] if answers else None}
            self.skip(name, r, f"answer {quote(answers[:1])} is not a known yes or no")
        return None

    # -- medications -------------------------------------------------------------------------------
    def medicated(self, name: str, concept: Medicated) -> dict | None:
        """An active MedicationRequest (or MedicationStatement) coded with one of the concept's RxNorm
        codes, ordered (asserted) before as_of. A stopped or completed one does not count: the
        record does not say until when it was taken."""
        seen: set[int] = set()
        found = []
        for code in concept.rxnorm:
            for r in self.record.rxnorm.get(code, ()):
                if id(r) in seen:
                    continue
                seen.add(id(r))
                problem = self.invalid(r)
                if problem:
                    self.skip(name, r, problem)
                    continue
                status = r.get("status")
                if status == "entered-in-error":
                    self.skip(name, r, "entered-in-error")
                    continue
                if status != "active":
                    continue
                period = r.get("effectivePeriod") if isinstance(r.get("effectivePeriod"), Mapping) else {}
                start = parse_time(r.get("authoredOn") or r.get("effectiveDateTime") or period.get("start") or r.get("dateAsserted"))
                if start is not None and start > self.as_of:
                    self.skip(name, r, f"ordered {start.isoformat()}, after as_of")
                    continue
                found.append((start or self.as_of, code, r))
        if not found:
            return None
        start, code, r = max(found, key=lambda f: f[0])
        return {"resource": ref(r), "code": f"rxnorm|{code}", "time": start.isoformat(), "value": True, "unit": None}

    # -- demographics ----------------------------------------------------------------------------
    def demographic(self, name: str, inp: Any, concept: Demographic) -> tuple[Any, dict] | None:
        p = self.record.patient
        if p is None:
            return None
        problem = self.invalid(p)
        if problem:
            self.skip(name, p, problem)
            return None
        if concept.field == "sex":
            gender = p.get("gender")
            if gender not in ("male", "female"):
                self.skip(name, p, f"gender {quote(gender)} is not male or female")
                return None
            return gender, {"resource": ref(p), "code": "Patient.gender", "time": None, "value": gender, "unit": None}
        if concept.field == "race":
            omb = [x.get("valueCoding", {}).get("code") for e in p.get("extension") or () if e.get("url") == US_CORE_RACE
                   for x in e.get("extension") or () if x.get("url") == "ombCategory"]
            if not omb:
                return None
            value = "black" if OMB_BLACK in omb else "non-black" if any(c in OMB_OTHER for c in omb) else None
            if value is None:
                self.skip(name, p, f"race category {quote(omb[0])} is not an OMB category")
                return None
            return value, {"resource": ref(p), "code": f"ombCategory|{','.join(map(str, omb))}", "time": None,
                           "value": value, "unit": None}
        birth = parse_time(p.get("birthDate"))
        if birth is None:
            self.skip(name, p, "no birthDate")
            return None
        b, d = birth.date(), self.as_of.date()
        if b > d:
            self.skip(name, p, f"birthDate {b.isoformat()} is after as_of")
            return None
        years = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
        try:
            years = inp.coerce(years)
        except Invalid as exc:
            self.skip(name, p, str(exc))
            return None
        return years, {"resource": ref(p), "code": "Patient.birthDate", "time": p.get("birthDate"), "value": years,
                       "unit": "year"}


def _first_code(concept: object) -> str | None:
    return next((c for _, c in _codings_of(concept)), None)


def _codings_of(concept: object):
    if isinstance(concept, Mapping):
        for c in items(concept.get("coding")):
            if isinstance(c, Mapping) and isinstance(c.get("code"), str):
                yield c.get("system"), c["code"]


def _choose(calc: Calculator, run: _Run, lookback: object, given: dict[str, Any]) -> dict[str, Any]:
    """Per input of ``calc``: the caller's value (popped from ``given``) or the record's chosen value
    with its evidence, else a gap. The one value chooser of ``compute_record`` and ``entities_from_fhir``."""
    table: dict[str, Concept] = concepts(calc.id)
    values: dict[str, Any] = {}
    provenance: dict[str, Any] = {}
    missing: dict[str, list[str]] = {}
    not_documented: dict[str, list[str]] = {}
    defaults: list[str] = []
    for inp in calc.inputs:
        name = inp.name
        if name in given:
            values[name] = given.pop(name)
            provenance[name] = {"source": "caller", "value": values[name]}
            continue
        concept = table.get(name)
        got = None
        if isinstance(concept, Measured):
            got = run.measured(name, inp, concept, _window(name, concept, lookback))
        elif isinstance(concept, Demographic):
            got = run.demographic(name, inp, concept)
        elif isinstance(concept, Finding):
            ev = run.finding(name, concept)
            got = (True, ev) if ev else None
        elif isinstance(concept, Medicated):
            ev = run.medicated(name, concept)
            got = (True, ev) if ev else None
        elif isinstance(concept, Answered):
            ev = run.answered(name, concept, _window(name, concept, lookback))
            got = (ev["value"], ev) if ev else None
        if got is not None:
            values[name], provenance[name] = got
            continue
        if concept is None and name in PARAMETERS:
            defaults.append(name)  # a method or a reference value, not a finding: the calculator's default
            continue
        codes = concept.codes() if concept is not None else []
        if name in run.conflicts:
            missing[name] = codes
        elif inp.required:
            missing[name] = codes
        else:
            not_documented[name] = codes
    return {"values": values, "provenance": provenance, "missing": missing, "not_documented": not_documented,
            "defaults": defaults}


def compute_record(calculator: Calculator, record: Record, as_of: _dt.datetime, lookback: object = None,
                   absent_rule: bool = False, entities: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One patient's result (see the module docstring): always a dict, never raises for the record's content."""
    calc = calculator
    run = _Run(record, as_of)
    given = dict(entities or {})
    chosen = _choose(calc, run, lookback, given)
    values, provenance, defaults = chosen["values"], chosen["provenance"], chosen["defaults"]
    missing, not_documented = chosen["missing"], chosen["not_documented"]
    out: dict[str, Any] = {
        "patient": record.patient_id,
        "calculator": calc.id,
        "status": "incomplete",
        "value": None,
        "unit": calc.output.unit,
        "intermediates": {},
        "explanation": None,
        "error": None,
        "as_of": as_of.isoformat(),
        "provenance": provenance,
        "missing": missing,
        "not_documented": not_documented,
        "assumed_absent": [],
        "defaults": defaults,
        "conflicts": run.conflicts,
        "skipped": run.skipped,
    }
    if record.patient is None:
        out["error"] = {"code": "no_patient", "message": "no Patient resource for this record"}
    else:
        died = parse_time(record.patient.get("deceasedDateTime"))
        if died is not None and died < as_of:
            out["deceased"] = died.isoformat()  # as_of is after the recorded death: said, not hidden
    if missing or (not_documented and not absent_rule):
        return out
    out["assumed_absent"] = sorted(not_documented)
    try:
        result = calc.compute(calc.parse({**given, **values}))
    except CalculatorError as exc:
        out["status"] = "error"
        out["error"] = {"code": "invalid_input", "message": str(exc)}
        return out
    out.update({k: v for k, v in result.to_dict().items() if k in ("value", "unit", "intermediates")})
    out["status"] = "complete"
    return out


def compute_from_fhir(calculator: str | int | Calculator, bundle: object, as_of: object = None, lookback: object = None,
                      *, patient: str | None = None, absent_rule: bool = False,
                      entities: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Compute ``calculator`` from a FHIR R4 Bundle (a dict, JSON text or a path) for its patient
    (``patient`` = the Patient id when the Bundle holds several), at ``as_of`` (default now).

    ``lookback``: days or a timedelta for every input, or {input name: days or timedelta}.
    ``entities``: values the caller supplies (they win over the record; provenance "caller").
    Returns the calc result fields plus ``status`` (complete | incomplete | error), ``provenance``,
    ``missing``, ``not_documented``, ``assumed_absent``, ``conflicts`` and ``skipped``.
    Raises FhirError for input that is not a FHIR Bundle, UnknownCalculator for an unknown id.
    """
    require_extra()
    calc = get(calculator)
    t = as_of_time(as_of)
    return compute_record(calc, bundle_record(bundle, patient), t, lookback, absent_rule, entities)


def bundle_record(bundle: object, patient: str | None = None) -> Record:
    """The one patient's record of a Bundle (``patient`` = the Patient id when it holds several)."""
    records = bundle_records(load_json(bundle))
    if patient is not None:
        records = [r for r in records if r.patient_id == patient]
        if not records:
            raise FhirError(f"no Patient/{quote(patient)} in the Bundle")
    if not records:
        raise FhirError("the Bundle has no Patient resource")
    if len(records) > 1:
        ids = ", ".join(str(r.patient_id) for r in records[:5])
        raise FhirError(f"the Bundle holds {len(records)} patients ({ids}); name one with patient=")
    return records[0]


def entities_from_fhir(calculator: str | int | Calculator, bundle: object, as_of: object = None, lookback: object = None,
                       *, patient: str | None = None) -> dict[str, Any]:
    """The inputs of ``calculator`` that a FHIR R4 Bundle (or a ``Record`` from ``bundle_record``,
    to read a Bundle once for many calls) supplies, as the entities the calculators
    parse: a number with a unit as ``[value, unit]`` (in the input's unit), a unitless number, a
    choice (``"female"``) or a flag (``True``). The values are the ones ``compute_from_fhir`` uses
    (same choice, same ``as_of`` and ``lookback``); an input the record does not supply, or whose
    values conflict, is absent: nothing is guessed, and no default or absent-finding rule is applied.
    A record says a finding is present, never that it is absent, so flags are only ever ``True``.
    Raises FhirError for input that is not a FHIR Bundle, UnknownCalculator for an unknown id.
    """
    require_extra()
    calc = get(calculator)
    record = bundle if isinstance(bundle, Record) else bundle_record(bundle, patient)
    run = _Run(record, as_of_time(as_of))
    values = _choose(calc, run, lookback, {})["values"]
    out: dict[str, Any] = {}
    for inp in calc.inputs:
        if inp.name in values:
            x, unit = values[inp.name], getattr(inp, "unit", None)
            number = isinstance(x, (int, float)) and not isinstance(x, bool)
            out[inp.name] = [x, unit] if number and unit not in (None, "", "1") else x
    return out


def compute_from_ndjson(calculator: str | int | Calculator, folder: str | os.PathLike, as_of: object = None,
                        lookback: object = None, *, absent_rule: bool = False) -> Iterator[dict[str, Any]]:
    """One result row per patient of a Bulk Data export folder (``*.ndjson``): first a row per
    unreadable line (``{"file", "line", "error"}``), then each patient's result; one patient's
    failure is an error row and the others carry on."""
    require_extra()
    calc = get(calculator)
    t = as_of_time(as_of)
    codes = tuple(c for concept in concepts(calc.id).values() for c in getattr(concept, "loinc", ()))
    resources, problems = ndjson_resources(folder, codes)
    for p in problems:
        yield {"patient": None, "calculator": calc.id, "status": "error",
               "error": {"code": "invalid_fhir", "message": f"{p['file']} line {p['line']}: {p['error']}"}}
    for record in group(resources):
        try:
            yield compute_record(calc, record, t, lookback, absent_rule)
        except (FhirError, CalculatorError) as exc:
            yield {"patient": record.patient_id, "calculator": calc.id, "status": "error",
                   "error": {"code": "invalid_fhir", "message": str(exc)}}
