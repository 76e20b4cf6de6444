import subprocess
import sys


def test_services_import_nothing_heavy():
    code = (
        "import sys\n"
        "import clinverify.services, clinverify.services.reasoning\n"
        "from clinverify.services.reasoning import load_backend, ScriptedBackend\n"
        "from clinverify.services.reasoning.servicer import make_reasoning_servicer\n"
        "from clinverify.services.reasoning import best_of_n, prompting, models\n"
        "import clinverify.services.healthcheck\n"
        "heavy = [m for m in ('torch', 'transformers', 'ray', 'vllm', 'llama_cpp', 'gguf') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""
