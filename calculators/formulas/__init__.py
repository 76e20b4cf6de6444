"""clinverify.calculators.formulas.

Source folder ``calculators/formulas/`` is installed as ``clinverify.calculators.formulas`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

