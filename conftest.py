"""Every test and doctest keeps its cache entries in a temporary folder, never in the real ~/.cache."""

from __future__ import annotations

import os
import shutil
import tempfile

CACHE_DIR_VARIABLE = "NORMALIZE_CACHE_DIR"  # normalize.cache's; set before any test module is imported
_BEFORE = os.environ.get(CACHE_DIR_VARIABLE)
_FOLDER = tempfile.mkdtemp(prefix="normalize-test-cache-")


def pytest_configure(config):
    """Point ``NORMALIZE_CACHE_DIR`` at this session's folder before collection (the processes tests start inherit it)."""
    os.environ[CACHE_DIR_VARIABLE] = _FOLDER


def pytest_unconfigure(config):
    shutil.rmtree(_FOLDER, ignore_errors=True)
    if _BEFORE is None:
        os.environ.pop(CACHE_DIR_VARIABLE, None)
    else:
        os.environ[CACHE_DIR_VARIABLE] = _BEFORE
