"""One headless Chromium for the tests that look at the HTML reports in a real browser.

Debian's ``chromium`` and ``chromium-driver`` packages (``.ci/run`` installs them
when missing) are driven with Selenium.  A test that needs the browser takes the
``browser`` fixture of ``conftest.py``; it skips, saying why, only when Chromium or
its driver cannot be found.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

BINARIES = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver",)


def find_chromium() -> tuple[str | None, str | None]:
    """The paths of the browser and of its driver (None for one that is missing)."""
    browser = next((path for name in BINARIES if (path := shutil.which(name))), None)
    driver = next((path for name in DRIVERS if (path := shutil.which(name))), None)
    if driver is None and Path("/usr/lib/chromium/chromedriver").exists():
        driver = "/usr/lib/chromium/chromedriver"
    return browser, driver


@contextmanager
def headless_chromium() -> Iterator["webdriver.Chrome"]:
    """A headless Chromium session (Selenium's WebDriver), closed at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = find_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield session
    finally:
        session.quit()
