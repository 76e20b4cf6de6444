"""clinverify.calculators.scores.

Source folder ``calculators/scores/`` is installed as ``clinverify.calculators.scores`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

