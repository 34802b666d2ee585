"""Headless Chromium for the report tests (Debian's chromium and chromium-driver, Selenium).

No browser is downloaded: the tests use /usr/bin/chromium and /usr/bin/chromedriver
(or the ones on PATH). Where they are missing the tests skip and say why; with
CI=true they fail instead. Run as a script, it writes a screenshot of a report:

    python -m tests.export.browser study.html docs/report.png [ELEMENT_ID]
"""

from __future__ import annotations

import base64
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--lang=en-GB",
)
WIDTH = 1280


def _find(name: str) -> str | None:
    return shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)


def missing() -> list[str]:
    """What this machine lacks to run the browser tests (empty: nothing)."""
    problems = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("the Python package selenium (pip install -e '.[test]')")
    if _find("chromium") is None:
        problems.append("Debian's chromium (apt-get install chromium)")
    if _find("chromedriver") is None:
        problems.append("Debian's chromium-driver (apt-get install chromium-driver)")
    return problems


def start(profile: Path, *, height: int = 900) -> Any:
    """Headless Chromium at 1280 px, with an empty profile and the network quiet."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(_find("chromium"))
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={WIDTH},{height}")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(_find("chromedriver"))), options=options)
    driver.set_page_load_timeout(60)
    return driver


def full_page(driver: Any, path: Path, *, scale: float = 1.0) -> Path:
    """A screenshot of the whole page (beyond the window), as PNG."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": scale},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def page_rect(driver: Any, selector: str) -> dict[str, float]:
    """The page coordinates (CSS pixels) of the first element matching ``selector``."""
    rect: dict[str, float] = driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};",
        selector,
    )
    return rect


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]).resolve(), Path(argv[1])
    with tempfile.TemporaryDirectory() as profile:
        driver = start(Path(profile), height=int(os.environ.get("HEIGHT", "1000")))
        try:
            driver.get(source.as_uri())
            if len(argv) > 2:
                driver.execute_script(
                    "document.getElementById(arguments[0]).scrollIntoView()", argv[2]
                )
            driver.save_screenshot(str(target))
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
