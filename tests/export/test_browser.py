"""The HTML report in a real browser: headless Chromium, network closed.

No console errors, no request leaves the page, the table of contents lands,
search finds a quote, and screenshots (1280 px, and the print layout) show the
heatmap and a Chinese city name. Skips where Chromium is missing, unless CI=true.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.export import browser

REPORT = Path(__file__).resolve().parents[1] / "data" / "report"


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    lacking = browser.missing()
    if lacking:
        reason = "the browser tests need " + "; ".join(lacking)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason} (.ci/run installs them)")
        pytest.skip(reason)
    chrome = browser.start(tmp_path_factory.mktemp("profile"))
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture(scope="module")
def page(driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The hostile trilingual study's report, open in the browser; logs read so far."""
    from interviewkit.cli import main

    path = tmp_path_factory.mktemp("report") / "study.html"
    code = main(["report", str(REPORT / "transcripts"), "-c", str(REPORT / "codebook.yaml"),
                 "--by", "city", "--by", "country", "--quotes", "1", "-o", str(path),
                 "--permutations", "200"])
    assert code == 0
    driver.get_log("performance")  # what the browser did before the page: not ours
    driver.get(path.as_uri())
    driver.page_url = path.as_uri()
    return driver


def _requests(driver: Any) -> list[tuple[str, str]]:
    """(document, url) of every request the browser sent since the last look."""
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            found.append((params.get("documentURL", ""), params["request"]["url"]))
    return found


def test_no_console_error_no_request_no_script_from_data(page: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    logs = page.get_log("browser")
    assert [e for e in logs if e["level"] in ("SEVERE", "WARNING")] == []
    requests = _requests(page)
    assert (page.page_url, page.page_url) in requests  # the log works
    own = [u for d, u in requests if d == page.page_url and u != page.page_url]
    assert [u for u in own if not u.startswith("data:")] == []  # figures' images are inline
    assert [u for _, u in requests if u.split(":")[0] in ("http", "https", "ws", "wss", "ftp")] == []
    with pytest.raises(NoAlertPresentException):
        page.switch_to.alert  # noqa: B018 - a transcript's alert() never ran
    assert page.execute_script("return document.scripts.length") == 1
    assert page.execute_script("return document.querySelectorAll('img, iframe').length") == 0


def test_contents_links_land_on_their_targets(page: Any) -> None:
    links = page.execute_script(
        "return [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 8
    for href in links:
        page.execute_script("document.querySelector(`nav.toc a[href='${arguments[0]}']`).click()", href)
        top, at_end = page.execute_script(
            "const t = document.getElementById(arguments[0].slice(1));"
            "return [t.getBoundingClientRect().top,"
            " innerHeight + scrollY >= document.documentElement.scrollHeight - 2];",
            href,
        )
        assert at_end or 0 <= top <= 90, (href, top)
        assert page.execute_script("return location.hash") == href


def test_search_finds_a_quote_behind_show_more(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    box = page.find_element(By.ID, "search")
    status = page.find_element(By.ID, "search-status")
    hidden = page.find_element(By.XPATH, "//li[contains(@class,'quote')][contains(., 'Manchester')]")
    assert not hidden.is_displayed()  # the second Leeds quote of Economy, behind "Show 1 more"
    box.send_keys("manchester", Keys.ENTER)
    WebDriverWait(page, 5).until(lambda _: status.text == "2 quotes found")
    assert hidden.is_displayed()
    shown = [q for q in page.find_elements(By.CSS_SELECTOR, "li.quote") if q.is_displayed()]
    assert len(shown) == 2 and all("Manchester" in q.text for q in shown)
    box.send_keys(Keys.ESCAPE)
    box.send_keys("不确定")
    WebDriverWait(page, 5).until(lambda _: status.text == "1 quote found")
    assert "政治上的事情" in next(q for q in page.find_elements(By.CSS_SELECTOR, "li.quote")
                                if q.is_displayed()).text
    box.send_keys(Keys.ESCAPE)
    WebDriverWait(page, 5).until(lambda _: status.text == "")


def _crop(png: Path, rect: dict[str, float]) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(png.read_bytes())).convert("RGB")
    box = (int(rect["x"]), int(rect["y"]), int(rect["x"] + rect["width"]),
           int(rect["y"] + rect["height"]))
    return image.crop(box)


def _coloured(image: Any) -> float:
    """Share of pixels with a clear hue (not white, grey or black)."""
    pixels = list(image.convert("RGB").tobytes())
    pixels = list(zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True))
    return sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 30) / max(1, len(pixels))


def _dark(image: Any) -> int:
    data = image.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] + data[i + 1] + data[i + 2] < 300)


def _fonts(driver: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium used to draw the text of the element (DevTools protocol)."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts: list[dict[str, Any]] = driver.execute_cdp_cmd(
        "CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]}
    )["fonts"]
    return fonts


def _check_screenshot(driver: Any, png: Path) -> None:
    from PIL import Image

    image = Image.open(png)
    assert image.width == browser.WIDTH
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 200  # not blank
    heatmap = _crop(png, browser.page_rect(driver, "figure.figure-heatmap svg"))
    assert heatmap.width > 400 and _coloured(heatmap) > 0.15
    city = _crop(png, browser.page_rect(driver, "#grp-b1-g3"))
    assert _dark(city) > 30  # 成都 is drawn


def test_screenshots_at_1280_and_in_print(page: Any, tmp_path: Path) -> None:
    assert page.execute_script("return innerWidth") == browser.WIDTH
    assert page.execute_script("return document.getElementById('grp-b1-g3').textContent") == "成都"
    fonts = _fonts(page, "#grp-b1-g3")
    assert fonts and sum(f["glyphCount"] for f in fonts) == 2
    assert not any(f["familyName"].startswith("DejaVu") for f in fonts), fonts  # a CJK font
    screen = browser.full_page(page, tmp_path / "report-1280.png")
    _check_screenshot(page, screen)
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not page.execute_script(
            "return [...document.querySelectorAll('nav.toc, .topbar')]"
            ".some(e => e.getBoundingClientRect().height > 0)"
        )
        printed = browser.full_page(page, tmp_path / "report-print.png")
        _check_screenshot(page, printed)
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert [e for e in page.get_log("browser") if e["level"] == "SEVERE"] == []
