"""The HTML form of the report: one self-contained page (no network: inline CSS, a little
vanilla JavaScript, no external URL) with the aggregate tables and the trace view.

Each trace is rendered here once, as an HTML fragment (``trace_html``): its text with every
step highlighted by verdict (classes ``v-correct``, ``v-incorrect``, ``v-corrected``,
``v-unverifiable``, ``v-neutral``), the step's detail beside it, the answer check with its
cause, and the scores. The fragments travel in one embedded JSON block; the script only
filters them (by tag, flagged, id) and inserts one page at a time, so a report of 10,000
traces opens quickly. Links: ``#f=TAG`` shows the traces behind a figure (tags from
``report._tags``), ``#t=N`` shows trace N (anchor ``trace-N``; steps ``trace-N-sK``).

Also here, as ``report`` builds on them: ``Cell`` (a table cell: text, link, bar, histogram) and
``display_value`` (a value rounded to its calculator's declared decimals; the CLI's tables use
it too)."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from clinverify.verifier.result import CORRECTED, INCORRECT, UNVERIFIABLE

PAGE_SIZE = 50  # traces shown per page by default
GAP_CHARS = 2000  # text between two steps (outside every step) shown at most

@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text, the trace-view filter of the traces behind it, a bar (0–1) drawn
    beside it in HTML, or a histogram: ((label, count, tag), ...)."""

    text: str
    tag: str | None = None
    bar: float | None = None
    hist: tuple[tuple[str, int, str], ...] | None = None

    def __str__(self) -> str:
        return self.text


def display_value(calculator: Any, value: Any) -> str:
    """A JSON value as a person reads it: numbers rounded to the calculator's declared decimals
    (``Output.decimals``; 3 when none is declared or the calculator is unknown), durations in
    weeks and days, dates as they are. Presentation only: results keep full precision."""
    from clinverify.calculators import CalculatorError, get
    from clinverify.calculators.model import fmt

    if value is None:
        return "–"
    if isinstance(value, dict) and set(value) == {"weeks", "days"}:
        return f"{value['weeks']} weeks, {value['days']} days"
    if isinstance(value, str):  # a reference given as text ("32.347"): rounded like a number
        try:
            number = float(value)
        except ValueError:
            return value
        if not math.isfinite(number):
            return value
        value = number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    out = None
    if isinstance(calculator, (str, int)) and not isinstance(calculator, bool):
        try:
            out = get(calculator).output
        except (CalculatorError, LookupError):
            out = None
    if out is not None and out.type == "integer" and float(value).is_integer():
        return str(int(value))
    return fmt(float(value), out.decimals if out is not None and out.decimals is not None else 3)


_LABEL = {"correct": "correct", "incorrect": "incorrect", "corrected": "corrected", "unverifiable": "unverifiable", "neutral": ""}


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _score(v: Any) -> str:
    return "–" if v is None else f"{float(v):.2f}"


def _step_note(n: int, s: dict[str, Any]) -> str:
    v = s.get("verdict", "neutral")
    label = _LABEL.get(v, v)
    if v in (INCORRECT, CORRECTED) and s.get("error"):
        label += f": {s['error']}"
        if s.get("severity") == "minor":
            label += " (minor)"
    parts = [f"<b class='verdict'>{_e(label)}</b>"] if label else []
    if s.get("thinking"):
        parts.append("<i class='thinking'>thinking</i>")
    if s.get("convention"):
        parts.append(f"<i>{_e(s['convention'])}</i>")
    if s.get("corrected_by") is not None:
        k = s["corrected_by"]
        parts.append(f"<a href='#trace-{n}-s{_e(k)}'>corrected by step {_e(k)}</a>")
    if s.get("detail"):
        parts.append(f"<span class='detail'>{_e(s['detail'])}</span>")
    return " ".join(parts)


def _gap(text: str) -> str:
    """Text of the trace between two steps, when it is more than white space."""
    if not text.strip():
        return ""
    if len(text) > GAP_CHARS:
        text = text[:GAP_CHARS] + f" … ({len(text) - GAP_CHARS} more characters)"
    return f"<div class='step gap'><div class='txt'>{_e(text.strip())}</div><div class='note'></div></div>"


def _steps_html(n: int, steps: list[dict[str, Any]], trace: str | None) -> str:
    if trace is not None and not all(
        isinstance(s.get("span"), list) and len(s["span"]) == 2 and trace[s["span"][0] : s["span"][1]] == s.get("text") for s in steps
    ):
        trace = None  # not the text these steps index: show the steps alone
    out, prev = [], 0
    for s in steps:
        if trace is not None:
            out.append(_gap(trace[prev : s["span"][0]]))
            prev = s["span"][1]
        v = s.get("verdict", "neutral")
        cls = f"step v-{_e(v)}" + (" thinking" if s.get("thinking") else "")
        out.append(
            f"<div class='{cls}' id='trace-{n}-s{_e(s.get('index'))}'><div class='txt'><span class='ix'>{_e(s.get('index'))}</span>"
            f"{_e(str(s.get('text', '')).strip())}</div><div class='note'>{_step_note(n, s)}</div></div>"
        )
    if trace is not None:
        out.append(_gap(trace[prev:]))
    return "".join(out)


def trace_html(n: int, res: dict[str, Any], trace: str | None = None) -> str:
    """One trace of the trace view (trace number ``n``, 1-based); ``trace``: the verified text,
    to show what lies between the steps."""
    rid = res.get("id")
    head = f"<a class='num' href='#t={n}'>#{n}</a> <code class='id'>{_e('–' if rid is None else rid)}</code>"
    if res.get("error"):
        err = res["error"] if isinstance(res["error"], dict) else {"message": str(res["error"])}
        line = f"line {res['line']}: " if res.get("line") is not None else ""
        return (f"<article class='trace failed' id='trace-{n}'><h3>{head} <span class='badge bad'>could not be verified</span></h3>"
                f"<p>{_e(line)}<b>{_e(err.get('code', 'error'))}</b>: {_e(err.get('message', ''))}</p></article>")
    calc = res.get("calculator")
    ans = res.get("answer") or {}
    ok = ans.get("correct")
    badge = {True: ("ok", "answer correct"), False: ("bad", "answer wrong"), None: ("na", "answer not judged")}[ok]
    head += f" {_e(calc or '(calculator not identified)')} <span class='badge {badge[0]}'>{badge[1]}</span>"
    steps = res.get("steps") or []
    if any(s.get("verdict") == INCORRECT for s in steps):
        head += " <span class='badge bad'>incorrect step</span>"
    got = display_value(calc, ans.get("value")) if ans.get("value") is not None else "not found in the trace"
    check = f"Answer <b>{_e(got)}</b>"
    if ans.get("expected") is not None:
        check += f"; expected {_e(display_value(calc, ans['expected']))} (from {_e(ans.get('source') or '?')})"
    check += f": {'correct' if ok else 'wrong' if ok is False else 'not judged'}"
    if ok is False and ans.get("cause"):
        check += f"; cause <b>{_e(ans['cause'])}</b>"
    if ans.get("detail"):
        check += f" — {_e(ans['detail'])}"
    scores = " · ".join(f"{_e(k)} {_score(v)}" for k, v in (res.get("scores") or {}).items())
    first = res.get("first_error")
    if first is not None:
        scores += f" · <a href='#trace-{n}-s{_e(first)}'>first error: step {_e(first)}</a>"
    unverifiable = sum(1 for s in steps if s.get("verdict") == UNVERIFIABLE)
    if unverifiable:
        scores += f" · {unverifiable} unverifiable step{'s' if unverifiable > 1 else ''}"
    return (f"<article class='trace' id='trace-{n}'><h3>{head}</h3><p class='check'>{check}</p><p class='scores'>{scores}</p>"
            f"<div class='steps'>{_steps_html(n, steps, trace)}</div></article>")


# -- the page -------------------------------------------------------------------------------

CSS = """
body{font:14px/1.4 system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}
h1{margin:.2em 0}h2{margin:1.4em 0 .4em;font-size:1.15em}h3{font-size:1em;margin:0 0 .3em}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
td.num{text-align:right}.barcell{width:210px}.bar{display:inline-block;height:.8em;background:#4a7bd0;vertical-align:middle}
.scroll{max-height:22em;overflow:auto;display:inline-block;border-bottom:1px solid #ccc}
.hist rect{fill:#4a7bd0}.hist rect.z{fill:#ccc}.hist a:hover rect{fill:#1d4fa0}
.controls{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ccc;z-index:1}
.controls>*{margin-right:.8em}
article.trace{border:1px solid #ccc;border-radius:4px;padding:.5em .7em;margin:.8em 0}
article.failed{border-color:#c33}
.badge{font-size:.8em;padding:0 .4em;border-radius:3px;border:1px solid}
.badge.ok{color:#176317}.badge.bad{color:#a11}.badge.na{color:#666}
code.id{font-weight:bold}.check,.scores{margin:.2em 0}.scores{color:#444;font-size:.9em}
.step{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.8em;padding:2px 4px;border-left:4px solid transparent}
.step .txt{white-space:pre-wrap;overflow-wrap:anywhere}.step .note{font-size:.88em;overflow-wrap:anywhere}
.ix{color:#888;font-size:.75em;margin-right:.5em}
.v-correct{border-left-color:#3a9a3a;background:#eef8ee}
.v-incorrect{border-left-color:#c33;background:#fde8e8}
.v-corrected{border-left-color:#d89a00;background:#fff5dc}
.v-unverifiable{border-left-color:#7a88a8;background:#eef1f7}
.v-neutral .txt{color:#555}.gap .txt{color:#777}
.v-incorrect .verdict{color:#a11}.v-corrected .verdict{color:#8a6000}.v-correct .verdict{color:#176317}.v-unverifiable .verdict{color:#445}
.thinking{color:#666}.step.thinking .txt{font-style:italic}
.legend span{padding:0 .4em;margin-right:.3em}
@media print{nav,.controls,noscript{display:none}.scroll{max-height:none;overflow:visible}
body{max-width:none;margin:0;font-size:11px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.step{break-inside:avoid}article.trace h3{break-after:avoid}a{color:inherit;text-decoration:none}}
"""

JS = """
(function(){
var D=JSON.parse(document.getElementById('trace-data').textContent),T=D.traces;
var list=document.getElementById('trace-list'),q=document.getElementById('q'),fl=document.getElementById('only-flagged'),
 sz=document.getElementById('page-size'),info=document.getElementById('trace-info'),
 prev=document.getElementById('prev'),next=document.getElementById('next');
var tag='',page=0,shown=T;
function has(t,k){return t.t.indexOf(k)>=0}
function select(){var s=q.value.trim().toLowerCase(),only=fl.checked;
 shown=T.filter(function(t){return (!tag||has(t,tag))&&(!only||has(t,'flagged'))&&
  (!s||String(t.id).toLowerCase().indexOf(s)>=0||('#'+t.n)===s)});}
function per(){var v=+sz.value;return v>0?v:Math.max(shown.length,1)}
function render(){var k=per(),pages=Math.max(1,Math.ceil(shown.length/k));page=Math.max(0,Math.min(page,pages-1));
 list.innerHTML=shown.slice(page*k,page*k+k).map(function(t){return t.h}).join('')||'<p>No trace matches.</p>';
 info.textContent=shown.length+' of '+T.length+' traces'+(tag?' \\u2014 '+(D.tags[tag]||tag):'')+' \\u2014 page '+(page+1)+' of '+pages;
 prev.disabled=page<=0;next.disabled=page>=pages-1;}
function reset(){tag='';q.value='';fl.checked=false;}
function route(){var h=decodeURIComponent(location.hash.slice(1));
 if(h.indexOf('f=')===0){tag=h.slice(2);q.value='';page=0;select();render();document.getElementById('traces').scrollIntoView();}
 else if(h.indexOf('t=')===0){var n=+h.slice(2);select();var i=shown.findIndex(function(t){return t.n===n});
  if(i<0){reset();select();i=shown.findIndex(function(t){return t.n===n});}
  if(i>=0){page=Math.floor(i/per());render();var el=document.getElementById('trace-'+n);if(el)el.scrollIntoView();}}}
q.addEventListener('input',function(){page=0;select();render()});
fl.addEventListener('change',function(){page=0;select();render()});
sz.addEventListener('change',function(){page=0;render()});
prev.addEventListener('click',function(){page--;render();list.scrollIntoView()});
next.addEventListener('click',function(){page++;render();list.scrollIntoView()});
window.addEventListener('hashchange',route);
select();render();if(location.hash)route();
})();
"""


def filter_href(tag: str) -> str:
    """The link that shows the traces carrying a filter tag."""
    return "#f=" + _e(quote(tag, safe=":"))


def _cell(c: Any) -> str:
    if not isinstance(c, Cell):
        return f"<td>{_e(c)}</td>"
    if c.hist is not None:  # a bar per bin, each linking to its traces
        top = max(k for _, k, _ in c.hist) or 1
        bars = []
        for i, (label, k, tag) in enumerate(c.hist):
            h = max(1, round(28 * k / top))
            rect = f"<rect x='{16 * i}' y='{30 - h}' width='14' height='{h}'><title>{_e(label)}: {k}</title></rect>"
            bars.append(f"<a href='{filter_href(tag)}'>{rect}</a>" if k else rect.replace("<rect", "<rect class='z'", 1))
        counts = " ".join(str(k) for _, k, _ in c.hist)
        return f"<td><svg class='hist' width='160' height='30' role='img' aria-label='traces per bin: {counts}'>{''.join(bars)}</svg></td>"
    text = f"<a href='{filter_href(c.tag)}'>{_e(c.text)}</a>" if c.tag else _e(c.text)
    if c.bar is not None:
        return f"<td class='barcell'><span class='bar' style='width:{120 * max(0.0, min(1.0, c.bar)):.0f}px'></span> {text}</td>"
    return f"<td class='num'>{text}</td>"


def _table(head: list[str], rows: list[list[Any]], scroll: bool = False) -> str:
    if not rows:
        return "<p>(no data)</p>"
    out = ["<div class='scroll'>" if scroll else "", "<table><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr>"]
    out += ["<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in rows]
    out.append("</table></div>" if scroll else "</table>")
    return "".join(out)


def _embed(obj: Any) -> str:
    """JSON inside <script type=application/json>: nothing in it can close the element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def page(report: Any, tag_labels: dict[str, str]) -> str:
    """The whole report (a ``report.Report``) as one HTML document; ``tag_labels``: each filter
    tag of its traces in words."""
    ids = report.failed_ids()
    failed = ""
    if ids:
        links = ", ".join(f"<a href='#t={n}'>{_e(i)}</a>" for (n, _, _), i in zip(report.failed_rows, ids, strict=True))
        failed = f"<p>Could not be verified (<a href='#f=failed'>show</a>): {links}</p>"
    sections, nav = [], []
    for k, (title, head, rows) in enumerate(report.tables()):
        anchor = f"agg-{k}"
        nav.append(f"<a href='#{anchor}'>{_e(title.split(' (')[0])}</a>")
        sections.append(f"<section id='{anchor}'><h2>{_e(title)}</h2>{_table(head, rows, scroll=k == 0)}</section>")
    data = {"tags": tag_labels, "traces": report.traces}
    legend = "".join(f"<span class='v-{v}'>{v}</span>" for v in ("correct", "incorrect", "corrected", "unverifiable", "neutral"))
    view = (
        "<section id='traces'><h2>Traces</h2>"
        f"<p class='legend'>Steps by verdict: {legend} — the detail of each step (with the recomputed value) is beside it.</p>"
        "<div class='controls'><input id='q' type='search' placeholder='search by id' aria-label='search by id'>"
        "<label><input id='only-flagged' type='checkbox'> only flagged</label>"
        "<a href='#f='>all traces</a> "
        f"<label>per page <select id='page-size'><option>20</option><option selected>{PAGE_SIZE}</option><option>200</option>"
        "<option value='0'>all</option></select></label>"
        "<button id='prev' type='button'>‹ previous</button><button id='next' type='button'>next ›</button>"
        "<span id='trace-info'></span></div>"
        "<noscript><p>The trace view needs JavaScript.</p></noscript><div id='trace-list'></div></section>"
    ) if report.trace_view else ""
    return "".join([
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>",
        f"<title>clinverify report</title><style>{CSS}</style></head><body>",
        "<h1>clinverify report</h1>",
        f"<p>{_e(report.summary())} <a href='{filter_href('flagged')}'>Show the flagged traces</a>.</p>" if report.trace_view else f"<p>{_e(report.summary())}</p>",
        failed,
        "<nav>" + "".join(nav) + ("<a href='#traces'>Traces</a>" if report.trace_view else "") + "</nav>",
        *sections,
        view,
        f"<script type='application/json' id='trace-data'>{_embed(data)}</script><script>{JS}</script>" if report.trace_view else "",
        "</body></html>",
    ])
