"""The site in a real browser: Debian's headless Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

import tropekg
from tropekg.export import export_to
from tropekg.release import build_release

from .conftest import CASES, need
from .test_view_html import ARGS

SPELLINGS = ["NTR", "ｎｔｒ", "寝取られ", "netorare"]


@pytest.fixture(scope="module")
def browser():
    exe = need("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=exe, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def release(bundled, tmp_path_factory):
    """The bundled taxonomy built as a release, so the index's downloads (../tropekg.ttl, ...) are there too."""
    out = tmp_path_factory.mktemp("release") / "release"
    report, manifest = build_release(bundled, out)
    assert manifest is not None, report.summary
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "site"
    export_to(tropekg.load([CASES / "export" / "site-hostile.ttl"]), "site", out)
    return out


def open_page(browser, path: Path, folder: Path):
    """The page at `path`, recording console messages, page errors, dialogs and requests outside `folder`."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.seen = {"console": [], "outside": [], "dialogs": []}
    page.on("console", lambda m: page.seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.seen["console"].append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (page.seen["dialogs"].append(d.message), d.dismiss()))
    inside = folder.resolve().as_uri() + "/"
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("request", lambda r: r.url.startswith(inside) or page.seen["outside"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def assert_quiet(page) -> None:
    assert page.seen == {"console": [], "outside": [], "dialogs": []}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_search_finds_netorare_and_opens_its_page(browser, release, spelling):
    site = release / "site"
    page = open_page(browser, site / "search.html", release)
    page.fill("#tk-q", spelling)
    first = page.locator("#tk-results li a").first
    first.wait_for()
    assert first.text_content() == "Netorare"
    first.click()
    page.wait_for_load_state("load")
    assert page.url == (site / "netorare.html").as_uri()
    assert page.locator("h1").text_content() == "Netorare"
    assert_quiet(page)


def test_search_from_any_page_and_by_keyboard(browser, release):
    site = release / "site"
    page = open_page(browser, site / "tree" / "tropes.html", release)
    page.fill("#tk-q", "netori")
    page.press("#tk-q", "Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=netori$"))
    page.locator("#tk-results li a").first.wait_for()
    assert page.locator("#tk-status").text_content().endswith("match") or "matches" in \
        page.locator("#tk-status").text_content()
    page.press("#tk-q", "ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Netori"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/netori\.html$"))
    assert_quiet(page)


def test_every_internal_link_resolves(release):
    checked = 0
    pages = list(release.joinpath("site").rglob("*.html"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#?]+)', text):
            if "://" in target:
                assert target.startswith(("https://", "http://")) and 'rel="external"' in text or "license" in text
                continue
            assert not target.startswith("/"), f"{path}: absolute link {target}"

            assert (path.parent / unquote(target)).resolve().is_file(), f"{path}: {target}"
            checked += 1
    assert checked > 4 * len(pages)  # each page links the style sheet, a script, the index and search at least


def test_tree_collapses_and_marks_several_parents(browser, release):
    site = release / "site"
    page = open_page(browser, site / "tree" / "tropes.html", release)
    netorare = page.locator("ul.tree li", has=page.locator("> a", has_text="Netorare"))
    assert netorare.count() == 2  # under Infidelity and under NTR family
    assert "also listed in full under" in page.locator("ul.tree").text_content()
    top = page.locator("ul.tree > li").first
    assert top.get_attribute("aria-expanded") == "true"
    closed = page.locator("ul.tree li[aria-expanded=false]").first.element_handle()
    assert not closed.query_selector(":scope > ul").is_visible()
    closed.query_selector(":scope > button").click()
    assert closed.get_attribute("aria-expanded") == "true" and closed.query_selector(":scope > ul").is_visible()
    assert_quiet(page)


def test_hostile_labels_run_nothing(browser, hostile):
    pages = [hostile / "index.html", *hostile.joinpath("tree").glob("*.html"), *hostile.glob("*.html")]
    for path in pages:
        page = open_page(browser, path, hostile)
        page.mouse.move(10, 10)
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("iframe, img, :not(.picture) > svg, svg script, svg foreignObject, [onerror], [onload], "
                            "[onmouseover]").count() == 0
        assert_quiet(page)
        page.close()
    page = open_page(browser, hostile / "a.html", hostile)
    assert page.locator("h1").text_content() == "<script>alert('pref')</script>"
    assert page.locator("a[href^=javascript]").count() == 0
    page.goto((hostile / "b.html").as_uri())
    assert "<script>alert('pref')</script>" in page.locator(".picture svg").text_content()
    page.goto((hostile / "search.html").as_uri())
    page.fill("#tk-q", "<img")
    page.locator("#tk-results li").first.wait_for()
    assert page.locator("#tk-results li").first.text_content() == \
        "<script>alert('pref')</script> (<img src=x onerror=alert('alt')>)"
    assert_quiet(page)


@pytest.mark.parametrize("name", ["index.html", "tree/tropes.html", "netorare.html", "search.html"])
def test_axe_finds_no_serious_violation(browser, release, name):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, release / "site" / name, release)
    if name == "search.html":
        page.fill("#tk-q", "ntr")
        page.locator("#tk-results li").first.wait_for()
    # preload off: axe would fetch the style sheet itself, which the page's CSP rightly refuses (connect-src).
    violations = Axe().run(page, options={"resultTypes": ["violations"], "preload": False}).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []
    assert_quiet(page)


def test_language_switcher_relabels_and_is_kept(browser, release):
    site = release / "site"
    page = open_page(browser, site / "netorare.html", release)
    assert page.locator("h1").get_attribute("lang") == "en"
    page.select_option("#tk-lang", "ja")
    heading = page.locator("h1")
    assert heading.text_content() == "寝取られ" and heading.get_attribute("lang") == "ja"
    page.goto((site / "netori.html").as_uri())
    assert page.locator("#tk-lang").input_value() == "ja"
    assert page.locator("h1").get_attribute("lang") == "ja"
    page.select_option("#tk-lang", "en")
    assert page.locator("h1").text_content() == "Netori" and page.locator("h1").get_attribute("lang") == "en"
    assert_quiet(page)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """2,500 concepts: "Concept" in every label (a common word) and words ab0..ab2499 (a shard that splits)."""
    folder = tmp_path_factory.mktemp("many")
    text = "".join(f'ex:c{i} a skos:Concept ; skos:prefLabel "Concept ab{i}"@en .\n' for i in range(2500))
    source = folder / "many.ttl"
    source.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <https://ex.org/m/> .\n"
                      + text, encoding="utf-8")
    export_to(tropekg.load([source]), "site", folder / "site")
    return folder / "site"


@pytest.mark.parametrize(("query", "first", "status"), [
    ("ab1234", "Concept ab1234", "1 match."),
    ("concept ab1234", "Concept ab1234", "1 match."),
    ("AB123", "Concept ab123", "11 matches."),
    ("concept", "Concept ab0", "50 matches; type more for other matches."),
])
def test_search_reads_split_shards_and_common_words(browser, many, query, first, status):
    page = open_page(browser, many / "search.html", many)
    page.fill("#tk-q", query)
    # A locator waits in Playwright's own world; wait_for_function would poll with eval, which the site's CSP forbids
    page.locator("#tk-status", has_text="match").wait_for()
    assert page.locator("#tk-results li a").first.text_content() == first
    assert page.locator("#tk-status").text_content() == status
    loaded = [u for u in page.requests if "/_site/search/" in u and not u.endswith("keys.js")]
    assert len(loaded) == 1  # one shard, never the whole index
    if query.startswith("ab"):  # "ab" held 2,500 words: split, so the shard's key is longer than two characters
        assert loaded[0].rsplit("/", 1)[1].count("-") >= 2
    assert_quiet(page)
