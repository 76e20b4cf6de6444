"""Terminology as data: which coded EHR records can supply each calculator input.

For EHR input (``clinverify.ehr``, FHIR R4): per calculator, per input, the concept that supplies
it: a measured value (LOINC codes of an Observation or of an Observation's component, e.g. systolic
8480-6 inside the 85354-9 / 55284-4 blood-pressure panels), a criterion documented as a Condition
(SNOMED CT codes, ICD-10-CM code prefixes, and the VSAC value set the list is drawn from where one
exists), a coded Observation answer (smoking status), an active medication order or statement
(RxNorm), or the Patient's birth date, sex and race.

Sources: LOINC (https://loinc.org, codes and long common names as published by Regenstrief);
RxNorm (NLM, https://www.nlm.nih.gov/research/umls/rxnorm);
SNOMED CT International (https://browser.ihtsdotools.org); ICD-10-CM (CDC/NCHS); VSAC value sets
(https://vsac.nlm.nih.gov, the CMS eCQM value sets named by OID). The SNOMED CT lists are explicit
codes, not expanded hierarchies: a record coded with a descendant not listed here is reported as
"not documented" (with these codes), never guessed. An input with no entry here cannot come from
the record: the caller supplies it, or it is reported.

Lookback windows are defaults (``clinverify.ehr`` takes per-input overrides): vital signs 1 day,
blood chemistry and counts 7 days, lipids and HbA1c 365 days, weight 365 days, height 10 years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SHORT = {LOINC: "loinc", SNOMED: "snomed", ICD10[0]: "icd10", ICD10[1]: "icd10"}


@dataclass(frozen=True, slots=True)
class Measured:
    """A quantity from an Observation (or one of its components) coded with one of ``loinc``."""

    loinc: tuple[str, ...]
    lookback: timedelta
    label: str

    def codes(self) -> list[str]:
        return [f"loinc|{c}" for c in self.loinc]


@dataclass(frozen=True, slots=True)
class Finding:
    """A criterion documented as a Condition. ``history``: any episode up to the index time counts
    (prior stroke); otherwise the condition must be active at the index time."""

    snomed: tuple[str, ...]
    icd10: tuple[str, ...]  # ICD-10-CM prefixes: "I50" matches I50, I50.9, I50.22
    label: str
    history: bool = False
    valueset: str | None = None  # VSAC OID

    def codes(self) -> list[str]:
        out = [f"snomed|{c}" for c in self.snomed] + [f"icd10|{c}*" for c in self.icd10]
        return out + ([f"vsac|{self.valueset}"] if self.valueset else [])


@dataclass(frozen=True, slots=True)
class Answered:
    """A yes/no criterion answered by a coded Observation value (SNOMED CT answers)."""

    loinc: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    lookback: timedelta
    label: str

    def codes(self) -> list[str]:
        return [f"loinc|{c}" for c in self.loinc]


@dataclass(frozen=True, slots=True)
class Medicated:
    """A yes/no criterion answered by an active MedicationRequest or MedicationStatement coded with
    one of ``rxnorm`` (RxNorm ingredient, clinical or branded drug codes: an order is coded at
    one of these levels and RxNorm's relations are not consulted here, so each level is listed)."""

    rxnorm: tuple[str, ...]
    label: str

    def codes(self) -> list[str]:
        return [f"rxnorm|{c}" for c in self.rxnorm]


@dataclass(frozen=True, slots=True)
class Demographic:
    """From the Patient resource: ``age`` (birthDate at the index time), ``sex`` (gender) or
    ``race`` (the US Core race extension's OMB category)."""

    field: str

    def codes(self) -> list[str]:
        return [{"age": "Patient.birthDate", "sex": "Patient.gender", "race": f"Patient.extension:{US_CORE_RACE}"}[self.field]]


Concept = Measured | Finding | Answered | Medicated | Demographic

_DAY, _WEEK, _YEAR = timedelta(days=1), timedelta(days=7), timedelta(days=365)

AGE = Demographic("age")
SEX = Demographic("sex")
# US Core race extension, OMB category (CDC Race & Ethnicity code system 2.16.840.1.113883.6.238):
# 2054-5 Black or African American -> "black"; the other OMB categories -> "non-black".
RACE = Demographic("race")
US_CORE_RACE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"
OMB_BLACK = "2054-5"
OMB_OTHER = ("2106-3", "2028-9", "1002-5", "2076-8")

# Inputs that choose a method or version, or give a reference value, not a finding about the
# patient: no record holds them, and the calculator's default applies (listed as "defaults").
PARAMETERS = frozenset({"method", "definition", "version", "factor", "guideline", "normal_albumin",
                        "normal_hematocrit", "atmospheric_pressure", "ast_uln"})

# -- measured values (LOINC) --------------------------------------------------------------------
CREATININE = Measured(("2160-0", "38483-4", "14682-9"), _WEEK, "creatinine, serum/plasma or blood (mass or substance concentration)")
SODIUM = Measured(("2951-2", "2947-0"), _WEEK, "sodium, serum/plasma or blood")
POTASSIUM = Measured(("2823-3", "6298-4"), _WEEK, "potassium, serum/plasma or blood")
CHLORIDE = Measured(("2075-0", "2069-3"), _WEEK, "chloride, serum/plasma or blood")
# Total CO2 (2028-9, 20565-8) is what a basic metabolic panel reports as "bicarbonate".
BICARBONATE = Measured(("1963-8", "2028-9", "20565-8"), _WEEK, "bicarbonate or total CO2, serum/plasma or blood")
BUN = Measured(("3094-0", "6299-2"), _WEEK, "urea nitrogen, serum/plasma or blood")
GLUCOSE = Measured(("2345-7", "2339-0", "14749-6"), _WEEK, "glucose, serum/plasma or blood")
CALCIUM = Measured(("17861-6", "49765-1"), _WEEK, "calcium, serum/plasma or blood")
ALBUMIN = Measured(("1751-7", "61151-7"), _WEEK, "albumin, serum/plasma")
BILIRUBIN = Measured(("1975-2", "42719-5"), _WEEK, "bilirubin total, serum/plasma or blood")
AST = Measured(("1920-8",), _WEEK, "aspartate aminotransferase, serum/plasma")
ALT = Measured(("1742-6", "1744-2"), _WEEK, "alanine aminotransferase, serum/plasma")
PLATELETS = Measured(("777-3", "26515-7"), _WEEK, "platelets, blood")
WBC = Measured(("6690-2", "26464-8"), _WEEK, "leukocytes, blood")
HEMATOCRIT = Measured(("4544-3", "20570-8"), _WEEK, "hematocrit, blood")
HEMOGLOBIN = Measured(("718-7",), _WEEK, "hemoglobin, blood")
INR = Measured(("6301-6", "34714-6"), _WEEK, "INR, plasma or blood")
INSULIN = Measured(("20448-7",), _WEEK, "insulin, serum/plasma")
CYSTATIN_C = Measured(("33863-2",), _WEEK, "cystatin C, serum/plasma")
URINE_SODIUM = Measured(("2955-3",), _DAY, "sodium, urine")
URINE_CREATININE = Measured(("2161-8",), _DAY, "creatinine, urine")
LDH = Measured(("2532-0", "14804-9"), _WEEK, "lactate dehydrogenase, serum/plasma")
TOTAL_CHOLESTEROL = Measured(("2093-3",), _YEAR, "cholesterol, serum/plasma")
HDL = Measured(("2085-9",), _YEAR, "HDL cholesterol, serum/plasma")
TRIGLYCERIDES = Measured(("2571-8",), _YEAR, "triglycerides, serum/plasma")
PAO2 = Measured(("2703-7",), _DAY, "oxygen partial pressure, arterial blood")
PACO2 = Measured(("2019-8",), _DAY, "carbon dioxide partial pressure, arterial blood")
PH = Measured(("2744-1",), _DAY, "pH, arterial blood")
FIO2 = Measured(("3150-0",), _DAY, "inhaled oxygen concentration")
WEIGHT = Measured(("29463-7", "3141-9"), _YEAR, "body weight")
BMI = Measured(("39156-5",), _YEAR, "body mass index (ratio)")
URINE_UREA_NITROGEN = Measured(("3095-7",), _DAY, "urea nitrogen, urine")
HEIGHT = Measured(("8302-2", "8306-3"), 10 * _YEAR, "body height")
SYSTOLIC = Measured(("8480-6",), _DAY, "systolic blood pressure (alone or in the 85354-9 / 55284-4 panels)")
DIASTOLIC = Measured(("8462-4",), _DAY, "diastolic blood pressure (alone or in the 85354-9 / 55284-4 panels)")
HEART_RATE = Measured(("8867-4",), _DAY, "heart rate")
RESPIRATORY_RATE = Measured(("9279-1",), _DAY, "respiratory rate")
TEMPERATURE = Measured(("8310-5", "8331-1"), _DAY, "body temperature")
SPO2 = Measured(("59408-5", "2708-6"), _DAY, "oxygen saturation, arterial blood (pulse oximetry)")
QT = Measured(("8634-8",), _DAY, "QT interval (ECG)")
GCS = Measured(("9269-2",), _DAY, "Glasgow coma score total")

# -- criteria (Conditions) ------------------------------------------------------------------------
HEART_FAILURE = Finding(("84114007", "42343007", "88805009", "703272007"), ("I50",), "heart failure",
                        valueset="2.16.840.1.113883.3.526.3.376")
HYPERTENSION = Finding(("38341003", "59621000"), ("I10", "I11", "I12", "I13", "I15"), "hypertension",
                       valueset="2.16.840.1.113883.3.464.1003.104.12.1011")
DIABETES = Finding(("73211009", "44054006", "46635009"), ("E10", "E11", "E13"), "diabetes mellitus",
                   valueset="2.16.840.1.113883.3.464.1003.103.12.1001")
STROKE = Finding(("230690007", "422504002", "432504007", "274100004"), ("I61", "I63", "Z86.73"), "stroke (any time)",
                 history=True)
TIA = Finding(("266257000",), ("G45",), "transient ischaemic attack (any time)", history=True)
ARTERIAL_EMBOLISM = Finding((), ("I74",), "arterial embolism and thrombosis (any time)", history=True)
PE = Finding(("59282003",), ("I26",), "pulmonary embolism (any time)", history=True)
DVT = Finding(("128053003",), ("I82.4",), "deep vein thrombosis (any time)", history=True)
# CHA2DS2-VASc "vascular disease": prior myocardial infarction, peripheral artery disease, aortic plaque.
VASCULAR_DISEASE = Finding(("22298006", "1755008", "399211009", "399957001"), ("I21", "I22", "I25.2", "I70", "I73.9"),
                           "prior myocardial infarction or peripheral artery disease", history=True)
MYOCARDIAL_INFARCTION = Finding(("22298006", "1755008", "399211009"), ("I21", "I22", "I25.2"),
                                "myocardial infarction (any time)", history=True, valueset="2.16.840.1.113883.3.526.3.403")
CORONARY_DISEASE = Finding(("53741008", "414545008", "22298006", "1755008", "399211009"), ("I20", "I21", "I22", "I24", "I25"),
                           "coronary heart disease", history=True)
PAD = Finding(("399957001",), ("I70.2", "I73.9"), "peripheral arterial disease", history=True)
CKD_MODERATE_SEVERE = Finding(("433144002", "431857002", "433146000", "46177005"), ("N18.3", "N18.4", "N18.5", "N18.6"),
                              "chronic kidney disease stage 3-5 or end-stage")
# HAS-BLED "abnormal renal function": dialysis, kidney transplant or serum creatinine >= 200 umol/L.
RENAL_HAS_BLED = Finding(("46177005", "433146000"), ("N18.6", "Z99.2", "Z94.0"),
                         "end-stage renal disease, dialysis or kidney transplant")
CIRRHOSIS = Finding(("19943007",), ("K70.3", "K74"), "cirrhosis of the liver")
COPD = Finding(("13645005", "185086009", "87433001"), ("J44", "J43"), "COPD or emphysema")
DEMENTIA = Finding(("52448006", "26929004"), ("F01", "F02", "F03", "G30"), "dementia")
PEPTIC_ULCER = Finding(("13200003",), ("K25", "K26", "K27", "K28"), "peptic ulcer disease", history=True)
AIDS = Finding(("62479008",), ("B20",), "AIDS")
HEMIPLEGIA = Finding(("50582007",), ("G81",), "hemiplegia")
LEUKEMIA = Finding(("93143009",), ("C91", "C92", "C93", "C94", "C95"), "leukaemia")
LYMPHOMA = Finding(("118600007",), ("C81", "C82", "C83", "C84", "C85"), "lymphoma")
CONNECTIVE_TISSUE = Finding(("55464009", "69896004"), ("M32", "M05", "M06"), "connective tissue disease (SLE, rheumatoid arthritis)")

# NAFLD fibrosis score "impaired fasting glucose or diabetes": diabetes, or prediabetes (15777000,
# which also covers impaired glucose tolerance: a superset, said here).
DIABETES_OR_IFG = Finding(DIABETES.snomed + ("15777000",), DIABETES.icd10 + ("R73.01", "R73.03"),
                          "diabetes mellitus, impaired fasting glucose or prediabetes")
HYPERCHOLESTEROLEMIA = Finding(("13644009", "55822004"), ("E78.0", "E78.2", "E78.4", "E78.5"), "hypercholesterolaemia or hyperlipidaemia")
OBESITY = Finding(("414916001", "162864005"), ("E66",), "obesity (or the finding BMI 30+)")
# HEART score "atherosclerotic disease": prior MI, PCI/CABG, stroke/TIA or peripheral arterial disease.
ATHEROSCLEROTIC = Finding(CORONARY_DISEASE.snomed + PAD.snomed + STROKE.snomed + TIA.snomed,
                          CORONARY_DISEASE.icd10 + PAD.icd10 + STROKE.icd10 + TIA.icd10,
                          "known atherosclerotic disease (coronary, cerebrovascular or peripheral)", history=True)

# -- coded answers (Observation value) --------------------------------------------------------
# Tobacco smoking status (LOINC 72166-2) answers: current every day / some day / heavy / light /
# smoker, current status unknown -> yes; never smoked, ex-smoker -> no.
SMOKER = Answered(("72166-2",), ("449868002", "428041000124106", "428071000124103", "428061000124105", "77176002"),
                  ("266919005", "8517006"), _YEAR, "current tobacco smoker")

# -- medications (RxNorm) ---------------------------------------------------------------------
# Ingredients (IN), then the clinical/branded drugs (SCD/SBD) the Synthea records in tests/data/fhir
# order: hydrochlorothiazide 5487 / 316049 (25 MG), lisinopril 29046 / 314076 (10 MG oral tablet),
# amlodipine 17767 / 197361 (5 MG oral tablet), verapamil 11170 / 897718 (40 MG), metoprolol 6918 /
# 866414 (succinate 100 MG ER [Toprol]), captopril 1998 / 833036 (25 MG oral tablet), losartan 52175.
ANTIHYPERTENSIVE = Medicated(("5487", "29046", "17767", "11170", "6918", "1998", "52175",
                              "316049", "314076", "197361", "897718", "866414", "833036"),
                             "antihypertensive treatment (thiazide, ACE inhibitor, ARB, calcium-channel or beta blocker)")
# HAS-BLED "drugs": antiplatelet agents or NSAIDs. clopidogrel 32968 / 309362 (75 MG oral tablet),
# aspirin 1191 / 243670 (81 MG oral tablet), ibuprofen 5640 / 310965 (200 MG oral tablet), naproxen 7258.
ANTIPLATELET_OR_NSAID = Medicated(("32968", "1191", "5640", "7258", "309362", "243670", "310965"),
                                  "antiplatelet agent or NSAID")
INSULIN_TREATMENT = Medicated(("5856", "253182", "274783", "106892"), "insulin (human, regular, glargine, isophane/regular 70/30)")

_BMP = {"sodium": SODIUM, "chloride": CHLORIDE, "bicarbonate": BICARBONATE}
_SIZE = {"weight": WEIGHT, "height": HEIGHT}
_QT = {"heart_rate": HEART_RATE, "qt_interval": QT}

# calculator id -> input name -> concept. Inputs not listed cannot come from the record.
TERMINOLOGY: dict[str, dict[str, Concept]] = {
    "cockcroft_gault": {"sex": SEX, "age": AGE, **_SIZE, "creatinine": CREATININE},
    "ckd_epi_2021": {"creatinine": CREATININE, "sex": SEX, "age": AGE, "race": RACE},
    "ckd_epi_2021_cr_cys": {"sex": SEX, "age": AGE, "creatinine": CREATININE, "cystatin_c": CYSTATIN_C},
    "mdrd_gfr": {"creatinine": CREATININE, "age": AGE, "sex": SEX, "race": RACE},
    "bedside_schwartz": {"height": HEIGHT, "creatinine": CREATININE},
    "cha2ds2_vasc": {"age": AGE, "sex": SEX, "chf": HEART_FAILURE, "hypertension": HYPERTENSION, "stroke": STROKE,
                     "tia": TIA, "thromboembolism": ARTERIAL_EMBOLISM, "vascular_disease": VASCULAR_DISEASE,
                     "diabetes": DIABETES},
    "mean_arterial_pressure": {"systolic_bp": SYSTOLIC, "diastolic_bp": DIASTOLIC},
    "bmi": dict(_SIZE),
    "body_surface_area": dict(_SIZE),
    "ideal_body_weight": {"sex": SEX, "height": HEIGHT},
    "adjusted_body_weight": {"sex": SEX, **_SIZE},
    "maintenance_fluids": {"weight": WEIGHT},
    "calcium_correction": {"calcium": CALCIUM, "albumin": ALBUMIN},
    "anion_gap": dict(_BMP),
    "delta_gap": dict(_BMP),
    "delta_ratio": dict(_BMP),
    "albumin_corrected_anion_gap": {**_BMP, "albumin": ALBUMIN},
    "albumin_corrected_delta_gap": {**_BMP, "albumin": ALBUMIN},
    "albumin_corrected_delta_ratio": {**_BMP, "albumin": ALBUMIN},
    "serum_osmolality": {"sodium": SODIUM, "glucose": GLUCOSE, "bun": BUN},
    "sodium_correction_hyperglycemia": {"sodium": SODIUM, "glucose": GLUCOSE},
    "free_water_deficit": {"sex": SEX, "age": AGE, "weight": WEIGHT, "sodium": SODIUM},
    "fena": {"sodium": SODIUM, "creatinine": CREATININE, "urine_sodium": URINE_SODIUM, "urine_creatinine": URINE_CREATININE},
    "homa_ir": {"glucose": GLUCOSE, "insulin": INSULIN},
    "ldl_friedewald": {"total_cholesterol": TOTAL_CHOLESTEROL, "hdl": HDL, "triglycerides": TRIGLYCERIDES},
    "framingham_hard_chd": {"age": AGE, "sex": SEX, "total_cholesterol": TOTAL_CHOLESTEROL, "hdl_cholesterol": HDL,
                            "systolic_bp": SYSTOLIC, "smoker": SMOKER, "bp_treated": ANTIHYPERTENSIVE},
    "fib4": {"age": AGE, "ast": AST, "alt": ALT, "platelets": PLATELETS},
    "meld_na": {"creatinine": CREATININE, "bilirubin": BILIRUBIN, "inr": INR, "sodium": SODIUM},
    "meld_3": {"sex": SEX, "bilirubin": BILIRUBIN, "sodium": SODIUM, "inr": INR, "creatinine": CREATININE, "albumin": ALBUMIN},
    "child_pugh": {"bilirubin": BILIRUBIN, "albumin": ALBUMIN, "inr": INR},
    "winters_formula": {"bicarbonate": BICARBONATE, "paco2": PACO2},
    "qtc_bazett": dict(_QT),
    "qtc_fridericia": dict(_QT),
    "qtc_framingham": dict(_QT),
    "qtc_hodges": dict(_QT),
    "qtc_rautaharju": dict(_QT),
    "has_bled": {"age": AGE, "renal_disease": RENAL_HAS_BLED, "liver_disease": CIRRHOSIS, "stroke": STROKE,
                 "bleeding_medication": ANTIPLATELET_OR_NSAID},
    "curb_65": {"age": AGE, "bun": BUN, "respiratory_rate": RESPIRATORY_RATE, "systolic_bp": SYSTOLIC, "diastolic_bp": DIASTOLIC},
    "qsofa": {"respiratory_rate": RESPIRATORY_RATE, "systolic_bp": SYSTOLIC, "gcs": GCS},
    "sirs_criteria": {"temperature": TEMPERATURE, "heart_rate": HEART_RATE, "respiratory_rate": RESPIRATORY_RATE,
                      "paco2": PACO2, "wbc": WBC},
    "perc_rule": {"age": AGE, "heart_rate": HEART_RATE, "oxygen_saturation": SPO2, "previous_pe": PE, "previous_dvt": DVT},
    "centor_mcisaac": {"age": AGE, "temperature": TEMPERATURE},
    "charlson_comorbidity_index": {"age": AGE, "myocardial_infarction": MYOCARDIAL_INFARCTION,
                                   "congestive_heart_failure": HEART_FAILURE, "peripheral_vascular_disease": PAD,
                                   "cerebrovascular_accident": STROKE, "transient_ischemic_attack": TIA,
                                   "dementia": DEMENTIA, "copd": COPD, "connective_tissue_disease": CONNECTIVE_TISSUE,
                                   "peptic_ulcer_disease": PEPTIC_ULCER, "hemiplegia": HEMIPLEGIA,
                                   "moderate_to_severe_ckd": CKD_MODERATE_SEVERE, "leukemia": LEUKEMIA, "lymphoma": LYMPHOMA, "aids": AIDS},
    "revised_cardiac_risk_index": {"ischemic_heart_disease": CORONARY_DISEASE, "chf": HEART_FAILURE,
                                   "cerebrovascular_disease": STROKE, "creatinine": CREATININE, "insulin": INSULIN_TREATMENT},
    "cha2ds2_va": {"age": AGE, "chf": HEART_FAILURE, "hypertension": HYPERTENSION, "stroke": STROKE, "tia": TIA,
                   "thromboembolism": ARTERIAL_EMBOLISM, "vascular_disease": VASCULAR_DISEASE, "diabetes": DIABETES},
    "apri": {"ast": AST, "platelets": PLATELETS},
    "nafld_fibrosis_score": {"age": AGE, "bmi": BMI, "diabetes_ifg": DIABETES_OR_IFG, "ast": AST, "alt": ALT,
                             "platelets": PLATELETS, "albumin": ALBUMIN},
    "meld": {"creatinine": CREATININE, "bilirubin": BILIRUBIN, "inr": INR},
    "ukeld": {"inr": INR, "creatinine": CREATININE, "bilirubin": BILIRUBIN, "sodium": SODIUM},
    "feurea": {"bun": BUN, "creatinine": CREATININE, "urine_urea": URINE_UREA_NITROGEN, "urine_creatinine": URINE_CREATININE},
    "heart_score": {"age": AGE, "hypercholesterolemia": HYPERCHOLESTEROLEMIA, "hypertension": HYPERTENSION,
                    "diabetes": DIABETES, "smoking": SMOKER, "obesity": OBESITY, "atherosclerotic_disease": ATHEROSCLEROTIC,
                    "tia": TIA},
    "stop_bang": {"hypertension": HYPERTENSION, "bmi": BMI, "age": AGE, "sex": SEX},
    "grace_in_hospital": {"age": AGE, "heart_rate": HEART_RATE, "systolic_bp": SYSTOLIC, "creatinine": CREATININE},
    "grace_6_month": {"age": AGE, "heart_rate": HEART_RATE, "systolic_bp": SYSTOLIC, "creatinine": CREATININE,
                      "chf_history": HEART_FAILURE, "mi_history": MYOCARDIAL_INFARCTION},
    "glasgow_blatchford": {"bun": BUN, "hemoglobin": HEMOGLOBIN, "sex": SEX, "systolic_bp": SYSTOLIC,
                           "heart_rate": HEART_RATE, "cardiac_failure": HEART_FAILURE, "hepatic_disease": CIRRHOSIS},
}


def concepts(calculator_id: str) -> dict[str, Concept]:
    """The concepts that can supply ``calculator_id``'s inputs ({} when none are declared)."""
    return TERMINOLOGY.get(calculator_id, {})
