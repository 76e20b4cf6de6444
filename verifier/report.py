"""Summary report over ``verify`` results: Markdown tables, or one self-contained HTML page with
the same tables (bars drawn in the cells, no plotting dependency) and the trace view
(``report_html``). The format follows the file suffix (``report_format``); another suffix is
refused.

Every aggregate is computed from one set of per-trace facts (``_facts``), which also gives each
trace its filter tags: a figure in a table links to exactly the traces behind it."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any

from clinverify.verifier import report_html, risk
from clinverify.verifier.report_html import Cell
from clinverify.verifier.result import CORRECT, CORRECTED, ERROR_TYPES, INCORRECT

SCORE_NAMES = ("answer", "factuality", "completeness", "effectiveness", "process", "reward", "risk")
BINS = 10
POSITIONS = ("no error", "first 25%", "25–50%", "50–75%", "last 25%", "nothing could be checked")
FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
MAX_LISTED_IDS = 100  # ids of traces that could not be verified listed in the Markdown summary


class UnknownReportFormat(ValueError):
    """A report path whose suffix names no format."""


def report_format(path: str) -> str:
    """'markdown' or 'html' from the path's suffix; UnknownReportFormat for any other."""
    dot = path.rfind(".")
    ext = path[dot:].lower() if dot > max(path.rfind("/"), path.rfind("\\")) else ""
    if ext not in FORMATS:
        known = ", ".join(FORMATS)
        raise UnknownReportFormat(f"unknown report format {ext or '(no extension)'!r}: use one of {known}")
    return FORMATS[ext]


def score_bin(x: float) -> int:
    """The histogram bin of a score in [0, 1]: bin b holds [b/10, (b+1)/10), the top bin [0.9, 1.0]
    (1.0 included). The same rule as ``risk.reliability``'s bins."""
    return max(0, min(BINS - 1, int(x * BINS)))


def bin_label(b: int) -> str:
    lo, hi = b / BINS, (b + 1) / BINS
    return f"[{lo:.1f}, {hi:.1f}]" if b == BINS - 1 else f"[{lo:.1f}, {hi:.1f})"


def _position(res: dict[str, Any]) -> str:
    """Where the first incorrect step is, as a share of the trace; "nothing could be checked"
    when no step has a checked claim (every step neutral or unverifiable)."""
    steps = res.get("steps") or []
    fe = res.get("first_error")
    if fe is not None:
        frac = (fe + 1) / max(len(steps), 1)
        return "first 25%" if frac <= 0.25 else "25–50%" if frac <= 0.5 else "50–75%" if frac <= 0.75 else "last 25%"
    if not any(s.get("verdict") in (CORRECT, INCORRECT, CORRECTED) for s in steps):
        return "nothing could be checked"
    return "no error"


def _facts(res: dict[str, Any]) -> dict[str, Any]:
    """What the aggregates count about one verified trace."""
    ans = res.get("answer") or {}
    steps = res.get("steps") or []
    scores = {k: float(v) for k, v in (res.get("scores") or {}).items() if v is not None}
    return {
        "calc": res.get("calculator") or "(unidentified)",
        "correct": ans.get("correct"),
        "cause": (ans.get("cause") or "unknown") if ans.get("correct") is False else None,
        "errors": [s["error"] for s in steps if s.get("verdict") == INCORRECT and s.get("error")],
        "corrected": [s["error"] for s in steps if s.get("verdict") == CORRECTED and s.get("error")],
        "position": _position(res),
        "scores": scores,
    }


def _tags(f: dict[str, Any] | None) -> list[str]:
    """The trace view's filter tags of a trace (None: it could not be verified)."""
    if f is None:
        return ["failed", "flagged"]
    tags = [f"calc:{f['calc']}", f"pos:{f['position']}"]
    tags += [f"error:{e}" for e in dict.fromkeys(f["errors"])]
    tags += [f"corrected:{e}" for e in dict.fromkeys(f["corrected"])]
    if f["cause"]:
        tags.append(f"cause:{f['cause']}")
    if f["correct"] is not None and "risk" in f["scores"]:
        tags.append(f"risk:{score_bin(f['scores']['risk'])}")
    tags += [f"score:{k}:{score_bin(v)}" for k, v in f["scores"].items()]
    if f["errors"] or f["correct"] is False:
        tags.append("flagged")
    return tags


def tag_label(tag: str) -> str:
    """What a filter tag selects, in words (the trace view shows it)."""
    kind, _, rest = tag.partition(":")
    if kind == "score":
        name, _, b = rest.partition(":")
        return f"{name} score in {bin_label(int(b))}"
    words = {
        "calc": "calculator {}",
        "pos": "first error: {}",
        "error": "with an incorrect {} step",
        "corrected": "with a {} error the trace corrects",
        "cause": "wrong answer caused by {}",
        "risk": "judged answer, risk in {}",
    }
    if kind == "risk":
        rest = bin_label(int(rest))
    if kind in words:
        return words[kind].format(rest)
    return {"failed": "could not be verified", "flagged": "flagged (incorrect step, wrong answer or not verified)"}.get(tag, tag)


def _count(n: int, tag: str | None) -> Cell:
    return Cell(str(n), tag=tag if n else None)


class Report:
    def __init__(self, trace_view: bool = True) -> None:
        """``trace_view``: keep each trace rendered for the HTML trace view (not needed for Markdown)."""
        self.n = 0
        self.failed_rows: list[tuple[int, Any, Any]] = []  # (trace number, id, input line) of error rows
        self.per_calc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, judged, rows
        self.errors: Counter[str] = Counter()  # incorrect steps by error type
        self.error_traces: Counter[str] = Counter()  # traces with at least one such step
        self.causes: Counter[str] = Counter()  # why wrong answers are wrong (answer.cause)
        self.first_error_pos: Counter[str] = Counter()
        self.scores: dict[str, list[float]] = defaultdict(list)
        self.corrected: Counter[str] = Counter()
        self.corrected_traces: Counter[str] = Counter()
        self.flagged = 0
        self.risk_vs_answer: list[tuple[float, bool]] = []  # (risk, answer wrong) where the answer was judged
        self.extra_tables: list[tuple[str, list[str], list[list[str]]]] = []  # (title, head, rows) set by the caller
        self.trace_view = trace_view
        self.traces: list[dict[str, Any]] = []  # {"n", "id", "t": tags, "h": HTML} for the trace view

    @property
    def failed(self) -> int:
        return len(self.failed_rows)

    def add(self, res: dict[str, Any], row: Any = None) -> None:
        """One ``verify`` result; ``row``, its input row if at hand, gives the trace's own text
        between the steps in the trace view."""
        self.n += 1
        if res.get("error"):
            self.failed_rows.append((self.n, res.get("id"), res.get("line")))
            f = None
        else:
            f = _facts(res)
            row_counts = self.per_calc[f["calc"]]
            row_counts[2] += 1
            if f["correct"] is not None:
                row_counts[1] += 1
                row_counts[0] += bool(f["correct"])
                if "risk" in f["scores"]:
                    self.risk_vs_answer.append((f["scores"]["risk"], f["correct"] is False))
            if f["cause"]:
                self.causes[f["cause"]] += 1
            self.errors.update(f["errors"])
            self.error_traces.update(set(f["errors"]))
            self.corrected.update(f["corrected"])
            self.corrected_traces.update(set(f["corrected"]))
            self.first_error_pos[f["position"]] += 1
            for k, v in f["scores"].items():
                self.scores[k].append(v)
        tags = _tags(f)
        self.flagged += "flagged" in tags
        if self.trace_view:
            self.traces.append({"n": self.n, "id": res.get("id"), "t": tags, "h": report_html.trace_html(self.n, res, _trace_text(row))})

    # -- tables ---------------------------------------------------------------
    def summary(self) -> str:
        return (f"{self.n} traces, {self.failed} could not be verified, {self.flagged} flagged "
                "(an incorrect step, a wrong answer, or not verified).")

    def failed_ids(self) -> list[str]:
        """The traces that could not be verified: their id, else their input line."""
        out = []
        for n, rid, line in self.failed_rows:
            out.append(str(rid) if rid is not None else f"line {line}" if line is not None else f"#{n}")
        return out

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        total_steps = max(self.errors.values(), default=0) or 1
        calc_rows = []
        for c, (ok, judged, rows) in sorted(self.per_calc.items()):
            acc = Cell(f"{ok / judged:.1%}", bar=ok / judged) if judged else Cell("–")
            calc_rows.append([c, _count(rows, f"calc:{c}"), str(judged), acc])
        err_rows = [
            [e, Cell(str(self.errors.get(e, 0)), bar=self.errors.get(e, 0) / total_steps), _count(self.error_traces.get(e, 0), f"error:{e}"),
             _count(self.corrected.get(e, 0), f"corrected:{e}" if self.corrected.get(e) else None)]
            for e in ERROR_TYPES
        ]
        wrong = sum(self.causes.values()) or 1
        cause_rows = [[c, Cell(str(self.causes.get(c, 0)), tag=f"cause:{c}" if self.causes.get(c) else None, bar=self.causes.get(c, 0) / wrong)]
                      for c in (*ERROR_TYPES, "unknown")]
        verified = (self.n - self.failed) or 1
        pos_rows = [[p, Cell(str(self.first_error_pos.get(p, 0)), tag=f"pos:{p}" if self.first_error_pos.get(p) else None,
                             bar=self.first_error_pos.get(p, 0) / verified)] for p in POSITIONS]
        score_rows = []
        for k in SCORE_NAMES:
            xs = self.scores.get(k, [])
            if xs:
                counts = Counter(score_bin(x) for x in xs)
                hist = tuple((bin_label(b), counts.get(b, 0), f"score:{k}:{b}") for b in range(BINS))
                score_rows.append([k, str(len(xs)), f"{statistics.fmean(xs):.3f}", f"{statistics.median(xs):.3f}", Cell(_hist_text(hist), hist=hist)])
            else:
                score_rows.append([k, "0", "–", "–", ""])
        return [
            ("Answer accuracy per calculator", ["calculator", "traces", "with expected answer", "answer accuracy"], calc_rows),
            ("Incorrect steps by error type", ["error type", "incorrect steps", "traces with one", "corrected by the trace"], err_rows),
            ("Wrong answers by cause", ["cause", "traces"], cause_rows),
            ("Position of the first error (share of the trace)", ["position", "traces"], pos_rows),
            ("Score distributions", ["score", "n", "mean", "median", "histogram: 10 bins [0, 0.1) … [0.9, 1.0]"], score_rows),
            ("Risk calibration (traces whose answer was judged)", ["risk bin", "traces", "mean risk", "share with a wrong answer"],
             self.reliability()),
            *self.extra_tables,
        ]

    def reliability(self) -> list[list[Any]]:
        """Reliability diagram of ``scores.risk`` against wrong answers, with ECE and AUROC."""
        if not self.risk_vs_answer:
            return []
        risks = [r for r, _ in self.risk_vs_answer]
        wrong = [w for _, w in self.risk_vs_answer]
        ece, table = risk.reliability(risks, wrong, bins=BINS)
        rows: list[list[Any]] = [[bin_label(b), _count(n, f"risk:{b}"), f"{mean:.3f}", Cell(f"{share:.3f}", bar=share)] for b, n, mean, share in table]
        auc = risk.auroc(risks, wrong)
        rows.append(["all", str(len(risks)), f"ECE {ece:.3f}", f"AUROC {auc:.3f}" if auc is not None else "AUROC –"])
        return rows

    def markdown(self) -> str:
        out = [f"# clinverify report\n\n{self.summary()}\n"]
        ids = self.failed_ids()
        if ids:
            more = f" … and {len(ids) - MAX_LISTED_IDS} more" if len(ids) > MAX_LISTED_IDS else ""
            out.append("Could not be verified: " + ", ".join(ids[:MAX_LISTED_IDS]) + more + "\n")
        for title, head, rows in self.tables():
            out.append(f"## {title}\n")
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
            out.append("")
        return "\n".join(out)

    def html(self) -> str:
        tags = sorted({t for tr in self.traces for t in tr["t"]})
        return report_html.page(self, {t: tag_label(t) for t in tags})

    def write(self, path: str) -> None:
        text = self.html() if report_format(path) == "html" else self.markdown()
        with open(path, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(text)


def _trace_text(row: Any) -> str | None:
    """The text a ``verify_row`` row verified (its reasoning included), or None."""
    if not isinstance(row, dict):
        return None
    from clinverify.verifier.batch import normalise_row
    from clinverify.verifier.thinking import with_reasoning

    r = normalise_row(row)
    trace, reasoning = r.get("trace"), r.get("reasoning_content")
    if not isinstance(trace, str):
        return None
    return with_reasoning(reasoning if isinstance(reasoning, str) else None, trace)


def _hist_text(hist: tuple[tuple[str, int, str], ...]) -> str:
    blocks = " ▁▂▃▄▅▆▇█"
    top = max(c for _, c, _ in hist) or 1
    return "".join(blocks[round(8 * c / top)] for _, c, _ in hist)
