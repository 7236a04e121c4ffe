"""The HTML view read at "Fit" in a 1400 x 900 Chromium window: labels at least 10 px high, the picture within
1:3..3:1 (issue 15's acceptance), measured from the page itself."""

from __future__ import annotations

import pytest

from tests.conftest import shared
from tests.test_view_html import ARTIFACTS, browser, open_page  # noqa: F401 (browser is a fixture)
from tropekg.view import draw
from tropekg.view.scene import Selection, parse_kinds

EVERY = "broader,related,contrasts,counterpart,facet,mapping,theme,medium,use"

# Every node label's font size in CSS px on screen (its font-size times the current transform), and the drawing's
# box as laid out (the graph group's bounding box, in the SVG's units).
MEASURE = """() => {
  const svg = document.querySelector("#tk-canvas svg");
  const texts = [...svg.querySelectorAll("g.node text")];
  const px = texts.map((t) => parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
  const box = svg.querySelector("g.graph").getBBox();
  return {labels: texts.length, minPx: Math.min(...px), width: box.width, height: box.height};
}"""


@pytest.mark.parametrize("name, selection", [
    ("default", Selection()),
    ("ntr-every-relation", Selection(["NTR"], 1, None, parse_kinds(EVERY, True))),
    ("whole-graph-every-relation", Selection([], 1, None, parse_kinds(EVERY, True))),
])
def test_labels_are_10px_and_the_picture_within_1_to_3_at_fit(browser, bundled, tmp_path, name, selection):  # noqa: F811
    path = tmp_path / f"{name}.html"
    path.write_bytes(draw(bundled, "html", selection))
    page = open_page(browser, path)
    initial = page.evaluate(MEASURE)
    page.click("#tk-fit")
    fitted = page.evaluate(MEASURE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"view-fit-{name}.png"))
    assert initial == fitted  # the page opens at Fit
    assert fitted["labels"] >= 30
    assert fitted["minPx"] >= 10, fitted
    assert 1 / 3 <= fitted["width"] / fitted["height"] <= 3, fitted
    assert page.seen["console"] == []


def test_a_thesaurus_selection_of_76_nodes_reads_at_fit(browser, tmp_path):  # noqa: F811
    import tropekg

    vocab = tropekg.load([str(shared("vocabs", "stw-9.16.ttl"))])
    path = tmp_path / "stw.html"
    path.write_bytes(draw(vocab, "html", Selection(["Labour market"], 2)))
    page = open_page(browser, path)
    fitted = page.evaluate(MEASURE)
    assert fitted["labels"] >= 76  # a wrapped label is one <text> per line
    assert fitted["minPx"] >= 10, fitted
    assert 1 / 3 <= fitted["width"] / fitted["height"] <= 3, fitted
