"""clinverify.ehr: compute calculators from an EHR's FHIR R4 record, with provenance.

    from clinverify.ehr import compute_from_fhir
    out = compute_from_fhir("cockcroft_gault", "bundle.json", as_of="2021-02-20")
    out["status"], out["value"], out["provenance"]["creatinine"], out["missing"]
    entities_from_fhir("cockcroft_gault", "bundle.json", as_of="2021-02-20")  # what the record supplies

Input: a FHIR R4 Bundle or Bulk Data NDJSON (``records``); codes per calculator input from
``clinverify.calculators.terminology``; UCUM units (``ucum``); value choice, gaps and provenance
(``compute``). Needs the optional extra ``fhir`` (fhir.resources, ucumvert), imported on first use.

Source folder ``ehr/`` is installed as ``clinverify.ehr`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace); it imports the calculators only, and the
clients import it.
"""

from __future__ import annotations

from clinverify.ehr.compute import (
    as_of_time,
    bundle_record,
    compute_from_fhir,
    compute_from_ndjson,
    compute_record,
    entities_from_fhir,
)
from clinverify.ehr.records import FhirError, MissingExtra

__all__ = [
    "FhirError",
    "MissingExtra",
    "as_of_time",
    "bundle_record",
    "compute_from_fhir",
    "compute_from_ndjson",
    "compute_record",
    "entities_from_fhir",
]
