"""validate/rules.py: names and aliases, strict headers, every shipped rule loads, the rule table of docs/rules.md."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.validate.reports import rules_table
from tropekg.validate.rules import all_rules, chosen

from .conftest import ROOT


def test_aliases_select_the_primary_rule():
    assert [r.id for r in chosen(select=["dlv", "IPL", "rc,mc"])] == ["S13", "S14", "S27", "S46"]
    assert "S13" not in {r.id for r in chosen(ignore=["dlv"])}


def test_unknown_rule_is_a_usage_error():
    with pytest.raises(tropekg.UsageError, match="--select nope"):
        chosen(select=["nope"])


def test_docs_rule_table_matches_list_rules():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules_table(all_rules()) in page


def test_cli_list_rules_is_the_docs_table(run):
    result = run("validate", "--list-rules")
    assert result.exit_code == 0
    assert result.stdout in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("line", ["# inputs: a misspelt key", "# a free comment in the header"])
def test_rule_headers_are_parsed_strictly(tmp_path, line):
    from tropekg.errors import TropekgError
    from tropekg.validate.rules import parse_rule

    path = tmp_path / "x.rq"
    path.write_text(f"# id: x\n# severity: info\n# title: t\n{line}\n# message: m\n# reference: r\n"
                    "SELECT ?focus WHERE { ?focus a ?t }\n", encoding="utf-8")
    with pytest.raises(TropekgError, match=rf"^{path}:4: header line is not '# key: value' with a known key"):
        parse_rule(path)


def test_every_shipped_rule_loads_with_its_query():
    from tropekg.validate.rules import all_rules

    rules = all_rules()
    assert len(rules) >= 39
    assert all(r.sparql or r.analysis for r in rules)
