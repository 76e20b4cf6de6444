"""What models state about a calculator, declared beside its formula (read by the verifier).

A calculator module may declare, at module level:

- ``STATEMENTS``: its formula as people state it in words ("QTc = QT interval / √(RR interval)"):
  the variables with the phrases models use for them, a sampler that draws consistent values,
  the accepted forms of the result, and the names models give the quantity ("bazett", "bmi").
  The verifier evaluates a stated formula at random points and compares it with these forms.
  Usually one ``Formula`` keyed by the calculator id; a module may also declare a named step of
  its calculation (MELD Na declares MELD(i), key ``meld_i``).
- ``MAIN_FORM_ONLY``: keys of formulas (its own or another calculator's named step) of which only
  the first form is right within this calculator (the delta gap's normal gap of 12 leaves
  potassium out of the anion gap, whose potassium form is otherwise accepted).
- ``PARAMETERS``: the named intermediates a trace states for this patient, with the phrases models
  use for them ("κ", "kappa", "A" for CKD-EPI's creatinine threshold; "gender coefficient"; "TBW
  fraction"). A statement "κ = 0.7" is checked against the value the calculator computes for
  this patient.
- ``VERSIONS``: other published versions of the equation, recognised by the constants only they
  write (141 and 0.993 are CKD-EPI 2009's; 186 is the original MDRD's). A trace that uses one
  follows that version: a convention when the question names none, a formula error when it names
  the calculator's own (``question_words``).
- ``EQUIVALENTS``: equivalent doses of items (corticosteroids: 5 mg prednisone = 4 mg
  methylprednisolone = 0.75 mg dexamethasone), as ``Factor`` objects (value = equivalent amount);
  "0.75 mg dexamethasone is equivalent to 5 mg prednisone" is checked by the ratio.
- ``RATES``: per-weight rates of a rule (Holliday-Segar's 4/2/1 mL/kg/hr, 100/50/20 mL/kg/day).
- ``REFERENCES``: reference values a trace states as "normal" ("normal albumin 4.0 g/dL", "normal
  HCO3 24"), as ``Reference`` objects: another value moves the result (a normal albumin of 3.1).
- ``SELECTIONS``: choices the calculator's rule makes for the patient that traces state in words
  ("we use the adjusted body weight" in Cockcroft-Gault for a BMI of 32), as ``Selection`` objects.
- ``FACTORS``: per-item constants of the calculator (an opioid's MME conversion factor, a
  corticosteroid's equivalent dose), with the accepted alternatives of other guidelines.

- ``FOLDED``: criteria that people fold into another one ("Age: 65 points" for a woman of 75 in the
  PSI, whose women score age − 10), as ``Folded`` objects: a trace that gives the host its own
  points and never scores the folded criterion has left it out where it scored the host.

- ``NOT_CRITERIA``: findings people score in this calculator that are not its criteria (FeverPAIN's
  "P" is Purulence, not pain or painful swallowing), as ``NotCriterion`` objects: points given
  for one are flagged, as are points for another score's criteria.

Everything here is data: no parsing, no verifier code.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Values = dict[str, float]  # variable -> value, for one sampled point


@dataclass(frozen=True)
class Formula:
    key: str  # the formula's id: the calculator id, or a named step of it ("meld_i")
    names: tuple[str, ...]  # the names models use for the quantity, lowercase ("body mass index", "bmi")
    text: str  # the formula as people write it, for messages
    phrases: Mapping[str, tuple[str, ...]]  # variable -> phrases (lowercase, "_" read as space)
    sample: Callable[[random.Random], Values]  # consistent values for every variable
    forms: tuple[Callable[[Values], float], ...]  # accepted forms of the result
    # Variables a statement may already have replaced by this patient's constant (the sex
    # factor 0.85, a TBW fraction of 0.5): without them the statement is not judged.
    specialisable: frozenset[str] = frozenset()
    # A variable a statement may write for another one ("142 × (SCr/κ)^α × …" with α standing for
    # the exponent that applies, −1.200 above κ): variable -> the variable it may mean.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # The unit each form is for, in order (None: any): a form is a convention only in its units
    # (LDL's TG / 2.2 is the mmol/L form; stated in mg/dL it is wrong).
    form_units: tuple[str | None, ...] = ()
    # The input whose unit ``form_units`` name, where only one variable's unit tells the forms apart
    # (Framingham's QT + 0.154 × (1 − RR) is the form for QT in s): which unit the trace works in is read
    # from how it writes the patient's value of that input (380 or 0.38), not from the units it names.
    form_unit_input: str = ""
    # The sex each form is for, in order (None: either): a form for the other sex is wrong for this
    # patient unless the statement says whom it is for (IBW's 45.5 kg base is the women's).
    form_sexes: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Parameter:
    keys: tuple[str, ...]  # the intermediates the phrase may mean (a match with any is right)
    phrases: tuple[str, ...]  # lowercase phrases; single letters and Greek letters match exactly as written
    letters: tuple[str, ...] = ()  # single-letter names, case-sensitive ("A", "B")
    # Accepted alternatives: convention name -> the value for the patient's parsed inputs
    # (Robinson's IBW beside Devine's); a stated value that matches one is a convention.
    conventions: tuple[tuple[str, Callable[[Mapping[str, Any]], float]], ...] = ()
    # The error a wrong value is: "formula" for a constant of the formula (κ, the sex factor), the
    # patient's value read wrong ("extraction") for a quantity the note also states (the anion gap).
    kind: str = "formula"


@dataclass(frozen=True)
class NotCriterion:
    phrases: tuple[str, ...]  # lowercase phrases that name the finding
    label: str  # the finding, for messages ("pain (FeverPAIN's P is Purulence)")


@dataclass(frozen=True)
class Folded:
    criterion: str  # the folded criterion's key ("sex_points")
    into: str  # the criterion it is folded into ("age_points")
    rule: str  # the rule in words, for messages ("women score age − 10")


@dataclass(frozen=True)
class Version:
    name: str  # "CKD-EPI 2009"
    constants: tuple[float, ...]  # numbers this version writes and the calculator's own does not
    note: str = ""  # "superseded by the 2021 race-free equation"
    question_words: tuple[str, ...] = ()  # words of a question that ask for the calculator's own version


@dataclass(frozen=True)
class Reference:
    """A reference value of the formula that traces state as a "normal" value ("normal albumin 4.0
    g/dL", "the normal anion gap of 12"): a stated one outside the normal range must be one of ``values``."""

    names: tuple[str, ...]  # the quantity as written after "normal" ("albumin", "anion gap", "ag")
    values: tuple[tuple[str, float], ...]  # (source, value in ``unit``): (("Payne 1973", 4.0), ("Figge 1998", 4.4))
    unit: str  # "g/dL"
    # The normal range of the quantity: a value inside it may describe a normal level ("4.2 g/dL, a
    # normal albumin") rather than the formula's reference, so it is not judged.
    normal_range: tuple[float, float]
    analyte: str | None = None  # for a value written in another unit ("40 g/L")


@dataclass(frozen=True)
class Selection:
    """A choice a rule makes for the patient that traces state in words ("we use the adjusted body
    weight"): which quantity goes into the formula. ``right`` gives, from the patient's inputs and the
    calculator's intermediates, the options the rule allows and why ("BMI 35.9 ≥ 25")."""

    what: str  # the choice, for messages ("the weight in Cockcroft-Gault")
    options: Mapping[str, tuple[str, ...]]  # option -> lowercase phrases ("adjusted": ("adjusted body weight", "adjbw"))
    right: Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[frozenset[str], str]]


@dataclass(frozen=True)
class Factor:
    names: tuple[str, ...]  # how the item is written ("hydromorphone", "dilaudid")
    value: float  # the calculator's factor
    unit: str = ""  # per what ("mg", "µg", "µg/hr")
    alternatives: dict[str, float] = field(default_factory=dict)  # convention -> factor
    # The intermediate holding this item's contribution for the patient ("hydromorphone_mme_per_day"):
    # a result a trace states for the item is checked against it.
    result: str | None = None
    dose: str | None = None  # the input holding the item's dose ("hydromorphone_dose")


@dataclass(frozen=True)
class Slope:
    """A correction's slope as traces state it in words: how far the result moves per unit of an
    input ("2.5 mEq/L per 1 g/dL decrease in albumin", "1.6 mEq/L for every 100 mg/dL of glucose").
    A stated slope is right when it is one of ``values`` (each a convention's, in ``unit`` per
    ``per_unit``); the input is named in the clause, or the units alone tell it."""

    names: tuple[str, ...]  # the input as written, lowercase ("albumin")
    unit: str  # the result's unit ("mEq/L")
    per_unit: str  # the input's unit ("g/dL")
    values: tuple[tuple[str, float], ...]  # (convention, slope per ``step``): (("Figge 1998", 2.5),)
    analyte: str | None = None  # the result's analyte, for converting its unit ("calcium")
    per_analyte: str | None = None  # the input's analyte ("albumin")
    step: float = 1.0  # the input's change the slope is written per ("per 100 mg/dL of glucose")
    # The intermediate holding the correction the slope makes for the patient, when the correction
    # applies whatever the input's level (above the reference it is negative): "no correction is
    # needed, albumin is normal" is then a wrong rule (``clinverify.verifier.parameters``).
    adjustment: str | None = None


@dataclass(frozen=True)
class Rate:
    """Per-weight rates a rule uses ("4 mL/kg/hr for the first 10 kg"): a trace stating another
    rate in the same unit ("25 mL/kg/day") applies another rule. ``unit`` as models write it
    normalised: "mL/kg/hr" or "mL/kg/day"."""

    unit: str
    values: tuple[float, ...]
    rule: str  # the rule's name and rates, for messages
    # The weights (kg) where one rate gives way to the next (the 4-2-1 rule: 10 and 20): a rate
    # written for a tier ("× (weight − 20)", "for the next 10 kg") must be that tier's.
    bounds: tuple[int, ...] = ()
    name: str = ""  # the rule's short name, for messages ("the 4-2-1 rule")
