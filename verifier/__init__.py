"""clinverify.verifier: check every step of a clinical-calculation reasoning trace.

    from clinverify.verifier import verify
    v = verify(trace, calculator=2, patient_note=note, entities=entities, reference=None)
    v.to_dict()   # the `verify` output object of INTERFACES.md

Source folder ``verifier/`` is installed as ``clinverify.verifier`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

from clinverify.verifier.limits import LIMITS, MAX_NOTE_CHARS, MAX_TRACE_CHARS, NoteTooLarge, TraceTooLarge
from clinverify.verifier.pipeline import verify
from clinverify.verifier.result import Verification
from clinverify.verifier.trace_scores import RewardWeights

__all__ = ["LIMITS", "MAX_NOTE_CHARS", "MAX_TRACE_CHARS", "NoteTooLarge", "RewardWeights", "TraceTooLarge", "Verification", "verify"]
