"""Summary report over ``verify`` results: Markdown tables, or HTML with the same tables and
inline SVG bar charts (no plotting dependency). The format follows the file suffix."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import Any

from clinverify.verifier import risk
from clinverify.verifier.result import ERROR_TYPES

SCORE_NAMES = ("answer", "factuality", "completeness", "effectiveness", "process", "reward", "risk")


class Report:
    def __init__(self) -> None:
        self.n = 0
        self.failed = 0
        self.per_calc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # correct, judged, rows
        self.errors: Counter[str] = Counter()
        self.causes: Counter[str] = Counter()  # why wrong answers are wrong (answer.cause)
        self.first_error_pos: Counter[str] = Counter()
        self.scores: dict[str, list[float]] = defaultdict(list)
        self.corrected: Counter[str] = Counter()
        self.risk_vs_answer: list[tuple[float, bool]] = []  # (risk, answer wrong) where the answer was judged
        self.extra_tables: list[tuple[str, list[str], list[list[str]]]] = []  # (title, head, rows) set by the caller

    def add(self, res: dict[str, Any]) -> None:
        self.n += 1
        if res.get("error"):
            self.failed += 1
            return
        calc = res.get("calculator") or "(unidentified)"
        row = self.per_calc[calc]
        row[2] += 1
        ans = res.get("answer") or {}
        if ans.get("correct") is not None:
            row[1] += 1
            row[0] += bool(ans["correct"])
            if ans["correct"] is False:
                self.causes[ans.get("cause") or "unknown"] += 1
        for s in res.get("steps", []):
            if s.get("verdict") == "incorrect" and s.get("error"):
                self.errors[s["error"]] += 1
            elif s.get("verdict") == "corrected" and s.get("error"):
                self.corrected[s["error"]] += 1
        risk = (res.get("scores") or {}).get("risk")
        if risk is not None and ans.get("correct") is not None:
            self.risk_vs_answer.append((float(risk), ans["correct"] is False))
        fe = res.get("first_error")
        steps = res.get("steps") or []
        if fe is None:
            self.first_error_pos["none"] += 1
        else:
            frac = (fe + 1) / max(len(steps), 1)
            self.first_error_pos[_bucket(frac)] += 1
        for k, v in (res.get("scores") or {}).items():
            if v is not None:
                self.scores[k].append(float(v))

    # -- tables ---------------------------------------------------------------
    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        calc_rows = []
        for c, (ok, judged, rows) in sorted(self.per_calc.items()):
            acc = f"{ok / judged:.1%}" if judged else "–"
            calc_rows.append([c, str(rows), str(judged), acc])
        err_rows = [[e, str(self.errors.get(e, 0)), str(self.corrected.get(e, 0))] for e in ERROR_TYPES]
        cause_rows = [[c, str(self.causes.get(c, 0))] for c in (*ERROR_TYPES, "unknown")]
        order = ["none", "first 25%", "25–50%", "50–75%", "last 25%"]
        pos_rows = [[p, str(self.first_error_pos.get(p, 0))] for p in order]
        score_rows = []
        for k in SCORE_NAMES:
            xs = sorted(self.scores.get(k, []))
            if xs:
                score_rows.append([k, str(len(xs)), f"{sum(xs) / len(xs):.3f}", f"{xs[len(xs) // 2]:.3f}", _hist_text(xs)])
            else:
                score_rows.append([k, "0", "–", "–", ""])
        return [
            ("Answer accuracy per calculator", ["calculator", "traces", "with expected answer", "answer accuracy"], calc_rows),
            ("Incorrect steps by error type", ["error type", "incorrect steps", "corrected by the trace"], err_rows),
            ("Wrong answers by cause", ["cause", "traces"], cause_rows),
            ("Position of the first error (share of the trace)", ["position", "traces"], pos_rows),
            ("Score distributions", ["score", "n", "mean", "median", "histogram 0→1 (10 bins)"], score_rows),
            ("Risk calibration (traces whose answer was judged)", ["risk bin", "traces", "mean risk", "share with a wrong answer"],
             self.reliability()),
            *self.extra_tables,
        ]

    def reliability(self) -> list[list[str]]:
        """Reliability diagram of ``scores.risk`` against wrong answers, with ECE and AUROC."""
        if not self.risk_vs_answer:
            return []
        risks = [r for r, _ in self.risk_vs_answer]
        wrong = [w for _, w in self.risk_vs_answer]
        ece, table = risk.reliability(risks, wrong)
        rows = [[f"{b / 10:.1f}–{(b + 1) / 10:.1f}", str(n), f"{mean:.3f}", f"{share:.3f}"] for b, n, mean, share in table]
        auc = risk.auroc(risks, wrong)
        rows.append(["all", str(len(risks)), f"ECE {ece:.3f}", f"AUROC {auc:.3f}" if auc is not None else "AUROC –"])
        return rows

    def markdown(self) -> str:
        out = [f"# clinverify report\n\n{self.n} traces, {self.failed} could not be verified.\n"]
        for title, head, rows in self.tables():
            out.append(f"## {title}\n")
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "---|" * len(head))
            out += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("")
        return "\n".join(out)

    def html(self) -> str:
        parts = [
            "<!doctype html><meta charset='utf-8'><title>clinverify report</title>",
            "<style>body{font:14px system-ui,sans-serif;max-width:980px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
            "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}svg text{font:11px sans-serif}</style>",
            f"<h1>clinverify report</h1><p>{self.n} traces, {self.failed} could not be verified.</p>",
        ]
        calc_bars = [(c, ok / judged) for c, (ok, judged, _) in sorted(self.per_calc.items()) if judged]
        charts = {
            "Answer accuracy per calculator": _bars(calc_bars, percent=True),
            "Incorrect steps by error type": _bars([(e, self.errors.get(e, 0)) for e in ERROR_TYPES]),
            "Wrong answers by cause": _bars([(c, self.causes.get(c, 0)) for c in (*ERROR_TYPES, "unknown")]),
            "Position of the first error (share of the trace)": _bars(
                [(p, self.first_error_pos.get(p, 0)) for p in ["none", "first 25%", "25–50%", "50–75%", "last 25%"]]
            ),
            "Score distributions": "".join(_bars(_hist(self.scores.get(k, [])), title=k) for k in SCORE_NAMES if self.scores.get(k)),
            "Risk calibration (traces whose answer was judged)": _bars(
                [(r[0] + f" (mean risk {r[2]})", float(r[3])) for r in self.reliability()[:-1]], percent=True,
                title="share with a wrong answer per risk bin (calibrated: the share matches the mean risk)"),
        }
        for title, head, rows in self.tables():
            parts.append(f"<h2>{html.escape(title)}</h2>{charts.get(title, '')}<table><tr>")
            parts += [f"<th>{html.escape(h)}</th>" for h in head]
            parts.append("</tr>")
            for r in rows:
                parts.append("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in r) + "</tr>")
            parts.append("</table>")
        return "".join(parts)

    def write(self, path: str) -> None:
        text = self.html() if path.lower().endswith((".html", ".htm")) else self.markdown()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _bucket(frac: float) -> str:
    if frac <= 0.25:
        return "first 25%"
    if frac <= 0.5:
        return "25–50%"
    if frac <= 0.75:
        return "50–75%"
    return "last 25%"


def _hist(xs: list[float]) -> list[tuple[str, float]]:
    bins = [0] * 10
    for x in xs:
        bins[min(9, int(x * 10))] += 1
    return [(f"{i / 10:.1f}", b) for i, b in enumerate(bins)]


def _hist_text(xs: list[float]) -> str:
    blocks = " ▁▂▃▄▅▆▇█"
    counts = [b for _, b in _hist(xs)]
    top = max(counts) or 1
    return "".join(blocks[round(8 * c / top)] for c in counts)


def _bars(items: list[tuple[str, float]], percent: bool = False, title: str = "") -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return "<p>(no data)</p>"
    top = max(v for _, v in items) or 1
    h = 18 * len(items) + (20 if title else 6)
    y0 = 20 if title else 4
    out = [f"<svg width='640' height='{h}' role='img'>"]
    if title:
        out.append(f"<text x='0' y='13' font-weight='bold'>{html.escape(title)}</text>")
    for i, (label, v) in enumerate(items):
        y = y0 + 18 * i
        w = 400 * (v if percent else v / top)
        shown = f"{v:.0%}" if percent else f"{v:g}"
        out.append(
            f"<text x='0' y='{y + 12}'>{html.escape(str(label))[:28]}</text>"
            f"<rect x='190' y='{y + 2}' width='{w:.1f}' height='13' fill='#4a7bd0'/>"
            f"<text x='{195 + w:.1f}' y='{y + 12}'>{shown}</text>"
        )
    out.append("</svg>")
    return "".join(out)
