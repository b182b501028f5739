"""Shared fixtures: the project's folders and the optional ../shared corpora."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from normalize import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"

# The evaluation and benchmark scripts are tested too: `import eval_discovery` finds them.
sys.path.insert(0, str(ROOT / "scripts"))


def shared_corpus(name: str) -> Path:
    """A folder of ../shared/corpora, or skip the test with the reason."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"needs ../shared/corpora/{name} (real third-party data, not shipped with the repo)")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


# Property and fuzz tests run the same examples on every run (no database, a fixed
# derandomised seed): CI is reproducible, and each test states its max_examples.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "normalize", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("normalize")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (see tests/chromium.py); skips only when Chromium cannot be found."""
    from chromium import find_chromium, headless_chromium

    chromium, driver = find_chromium()
    if chromium is None or driver is None:
        pytest.skip("needs Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver; .ci/run does)")
    with headless_chromium() as session:
        yield session
