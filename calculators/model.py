"""The calculator declaration (id, inputs, output, citations, pure compute) and its result."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Input, Invalid, check_entities

OutputType = Literal["decimal", "integer", "date", "duration"]


@dataclass(frozen=True, slots=True)
class Output:
    """What a calculator returns. ``decimals`` is for presentation only (values keep full precision)."""

    unit: str
    type: OutputType = "decimal"
    decimals: int | None = 2
    # Declared bounds: every valid input gives a value within them (tests/calculators/test_properties.py).
    # Scores declare both (their criteria's sum: ``criteria.score_range``).
    minimum: float | None = None
    maximum: float | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        extra = [f"doi:{self.doi}" if self.doi else "", f"PMID {self.pmid}" if self.pmid else ""]
        return self.text + "".join(f" {e}" for e in extra if e)


def fmt(x: Any, decimals: int = 3) -> str:
    """Format a number for explanations: rounded to ``decimals``, trailing zeros dropped."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, int):
        return str(x)
    s = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    if s in ("0", "-0", "") and x != 0 and math.isfinite(x):
        return f"{x:.2g}"  # a small value is not zero: 0.0003, two significant figures
    return "0" if s in ("-0", "") else s


@dataclass(frozen=True, slots=True)
class Monotone:
    """One entry of ``Calculator.increasing`` / ``decreasing`` narrowed: a number over part of its
    range only (``low``..``high``: a V-shaped criterion such as temperature rises above normal and
    falls below it), or options in an ``order`` other than the declared one (least to most)."""

    input: str
    low: float | None = None
    high: float | None = None
    order: tuple[str, ...] = ()


# The names an optional Choice input takes when it selects the equation version, method or
# definition a calculator computes (its default is the calculator's current one): the catalogue's
# "version options" (``Calculator.versions``). The verifier tries every optional Choice anyway
# (a trace that follows another version is a convention, not a wrong formula). Name the options
# ``<equation>_<year>`` without prose spellings ("du_bois_1916", not "Du Bois"): the verifier reads
# choice options named in a trace as the patient's values, and a named equation is not one.
VERSION_INPUTS = ("method", "version", "definition", "guideline", "factor")

# The clinical categories (specialties) a calculator declares as ``category``; ``clinverify calc
# list --category`` filters by them. Further specialties go in ``keywords``.
CATEGORIES = (
    "acid-base", "anesthesiology", "anthropometry", "cardiology", "critical care", "dermatology",
    "emergency medicine", "endocrinology", "electrolytes", "fluids", "gastroenterology", "general",
    "geriatrics", "hematology", "hepatology", "infectious disease", "lipids", "nephrology", "neurology",
    "nursing", "nutrition", "obstetrics", "oncology", "orthopedics", "pediatrics", "pharmacology",
    "psychiatry", "pulmonology", "renal", "rheumatology", "surgery", "toxicology", "urology",
)
# Names of one specialty: ``calc list --category renal`` also lists the calculators declared "nephrology".
CATEGORY_SYNONYMS = {"renal": "nephrology", "kidney": "nephrology", "liver": "hepatology", "heart": "cardiology"}


def category_key(category: str) -> str:
    """The specialty a category names, for filtering (case and synonyms folded)."""
    c = " ".join(category.strip().lower().split())
    return CATEGORY_SYNONYMS.get(c, c)


ComputeFn = Callable[..., tuple[Any, dict[str, Any]]]
ExplainFn = Callable[[Mapping[str, Any], Mapping[str, Any], Any], list[str]]


@dataclass(eq=False)
class Calculator:
    """A declared calculator. ``compute_fn(**inputs) -> (value, intermediates)`` must be pure."""

    id: str
    name: str
    category: str
    inputs: tuple[Input, ...]
    output: Output
    citations: tuple[Citation, ...]
    compute_fn: ComputeFn
    explain_fn: ExplainFn
    medcalc_id: int | None = None
    medcalc_name: str | None = None
    version: str = "1"
    description: str = ""
    notes: tuple[str, ...] = ()  # conventions a user should know (e.g. MedCalc-Bench weight rule)
    # For the catalogue (docs/calculators.md) and ``calc list --keyword``: further specialties and
    # search words; the population the equation was developed and validated in; where the tests'
    # worked examples come from (the primary source's table or page, an official calculator).
    keywords: tuple[str, ...] = ()
    population: str = ""
    examples: tuple[str, ...] = ()
    # Rewrites entity shapes that are not key -> value (MedCalc-Bench's
    # "input steroid": [drug, dose, unit]) into plain input keys before parsing.
    entity_adapter: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    # Declared properties, checked by tests/calculators/test_properties.py for every calculator
    # (with the bounds of ``output``): the value never falls as an ``increasing`` input rises, and
    # never rises as a ``decreasing`` one does, all other inputs fixed. An input is named (a flag
    # goes false -> true, a number over its whole range, a choice through its options in declared
    # order) or given as a ``Monotone``.
    increasing: tuple[str | Monotone, ...] = ()
    decreasing: tuple[str | Monotone, ...] = ()
    # Entity keys (lower-cased) -> input name; built from names and aliases.
    _keys: dict[str, Input] = field(default_factory=dict, init=False, repr=False)
    _defaults: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for inp in self.inputs:
            for key in (inp.name, inp.name.replace("_", " "), *inp.aliases):
                k = key.strip().lower()
                if k in self._keys and self._keys[k] is not inp:
                    raise ValueError(f"{self.id}: entity key {key!r} maps to two inputs")
                self._keys[k] = inp
            self._defaults[inp.name] = inp.default
        for m in (*self.increasing, *self.decreasing):
            m = m if isinstance(m, Monotone) else Monotone(m)
            inp = next((i for i in self.inputs if i.name == m.input), None)
            if inp is None:
                raise ValueError(f"{self.id}: monotone input {m.input!r} is not an input")
            unknown = [o for o in m.order if o not in getattr(inp, "options", ())]
            if unknown:
                raise ValueError(f"{self.id}: {m.input} has no option {unknown[0]!r}")

    def versions(self) -> dict[str, tuple[tuple[str, ...], str | None]]:
        """The version, method or definition choices (``VERSION_INPUTS``): name -> (options, default)."""
        return {i.name: (tuple(i.options), i.default) for i in self.inputs
                if i.kind == "choice" and not i.required and i.default is not None and i.name in VERSION_INPUTS}

    def matches(self, category: str | None = None, keyword: str | None = None) -> bool:
        """Whether the calculator is in ``category`` (``category_key``: case and synonyms folded) and ``keyword`` occurs in its
        id, name, category, description or keywords (case-insensitive substring)."""
        if category is not None and category_key(self.category) != category_key(category):
            return False
        if keyword is None:
            return True
        k = keyword.strip().lower()
        return any(k in t.lower() for t in (self.id, self.name, self.category, self.description, *self.keywords))

    def monotone(self) -> tuple[tuple[Monotone, int], ...]:
        """The declared monotone inputs with their direction (+1 increasing, -1 decreasing)."""
        return tuple((m if isinstance(m, Monotone) else Monotone(m), sign)
                     for ms, sign in ((self.increasing, 1), (self.decreasing, -1)) for m in ms)

    def __repr__(self) -> str:
        return f"Calculator({self.id!r})"

    # -- validation ---------------------------------------------------------
    def parse(self, entities: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and convert raw entities to canonical values (raises InputError)."""
        if not isinstance(entities, Mapping):
            raise InputError(FieldViolation("entities", f"expected an object, got {type(entities).__name__}"), self.id)
        # The size limits first, before entity adapters and units: a huge input costs microseconds.
        too_large = check_entities(entities, self.input_name)
        if too_large:
            raise InputError(too_large, self.id)
        if self.entity_adapter is not None:
            entities = self.entity_adapter(entities)
        values = dict(self._defaults)
        seen: set[str] = set()
        problems: list[FieldViolation] | None = None
        keys = self._keys
        for key, raw in entities.items():
            inp = keys.get(key.strip().lower()) if isinstance(key, str) else None
            if inp is None:
                continue  # unrelated entity (datasets carry extras); ignored by design
            if raw is None:
                continue
            try:
                values[inp.name] = inp.coerce(raw)
                seen.add(inp.name)
            except Invalid as exc:
                problems = problems or []
                problems.append(FieldViolation(inp.name, str(exc)))
        for inp in self.inputs:
            if inp.required and inp.name not in seen and not (problems and any(p.field == inp.name for p in problems)):
                problems = problems or []
                problems.append(FieldViolation(inp.name, f"missing required input ({inp.describe()})"))
        if problems:
            raise InputError(problems, self.id)
        return values

    def input_name(self, key: str) -> str | None:
        """The input an entity key or a name names exactly (its name or an alias, any case), or None."""
        inp = self._keys.get(key.strip().lower())
        return inp.name if inp is not None else None

    # -- computation ----------------------------------------------------------
    def compute(self, inputs: Mapping[str, Any]) -> Result:
        """Pure computation from parsed inputs (see ``parse``)."""
        value, intermediates = self.compute_fn(**inputs)
        return Result(self, value, intermediates, inputs)

    def __call__(self, entities: Mapping[str, Any]) -> Result:
        return self.compute(self.parse(entities))

    def input(self, name: str) -> Input:
        for inp in self.inputs:
            if inp.name == name:
                return inp
        raise KeyError(name)

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "medcalc_id": self.medcalc_id,
            "name": self.name,
            "category": self.category,
            "description": self.description,
            "inputs": [
                {
                    "name": i.name,
                    "kind": i.kind,
                    "unit": getattr(i, "unit", None),
                    "range": list(getattr(i, "range", ())) or None,
                    "options": list(getattr(i, "options", {})) or None,
                    "required": i.required,
                    "description": i.description,
                    "aliases": list(i.aliases),
                }
                for i in self.inputs
            ],
            "output": {
                "unit": self.output.unit,
                "type": self.output.type,
                "decimals": self.output.decimals,
                "minimum": self.output.minimum,
                "maximum": self.output.maximum,
            },
            "citations": [str(c) for c in self.citations],
            "notes": list(self.notes),
            "version": self.version,
            "keywords": list(self.keywords),
            "population": self.population,
            "examples": list(self.examples),
            "versions": {k: {"options": list(o), "default": d} for k, (o, d) in self.versions().items()},
        }


class Result:
    """A computed value with its named intermediates; explanation generated on request."""

    __slots__ = ("calculator", "value", "intermediates", "inputs")

    def __init__(self, calculator: Calculator, value: Any, intermediates: dict[str, Any], inputs: Mapping[str, Any]):
        self.calculator = calculator
        self.value = value
        self.intermediates = intermediates
        self.inputs = inputs

    @property
    def unit(self) -> str:
        return self.calculator.output.unit

    def explanation(self) -> list[str]:
        return self.calculator.explain_fn(self.inputs, self.intermediates, self.value)

    def display(self) -> str:
        """The value as a clinician would read it (rounded per the output declaration)."""
        return format_value(self.calculator, self.value)

    def json_value(self) -> Any:
        return json_value(self.calculator.output.type, self.value)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        return {
            "calculator": self.calculator.id,
            "value": self.json_value(),
            "unit": self.unit,
            "intermediates": {k: json_value("decimal", v) for k, v in self.intermediates.items()},
            "explanation": self.explanation() if explain else None,
            "error": None,
        }

    def __repr__(self) -> str:
        return f"Result({self.calculator.id}={self.display()} {self.unit})"


def json_value(kind: str, value: Any) -> Any:
    """JSON form of a value: date -> 'MM/DD/YYYY', duration -> {'weeks','days'}."""
    if isinstance(value, _dt.date):
        return value.strftime("%m/%d/%Y")
    if kind == "duration" and isinstance(value, tuple):
        return {"weeks": value[0], "days": value[1]}
    if isinstance(value, tuple):
        return [json_value(kind, v) for v in value]
    return value


def format_value(calc: Calculator, value: Any) -> str:
    out = calc.output
    if out.type == "date":
        return value.strftime("%m/%d/%Y")
    if out.type == "duration":
        return f"{value[0]} weeks, {value[1]} days"
    if out.type == "integer":
        return str(value)
    return fmt(value, out.decimals if out.decimals is not None else 3)
