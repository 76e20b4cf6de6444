"""The report (issue 15 item 1): the HTML trace view (steps highlighted by verdict, links from
every aggregate to the traces behind it, ids, no network), the fixed aggregate defects, the
refused suffixes, and the size and build time for the ground-truth explanations."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections import Counter
from urllib.parse import unquote

import pytest

from clinverify.verifier import verify
from clinverify.verifier.report import (
    Report,
    UnknownReportFormat,
    bin_label,
    report_format,
    score_bin,
)
from clinverify.verifier.report_html import display_value

ENTITIES = {"sex": "Female", "age": [72, "years"], "weight": [59, "kg"], "height": [160, "cm"], "creatinine": [1.3, "mg/dL"]}
GOOD = (
    "The patient is a 72 years old woman. Her serum creatinine is 1.3 mg/dL and her weight is 59 kg.\n"
    "Her height is 160 cm, so the ideal body weight is 45.5 + 2.3 * (62.99 - 60) = 52.38 kg.\n"
    "Her BMI is 59 / (1.6 * 1.6) = 23.05 kg/m^2, which is normal, so we use the ideal body weight 52.38 kg.\n"
    "CrCl = ((140 - 72) * 52.38 * 0.85) / (72 * 1.3) = 32.35 mL/min.\n"
    "Answer: 32.35"
)
BAD = GOOD.replace("= 32.35 mL/min", "= 36.35 mL/min").replace("Answer: 32.35", "Answer: 36.35")


def _step(i, verdict, error=None, detail="", **extra):
    return {"index": i, "span": [0, 0], "text": f"step {i} text", "verdict": verdict, "error": error, "detail": detail,
            "score": 1.0, **extra}


# A hand-made result with every verdict (the report reads result objects, whatever made them).
EVERY_VERDICT = {
    "id": "every-verdict", "calculator": "albumin_corrected_delta_ratio",
    "answer": {"value": 1.234567, "expected": 2.0, "source": "reference", "correct": False, "cause": "formula", "detail": "the ratio uses the wrong gap"},
    "steps": [
        _step(0, "neutral"),
        _step(1, "correct", detail="4 + 4 = 8"),
        _step(2, "incorrect", "arithmetic", "2 * 3 = 6, not 7", severity="major"),
        _step(3, "corrected", "unit_conversion", "1 mg/dL is 88.4 µmol/L, not 80", severity="major", corrected_by=4),
        _step(4, "correct", detail="1 mg/dL = 88.4 µmol/L"),
        _step(5, "unverifiable", detail="no value for albumin to check against"),
    ],
    "first_error": 2,
    "scores": {"answer": 0.0, "factuality": 0.5, "completeness": 1.0, "effectiveness": 1.0, "process": 0.0, "reward": 0.0, "risk": 1.0},
    "error": None,
}
NOTHING_CHECKED = {
    "id": "prose", "calculator": "bmi", "answer": {"value": None, "expected": None, "source": None, "correct": None, "cause": None, "detail": ""},
    "steps": [_step(0, "neutral"), _step(1, "unverifiable", detail="cannot check")],
    "first_error": None, "scores": {"answer": None, "factuality": None, "process": 0.5, "risk": 0.9}, "error": None,
}


def _results():
    good = verify(GOOD, calculator=2, entities=ENTITIES, id="good").to_dict()
    bad = verify(BAD, calculator=2, entities=ENTITIES, id="bad").to_dict()
    failed = {"id": "broken", "line": 4, "error": {"code": "missing_field", "message": "trace: required"}}
    nameless = {"id": None, "line": 6, "error": {"code": "invalid_json", "message": "line 6: invalid JSON"}}
    return [(good, {"trace": GOOD}), (bad, {"trace": BAD}), (failed, None), (EVERY_VERDICT, None), (NOTHING_CHECKED, None), (nameless, None)]


def _report() -> Report:
    r = Report()
    for res, row in _results():
        r.add(res, row)
    return r


def _data(page: str) -> dict:
    m = re.search(r"<script type='application/json' id='trace-data'>(.*?)</script>", page, re.S)
    assert m, "the traces are embedded as JSON"
    return json.loads(m.group(1))


def _outside_data(page: str) -> str:
    return re.sub(r"<script type='application/json' id='trace-data'>.*?</script>", "", page, flags=re.S)


def test_steps_are_highlighted_by_verdict_with_their_detail():
    r = _report()
    html = next(t["h"] for t in r.traces if t["id"] == "every-verdict")
    n = next(t["n"] for t in r.traces if t["id"] == "every-verdict")
    assert f"<article class='trace' id='trace-{n}'>" in html
    for i, verdict in enumerate(["neutral", "correct", "incorrect", "corrected", "correct", "unverifiable"]):
        assert f"<div class='step v-{verdict}' id='trace-{n}-s{i}'>" in html
    step = lambda i: html.split(f"id='trace-{n}-s{i}'>", 1)[1].split("<div class='step", 1)[0]  # noqa: E731
    assert "<b class='verdict'>incorrect: arithmetic</b>" in step(2) and "2 * 3 = 6, not 7" in step(2)
    assert "corrected: unit_conversion" in step(3) and f"href='#trace-{n}-s4'" in step(3)
    assert "unverifiable" in step(5) and "no value for albumin" in step(5)
    assert "class='verdict'" not in step(0)  # a neutral step has no verdict label
    # the answer check with its cause, rounded to the calculator's declared decimals; the scores
    assert "Answer <b>1.23</b>; expected 2 (from reference): wrong; cause <b>formula</b> — the ratio uses the wrong gap" in html
    assert "factuality 0.50" in html and f"<a href='#trace-{n}-s2'>first error: step 2</a>" in html


def test_a_real_trace_keeps_its_text_between_steps_and_its_error():
    r = _report()
    html = next(t["h"] for t in r.traces if t["id"] == "bad")
    assert "<div class='step v-incorrect'" in html and "arithmetic" in html
    assert "36.35" in html and "32.3" in html  # the stated value and the recomputed one in the detail
    assert "answer wrong" in html


def test_every_aggregate_links_to_the_traces_behind_it():
    page = _report().html()
    data = _data(page)
    outside = _outside_data(page)
    by_tag = Counter(t for tr in data["traces"] for t in tr["t"])
    links = re.findall(r"<a href='#f=([^']*)'>(\d+)</a>", outside)
    assert links, "the counts link to their traces"
    kinds = {unquote(tag).split(":")[0] for tag, _ in links}
    assert {"calc", "error", "cause", "pos", "risk"} <= kinds
    for tag, count in links:  # the figure shown is the number of traces the link shows
        assert by_tag[unquote(tag)] == int(count), tag
    bins = re.findall(r"<a href='#f=(score%3A|score:)([^']*)'><rect[^>]*><title>([^<]*): (\d+)</title>", outside)
    assert bins, "each score bin links to its traces"
    for prefix, rest, _label, count in bins:
        assert by_tag[unquote(prefix + rest)] == int(count)
    for tag in re.findall(r"href='#f=([^']*)'", outside):  # every filter link, with or without a count
        assert tag == "" or unquote(tag) in data["tags"], tag
    numbers = {tr["n"] for tr in data["traces"]}
    for n in re.findall(r"href='#t=(\d+)'", outside):
        assert int(n) in numbers


def test_ids_are_present_and_searchable():
    page = _report().html()
    data = _data(page)
    assert [t["id"] for t in data["traces"]] == ["good", "bad", "broken", "every-verdict", "prose", None]
    for t in data["traces"]:
        assert f"id='trace-{t['n']}'" in t["h"]
        if t["id"] is not None:
            assert f"<code class='id'>{t['id']}</code>" in t["h"]
    assert "id='q' type='search'" in page and "only-flagged" in page
    flagged = {t["id"] for t in data["traces"] if "flagged" in t["t"]}
    assert flagged == {"bad", "broken", "every-verdict", None}


def test_the_page_is_self_contained():
    page = _report().html()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|\bsrc=|@import|url\(", page, re.I), "no network"
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "@media print" in page


def test_trace_text_cannot_break_out_of_the_embedded_json():
    text = "Total = 1 + 1 = 2. </script><script>alert(1)</script> <!-- x"
    r = Report()
    r.add(verify(text, id="</script>").to_dict(), {"trace": text})
    page = r.html()
    assert page.count("</script>") == 2
    data = _data(page)
    assert data["traces"][0]["id"] == "</script>" and "&lt;/script&gt;" in data["traces"][0]["h"]


def test_traces_that_could_not_be_verified_are_named():
    r = _report()
    assert r.failed_ids() == ["broken", "line 6"]
    md = r.markdown()
    assert "6 traces, 2 could not be verified" in md and "Could not be verified: broken, line 6" in md
    outside = _outside_data(r.html())
    assert "<a href='#t=3'>broken</a>" in outside and "<a href='#t=6'>line 6</a>" in outside


def test_nothing_checked_is_not_counted_as_no_error():
    r = _report()
    assert r.first_error_pos["nothing could be checked"] == 1
    assert r.first_error_pos["no error"] == 1  # only the good trace
    assert "| nothing could be checked | 1 |" in r.markdown()


def test_score_bins_true_median_and_full_labels():
    assert [score_bin(x) for x in (0.0, 0.05, 0.1, 0.3, 0.7, 0.89, 0.9, 0.95, 1.0)] == [0, 0, 1, 3, 7, 8, 9, 9, 9]
    assert bin_label(9) == "[0.9, 1.0]" and bin_label(0) == "[0.0, 0.1)"
    r = Report()
    for x in (0.0, 1.0):
        r.add({**NOTHING_CHECKED, "scores": {"process": x}})
    row = next(row for title, _, rows in r.tables() if title == "Score distributions" for row in rows if row[0] == "process")
    assert row[3] == "0.500"  # the median of [0, 1] (the upper median was 1.000)
    hist = row[4].hist
    assert hist[9] == ("[0.9, 1.0]", 1, "score:process:9") and hist[0][1] == 1
    page = r.html()
    assert "<title>[0.9, 1.0]: 1</title>" in page
    r2 = _report()
    assert "albumin_corrected_delta_ratio</td>" in r2.html()  # labels are not cut


def test_charts_do_not_repeat_the_tables_and_the_calculators_do_not_fill_the_screen():
    page = _outside_data(_report().html())
    sections = re.findall(r"<section id='agg-\d+'>(.*?)</section>", page, re.S)
    assert sections
    for s in sections:  # one table per aggregate, the bars inside its cells
        assert s.count("<table>") <= 1
        assert "<svg width='640'" not in s
    assert sections[0].startswith("<h2>Answer accuracy per calculator</h2><div class='scroll'><table>")
    assert ".scroll{max-height:22em" in page


def test_report_format_from_the_suffix(tmp_path):
    assert report_format("r.md") == report_format("R.MARKDOWN") == "markdown"
    assert report_format("a/b.html") == report_format("x.HTM") == "html"
    for bad in ("r.pdf", "report", "dir.html/report", "r.html.txt"):
        with pytest.raises(UnknownReportFormat, match="unknown report format"):
            report_format(bad)
    with pytest.raises(UnknownReportFormat):
        _report().write(str(tmp_path / "r.pdf"))
    assert not (tmp_path / "r.pdf").exists()


def test_display_value_rounds_to_the_declared_precision():
    assert display_value("cockcroft_gault", 32.346936200282656) == "32.3"  # declares 1 decimal
    assert display_value("fib4", 1.23456) == "1.23" and display_value("qtc_bazett", 431.6) == "432"
    assert display_value("bmi", "24.2215") == "24.2"
    assert display_value("centor_mcisaac", 3) == "3"
    assert display_value("gestational_age", {"weeks": 17, "days": 4}) == "17 weeks, 4 days"
    assert display_value(None, 1.23456) == "1.235" and display_value("nope", "08/01/2021") == "08/01/2021"


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed: the page's script is not run")
def test_the_script_filters_pages_and_follows_links(tmp_path):
    """The page's own script, run by node over a stub document: a filter link shows exactly the
    traces with that tag, a trace link shows the page holding the trace, search goes by id."""
    r = Report()
    base = verify(BAD, calculator=2, entities=ENTITIES).to_dict()
    for i in range(120):
        r.add({**base, "id": f"t{i}"} if i % 3 else {**NOTHING_CHECKED, "id": f"t{i}"})
    page = r.html()
    data = _data(page)
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    harness = """
var els={};function el(id){return els[id]||(els[id]={value:'',checked:false,innerHTML:'',textContent:'',disabled:false,
 L:{},addEventListener:function(e,f){this.L[e]=f},scrollIntoView:function(){}})}
el('trace-data').textContent=DATA;el('page-size').value='50';
var document={getElementById:el};var location={hash:''};var W={};var window={addEventListener:function(e,f){W[e]=f}};
SCRIPT
function shown(){return (el('trace-list').innerHTML.match(/id='trace-\\d+'/g)||[]).map(function(s){return +s.match(/\\d+/)[0]})}
var out={first:shown(),info:el('trace-info').textContent};
location.hash='#f='+encodeURIComponent('pos:nothing could be checked');W.hashchange();out.filtered=shown();
location.hash='#t=116';W.hashchange();out.trace=shown();out.info2=el('trace-info').textContent;
location.hash='#f=';W.hashchange();el('q').value='t7';el('q').L.input();out.search=shown();
el('q').value='';el('only-flagged').checked=true;el('only-flagged').L.change();out.flagged=shown();
console.log(JSON.stringify(out));
""".replace("DATA", json.dumps(json.dumps(data))).replace("SCRIPT", script)
    js = tmp_path / "harness.js"
    js.write_text(harness, encoding="utf-8")
    out = json.loads(subprocess.run(["node", str(js)], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert out["first"] == list(range(1, 51)) and "120 of 120 traces" in out["info"]
    assert out["filtered"] == [t["n"] for t in data["traces"] if "pos:nothing could be checked" in t["t"]]
    assert 116 in out["trace"] and "page 3 of 3" in out["info2"]  # t115, not in the filter: the filter is cleared
    assert out["search"] == [8] + list(range(71, 81))  # t7, t70…t79
    assert out["flagged"] == [t["n"] for t in data["traces"] if "flagged" in t["t"]][:50] and 1 not in out["flagged"]


def test_ground_truth_report_size_and_time(medcalc_rows, tmp_path):
    """The 1,047 ground-truth explanations: the report stays under 10 MB; building it takes
    about 0.2 s here (the bound allows 10x)."""
    from clinverify.datasets.explanations import rows_with_calculator, verify_kwargs

    results = [(verify(r.explanation, id=r.row, **verify_kwargs(r)).to_dict(), {"trace": r.explanation}) for r, _ in rows_with_calculator()]
    assert len(results) == 1047
    t0 = time.perf_counter()
    report = Report()
    for res, row in results:
        report.add(res, row)
    path = tmp_path / "gt.html"
    report.write(str(path))
    elapsed = time.perf_counter() - t0
    size = path.stat().st_size
    print(f"ground-truth report: {size / 1e6:.2f} MB in {elapsed:.2f} s")
    assert size < 10_000_000 and elapsed < 2.0
    assert len(_data(path.read_text(encoding="utf-8"))["traces"]) == 1047
