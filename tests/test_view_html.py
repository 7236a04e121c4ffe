"""The HTML view in a real browser: Debian's headless Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import pytest

import tropekg
from tests.conftest import CASES, ROOT, need, shared
from tropekg.view import draw
from tropekg.view.scene import Selection, parse_kinds, select

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    exe = need("chromium")
    need("dot")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=exe, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, path):
    """The page at `path`, with every console message, page error and request recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.seen = {"console": [], "requests": []}
    page.on("console", lambda m: page.seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.seen["console"].append(f"pageerror: {e}"))
    page.on("request", lambda r: page.seen["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def write(tmp_path, vocab, selection, name="view.html"):
    path = tmp_path / name
    path.write_bytes(draw(vocab, "html", selection))
    return path


def test_bundled_graph_loads_offline_finds_ntr_and_shows_the_definition(browser, bundled, tmp_path):
    selection = Selection(kinds=parse_kinds(None, facets=True))
    path = write(tmp_path, bundled, selection)
    page = open_page(browser, path)
    assert page.locator("g.node").count() == len(select(bundled, selection))
    page.fill("#tk-search", "NTR")
    results = page.locator("#tk-results li")
    assert results.first.text_content() == "Netorare (NTR)"
    results.first.click()
    details = page.locator("#tk-details")
    assert details.locator("h2").text_content() == "Netorare"
    assert "emotional distress after their romantic partner" in details.text_content()
    assert "Partner lost" in details.text_content() and "Without agreement" in details.text_content()
    page.locator("#tk-details .tk-link", has_text="Netori").first.click()
    assert details.locator("h2").text_content() == "Netori"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-bundled.png"))
    assert page.seen["console"] == []
    assert page.seen["requests"] == [path.as_uri()]


def test_clicking_a_node_in_the_picture_shows_its_card(browser, bundled, tmp_path):
    scene = select(bundled, Selection(["NTR family"], depth=1))
    path = write(tmp_path, bundled, Selection(["NTR family"], depth=1))
    page = open_page(browser, path)
    node_id = f"n{sorted(scene).index('https://w3id.org/tropekg/id/netorare')}"
    page.locator(f"g#{node_id}").click()
    assert page.locator("#tk-details h2").text_content() == "Netorare"
    assert "A Japanese storytelling trope" in page.locator("#tk-details").text_content()
    page.select_option("#tk-colour", "perspective")
    assert "node colour: perspective" in page.locator("#tk-node-legend").text_content()
    assert page.seen["console"] == []


def test_hostile_labels_are_text_never_markup(browser, tmp_path):
    vocab = tropekg.load([str(CASES / "view" / "hostile.ttl")])
    path = write(tmp_path, vocab, Selection())
    page = open_page(browser, path)
    assert page.evaluate("window.pwned") is None
    assert page.locator("g.node").count() == 6
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    page.fill("#tk-search", "findme-alias")
    page.locator("#tk-results li").first.click()
    assert page.locator("#tk-details h2").text_content() == "<script>window.pwned=1</script>"
    card = page.locator("#tk-details").text_content()
    assert '<img src="http://127.0.0.1:9/x.png"' in card
    # a -> b is broader; c -> a (the cycle) reads as narrower from a's side.
    assert 'broader (arrow to the parent)Quote " and [brackets] | pipe; semi -->narrowerBack' in card
    assert "Island </script><!--" in page.locator("svg").first.text_content()
    assert page.evaluate("window.pwned") is None
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-hostile.png"))
    assert page.seen["console"] == []
    assert page.seen["requests"] == [path.as_uri()]


def test_a_real_thesaurus_view(browser, tmp_path):
    vocab = tropekg.load([str(shared("vocabs", "stw-9.16.ttl"))])
    selection = Selection(["Economics"], depth=3)
    path = write(tmp_path, vocab, selection)
    page = open_page(browser, path)
    assert page.locator("g.node").count() == len(select(vocab, selection)) > 500
    page.fill("#tk-search", "economics")
    assert page.locator("#tk-results li").count() > 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-stw.png"))
    assert page.seen["console"] == []
    assert page.seen["requests"] == [path.as_uri()]
