import json

import pytest

NOTE = "A 72-year-old woman presents with fatigue. Weight 59 kg, height 160 cm. Serum creatinine 1.3 mg/dL."
QUESTION = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?"

# The three kinds of candidate a best-of-n ranker must order: right, wrong arithmetic, no claims.
GOOD = json.dumps(
    {
        "step_by_step_thinking": "The patient is a 72 years old woman. Her weight is 59 kg. Her serum creatinine is 1.3 mg/dL. "
        "CrCl = ((140 - 72) * 59 * 0.85) / (72 * 1.3) = 36.43 mL/min.",
        "answer": "36.43",
    }
)
BAD_ARITH = json.dumps(
    {
        "step_by_step_thinking": "The patient is a 72 years old woman. Her weight is 59 kg. Her serum creatinine is 1.3 mg/dL. "
        "CrCl = ((140 - 72) * 59 * 0.85) / (72 * 1.3) = 41.9 mL/min.",
        "answer": "41.9",
    }
)
NO_CLAIMS = '{"step_by_step_thinking": "We should compute the clearance.", "answer": "40"}'


@pytest.fixture
def texts():
    return [NO_CLAIMS, BAD_ARITH, GOOD]
