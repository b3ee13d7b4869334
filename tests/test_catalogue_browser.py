"""The catalogue site in a real browser: Debian's headless Chromium driven by Selenium.

The site is generated once (``agreement-kit catalogue``) and opened from the file system:
the index lists every slot; search finds a slot by a word of its text; the filters hide what
they should; the #slot/option router lands on the option; the builder's parameter file is
downloaded, validates and drafts; the builder's validator agrees with `validate` on a bad
file. After every page, the browser's console holds no error and every resource the page
loaded is a file:// URL (nothing was requested from any other host).

Skipped, with the reason, when Chromium, ChromeDriver or selenium are not installed
(``apt-get install chromium chromium-driver``, ``pip install ".[test]"``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.library.clauses import load_library
from agreement_kit.library.preview import preview_paragraphs

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1600"]

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("Chromium and ChromeDriver are not installed (apt-get install chromium "
                "chromium-driver); the catalogue's browser tests need them",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install '.[test]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

LIBRARY = load_library()
BLUEPRINTS = load_blueprints()


def kit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agreement_kit", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("catalogue") / "site"
    done = kit("catalogue", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")  # start each page with an empty console
    driver.get(path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def assert_clean(driver) -> None:
    """No console error, and every URL the page loaded (itself included) is file://."""
    problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not problems, problems
    urls = driver.execute_script(
        "return performance.getEntries().map(function (e) { return e.name; })"
        ".filter(function (n) { return /^[a-z][a-z0-9+.-]*:/i.test(n); });")
    assert urls, "the page recorded no resource at all"
    outside = [u for u in urls if not u.startswith("file://")]
    assert not outside, outside


def visible_slots(driver) -> set[str]:
    return set(driver.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('li.slot[data-slot]'),"
        " function (li) { return li.offsetParent !== null; })"
        ".map(function (li) { return li.getAttribute('data-slot'); });"))


def test_the_index_lists_every_slot(browser, site):
    open_page(browser, site / "index.html")
    browser.find_element(By.CSS_SELECTOR, "a[hreflang='en']").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/en/index.html"))
    assert visible_slots(browser) == set(LIBRARY.slots)
    status = browser.find_element(By.ID, "search-status").text
    assert status == f"{len(LIBRARY.slots)} clause slots."
    assert_clean(browser)


def a_word_only_one_text_has() -> tuple[str, str]:
    """A word found in the option texts of exactly one slot and nowhere in any slot's title,
    purpose, option labels or commentary: only a search of the texts can find it."""
    texts: dict[str, set[str]] = {}
    elsewhere: set[str] = set()
    for key, slot in sorted(LIBRARY.slots.items()):
        for opt in slot.options:
            words = re.findall(r"[a-z]{9,}", " ".join(
                t for _, t in preview_paragraphs(LIBRARY, slot, opt)).lower())
            for w in words:
                texts.setdefault(w, set()).add(key)
            elsewhere.update(re.findall(r"[a-z]+", " ".join(
                [opt.label.get("en", ""), opt.commentary.get("en", "")]).lower()))
        elsewhere.update(re.findall(r"[a-z]+", " ".join(
            [slot.title.get("en", ""), slot.purpose.get("en", ""), key]).lower()))
    for word in sorted(texts):
        if len(texts[word]) == 1 and word not in elsewhere:
            return word, next(iter(texts[word]))
    raise AssertionError("no word is unique to one slot's texts")


def test_search_finds_a_slot_by_a_word_in_its_text(browser, site):
    word, key = a_word_only_one_text_has()
    open_page(browser, site / "en" / "index.html")
    box = browser.find_element(By.ID, "q")
    box.send_keys(word.upper())  # case does not matter
    WebDriverWait(browser, 10).until(lambda d: visible_slots(d) == {key})
    assert "1 of" in browser.find_element(By.ID, "search-status").text
    hidden = browser.find_elements(By.CSS_SELECTOR, "section.family[hidden]")
    assert len(hidden) == len(LIBRARY.families) - 1  # only the slot's family is left
    box.send_keys(" zzzznotaword")
    WebDriverWait(browser, 10).until(lambda d: not visible_slots(d))
    assert browser.find_element(By.ID, "no-results").is_displayed()
    browser.find_element(By.ID, "search-reset").click()
    WebDriverWait(browser, 10).until(lambda d: len(visible_slots(d)) == len(LIBRARY.slots))
    assert_clean(browser)


def test_filters_hide_what_they_should(browser, site):
    open_page(browser, site / "en" / "index.html")
    level = Select(browser.find_element(By.ID, "f-level"))
    level.select_by_value("below-floor")
    with_below = {k for k, s in LIBRARY.slots.items()
                  if any(o.protection == "below-floor" for o in s.options)}
    assert 0 < len(with_below) < len(LIBRARY.slots)
    WebDriverWait(browser, 10).until(lambda d: visible_slots(d) == with_below)
    shown_levels = browser.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('li.opt'),"
        " function (li) { return li.offsetParent !== null; })"
        ".map(function (li) { return li.querySelector('.level').className; });")
    assert shown_levels and all("level-below-floor" in c for c in shown_levels)
    level.select_by_value("")

    family = Select(browser.find_element(By.ID, "f-family"))
    family.select_by_value("social_security")
    ssa = {k for k, s in LIBRARY.slots.items() if s.family == "social_security"}
    WebDriverWait(browser, 10).until(lambda d: visible_slots(d) == ssa)
    family.select_by_value("")

    document = Select(browser.find_element(By.ID, "f-document"))
    document.select_by_value("employment-contract-domestic-work")
    bp = BLUEPRINTS.items["employment-contract-domestic-work"]
    expected = set(BLUEPRINTS.slots_of(bp, LIBRARY))
    WebDriverWait(browser, 10).until(lambda d: visible_slots(d) == expected)
    # and the instrument filter on top of it: only the options citing C189 remain
    Select(browser.find_element(By.ID, "f-instrument")).select_by_value("C189")
    citing = {k for k in expected if any(src.startswith("C189:")
                                         for o in LIBRARY.slots[k].options for src in o.sources)}
    assert citing and citing != expected
    WebDriverWait(browser, 10).until(lambda d: visible_slots(d) == citing)
    assert_clean(browser)


def test_the_hash_router_and_permalinks_land_on_the_option(browser, site):
    open_page(browser, site / "en" / "index.html")
    browser.get((site / "en" / "index.html").as_uri() + "#slot/recruitment-costs/employer-pays")
    WebDriverWait(browser, 10).until(
        lambda d: d.current_url.endswith("/en/slots/recruitment-costs.html#employer-pays"))
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    target = browser.execute_script("return document.querySelector(':target').id")
    assert target == "employer-pays"
    assert "Employer bears all" in browser.find_element(By.ID, "employer-pays").text
    assert_clean(browser)


def test_keyboard_reaches_the_skip_link_first(browser, site):
    open_page(browser, site / "en" / "slots" / "joint-committee.html")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    active.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "content"
    placeholder = browser.find_element(By.CSS_SELECTOR, "#standing-committee var.param")
    assert placeholder.text == "⟨members_per_party⟩"
    assert_clean(browser)


@pytest.mark.parametrize("page", ["documents/social-security-agreement.html",
                                  "instruments/C181.html", "instruments.html", "documents.html"])
def test_other_pages_load_cleanly(browser, site, page):
    open_page(browser, site / "en" / page)
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert_clean(browser)


def set_value(driver, element_id: str, value: str) -> None:
    """Type into a field the way a user would (date fields get their value set, since
    typing into them depends on the locale), firing the events the builder listens to."""
    el = driver.find_element(By.ID, element_id)
    if el.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                              el, value)
    else:
        el.clear()
        el.send_keys(value)


def clause(driver, name: str):
    return driver.find_element(By.CSS_SELECTOR, f".clause[data-slot='{name}']")


def summary_count(driver, level: str) -> int:
    return int(driver.find_element(
        By.CSS_SELECTOR, f"#summary-counts li[data-level='{level}'] .count").text)


def test_the_builder_writes_a_file_that_validates_and_drafts(browser, site, downloads, tmp_path):
    open_page(browser, site / "en" / "builder.html")
    Select(browser.find_element(By.ID, "document")).select_by_value("bilateral-labour-agreement")
    unlabelled = browser.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('input, select, textarea'),"
        " function (c) { return !c.labels || c.labels.length === 0; }).map(function (c) {"
        " return c.outerHTML; });")
    assert not unlabelled  # the fields the script builds are labelled too
    assert len(browser.find_elements(By.CSS_SELECTOR, ".clause")) == len(
        BLUEPRINTS.slots_of(BLUEPRINTS.items["bilateral-labour-agreement"], LIBRARY))
    download = browser.find_element(By.ID, "download")
    assert download.get_attribute("aria-disabled") == "true"  # no parties, no date yet
    errors = browser.find_element(By.ID, "errors").text
    assert "parties.origin.country: is required" in errors and "draft.date: is required" in errors

    set_value(browser, "origin-country", "Republic of the Philippines")
    set_value(browser, "origin-short", "the Philippines")
    set_value(browser, "destination-country", "Federal Republic of Germany")
    set_value(browser, "destination-authority", "Federal Ministry of Labour and Social Affairs")
    browser.find_element(By.CSS_SELECTOR, "input[name='sector'][value='health-care']").click()
    set_value(browser, "occupations", "registered nurse; care assistant")
    set_value(browser, "annual_quota", "2000")
    set_value(browser, "draft-date", "2026-11-27")
    set_value(browser, "draft-place", "Manila")

    # the protection level follows the choice: a below-floor option shows in the summary
    costs = clause(browser, "recruitment-costs")
    pick = Select(costs.find_element(By.CSS_SELECTOR, "select[data-role='option']"))
    before = summary_count(browser, "below-floor")
    pick.select_by_value("worker-pays-related-costs")
    assert summary_count(browser, "below-floor") == before + 1
    assert "Below floor" in costs.find_element(By.CSS_SELECTOR, ".live-level").text
    listing = browser.find_element(By.ID, "below-floor")
    assert listing.is_displayed() and "Recruitment fees" in listing.text
    pick.select_by_value("employer-pays-cost-table")
    assert summary_count(browser, "below-floor") == before
    assert "Best practice" in costs.find_element(By.CSS_SELECTOR, ".live-level").text
    costs.find_element(By.TAG_NAME, "summary").click()  # the negotiating position
    costs.find_element(By.CSS_SELECTOR, "input[value='employer-pays']").click()
    Select(costs.find_element(By.CSS_SELECTOR, "select[id$='-walk']")).select_by_value(
        "employer-pays")

    committee = clause(browser, "joint-committee")
    Select(committee.find_element(By.CSS_SELECTOR, "select[data-role='option']")).select_by_value(
        "tripartite-committee")
    meetings = committee.find_element(By.XPATH, ".//label[text()='meetings_per_year']")
    field = browser.find_element(By.ID, meetings.get_attribute("for"))
    field.clear()
    field.send_keys("13")  # above the library's maximum: the schema says so
    WebDriverWait(browser, 5).until(
        lambda d: "meetings_per_year: must be at most 12" in d.find_element(By.ID, "errors").text)
    assert download.get_attribute("aria-disabled") == "true"
    field.clear()
    field.send_keys("2")

    WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.ID, "validity").text.startswith("Valid"))
    assert download.get_attribute("aria-disabled") == "false"
    shown = browser.find_element(By.ID, "yaml-out").get_attribute("value")
    download.click()
    target = downloads / "bilateral-labour-agreement.yaml"
    deadline = time.time() + 20

    def finished() -> bool:
        """The download is in place and whole: Chromium may show the file before its bytes
        are all written (or while a .crdownload part remains)."""
        parts = list(downloads.glob("*.crdownload"))
        return target.exists() and not parts and target.stat().st_size >= len(shown.encode())

    while not finished() and time.time() < deadline:
        time.sleep(0.2)
    assert target.exists(), f"no download in {downloads}: {sorted(downloads.iterdir())}"
    text = target.read_text(encoding="utf-8")
    assert text == shown
    data = yaml.safe_load(text)
    assert data["clauses"] == {
        "recruitment-costs": {"option": "employer-pays-cost-table", "fallback": ["employer-pays"],
                              "walk_away": "employer-pays"},
        "joint-committee": {"option": "tripartite-committee", "meetings_per_year": 2}}
    assert data["scope"] == {"sectors": ["health-care"], "annual_quota": 2000,
                             "occupations": ["registered nurse", "care assistant"]}
    assert str(data["draft"]["date"]) == "2026-11-27"

    params = tmp_path / "built.yaml"
    shutil.copy(target, params)
    checked = kit("validate", str(params))
    assert checked.returncode == 0, checked.stderr
    assert "valid bilateral-labour-agreement; 2 clause(s) chosen" in checked.stdout
    drafted = kit("draft", str(params), "-o", str(tmp_path / "out"), "-f", "md")
    assert drafted.returncode == 0, drafted.stderr
    md = (tmp_path / "out" / "built.md").read_text(encoding="utf-8")
    assert "Republic of the Philippines" in md and "Manila" in md
    assert "table of the costs of recruitment" in md  # the option chosen in the builder
    assert "shall meet twice a year" in md  # meetings_per_year: 2, set in the builder
    assert_clean(browser)


def test_the_builder_validator_agrees_with_validate_on_a_bad_file(browser, site, tmp_path):
    """A file the page's validator refuses is refused by `agreement-kit validate` too."""
    open_page(browser, site / "en" / "builder.html")
    bad = {"document": "employment-contract", "languages": ["en"],
           "parties": {"origin": {"country": "Nepal"}, "destination": {"country": "Qatar"}},
           "clauses": {"joint-committee": "standing-committee"},  # not a contract clause
           "draft": {"date": "2026-02-30"}}
    errors = browser.execute_script("return AKBuilder.validate(arguments[0]);", bad)
    paths = {e["path"] for e in errors}
    assert "clauses.joint-committee" in paths and "draft.date" in paths
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    done = kit("validate", str(path))
    assert done.returncode == 1
    assert "joint-committee" in done.stderr and "2026-02-30" in done.stderr
    assert_clean(browser)
