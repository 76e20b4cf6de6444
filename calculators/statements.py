"""What models state about a calculator, declared beside its formula (read by the verifier).

A calculator module may declare, at module level:

- ``PARAMETERS``: the named intermediates a trace states for this patient, with the phrases models
  use for them ("κ", "kappa", "A" for CKD-EPI's creatinine threshold; "gender coefficient"; "TBW
  fraction"). A statement "κ = 0.7" is checked against the value the calculator computes for
  this patient.
- ``VERSIONS``: other published versions of the equation, recognised by the constants only they
  write (141 and 0.993 are CKD-EPI 2009's; 186 is the original MDRD's). A trace that uses one
  follows that version: a convention when the question names none, a formula error when it names
  the calculator's own (``question_words``).
- ``FACTORS``: per-item constants of the calculator (an opioid's MME conversion factor, a
  corticosteroid's equivalent dose), with the accepted alternatives of other guidelines.

Everything here is data: no parsing, no verifier code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Parameter:
    keys: tuple[str, ...]  # the intermediates the phrase may mean (a match with any is right)
    phrases: tuple[str, ...]  # lowercase phrases; single letters and Greek letters match exactly as written
    letters: tuple[str, ...] = ()  # single-letter names, case-sensitive ("A", "B")


@dataclass(frozen=True)
class Version:
    name: str  # "CKD-EPI 2009"
    constants: tuple[float, ...]  # numbers this version writes and the calculator's own does not
    note: str = ""  # "superseded by the 2021 race-free equation"
    question_words: tuple[str, ...] = ()  # words of a question that ask for the calculator's own version


@dataclass(frozen=True)
class Factor:
    names: tuple[str, ...]  # how the item is written ("hydromorphone", "dilaudid")
    value: float  # the calculator's factor
    unit: str = ""  # per what ("mg", "µg", "µg/hr")
    alternatives: dict[str, float] = field(default_factory=dict)  # convention -> factor
