"""A safe arithmetic evaluator for expressions as models write them (no eval, bounded).

Accepts + - * / ^ ** and their typographic forms (× · ∙ ÷ − ²  ³ √ ∛), parentheses and brackets,
thousands separators, scientific notation, percentages, the functions sqrt ln log log10 exp min
max abs round, and LaTeX (\\frac{a}{b}, \\times, \\cdot, \\sqrt{x}, \\left( \\right), ^{n}).
Bounded in length, tokens, nesting depth, exponent and result magnitude; every failure is an
``EvalError`` (a ValueError), never another exception, never a hang.

``compile_expression`` reads an expression with variables (``§name§``) once and returns a function
of their values: the verifier evaluates a stated formula's template at several sample points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache

MAX_CHARS = 2000
MAX_TOKENS = 400
MAX_DEPTH = 50
MAX_MAGNITUDE = 1e150


class EvalError(ValueError):
    pass


_LATEX = (
    (re.compile(r"\\left|\\right|\\,|\\;|\\!|\\ "), ""),
    (re.compile(r"\\[\[\]()]"), ""),  # display and inline math delimiters: \[ … \], \( … \)
    (re.compile(r"\\(?:times|cdot)"), "*"),
    (re.compile(r"\\div"), "/"),
    (re.compile(r"\\(?:approx|simeq)"), "="),
    (re.compile(r"\\text\{[^{}]*\}|\\mathrm\{[^{}]*\}"), ""),
)
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
_ROOT = re.compile(r"\\sqrt\[(\d)\]\{([^{}]*)\}")  # "\sqrt[3]{RR}": the cube root
_BRACE_POW = re.compile(r"\^\{([^{}]*)\}")
_CHARS = str.maketrans({"×": "*", "·": "*", "∙": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "—": "-", "‑": "-", "‐": "-", "[": "(", "]": ")", "{": "(", "}": ")"})
_SUPER = {"²": "^2", "³": "^3", "⁴": "^4", "½": "0.5"}
_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<fn>sqrt|√|∛|ln|log10|log|exp|min|max|abs|round)|(?P<var>§\w+§)"
    r"|(?P<op>\*\*|[-+*/^(),%]))"
)
_FUNCS = {
    "sqrt": math.sqrt,
    "√": math.sqrt,
    "∛": lambda x: math.copysign(abs(x) ** (1.0 / 3.0), x),
    "ln": math.log,
    "log": math.log10,
    "log10": math.log10,
    "exp": math.exp,
    "abs": abs,
    "round": round,
}


def normalise(expr: str) -> str:
    """Rewrite typographic and LaTeX notation into plain operators."""
    s = expr
    if "\\" in s:
        for pat, rep in _LATEX:
            s = pat.sub(rep, s)
        for _ in range(8):  # nested \frac / \sqrt, innermost first
            t = _SQRT.sub(r"sqrt(\1)", _ROOT.sub(r"((\2)^(1/\1))", _FRAC.sub(r"((\1)/(\2))", s)))
            if t == s:
                break
            s = t
        s = _BRACE_POW.sub(r"^(\1)", s)
    if "$" in s:
        s = s.replace("$", "")  # $…$ math delimiters
    for k, v in _SUPER.items():
        if k in s:
            s = s.replace(k, v)
    s = _X.sub("*", s.translate(_CHARS))
    return _IMPLICIT.sub("*", s) if "(" in s else s


_TEXT_NAME = re.compile(r"\\(?:text|mathrm|mathit|textrm|operatorname)\{([^{}]*)\}")


def latex_with_names(expr: str) -> str:
    """``normalise`` for a formula written with names in LaTeX ("\\frac{(140 - \\text{age}) \\times
    \\text{weight}}{72 \\times \\text{SCr}}"): the names kept (``normalise`` drops \\text{…}, which in an
    expression of numbers holds units)."""
    if "\\" not in expr:
        return expr
    for pat, rep in _LATEX_NAMES:
        expr = pat.sub(rep, expr)
    return normalise(_TEXT_NAME.sub(lambda m: m.group(1).replace("_", " "), expr))


# Names written in LaTeX: "\min(S_{cr}/\kappa, 1)^{\alpha}" is "min(Scr/κ, 1)^α".
_LATEX_NAMES = (
    (re.compile(r"\\(min|max|ln|log|exp)\b"), r"\1"),
    (re.compile(r"\\kappa\b"), "κ"),
    (re.compile(r"\\alpha\b"), "α"),
    (re.compile(r"(?<=[A-Za-z])_\{([A-Za-z]{1,6})\}"), r"\1"),
)


_X = re.compile(r"[xX](?<=[\d)\s][xX])(?=\s*[\d(])")  # the letter first: re skips from x to x
# A product written without its sign: "1/3(116 − 70)", "2(70)", "(a)(b)": a number or a closing
# bracket right against an opening one.
_IMPLICIT = re.compile(r"(?<=[\d.)])(?<!log10)(?=\()")  # "2(3)" is 2 × 3; "log10(" is the function


_EULER = re.compile(r"(?<![A-Za-z0-9.§_])e(?=\s*\^)")  # "e^(−0.36)": Euler's number raised to a power


def tokenize(expr: str) -> list[tuple[str, str]]:
    s = normalise(expr)
    if "e" in s:
        s = _EULER.sub(repr(math.e), s)
    if len(s) > MAX_CHARS:
        raise EvalError("expression too long")
    out: list[tuple[str, str]] = []
    pos = 0
    n = len(s)
    while pos < n:
        m = _TOKEN.match(s, pos)
        if m is None or m.end() == pos:
            if s[pos:].strip() == "":
                break
            raise EvalError(f"unexpected {s[pos:pos + 10]!r}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        if len(out) > MAX_TOKENS:
            raise EvalError("expression has too many tokens")
    return out


Fn = Callable[[Mapping[str, float]], float]  # an expression compiled: the variables' values -> its value


class _Parser:
    """Recursive descent: expr := term (+|- term)*; term := unary (*|/ unary)*;
    unary := -unary | power; power := atom (^ unary)?; atom := num [%] | var | fn(args) | (expr).
    Each rule returns a function of the variables' values (``§name§`` tokens), so an expression is
    read once and evaluated at as many points as needed (a formula statement at its sample points)."""

    __slots__ = ("toks", "i", "depth")

    def __init__(self, toks: list[tuple[str, str]]):
        self.toks = toks
        self.i = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise EvalError("unexpected end of expression")
        t = self.toks[self.i]
        self.i += 1
        return t

    def expr(self) -> Fn:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise EvalError("expression nested too deeply")
        v = self.term()
        parts = []
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            parts.append((op == "+", self.term()))
        self.depth -= 1
        if not parts:
            return lambda x, v=v: _bounded(v(x))

        def total(x, v=v, parts=tuple(parts)):
            out = v(x)
            for plus, f in parts:
                out = out + f(x) if plus else out - f(x)
            return _bounded(out)

        return total

    def term(self) -> Fn:
        v = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            r = self.unary()
            v = (lambda x, a=v, b=r: _bounded(a(x) * b(x))) if op == "*" else (lambda x, a=v, b=r: _divide(a(x), b(x)))
        return v

    def unary(self) -> Fn:
        if self.peek() in ("-", "+"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise EvalError("expression nested too deeply")
            op = self.take()[1]
            v = self.unary()
            self.depth -= 1
            return (lambda x, v=v: -v(x)) if op == "-" else v
        return self.power()

    def power(self) -> Fn:
        base = self.atom()
        if self.peek() in ("^", "**"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise EvalError("expression nested too deeply")
            exp = self.unary()  # right-associative
            self.depth -= 1
            return lambda x, b=base, e=exp: _pow(b(x), e(x))
        return base

    def atom(self) -> Fn:
        kind, text = self.take()
        if kind == "num":
            c = float(text.replace(",", ""))
            if self.peek() == "%":
                self.take()
                c /= 100.0
            return lambda x, c=c: c
        if kind == "var":
            name = text[1:-1]
            return lambda x, name=name: x[name]
        if kind == "fn":
            if self.peek() != "(":
                if text in ("√", "∛"):
                    arg = self.atom()
                    return lambda x, a=arg, f=text: _call(f, [a(x)])
                raise EvalError(f"{text} needs parentheses")
            self.take()
            args = [self.expr()]
            while self.peek() == ",":
                self.take()
                args.append(self.expr())
            if self.take()[1] != ")":
                raise EvalError("missing )")
            return lambda x, name=text, args=tuple(args): _call(name, [a(x) for a in args])
        if text == "(":
            v = self.expr()
            if self.take()[1] != ")":
                raise EvalError("missing )")
            return v
        raise EvalError(f"unexpected {text!r}")


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise EvalError("division by zero")
    return _bounded(a / b)


def _bounded(v: float) -> float:
    if not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
        raise EvalError("result out of range")
    return v


def _pow(base: float, exp: float) -> float:
    if base == 0:
        if exp < 0:
            raise EvalError("division by zero")
        return 0.0
    if abs(exp) > 1000 or abs(exp * math.log10(abs(base))) > 150:  # |result| beyond 10^±150 ("0.0156 ^ -171")
        raise EvalError("power too large")
    if base < 0 and not float(exp).is_integer():
        raise EvalError("fractional power of a negative number")
    return _bounded(base**exp)


def _call(name: str, args: list[float]) -> float:
    try:
        if name in ("min", "max"):
            return (min if name == "min" else max)(args)
        if len(args) != 1 and not (name == "round" and len(args) == 2):
            raise EvalError(f"{name} takes one argument")
        if name == "round" and len(args) == 2:
            return round(args[0], int(args[1]))
        if name == "exp" and args[0] > 340:
            raise EvalError("exp too large")
        return _bounded(float(_FUNCS[name](args[0])))
    except (ValueError, OverflowError, TypeError) as exc:
        if isinstance(exc, EvalError):
            raise
        raise EvalError(f"{name}: {exc}") from None


def evaluate(expr: str) -> float:
    """Value of an arithmetic expression; raises EvalError for anything else."""
    if not isinstance(expr, str):
        raise EvalError("not a string")
    return _evaluate(expr)


@lru_cache(maxsize=4096)  # pure; a claim's expression is evaluated when read and again when graded
def _evaluate(expr: str) -> float:
    return float(_compile(expr)(_NO_VALUES))


_NO_VALUES: Mapping[str, float] = {}


@lru_cache(maxsize=4096)  # a formula statement's template is evaluated at several sample points
def compile_expression(expr: str) -> Fn:
    """The expression as a function of its variables' values (``§name§`` in the text; a value
    missing from the mapping raises KeyError); raises EvalError for anything but an expression."""
    return _compile(expr)


def _compile(expr: str) -> Fn:
    toks = tokenize(expr)
    if not toks:
        raise EvalError("empty expression")
    p = _Parser(toks)
    try:
        f = p.expr()
    except RecursionError:
        raise EvalError("expression nested too deeply") from None
    if p.i != len(toks):
        raise EvalError(f"unexpected {toks[p.i][1]!r}")

    def run(values: Mapping[str, float], f=f) -> float:
        try:
            return f(values)
        except RecursionError:
            raise EvalError("expression nested too deeply") from None

    return run
