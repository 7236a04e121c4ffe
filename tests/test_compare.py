"""`tropekg compare`: the comparison as data, its formats, and the explainer's NTR table reproduced cell by cell."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import CASES, shared
from tropekg.compare import FORMATS, compare, render
from tropekg.compare.formats import FORMATS as RENDERERS
from tropekg.errors import UsageError

# The explainer's table (../shared/sources/ntr-explainer.txt, "Netorare Compared to Similar Story Terms") and the two
# facet columns compare adds to it.
NTR_TABLE = [
    ["Term", "Meaning", "Best Use", "Example", "Perspective", "Consent"],
    ["Netorare", "Emotional betrayal and jealousy in relationships", "Psychological drama and emotional storytelling",
     "A character feels replaced by a partner in a story", "Partner lost", "Without agreement"],
    ["Netori", "A character takes someone else’s partner", "Story focused on relationship takeover perspective",
     "A character becomes involved with someone already in a relationship", "Partner taker", "Without agreement"],
    ["Netorase", "A consensual scenario involving partner sharing",
     "Fictional exploration of open relationship dynamics",
     "A couple agrees to explore relationship boundaries in a story", "Sharing partner", "Mutual agreement"],
]
SUMMARY = ("They differ in perspective, consent and themes, and share audience (Adult-oriented) and media "
           "(Anime, Manga, Visual novel).")


def md_rows(text: str) -> list[list[str]]:
    """The cells of the first Markdown table in `text`."""
    table = text.split("\n\n")[0].splitlines()
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in table if not line.startswith("|---")]


def test_markdown_gives_the_explainers_table_with_perspective_and_consent(run):
    result = run("compare", "NTR", "Netori", "Netorase", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert md_rows(result.stdout) == NTR_TABLE
    assert SUMMARY in result.stdout.splitlines()
    assert "Themes they all explore: Jealousy." in result.stdout.splitlines()


def explainer_table() -> list[list[str]]:
    """The explainer's comparison table, parsed from its text: the "Term | ..." line and the rows under it."""
    lines = shared("sources", "ntr-explainer.txt").read_text(encoding="utf-8").splitlines()
    start = lines.index("Term | Meaning | Best Use | Example")
    table = []
    for line in lines[start:]:
        if " | " not in line:
            break
        table.append(line.split(" | "))
    return table


def test_every_cell_of_the_explainers_table_is_reproduced(run):
    expected = explainer_table()
    assert len(expected) == 4 and all(len(row) == 4 for row in expected)
    result = run("compare", "NTR", "Netori", "Netorase", "--format", "markdown")
    assert [row[:4] for row in md_rows(result.stdout)] == expected
    assert [row[:4] for row in NTR_TABLE] == expected


def test_the_sentences_say_how_the_three_are_linked(bundled):
    from tropekg.compare.formats import footer

    lines = footer(compare(bundled, ["NTR", "Netori", "Netorase"]))
    assert lines == [SUMMARY, "Themes they all explore: Jealousy.", "Netorare and Netori are counterparts.",
                     "Netorare is often confused with Netorase.", "Netori is often confused with Netorase."]


def test_data_keeps_the_full_texts_and_names_what_only_one_has(bundled):
    result = compare(bundled, ["NTR", "Netori", "Netorase"])
    first = result.columns[0]
    assert first.best_use == "Psychological drama and emotional storytelling."
    assert [r["label"] for r in first.own_themes] == ["Attachment", "Being replaced", "Emotional breakdown",
                                                       "Emotional dependency", "Fear of abandonment", "Loss",
                                                       "Psychological tension"]
    assert result.columns[1].own_themes == [] and result.columns[2].own_themes == []
    assert result.differ == ["perspective", "consent", "themes"]
    assert [r["label"] for r in result.shared["audience"]] == ["Adult-oriented"]


def test_children_compares_the_narrower_concepts_by_label(bundled):
    result = compare(bundled, [], children="NTR family")
    assert [c.label for c in result.columns] == ["Netorare", "Netorase", "Netori"]


def test_a_broader_link_among_the_compared_is_named(bundled):
    from tropekg.compare.formats import footer

    lines = footer(compare(bundled, ["Infidelity", "NTR"]))
    assert "Netorare is under Infidelity." in lines


def test_csv_has_a_row_per_concept_and_every_column(run):
    result = run("compare", "NTR", "Netori", "Netorase", "-f", "csv")
    assert result.exit_code == 0
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == NTR_TABLE[0] + ["Audience", "Media", "Themes only here", "IRI"]
    assert [row[:6] for row in table[1:]] == NTR_TABLE[1:]
    assert table[3][6:] == ["Adult-oriented", "Anime, Manga, Visual novel", "",
                            "https://w3id.org/tropekg/id/netorase"]


def test_json_is_the_data(run):
    result = run("compare", "tkid:netorare", "https://w3id.org/tropekg/id/netori", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["label"] for c in data["columns"]] == ["Netorare", "Netori"]
    assert data["links"] == [{"source": "Netorare", "kind": "counterpart", "target": "Netori"}]
    assert data["summary"] == "They differ in perspective and themes, and share consent (Without agreement), " \
                              "audience (Adult-oriented) and media (Anime, Manga, Visual novel)."


def test_text_shows_each_field_beside_each_name(run):
    result = run("compare", "NTR", "Netorase")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Meaning", "  Netorare  Emotional betrayal and jealousy in relationships",
                         "  Netorase  A consensual scenario involving partner sharing"]
    assert "Consent" in lines and "  Netorase  Mutual agreement" in lines


def test_html_escapes_and_holds_the_table_and_the_matrix(run, tmp_path):
    out = tmp_path / "c.html"
    result = run("compare", "NTR", "Netori", "Netorase", "-f", "html", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    page = out.read_text(encoding="utf-8")
    assert "<td>A character takes someone else’s partner</td>" in page
    assert page.count('<table class="m">') == 1 and "<th>Perspective</th>" in page


def test_svg_matrix_marks_each_value_a_concept_has(run):
    result = run("compare", "NTR", "Netori", "Netorase", "-f", "svg")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(ns + "text")]
    assert texts[:3] == ["Netorare", "Netori", "Netorase"]
    assert {"Perspective", "Consent", "Audience", "Partner lost", "Mutual agreement"} <= set(texts)
    # a dot per (concept, value): 3 perspectives + 3 consents + 3 audiences + 9 media + 14 themes
    assert len(list(root.iter(ns + "circle"))) == 3 + 3 + 3 + 9 + 14


def test_markdown_escapes_a_pipe_in_a_label(run):
    vocab = CASES / "compare" / "pipes.ttl"
    result = run("compare", "A", "B", str(vocab), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "| A \\| one | Meaning with a \\| pipe |" in result.stdout


def test_unknown_term_exits_1_with_candidates(run):
    result = run("compare", "NTR", "Netorir")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == ("tropekg: 'Netorir': no concept has this IRI or label; did you mean "
                                             "'Netori', 'Netorare', 'Netorase'?")


def test_one_concept_is_refused_with_exit_2(run):
    result = run("compare", "NTR", "Netorare")
    assert result.exit_code == 2
    assert result.stderr == ("tropekg: error: compare: 1 concept(s) to compare (Netorare); name two or more "
                             "different TERMs, or --children TERM with a concept that has narrower ones\n")
    result = run("compare", "--children", "Netori")
    assert result.exit_code == 2
    assert result.stderr.startswith("tropekg: error: --children Netori: 0 concept(s) to compare (none);")


def test_every_trope_has_an_english_gloss(bundled):
    rows = bundled.rows("SELECT ?t WHERE { ?t a tk:Trope FILTER NOT EXISTS { ?t tk:gloss ?g "
                        "FILTER(langMatches(lang(?g), 'en')) } }")
    assert list(rows) == []
    assert len(list(bundled.rows("SELECT ?t WHERE { ?t a tk:Trope }"))) >= 7


def test_registry_and_package_list_the_same_formats():
    assert tuple(RENDERERS) == FORMATS


def test_unknown_format_is_a_usage_error(bundled):
    with pytest.raises(UsageError, match="--format pdf: unknown"):
        render(compare(bundled, ["NTR", "Netori"]), "pdf")


def test_html_page_reads_in_chromium_offline(tmp_path):
    from tests.conftest import need

    exe = need("chromium")
    from playwright.sync_api import sync_playwright

    from tests.test_view_html import ARGS
    from tropekg import load

    path = tmp_path / "ntr.html"
    path.write_text(render(compare(load(), ["NTR", "Netori", "Netorase"]), "html"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        rows = page.eval_on_selector_all("table:not(.m) tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent))")
        marks = page.eval_on_selector_all("table.m td", "cs => cs.filter(c => c.textContent === '●').length")
        browser.close()
    assert [row[:6] for row in rows] == NTR_TABLE
    assert marks == 3 + 3 + 3 + 9 + 14
    assert errors == []


def test_docs_show_the_current_output_for_the_ntr_family(run):
    from tests.conftest import ROOT

    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    output = run("compare", "NTR", "Netori", "Netorase", "--format", "markdown").stdout
    assert output in page
