"""clinverify.services.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

