import pytest

from clinverify.calculators.medcalc_bench import data_dir


def pytest_collection_modifyitems(config, items):
    try:
        import torch  # noqa: F401

        has_gpu = torch.cuda.is_available()
    except Exception:
        has_gpu = False
    if not has_gpu:
        skip = pytest.mark.skip(reason="needs a CUDA GPU")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def medcalc_rows():
    if data_dir() is None:
        pytest.skip("MedCalc-Bench data not found (set CLINVERIFY_MEDCALC_DIR to the folder with test_data_v1.0.csv)")
    from clinverify.calculators.medcalc_bench import load_rows

    return load_rows()
