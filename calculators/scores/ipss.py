"""International Prostate Symptom Score (IPSS): lower urinary tract symptom severity (0-35).

Barry et al., J Urol 1992 (the American Urological Association symptom index, AUA-SI): seven
questions about the last month, each scored 0-5: incomplete emptying, frequency, intermittency,
urgency, weak stream, straining (0 not at all, 1 less than 1 time in 5, 2 less than half the time,
3 about half the time, 4 more than half the time, 5 almost always) and nocturia (0 none, 1-4 times,
5 five or more times). The symptom score is their sum, 0-35: mild 0-7, moderate 8-19, severe
20-35. The IPSS is the AUA-SI with an eighth, separate question on quality of life due to urinary
symptoms (0 delighted to 6 terrible), reported beside the symptom score and never added to it
(WHO International Consultation on BPH, 1991).
"""

from clinverify.calculators.criteria import explain_criteria, score_range, tally
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._items import answer_item

FREQUENCY = {"not at all": 0, "less than 1 time in 5": 1, "less than half the time": 2, "about half the time": 3,
             "more than half the time": 4, "almost always": 5}
FREQUENCY_SPELLINGS = {"not at all": ("never", "none"), "less than 1 time in 5": ("less than one time in five",),
                       "almost always": ("always",)}
NOCTURIA = {"none": 0, "1 time": 1, "2 times": 2, "3 times": 3, "4 times": 4, "5 or more times": 5}
NOCTURIA_SPELLINGS = {"none": ("never", "0 times"), "1 time": ("once",), "2 times": ("twice",), "5 or more times": ("5 times",)}

# (name, label, what the item asks about, answer scale, extra phrases): short descriptions, not the item wording.
_ITEMS = (
    ("incomplete_emptying", "Item 1, incomplete emptying", "sensation of not emptying the bladder completely", "frequency",
     ("incomplete emptying", "incomplete voiding")),
    ("frequency", "Item 2, frequency", "urinating again less than two hours after finishing", "frequency",
     ("urinary frequency", "frequent urination")),
    ("intermittency", "Item 3, intermittency", "stopping and starting several times while urinating", "frequency",
     ("intermittent stream", "intermittence")),
    ("urgency", "Item 4, urgency", "difficulty postponing urination", "frequency", ("urinary urgency",)),
    ("weak_stream", "Item 5, weak stream", "weak urinary stream", "frequency", ("weak stream", "poor flow")),
    ("straining", "Item 6, straining", "pushing or straining to begin urination", "frequency", ("straining", "hesitancy")),
    ("nocturia", "Item 7, nocturia", "times up at night to urinate", "nocturia", ("nocturia", "getting up at night")),
)
ITEMS = tuple(
    answer_item(name, label, FREQUENCY if scale == "frequency" else NOCTURIA,
                f"IPSS item {i}: {what} over the last month (0–5)",
                aliases=(f"IPSS item {i}", f"AUA symptom index item {i}", f"item {i}", f"q{i}"), phrases=phrases,
                spellings=FREQUENCY_SPELLINGS if scale == "frequency" else NOCTURIA_SPELLINGS)
    for i, (name, label, what, scale, phrases) in enumerate(_ITEMS, 1)
)
QUALITY_OF_LIFE = Number("quality_of_life", "", (0.0, 6.0), "IPSS quality-of-life item due to urinary symptoms "
                         "(0 delighted … 6 terrible); reported separately, not added", required=False, integer=True,
                         aliases=("IPSS quality of life", "QoL", "bother score", "item 8", "q8"))
INPUTS = (*(inp for inp, _ in ITEMS), QUALITY_OF_LIFE)
CRITERIA = tuple(c for _, c in ITEMS)
LOW, HIGH = score_range(CRITERIA)
BANDS = ((0, "mild (0–7)"), (8, "moderate (8–19)"), (20, "severe (20–35)"))


def compute(incomplete_emptying, frequency, intermittency, urgency, weak_stream, straining, nocturia, quality_of_life=None):
    return tally(CRITERIA, {"incomplete_emptying": incomplete_emptying, "frequency": frequency, "intermittency": intermittency,
                            "urgency": urgency, "weak_stream": weak_stream, "straining": straining, "nocturia": nocturia})


def severity(total: int) -> str:
    return [text for lo, text in BANDS if total >= lo][-1]


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "IPSS")
    lines[0] = ("The IPSS symptom score adds seven items, each 0–5 for the last month (six on how often a symptom "
                "occurred, one on the number of night-time voids).")
    lines.append(f"IPSS symptom score {value}: {severity(value)} symptoms (mild 0–7, moderate 8–19, severe 20–35).")
    qol = inputs.get("quality_of_life")
    if qol is not None:
        lines.append(f"Quality of life due to urinary symptoms: {qol} of 6 (reported separately, not added to the score).")
    return lines


CALCULATOR = Calculator(
    id="ipss",
    name="International Prostate Symptom Score (IPSS)",
    category="urology",
    description="Severity of lower urinary tract symptoms (benign prostatic hyperplasia) from seven items rated 0–5 (0–35), "
                "with the quality-of-life item reported separately.",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Barry MJ, Fowler FJ Jr, O'Leary MP, et al. The American Urological Association symptom index for benign "
            "prostatic hyperplasia. The Measurement Committee of the American Urological Association. J Urol. "
            "1992;148(5):1549-1557.",
            doi="10.1016/s0022-5347(17)36966-5",
            pmid="1279218",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("benign prostatic hyperplasia", "bph", "luts", "lower urinary tract symptoms", "aua symptom index", "aua-si",
              "prostate", "questionnaire"),
    population="Men with benign prostatic hyperplasia (210 patients) and 108 controls in the AUA validation studies (Barry 1992).",
    examples=("Barry 1992 (J Urol 148:1549) scoring (seven items 0–5) and the AUA bands 0–7 / 8–19 / 20–35: hand-worked "
              "answer sets at every band edge (no scored patient example is published)",),
    increasing=tuple(inp.name for inp, _ in ITEMS),
    notes=(
        "Every symptom item is required: give its answer or its points 0–5. Bands: mild 0–7, moderate 8–19, severe 20–35.",
        "The quality-of-life item (0–6) is optional, reported in the explanation and never added to the symptom score.",
        "The questionnaire wording is not reproduced here: inputs are named for the symptom each item asks about, "
        "answers for the published response scale.",
    ),
)
