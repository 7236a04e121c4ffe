"""validate/homonyms.py: the label-clash scan agrees with the SPARQL queries it replaces."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg

_OL_BEFORE = """SELECT DISTINCT ?focus ?other ?key WHERE {
  ?focus skos:prefLabel|skos:altLabel ?value . ?other skos:prefLabel|skos:altLabel ?second .
  FILTER(isLiteral(?value) && isLiteral(?second) && STR(?focus) < STR(?other) && LANG(?value) = LANG(?second)
         && DATATYPE(?value) = DATATYPE(?second) && LCASE(STR(?value)) = LCASE(STR(?second)))
  ?focus skos:inScheme|skos:topConceptOf ?scheme . ?other skos:inScheme|skos:topConceptOf ?scheme .
  BIND(CONCAT(LCASE(STR(?value)), "@", LANG(?value), "^", STR(DATATYPE(?value))) AS ?key) }"""


_DUP_ROWS_BEFORE = """SELECT ?focus ?scheme ?value WHERE { VALUES ?p { skos:prefLabel skos:altLabel }
  ?focus ?p ?value . ?focus skos:inScheme|skos:topConceptOf ?scheme . FILTER(isLiteral(?value)) }"""


_LABELS = ["Fire", "fire", " FIRE", "Ｆｉｒｅ", "Brand", "straße", "STRASSE", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["prefLabel", "altLabel", "hiddenLabel"]),
                          st.sampled_from(_LABELS), st.sampled_from(["en", "en-gb", "de", "", "^^int"])),
                max_size=14),
       st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["inScheme", "topConceptOf"]), st.integers(0, 1)),
                max_size=8))
def test_label_clash_analyses_agree_with_the_queries_they_replace(tmp_path_factory, labels, members):
    from tropekg.labels import normalize
    from tropekg.validate.homonyms import duplicates, overlaps

    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "@prefix ex: <http://example.org/> ."]
    for c, prop, text, lang in labels:
        suffix = "^^<http://www.w3.org/2001/XMLSchema#int>" if lang == "^^int" else f"@{lang}" if lang else ""
        lines.append(f'ex:c{c} skos:{prop} "{text}"{suffix} .')
    lines += [f"ex:c{c} skos:{prop} ex:s{s} ." for c, prop, s in members]
    lines.append("ex:s0 a skos:ConceptScheme .")  # schemes stated: labels compare within a scheme
    path = tmp_path_factory.mktemp("labels") / "v.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocab = tropekg.load([path])
    ol = Counter((h.focus, h.others) for h in overlaps(vocab, []))
    assert ol == Counter((f.value, (o.value,)) for f, o, _ in vocab.rows(_OL_BEFORE))
    groups: dict[tuple, set[str]] = {}
    for focus, scheme, label in vocab.rows(_DUP_ROWS_BEFORE):
        key = (scheme.value, (label.language or "").split("-")[0], normalize(label.value))
        groups.setdefault(key, set()).add(focus.value)
    expected = {tuple(sorted(g)) for g in groups.values() if len(g) > 1}
    assert {(h.focus, *h.others) for h in duplicates(vocab, [])} == expected


def test_label_clashes_name_labels_in_a_fixed_order(tmp_path):
    """Two concepts sharing two labels make one label-duplicate finding, which names the label of the least key
    (scheme, language, text), and a concept's labels are named prefLabel first, then by value; not in the order
    the store's index happens to hold them (it follows hashes of the terms)."""
    from tropekg.validate.homonyms import duplicates, overlaps

    path = tmp_path / "v.ttl"
    path.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <http://example.org/> .
ex:s a skos:ConceptScheme .
ex:a skos:inScheme ex:s ; skos:prefLabel "Zeta"@en ; skos:altLabel "alpha"@en, "ZETA"@en .
ex:b skos:inScheme ex:s ; skos:prefLabel "zeta"@en ; skos:altLabel "Alpha"@en .
""", encoding="utf-8")
    vocab = tropekg.load([path])
    assert [(h.focus, h.others, h.values) for h in duplicates(vocab, [])] == [
        ("http://example.org/a", ("http://example.org/b",), ("alpha",))]
    assert sorted((h.focus, h.others, h.values) for h in overlaps(vocab, [])) == [
        ("http://example.org/a", ("http://example.org/b",), ('"Zeta"@en',)),
        ("http://example.org/a", ("http://example.org/b",), ('"alpha"@en',))]
