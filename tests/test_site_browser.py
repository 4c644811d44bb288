"""The website in a real browser: Debian's headless Chromium, driven by Selenium, on a local server.

Skipped when Chromium is not installed (`.ci/run` installs it). `CRRD_SCREENSHOTS=docs/screenshots` also
writes the README's screenshots.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
    pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER})", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    # served from its parent folder, so the site lives under a path, as a project site on GitHub Pages does
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site.parent)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1280,900",
                # nothing but the local server resolves: a request elsewhere fails here and shows in the log
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _check(driver, base: str) -> None:
    """The console shows no error, and every request went to the local server."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    # chrome://, data: and blob: addresses never reach a network; every other one must be the local server
    outside = [u for u in _requests(driver) if not u.startswith((base, "chrome:", "chrome-", "data:", "blob:"))]
    assert outside == []


def _open(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def test_home_table_row_and_claim_pages(browser, base: str) -> None:
    d = browser
    _open(d, base)
    assert d.find_element(By.TAG_NAME, "h1").text == "CRRD: China–Russia Relations Dataset"
    import crrd

    assert f"version {crrd.__version__}" in d.find_element(By.CSS_SELECTOR, "header .version").text
    _screenshot(d, "home.png")
    _check(d, base)

    _open(d, base + "military_activities/index.html")
    rows = d.find_elements(By.CSS_SELECTOR, "table.rows tbody tr")
    assert len(rows) == 69
    box = d.find_element(By.CSS_SELECTOR, ".filter input")
    box.send_keys("Peace Mission 2005")
    shown = [r for r in rows if r.is_displayed()]
    assert [r.find_element(By.TAG_NAME, "th").text for r in shown] == ["mil-0002"]
    box.clear()
    box.send_keys(" ")  # an input event: every row is shown again
    start = d.find_element(By.XPATH, "//table[@data-sortable]//thead//button[normalize-space()='start_date']")
    start.click()
    start.click()  # descending: the latest activity first
    first = d.find_element(By.CSS_SELECTOR, "table.rows tbody tr th").text
    assert first == "mil-0069"
    _check(d, base)

    _open(d, base + "events/evt-0002.html")
    sources = d.find_element(By.ID, "sources").find_element(By.XPATH, "..")
    assert "Treaty of Friendship, Alliance, and Mutual Assistance" in sources.text
    link = sources.find_element(By.LINK_TEXT, "http://www.britannica.com/print/topic/220296")
    assert link.get_attribute("href") == "http://www.britannica.com/print/topic/220296"
    assert d.find_element(By.ID, "cite-text").text == crrd.cite("text", row="evt-0002")
    assert d.find_element(By.ID, "cite-bibtex").text == crrd.cite("bibtex", row="evt-0002")
    _check(d, base)

    _open(d, base + "claims/clm-0001.html")
    assert d.find_element(By.ID, "verdict").text == "Verdict: inaccurate"
    evidence = d.find_element(By.CSS_SELECTOR, ".verdict").find_element(By.LINK_TEXT, "evt-0004")
    evidence.click()
    WebDriverWait(d, 10).until(lambda d: d.current_url.endswith("/events/evt-0004.html"))
    assert d.find_element(By.TAG_NAME, "h1").text == "Sino-Soviet border conflict of 1969"
    d.set_window_size(1280, 1660)  # tall enough to show the sources and the citation
    _screenshot(d, "row.png")
    d.set_window_size(1280, 900)
    _check(d, base)


def test_search_finds_an_event_by_a_word_of_its_title(browser, base: str) -> None:
    d = browser
    _open(d, base + "index.html")
    box = d.find_element(By.ID, "q")
    box.send_keys("Friendship\n")  # the header's search box sends the word to the search page
    links = WebDriverWait(d, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link"))
    hrefs = [a.get_attribute("href") for a in links]
    assert base + "events/evt-0002.html" in hrefs
    titles = [a.text for a in links]
    assert "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance signed" in titles
    _check(d, base)


def _screenshot(driver, name: str) -> None:
    folder = os.environ.get("CRRD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))
