"""The web page in a real browser: headless Chromium (the distribution's, with its
chromium-driver) driven by Selenium, against ``callcenter-rules serve`` on 127.0.0.1.

A person fills the form for the bundled examples in both languages and reads the verdict,
a finding's citation and the plan; bad input shows its error by the field; the print view;
the law on a day; a file uploaded and its CSV downloaded; the page with JavaScript off; the
token's sign-in. axe-core checks each page (no serious or critical violation). With
``CALLCENTER_RULES_SCREENSHOTS=1`` the screenshots of docs/web.md are written to
docs/images/ (else to a temporary folder).

No browser is not a reason to skip: CI installs it (.ci/run), and a missing one fails here
with what to install.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_core_python.selenium import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from callcenter_rules import Engine
from callcenter_rules.batch import run_batch
from callcenter_rules.config import Config
from callcenter_rules.labels import status_label
from callcenter_rules.provinces import parse_province
from servers import Server

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
DAY = "2024-06-01"
TOKEN = secrets.token_urlsafe(24)
SCREENSHOTS = os.environ.get("CALLCENTER_RULES_SCREENSHOTS") == "1"
#: A page, or a wait for one, takes at most this long (seconds).
WAIT = 20


def _binaries() -> tuple[str, str]:
    browser = os.environ.get("CHROMIUM") or shutil.which("chromium")
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not browser or not driver:
        pytest.fail(
            "the browser tests need the distribution's Chromium and its driver: "
            "apt-get install chromium chromium-driver fonts-noto-cjk (.ci/run does)",
            pytrace=False,
        )
    return browser, driver


def _browser(downloads: Path, javascript: bool = True) -> WebDriver:
    browser, driver = _binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=en-US",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(argument)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    try:
        started = webdriver.Chrome(options=options, service=DriverService(driver))
    except WebDriverException as error:
        pytest.fail(f"Chromium did not start: {error.msg}", pytrace=False)
    started.set_page_load_timeout(WAIT)
    started.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return started


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("web-browser"))
    yield running
    assert running.stop() == 0, running.output()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    driver = _browser(downloads)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SCREENSHOTS:
        folder = ROOT / "docs" / "images"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def _url(server: Server, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def _axe(driver: WebDriver) -> None:
    """No serious or critical accessibility violation on the page shown."""
    found = Axe().run(driver)
    bad = [v for v in found["violations"] if v["impact"] in {"serious", "critical"}]
    assert not bad, json.dumps(
        [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"][:3]]}
            for v in bad
        ],
        indent=2,
    )


def _set(driver: WebDriver, element: Any, value: str) -> None:
    """A value into a field as typing would leave it (a date field too, whose typing
    depends on the browser's locale)."""
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element,
        value,
    )


def _fill(driver: WebDriver, profile: dict[str, Any], as_of: str = DAY) -> None:
    """Fill the check form as a person would: type, choose, tick."""
    form = driver.find_element(By.ID, "profile")
    for box in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]:checked"):
        box.click()  # start from nothing ticked (the defaults are ticked)
    for name, value in profile.items():
        if name in {"registered_province", "service_provinces"}:
            value = (
                [parse_province(v).value for v in value]
                if isinstance(value, list)
                else parse_province(value).value
            )
        if name == "violations":
            choice = "none" if value == [] else "unknown"
            form.find_element(By.CSS_SELECTOR, f"input[name=violations][value={choice}]").click()
            continue
        if isinstance(value, list):
            for item in value:
                form.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{item}']").click()
        elif isinstance(value, bool):
            text = "true" if value else "false"
            form.find_element(By.CSS_SELECTOR, f"input[name={name}][value={text}]").click()
        else:
            element = form.find_element(By.ID, f"f-{name}")
            if element.tag_name == "select":
                Select(element).select_by_value(str(value))
            else:
                element.clear()
                element.send_keys(str(value))
    _set(driver, form.find_element(By.ID, "f-as_of"), as_of)


def _submit(driver: WebDriver, form_id: str) -> None:
    """Submit the form and wait for the page it gives."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]").click()
    _wait_replaced(driver, page)


def _wait_replaced(driver: WebDriver, page: Any) -> None:
    """Wait until ``page`` (the old page's root element) has been replaced. While the new
    page replaces it, Chromium may answer "Node with given id does not belong to the
    document" instead of "stale element": that says the same."""

    def replaced(_driver: WebDriver) -> bool:
        try:
            page.is_enabled()
        except (StaleElementReferenceException, WebDriverException):
            return True
        return False

    WebDriverWait(driver, WAIT).until(replaced)


def _wait(ready: Any, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError("the page did not get there in time")
        time.sleep(0.1)


def _example(name: str) -> dict[str, Any]:
    return dict(json.loads((EXAMPLES / name).read_text("utf-8")))


@pytest.mark.parametrize(
    ("example", "lang"),
    [("nationwide_eligible.json", "en"), ("regional_capital_shortfall.json", "zh")],
)
def test_a_person_checks_an_example(
    server: Server, browser: WebDriver, engine: Engine, shots: Path, example: str, lang: str
) -> None:
    profile = _example(example)
    browser.get(_url(server, f"/?lang={lang}"))
    _axe(browser)
    browser.save_screenshot(str(shots / f"web-check-{lang}.png"))
    _fill(browser, profile)
    _submit(browser, "profile")
    found = engine.plan(profile, as_of=datetime.date.fromisoformat(DAY))
    result = found.assessment
    status = browser.find_element(By.ID, "verdict-status")
    assert status.text == status_label(result.status, lang)
    # A finding's citation: its code, its article and the Chinese text of the law.
    finding = result.findings[0]
    item = browser.find_element(By.ID, f"finding-{finding.code}")
    assert finding.code in item.text
    assert finding.citation.text_zh in item.find_element(By.TAG_NAME, "blockquote").text
    # The plan: each path to a licence, with its changes.
    plan = browser.find_element(By.ID, "plan")
    for option in found.options:
        for change in option.changes:
            assert (change.message_zh if lang == "zh" else change.message) in plan.text
    # The input is still in the form, to change and check again.
    assert browser.find_element(By.ID, "f-name").get_attribute("value") == profile["name"]
    _axe(browser)
    browser.save_screenshot(str(shots / f"web-result-{lang}.png"))


def test_bad_input_shows_by_its_field(server: Server, browser: WebDriver) -> None:
    profile = {**_example("nationwide_eligible.json"), "registered_capital_cny": "lots"}
    for lang, words in (("en", "must be a number"), ("zh", "必须是数字")):
        browser.get(_url(server, f"/?lang={lang}"))
        _fill(browser, profile)
        _submit(browser, "profile")
        field = browser.find_element(By.ID, "field-registered_capital_cny")
        error = field.find_element(By.ID, "e-registered_capital_cny")
        assert error.is_displayed()
        assert words in error.text
        capital = browser.find_element(By.ID, "f-registered_capital_cny")
        assert capital.get_attribute("aria-invalid") == "true"
        assert browser.find_element(By.ID, "f-name").get_attribute("value") == profile["name"]
        _axe(browser)


def test_the_print_view(server: Server, browser: WebDriver) -> None:
    browser.get(_url(server, "/?lang=en"))
    _fill(browser, _example("regional_capital_shortfall.json"))
    _submit(browser, "profile")
    button = browser.find_element(By.ID, "print")
    assert button.is_displayed()  # the script shows it
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.find_element(By.ID, "result").is_displayed()
        assert browser.find_element(By.ID, "checklist").is_displayed()
        for hidden in ("profile", "upload", "print"):
            assert not browser.find_element(By.ID, hidden).is_displayed(), hidden
        assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF")


def test_the_law_on_a_day(server: Server, browser: WebDriver, shots: Path) -> None:
    for lang in ("en", "zh"):
        browser.get(_url(server, f"/law?lang={lang}&as_of={DAY}"))
        _axe(browser)
        browser.save_screenshot(str(shots / f"web-law-{lang}.png"))
    values = {}
    for day in ("2017-08-31", "2017-09-01"):
        browser.get(_url(server, "/law?lang=en"))
        _set(browser, browser.find_element(By.ID, "l-as_of"), day)
        search = browser.find_element(By.ID, "l-q")
        search.clear()
        search.send_keys("violation_record")
        page = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "form.law-search button").click()
        _wait_replaced(browser, page)
        cell = "[id='p-violation_record.lookback'] .on-day strong"
        values[day] = browser.find_element(By.CSS_SELECTOR, cell).text
        # The row in force that day is marked.
        marked = browser.find_elements(
            By.CSS_SELECTOR, "[id='p-violation_record.lookback'] tr.in-force"
        )
        assert len(marked) == 1
    # Order 42 (in force 2017-09-01) dropped the three-year look-back.
    assert values == {"2017-08-31": "3", "2017-09-01": "(none)"}


def test_a_file_uploaded_comes_back_as_the_summary_csv(
    server: Server, browser: WebDriver, downloads: Path, tmp_path: Path
) -> None:
    lines = (EXAMPLES / "batch_1000.jsonl").read_bytes().splitlines(keepends=True)[:25]
    source = tmp_path / "clients.jsonl"
    source.write_bytes(b"".join([*lines[:3], b"{broken\n", *lines[3:]]))
    browser.get(_url(server, "/?lang=zh"))
    browser.find_element(By.ID, "u-file").send_keys(str(source))
    _set(browser, browser.find_element(By.ID, "u-as_of"), DAY)
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    target = downloads / "clients-summary.csv"
    _wait(lambda: target.exists() and not list(downloads.glob("*.crdownload")))
    expected = tmp_path / "expected.csv"
    run_batch(source, expected, as_of=datetime.date.fromisoformat(DAY), detail="summary",
              config=Config())  # fmt: skip
    assert target.read_bytes() == expected.read_bytes()
    rows = target.read_text("utf-8-sig").splitlines()
    assert len(rows) == 1 + 26
    assert ",invalid_json," in rows[4]


def test_the_page_works_with_javascript_off(server: Server, tmp_path: Path) -> None:
    driver = _browser(tmp_path, javascript=False)
    try:
        driver.get(_url(server, "/?lang=zh"))
        _fill(driver, _example("offshore_only.json"))
        _submit(driver, "profile")
        assert driver.find_element(By.ID, "verdict-status").text
        # The print button needs the script; without it, it stays hidden.
        assert not driver.find_element(By.ID, "print").is_displayed()
        # The language switch re-posts the form in the other language.
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, "header button.switch").click()
        _wait_replaced(driver, page)
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert driver.find_element(By.ID, "result").is_displayed()
        assert (
            driver.find_element(By.ID, "f-name").get_attribute("value")
            == _example("offshore_only.json")["name"]
        )
    finally:
        driver.quit()


def test_signing_in_with_the_token(tmp_path: Path, downloads: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n", "utf-8")
    guarded = Server(tmp_path, "--token-file", str(tmp_path / "token"), token=TOKEN)
    driver = _browser(downloads)
    try:
        driver.get(_url(guarded, "/law?lang=en"))
        token = driver.find_element(By.ID, "token")
        _axe(driver)
        token.send_keys("not the token")
        _submit(driver, "content")
        assert "not this server" in driver.find_element(By.ID, "token-error").text
        driver.find_element(By.ID, "token").send_keys(TOKEN)
        _submit(driver, "content")
        _wait(lambda: driver.current_url.endswith("/law?lang=en"))
        assert driver.find_element(By.ID, "law-count").is_displayed()
        cookie = driver.get_cookie("callcenter_rules_session")
        assert cookie is not None
        assert cookie["httpOnly"] is True
        assert cookie["sameSite"] == "Strict"
        # A check in the session (its form carries the CSRF token).
        driver.get(_url(guarded, "/?lang=en"))
        _fill(driver, _example("nationwide_eligible.json"))
        _submit(driver, "profile")
        assert driver.find_element(By.ID, "verdict-status").text == "eligible"
    finally:
        driver.quit()
        assert guarded.stop() == 0, guarded.output()
