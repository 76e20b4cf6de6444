"""Burch-Wartofsky point scale (BWPS) for thyroid storm (0-140).

Burch & Wartofsky (Endocrinol Metab Clin North Am 1993, Table 2):
  temperature (°F)        99-99.9 -> 5, 100-100.9 -> 10, 101-101.9 -> 15, 102-102.9 -> 20,
                          103-103.9 -> 25, ≥ 104 -> 30
  central nervous system  absent 0; mild (agitation) 10; moderate (delirium, psychosis, extreme
                          lethargy) 20; severe (seizure, coma) 30
  gastrointestinal-hepatic  absent 0; moderate (diarrhoea, nausea/vomiting, abdominal pain) 10;
                          severe (unexplained jaundice) 20
  heart rate (/min)       90-109 -> 5, 110-119 -> 10, 120-129 -> 15, 130-139 -> 20, ≥ 140 -> 25
  heart failure           absent 0; mild (pedal oedema) 5; moderate (bibasilar rales) 10;
                          severe (pulmonary oedema) 15
  atrial fibrillation     10;  precipitating event  10
≥ 45 highly suggestive of thyroid storm; 25-44 suggests impending storm; < 25 unlikely.
The table gives °F with rounded °C equivalents in parentheses (37.2-37.7, 37.8-38.2, 38.3-38.8,
38.9-39.2, 39.3-39.9, ≥ 40.0), which do not meet the °F bands exactly; the °F bands are applied, to
a temperature converted to °F and read at 0.1 °F.
"""

from dataclasses import replace

from clinverify.calculators.criteria import explain_criteria, flag, option, score_range, tally
from clinverify.calculators.inputs import Choice, Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._tiers import tiers

TEMPERATURE = Number("temperature", "degF", (59.0, 115.0), "body temperature (°F or °C)", required=False,
                     aliases=("Temperature", "body temperature", "temp"))
HEART_RATE = Number("heart_rate", "1/min", (10.0, 350.0), "heart rate or pulse", required=False,
                    aliases=("Heart Rate or Pulse", "pulse", "hr"))
CNS = Choice(
    "cns",
    {
        "absent": ("none", "no", "normal", "false"),
        "mild": ("agitation", "mild agitation"),
        "moderate": ("delirium", "psychosis", "extreme lethargy", "lethargy"),
        "severe": ("seizure", "seizures", "coma"),
    },
    "central nervous system effects: absent, mild (agitation), moderate (delirium, psychosis, extreme lethargy), "
    "severe (seizure, coma); not mentioned = absent",
    aliases=("central nervous system effects", "CNS effects", "mental status"),
    required=False,
)
GI = Choice(
    "gi_hepatic",
    {
        "absent": ("none", "no", "false"),
        "moderate": ("diarrhea", "diarrhoea", "nausea", "vomiting", "nausea/vomiting", "abdominal pain"),
        "severe": ("jaundice", "unexplained jaundice"),
    },
    "gastrointestinal-hepatic dysfunction: absent, moderate (diarrhoea, nausea/vomiting, abdominal pain), "
    "severe (unexplained jaundice); not mentioned = absent",
    aliases=("gastrointestinal-hepatic dysfunction", "GI-hepatic dysfunction", "gastrointestinal symptoms"),
    required=False,
)
HEART_FAILURE = Choice(
    "heart_failure",
    {
        "absent": ("none", "no", "false"),
        "mild": ("pedal edema", "pedal oedema", "ankle edema"),
        "moderate": ("bibasilar rales", "rales", "crackles", "bibasilar crackles"),
        "severe": ("pulmonary edema", "pulmonary oedema"),
    },
    "congestive heart failure: absent, mild (pedal oedema), moderate (bibasilar rales), severe (pulmonary oedema); "
    "not mentioned = absent",
    aliases=("congestive heart failure", "CHF", "heart failure"),
    required=False,
)
AF = Flag("atrial_fibrillation", "atrial fibrillation", aliases=("AF", "afib", "atrial fibrillation present"))
PRECIPITANT = Flag("precipitating_event", "precipitating event (infection, surgery, trauma, iodine load, ...)",
                   aliases=("precipitant", "precipitating factor", "precipitating event present"))

CRITERIA = (
    tiers("temperature_points", "temperature",
          ((">=", 104, 30), (">=", 103, 25), (">=", 102, 20), (">=", 101, 15), (">=", 100, 10), (">=", 99, 5)),
          "Temperature", "°F", otherwise_text="< 99 °F", digits=1,
          phrases=("fever", "thermoregulatory dysfunction", "temperature")),
    replace(option("cns_points", "cns", {"absent": 0, "mild": 10, "moderate": 20, "severe": 30}, "Central nervous system effects"),
            phrases=("cns", "mental status", "agitation", "delirium", "psychosis", "lethargy", "seizure", "coma")),
    replace(option("gi_hepatic_points", "gi_hepatic", {"absent": 0, "moderate": 10, "severe": 20}, "Gastrointestinal-hepatic dysfunction"),
            phrases=("gastrointestinal", "gi", "diarrhea", "diarrhoea", "nausea", "vomiting", "abdominal pain", "jaundice")),
    tiers("heart_rate_points", "heart_rate",
          ((">=", 140, 25), (">=", 130, 20), (">=", 120, 15), (">=", 110, 10), (">=", 90, 5)),
          "Heart rate", "/min", otherwise_text="< 90 /min", phrases=("tachycardia", "heart rate", "pulse")),
    replace(option("heart_failure_points", "heart_failure", {"absent": 0, "mild": 5, "moderate": 10, "severe": 15},
                   "Congestive heart failure"),
            phrases=("heart failure", "chf", "pedal edema", "pedal oedema", "rales", "crackles", "pulmonary edema",
                     "pulmonary oedema")),
    flag("atrial_fibrillation_points", "atrial_fibrillation", 10, "Atrial fibrillation", ("atrial fibrillation", "af")),
    flag("precipitant_points", "precipitating_event", 10, "Precipitating event", ("precipitating event", "precipitant")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(temperature=None, heart_rate=None, cns=None, gi_hepatic=None, heart_failure=None,
            atrial_fibrillation=False, precipitating_event=False):
    return tally(CRITERIA, {
        "temperature": temperature, "heart_rate": heart_rate, "cns": cns, "gi_hepatic": gi_hepatic,
        "heart_failure": heart_failure, "atrial_fibrillation": atrial_fibrillation,
        "precipitating_event": precipitating_event,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Burch-Wartofsky point scale")
    verdict = ("≥ 45: highly suggestive of thyroid storm" if value >= 45
               else "25–44: suggests impending thyroid storm" if value >= 25 else "< 25: thyroid storm unlikely")
    lines.append(f"Burch-Wartofsky score {value} ({verdict}).")
    return lines


CALCULATOR = Calculator(
    id="burch_wartofsky",
    name="Burch-Wartofsky point scale for thyroid storm",
    category="endocrinology",
    description="Likelihood of thyroid storm in thyrotoxicosis from temperature, CNS, GI-hepatic and cardiovascular "
                "dysfunction and a precipitant (0–140).",
    inputs=(TEMPERATURE, HEART_RATE, CNS, GI, HEART_FAILURE, AF, PRECIPITANT),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Burch HB, Wartofsky L. Life-threatening thyrotoxicosis. Thyroid storm. Endocrinol Metab Clin North Am. "
            "1993;22(2):263-277.",
            pmid="8325286",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("temperature", "heart_rate", "cns", "gi_hepatic", "heart_failure", "atrial_fibrillation",
                "precipitating_event"),
    keywords=('thyroid storm', 'thyrotoxicosis', 'hyperthyroidism'),
    population='Proposed from clinical experience and the literature on thyroid storm (Burch & Wartofsky 1993); not derived in a cohort.',
    examples=('Burch & Wartofsky 1993 (Endocrinol Metab Clin North Am 22:263) point table: hand-worked cases at every band edge',),
    notes=(
        "Temperature bands are the table's °F bands (a °C value is converted and read at 0.1 °F): 37.2 °C = 99.0 °F "
        "scores 5, 38.3 °C = 100.9 °F scores 10 although the table's rounded °C column lists 38.3 under 15.",
        "Findings not mentioned count as absent; a missing temperature or heart rate scores 0.",
    ),
)
