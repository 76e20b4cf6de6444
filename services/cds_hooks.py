"""CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): discovery and the ``patient-view`` and
``order-select`` hooks over ``clinverify.ehr``, independent of the HTTP transport.

``discovery()`` is the ``GET /cds-services`` answer: one ``patient-view`` service per calculator of
``SERVICES`` and an ``order-select`` renal-function service, each with prefetch templates for the
Patient, the Observations coded with the calculator's LOINC codes, the Conditions and the active
MedicationRequests (where the calculator reads them).
``call(service_id, request)`` answers ``POST /cds-services/{id}``: the prefetched resources become
one patient's record, the calculator runs at the time of the call, and the answer is a card with
the score, its unit and the provenance of every input (and what was not documented and taken as
absent, or what is missing). The service never fetches from the EHR's FHIR server: a request
without the prefetch it needs is refused (``CdsError``, HTTP 412).

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.limits import quote

SOURCE = {"label": "clinverify"}
# patient-view services: the calculators whose inputs a record can supply.
SERVICES = ("cha2ds2_vasc", "has_bled", "ckd_epi_2021", "cockcroft_gault", "meld_na", "fib4", "bmi", "charlson_comorbidity_index")
# order-select: creatinine clearance beside a medication order (renal dosing).
ORDER_SERVICE = "cockcroft_gault-order"


class CdsError(Exception):
    """A request the service refuses: ``status`` (HTTP) and a message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _prefetch(calc_id: str) -> dict[str, str]:
    from clinverify.calculators.terminology import concepts

    loinc = sorted({c for concept in concepts(calc_id).values() for c in getattr(concept, "loinc", ())})
    out = {"patient": "Patient/{{context.patientId}}"}
    if loinc:
        out["observations"] = "Observation?patient={{context.patientId}}&code=" + ",".join(f"http://loinc.org|{c}" for c in loinc)
    if any(hasattr(concept, "snomed") for concept in concepts(calc_id).values()):
        out["conditions"] = "Condition?patient={{context.patientId}}"
    if any(hasattr(concept, "rxnorm") for concept in concepts(calc_id).values()):
        out["medications"] = "MedicationRequest?patient={{context.patientId}}&status=active"
    return out


def _service(service_id: str) -> tuple[str, str]:
    """(hook, calculator id) of a service id; CdsError 404 for an unknown one."""
    if service_id == ORDER_SERVICE:
        return "order-select", "cockcroft_gault"
    if service_id in SERVICES:
        return "patient-view", service_id
    raise CdsError(404, f"no CDS service {quote(service_id)} (GET /cds-services lists them)")


def discovery() -> dict[str, Any]:
    """The discovery document (``GET /cds-services``)."""
    from clinverify.calculators import get

    services = []
    for sid in (*SERVICES, ORDER_SERVICE):
        hook, calc_id = _service(sid)
        calc = get(calc_id)
        what = "beside a medication order (renal dosing)" if hook == "order-select" else "from the patient's record"
        services.append({
            "hook": hook,
            "id": sid,
            "title": calc.name,
            "description": f"{calc.name} {what}, with the record behind every input.",
            "prefetch": _prefetch(calc_id),
        })
    return {"services": services}


def _resources(prefetch: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out = []
    for value in prefetch.values():
        if not isinstance(value, Mapping):
            continue  # a prefetch the EHR could not fill is null
        if value.get("resourceType") == "Bundle":
            entries = value.get("entry") if isinstance(value.get("entry"), list) else []
            out += [e["resource"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("resource"), Mapping)]
        elif isinstance(value.get("resourceType"), str):
            out.append(value)
    return out


def call(service_id: str, request: Any, as_of: Any = None) -> dict[str, Any]:
    """The hook's answer ``{"cards": [...]}``; CdsError for a request that cannot be answered."""
    from clinverify.calculators import get
    from clinverify.ehr import FhirError, MissingExtra
    from clinverify.ehr.compute import as_of_time, compute_record
    from clinverify.ehr.records import group, require_extra

    hook, calc_id = _service(service_id)
    if not isinstance(request, Mapping):
        raise CdsError(400, "expected a JSON object (a CDS Hooks request)")
    if request.get("hook") not in (None, hook):
        raise CdsError(400, f"service {service_id} answers the {hook} hook, not {quote(request.get('hook'))}")
    context = request.get("context")
    patient_id = context.get("patientId") if isinstance(context, Mapping) else None
    if not isinstance(patient_id, str) or not patient_id:
        raise CdsError(400, "context.patientId: required")
    prefetch = request.get("prefetch")
    if not isinstance(prefetch, Mapping) or not isinstance(prefetch.get("patient"), Mapping):
        raise CdsError(412, "prefetch.patient is required: this service does not fetch from the FHIR server")
    try:
        require_extra()
        when = as_of_time(as_of)
    except MissingExtra as exc:
        raise CdsError(503, str(exc)) from None
    except FhirError as exc:
        raise CdsError(400, str(exc)) from None
    records = [r for r in group(_resources(prefetch)) if r.patient_id == patient_id]
    if not records:
        raise CdsError(400, f"prefetch.patient is not Patient/{quote(patient_id)}")
    calc = get(calc_id)
    out = compute_record(calc, records[0], when, absent_rule=True)
    return {"cards": [card(calc, out)]}


def card(calc, out: Mapping[str, Any]) -> dict[str, Any]:
    """One CDS card: the score (or why there is none), and the evidence as Markdown."""
    lines = []
    for name, ev in out["provenance"].items():
        where = ev.get("resource") or ev.get("source")
        v = ev.get("value")
        v = "present" if v is True else "absent" if v is False else f"{v:g}" if isinstance(v, float) else v
        value = f"{v} {ev.get('unit') or ''}".strip()
        when = f", {ev['time']}" if ev.get("time") and ev.get("code") != "Patient.birthDate" else ""
        lines.append(f"- {name}: {value} ({where}{', ' + ev['code'] if ev.get('code') else ''}{when})")
    if out["assumed_absent"]:
        lines.append(f"- not documented, taken as absent: {', '.join(out['assumed_absent'])}")
    if out["status"] == "complete":
        shown = calc.output
        value = out["value"]
        text = f"{value:.{shown.decimals}f}" if isinstance(value, float) and shown.decimals is not None else str(value)
        summary = f"{calc.name}: {text} {out['unit']}".strip()
        indicator = "info"
    else:
        gaps = ", ".join(out["missing"]) or ", ".join(out["conflicts"]) or (out["error"] or {}).get("message", "")
        summary = f"{calc.name}: not computed (missing: {gaps})"
        indicator = "warning"
        for name, codes in out["missing"].items():
            lines.append(f"- missing {name}: would come from {', '.join(codes[:6])}")
    return {"summary": summary[:140], "indicator": indicator, "detail": "\n".join(lines), "source": SOURCE}

