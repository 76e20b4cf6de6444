"""Dutch Lipid Clinic Network (DLCN) criteria for familial hypercholesterolaemia.

As tabulated by the European Atherosclerosis Society consensus (Nordestgaard et al., Eur Heart J
2013; from the WHO 1999 consultation report). Within each group only the highest applicable score counts:
  family history   first-degree relative with premature coronary or vascular disease (men < 55,
                   women < 60 years) or with LDL-C above the 95th percentile: 1;
                   first-degree relative with tendon xanthomata and/or arcus cornealis, or children
                   < 18 years with LDL-C above the 95th percentile: 2
  clinical history premature coronary artery disease (men < 55, women < 60): 2;
                   premature cerebral or peripheral vascular disease: 1
  physical exam    tendon xanthomata: 6; arcus cornealis before 45 years: 4
  LDL-C (mmol/L)   ≥ 8.5: 8; 6.5-8.4: 5; 5.0-6.4: 3; 4.0-4.9: 1
  DNA              functional mutation in LDLR, APOB or PCSK9: 8
Diagnosis: definite FH > 8; probable 6-8; possible 3-5; unlikely < 3.
LDL-C bands are applied in mmol/L as [4.0, 5.0), [5.0, 6.5), [6.5, 8.5), ≥ 8.5 (a value in mg/dL is
converted by the cholesterol molar mass, 1 mmol/L = 38.67 mg/dL; the table's rounded mg/dL column,
155/190/250/330, differs slightly).
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output

LDL = Number("ldl", "mmol/L", (0.1, 40.0), "untreated LDL cholesterol", analyte="cholesterol",
             aliases=("LDL cholesterol", "LDL-C", "untreated LDL-C", "low-density lipoprotein cholesterol"))
FLAGS = (
    Flag("fh_premature_cvd_or_high_ldl", "first-degree relative with premature coronary or vascular disease, or with "
         "LDL-C above the 95th percentile", aliases=("family history of premature coronary disease",)),
    Flag("fh_xanthoma_or_child_high_ldl", "first-degree relative with tendon xanthomata and/or arcus cornealis, or "
         "children under 18 with LDL-C above the 95th percentile", aliases=("relative with tendon xanthomata",)),
    Flag("premature_cad", "premature coronary artery disease (men < 55, women < 60 years)",
         aliases=("premature coronary artery disease", "premature CAD")),
    Flag("premature_cerebral_peripheral", "premature cerebral or peripheral vascular disease",
         aliases=("premature cerebrovascular disease", "premature peripheral vascular disease")),
    Flag("tendon_xanthomata", "tendon xanthomata", aliases=("tendon xanthoma", "tendinous xanthomata")),
    Flag("arcus_before_45", "arcus cornealis before 45 years", aliases=("arcus cornealis", "corneal arcus before 45")),
    Flag("fh_mutation", "functional mutation in LDLR, APOB or PCSK9", aliases=("FH mutation", "LDLR mutation", "DNA mutation")),
)


# Phrases for the family-history group. A relative named with a finding ("father with premature MI",
# "sister with tendon xanthomata") must resolve to this group, not to the patient's own finding of the
# same name in the clinical-history or examination group: the verifier resolves a phrase to the
# criterion whose declared phrase shares the most words with it.
RELATIVES = ("father", "mother", "parent", "brother", "sister", "sibling", "child", "son", "daughter", "relative")
FAMILY_FINDINGS = ("premature cad", "premature coronary artery disease", "premature mi", "premature myocardial infarction",
                   "tendon xanthomata", "arcus cornealis", "high ldl")
FAMILY_PHRASES = ("family history", *RELATIVES, *(f"{r} with {f}" for r in RELATIVES for f in FAMILY_FINDINGS))


def _highest(key: str, label: str, options: tuple[tuple[str, int, str], ...], phrases: tuple[str, ...]):
    """One group: the highest score among its findings present (the criteria count each group once)."""
    names = tuple(n for n, _, _ in options)

    def points(inputs) -> int:
        return max((p for n, p, _ in options if inputs.get(n)), default=0)

    def decide(inputs):
        present = [(p, text) for n, p, text in options if inputs.get(n)]
        if not present:
            return 0, f"{label}: none reported, +0"
        p, text = max(present)
        return p, f"{label}: {text}, +{p}"

    top = max(p for _, p, _ in options)
    return custom(key, label, decide, 0, top, points, names, phrases)


CRITERIA = (
    _highest("family_history_points", "Family history", (
        ("fh_premature_cvd_or_high_ldl", 1, "first-degree relative with premature vascular disease or high LDL-C"),
        ("fh_xanthoma_or_child_high_ldl", 2, "first-degree relative with xanthomata/arcus, or child with high LDL-C"),
    ), FAMILY_PHRASES),
    _highest("clinical_history_points", "Clinical history", (
        ("premature_cad", 2, "premature coronary artery disease"),
        ("premature_cerebral_peripheral", 1, "premature cerebral or peripheral vascular disease"),
    ), ("clinical history", "premature cad", "premature coronary", "premature coronary artery disease", "premature mi",
       "premature myocardial infarction", "premature cerebral vascular disease", "premature peripheral vascular disease")),
    _highest("physical_exam_points", "Physical examination", (
        ("tendon_xanthomata", 6, "tendon xanthomata"),
        ("arcus_before_45", 4, "arcus cornealis before 45"),
    ), ("physical examination", "xanthomata", "xanthoma", "arcus", "tendon xanthomata", "tendinous xanthomata",
       "arcus cornealis", "corneal arcus")),
    bands("ldl_points", "ldl", ((None, 4.0, 0), (4.0, 5.0, 1), (5.0, 6.5, 3), (6.5, 8.5, 5), (8.5, None, 8)),
          "LDL cholesterol", "mmol/L"),
    flag("dna_points", "fh_mutation", 8, "Functional LDLR, APOB or PCSK9 mutation", ("mutation", "dna", "genetic")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(ldl, fh_premature_cvd_or_high_ldl=False, fh_xanthoma_or_child_high_ldl=False, premature_cad=False,
            premature_cerebral_peripheral=False, tendon_xanthomata=False, arcus_before_45=False, fh_mutation=False):
    return tally(CRITERIA, {
        "ldl": ldl, "fh_premature_cvd_or_high_ldl": fh_premature_cvd_or_high_ldl,
        "fh_xanthoma_or_child_high_ldl": fh_xanthoma_or_child_high_ldl, "premature_cad": premature_cad,
        "premature_cerebral_peripheral": premature_cerebral_peripheral, "tendon_xanthomata": tendon_xanthomata,
        "arcus_before_45": arcus_before_45, "fh_mutation": fh_mutation,
    })


def diagnosis(value: int) -> str:
    if value > 8:
        return "> 8: definite familial hypercholesterolaemia"
    if value >= 6:
        return "6–8: probable familial hypercholesterolaemia"
    if value >= 3:
        return "3–5: possible familial hypercholesterolaemia"
    return "< 3: familial hypercholesterolaemia unlikely"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Dutch Lipid Clinic Network score")
    lines[0] = ("The Dutch Lipid Clinic Network score adds the highest applicable score of each group; findings not "
                "mentioned count as absent.")
    lines.append(f"DLCN score {value} ({diagnosis(value)}).")
    return lines


CALCULATOR = Calculator(
    id="dutch_lipid_clinic",
    name="Dutch Lipid Clinic Network criteria for familial hypercholesterolaemia",
    category="lipids",
    description="Likelihood of familial hypercholesterolaemia from family and personal history, examination, LDL-C and DNA.",
    inputs=(LDL, *FLAGS),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Nordestgaard BG, Chapman MJ, Humphries SE, et al. Familial hypercholesterolaemia is underdiagnosed and "
            "undertreated in the general population: guidance for clinicians to prevent coronary heart disease. "
            "Consensus Statement of the European Atherosclerosis Society. Eur Heart J. 2013;34(45):3478-3490.",
            doi="10.1093/eurheartj/eht273",
            pmid="23956253",
        ),
        Citation(
            "World Health Organization. Familial hypercholesterolaemia (FH): report of a second WHO consultation. "
            "Geneva: WHO; 1999 (WHO/HGN/FH/CONS/99.2).",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("ldl", *(f.name for f in FLAGS)),
    keywords=('familial hypercholesterolemia', 'ldl cholesterol', 'lipids', 'cardiology', 'fh', 'dlcn', 'familial hypercholesterolaemia', 'genetic'),
    population='Adults with raised LDL cholesterol assessed for familial hypercholesterolaemia (WHO 1999; EAS 2013); not for children.',
    examples=('Nordestgaard 2013 (Eur Heart J 34:3478) DLCN table: hand-worked cases at every LDL band and diagnosis edge',),
    notes=(
        "Only the highest score within each group counts (family history, clinical history, physical examination, LDL-C).",
        "LDL-C untreated, in mmol/L (mg/dL is converted); bands [4.0, 5.0) 1, [5.0, 6.5) 3, [6.5, 8.5) 5, ≥ 8.5 8.",
        "Findings not mentioned count as absent.",
    ),
)
