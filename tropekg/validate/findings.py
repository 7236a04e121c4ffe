"""The hits of validate's rules as a Report of Findings: blank nodes named, labels, messages, CURIEs, places, order."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter
from string import Formatter

import pyoxigraph as ox

from ..errors import Refused
from ..labels import pick
from ..namespaces import PREFIXES, SKOS
from ..output.progress import Progress
from ..vocabulary import Vocabulary
from .analyses import Hit
from .rules import RANK, SEVERITIES, Rule, all_rules


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how severe, which resource (and its label), what else is involved, and where."""

    rule: str
    severity: str
    focus: str
    label: str | None
    message: str
    others: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    place: str | None = None

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "focus": self.focus, "label": self.label,
                "message": self.message, "others": list(self.others), "values": list(self.values),
                "place": self.place}


@dataclass
class Report:
    """The result of validate(): findings sorted by rule and focus, the rules that ran, and the fail level."""

    findings: list[Finding]
    rules: list[Rule]
    fail_on: str = "warning"
    sources: tuple[str, ...] = field(default_factory=tuple)
    prefixes: dict[str, str] = field(default_factory=dict)  # the input's, for CURIEs in reports
    unchecked: dict[str, str] = field(default_factory=dict)  # rule id -> why its query could not run (a store's)

    @property
    def conforms(self) -> bool:
        """True when every rule ran and no finding is at or above the fail level."""
        return not self.unchecked and not any(RANK[f.severity] >= RANK[self.fail_on] for f in self.findings)

    @property
    def summary(self) -> dict:
        by_rule = Counter(f.rule for f in self.findings)  # in the order of their first finding
        by_severity = Counter(f.severity for f in self.findings)
        return {
            "findings": len(self.findings),
            "bySeverity": {s: by_severity[s] for s in SEVERITIES},
            "byRule": dict(by_rule),
            "rules": [r.id for r in self.rules],
            "failOn": self.fail_on,
            **({"unchecked": dict(self.unchecked)} if self.unchecked else {}),
        }

    def as_dict(self) -> dict:
        return {"conforms": self.conforms, "findings": [f.as_dict() for f in self.findings],
                "summary": self.summary}

    @cached_property
    def curies(self) -> Curies:
        """IRI -> CURIE by the input's prefixes, each IRI shortened once for the findings and every rendering."""
        return Curies(self.prefixes or None)


def rename_blank_nodes(vocab: Vocabulary, rules: list[Rule], hits: dict[str, list[Hit]]) -> None:
    """Blank nodes in hits by their stable names (tropekg.blanks.stable_names, from the statements `vocab`'s store
    holds about them), in place; groups and gathered values are put back in order, as the analyses and
    `per: focus` sort them."""
    ids = {i for hs in hits.values() for h in hs for i in (h.focus, *h.others, *h.values) if i.startswith("_:")}
    if not ids:
        return
    from ..blanks import stable_names

    names = stable_names(vocab, ids)
    per_focus = {r.id for r in rules if r.per == "focus"}
    for rule_id, found in hits.items():
        renamed = []
        for h in found:
            focus, others, values = (names.get(h.focus, h.focus), tuple(names.get(o, o) for o in h.others),
                                     tuple(names.get(v, v) for v in h.values))
            if h.group:
                focus, *rest = sorted((focus, *others))
                others = tuple(rest)
            elif rule_id in per_focus:
                others, values = tuple(sorted(others)), tuple(sorted(values))
            renamed.append(h._replace(focus=focus, others=others, values=values))
        hits[rule_id] = renamed


def labels_of(vocab: Vocabulary, iris: set[str], lang: str) -> dict[str, str]:
    """prefLabels in the display language (labels.pick) for just these IRIs.

    Few IRIs: one lookup each. Many (`--select all` flags most concepts of a large vocabulary): first one query
    for the labels in exactly the display language, pick's first choice, as text (cheaper than reading every
    prefLabel as terms); then the rest as for few, or, if still many, by one read of every prefLabel."""
    pref = ox.NamedNode(SKOS + "prefLabel")
    wanted = {i for i in iris if not i.startswith(("_:", '"')) and i not in vocab.invalid_iris}
    labels: dict[str, str] = {}
    if len(wanted) > _LABEL_SCAN:
        # Oxigraph stores language tags lower-cased; pick() compares them lower-cased too.
        for iri, text in vocab.text_rows(_LABELS_IN, {"lang": [ox.Literal(lang.lower())]}):
            if iri in wanted and (iri not in labels or text < labels[iri]):  # pick: the least text of the language
                labels[iri] = text
        wanted -= labels.keys()
    by_iri: dict[str, dict[str, list[str]]] = {}
    if len(wanted) > _LABEL_SCAN:
        for q in vocab.store.quads_for_pattern(None, pref, None):
            if type(q.subject) is ox.NamedNode and type(q.object) is ox.Literal and q.subject.value in wanted:
                by_iri.setdefault(q.subject.value, {}).setdefault(q.object.language or "", []).append(q.object.value)
    else:
        for iri in wanted:
            for q in vocab.store.quads_for_pattern(ox.NamedNode(iri), pref, None):
                if isinstance(q.object, ox.Literal):
                    by_iri.setdefault(iri, {}).setdefault(q.object.language or "", []).append(q.object.value)
    return _picked(labels, by_iri, lang)


def _picked(labels: dict[str, str], by_iri: dict[str, dict[str, list[str]]], lang: str) -> dict[str, str]:
    found = {iri: pick(by_lang, lang) for iri, by_lang in by_iri.items()}
    labels.update((iri, label) for iri, label in found.items() if label)
    return labels


def labels_from_columns(cols, iris: set[str], lang: str, invalid: dict[str, str]) -> dict[str, str]:
    """labels_of, read from the columns (a validate.columns.Columns) instead of a store, label for label the
    same: many IRIs take the least stated label in exactly the display language first, as labels_of does (in
    the columns, where no such label of the IRI has an escape to undo), the rest their prefLabels picked."""
    import polars as pl

    from .columns import unescape

    wanted = {i for i in iris if not i.startswith(("_:", '"')) and i not in invalid}
    rows = _pref_rows(cols, wanted)
    labels: dict[str, str] = {}
    if len(wanted) > _LABEL_SCAN:
        tag = pl.col("lang") == lang.lower()
        least = (rows.filter(pl.col("stated") & tag).group_by("iri")
                 .agg(pl.col("value").min(), pl.col("value").str.contains("\\", literal=True).any().alias("escaped")))
        # No such label with an escape: the least of the escaped texts is the least text (code points, as
        # Python orders them); else it is picked from the unescaped texts below, as labels_of picks.
        least = least.filter(~pl.col("escaped"))
        labels = dict(zip(least["iri"].to_list(), least["value"].to_list(), strict=True))
        rows = rows.filter(~pl.col("iri").is_in(least["iri"].implode()))
        for iri, text in rows.filter(pl.col("stated") & tag).select("iri", "value").iter_rows():
            text = unescape(text)
            if iri not in labels or text < labels[iri]:
                labels[iri] = text
        rows = rows.filter(~pl.col("iri").is_in(pl.Series(list(labels), dtype=pl.String).implode()))
    by_iri: dict[str, dict[str, list[str]]] = {}
    for iri, tag_, text in rows.select("iri", "lang", "value").iter_rows():
        by_iri.setdefault(iri, {}).setdefault(tag_, []).append(unescape(text))
    return _picked(labels, by_iri, lang)


def _pref_rows(cols, wanted: set[str]):
    """(iri, lang, value still escaped, stated) of each prefLabel literal of the `wanted` IRIs, stated or entailed,
    found from the prefLabel statements' rows by id (a term's id is its row in cols.terms), not by a search of
    the whole term table."""
    import polars as pl

    from .columns import iri as spelled

    pref = cols.id(spelled(SKOS + "prefLabel"))
    terms = cols.terms
    frames = []
    for stated, triples in ((True, cols.stated), (False, cols.entailed)):
        rows = triples.filter(pl.col("p") == pref)
        o, s = rows["o"], rows["s"]
        frames.append(pl.DataFrame({"term": terms["term"].gather(s), "kind": terms["kind"].gather(o),
                                    "lang": terms["lang"].gather(o), "value": terms["value"].gather(o)})
                      .with_columns(pl.lit(stated).alias("stated")))
    spelled_wanted = "<" + pl.Series(list(wanted), dtype=pl.String) + ">"
    return (pl.concat(frames).filter((pl.col("kind") == "l") & pl.col("term").is_in(spelled_wanted.implode()))
            .select(pl.col("term").str.strip_prefix("<").str.strip_suffix(">").alias("iri"), "lang", "value",
                    "stated"))


_LABELS_IN = """SELECT ?focus ?label WHERE {
  ?focus skos:prefLabel ?label FILTER(isIRI(?focus) && LANG(?label) = ?lang)
}"""
_LABEL_SCAN = 20_000  # more IRIs than this: read every prefLabel once instead of looking each IRI up


_ASCII_NAME = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"


class Curies(dict):
    """namespaces.curie() for many IRIs with the same prefixes, each IRI once: `curies(iri)`, or `curies[iri]`
    (a dict of the IRIs seen, the rest worked out as they are asked for). A CURIE's local name is [\\w.-]+
    (str.isalnum or _ is exactly \\w), so its namespace ends where the IRI's last run of such characters
    starts, or inside that run: one dict lookup per IRI, more only for namespaces that end in a name character
    (".../c_"), instead of trying each prefix per IRI."""

    _NAME = re.compile(r"[\w.-]*")  # matched on the reversed IRI: a search for the tail from the front is quadratic

    def __init__(self, prefixes: dict[str, str] | None) -> None:
        super().__init__()
        self._by_namespace: dict[str, str] = {}
        for prefix, ns in (prefixes or PREFIXES).items():
            if ns:  # as in curie(): an empty namespace shortens nothing; the first prefix of a namespace wins
                self._by_namespace.setdefault(ns, prefix)
        # Namespaces that end in a name character can end inside the tail: those lengths are tried too.
        self._inner = sorted({len(ns) for ns in self._by_namespace if self._NAME.fullmatch(ns[-1:] or " ")},
                             reverse=True)

    def __missing__(self, iri: str) -> str:
        found = self[iri] = self._shorten(iri)
        return found

    __call__ = dict.__getitem__

    def _shorten(self, iri: str) -> str:
        # On ASCII \w is [A-Za-z0-9_]: the tail is what rstrip takes off.
        start = len(iri.rstrip(_ASCII_NAME)) if iri.isascii() else len(iri) - self._NAME.match(iri[::-1]).end()
        # The longest namespace wins: one ending inside the tail is longer than the one ending where it starts.
        for length in self._inner:
            if start < length < len(iri) and iri[:length] in self._by_namespace:
                return f"{self._by_namespace[iri[:length]]}:{iri[length:]}"
        if 0 < start < len(iri) and iri[:start] in self._by_namespace:
            return f"{self._by_namespace[iri[:start]]}:{iri[start:]}"
        return iri


@cache
def _fields_in(template: str) -> frozenset[str]:
    """The {fields} a message template uses: only those are worked out (mol's many findings use none)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def _findings(vocab: Vocabulary, rule: Rule, hits: list[Hit], labels: dict[str, str], places: bool,
              short: Curies) -> list[Finding]:
    """The hits of `rule` as findings: the message from the rule's template (only the fields it uses worked
    out), the focus's label, its place."""
    label_of = labels.get

    def name(iri: str) -> str:
        label = label_of(iri)
        return short[iri] if label is None else f"{label} ({short[iri]})"

    def shown(value: str) -> str:
        # A value that is an IRI (the parent a redundant link runs through) reads better by its label.
        return name(value) if "://" in value and not value.startswith('"') and " " not in value else value

    used = _fields_in(rule.message) if rule.message else frozenset()
    focus, n = "focus" in used, "n" in used
    others, values = bool(used & {"other", "others"}), bool(used & {"value", "values"})
    place = vocab.place if places else None
    found = []
    for hit in hits:
        message = hit.message
        if not message:
            fields: dict[str, object] = {}
            if focus:
                fields["focus"] = name(hit.focus)
            if others:  # (one name, the usual case, without a join)
                o = hit.others
                fields["other"] = fields["others"] = name(o[0]) if len(o) == 1 else ", ".join(map(name, o))
            if values:
                v = hit.values
                fields["value"] = fields["values"] = shown(v[0]) if len(v) == 1 else ", ".join(map(shown, v))
            if n:
                fields["n"] = hit.n if hit.n is not None else len(hit.others) + 1
            message = rule.message.format_map(fields)
        found.append(Finding(rule.id, hit.severity or rule.severity, hit.focus, label_of(hit.focus), message,
                             hit.others, hit.values,
                             place(hit.focus) if place is not None and not hit.focus.startswith("_:") else None))
    return found


_ORDER = attrgetter("focus", "others", "values", "message")  # findings within a rule (rules in all_rules' order)


def _refusals(hits: dict[str, list[Hit] | Refused]) -> dict[str, str]:
    """The rules a store refused to run, taken out of `hits`: rule id -> the store's message."""
    refused = {rule_id: str(found) for rule_id, found in hits.items() if isinstance(found, Refused)}
    for rule_id in refused:
        del hits[rule_id]
    return dict(sorted(refused.items()))


def report_of(vocab: Vocabulary, rules: list[Rule], hits: dict[str, list[Hit]], fail_on: str, lang: str,
            places: bool, progress: Progress, labelled=None) -> Report:
    """The hits as findings: blank nodes by stable names, labels, places, sorted. `labelled(iris)`: the labels
    when they come from elsewhere than the store (the columns; blank nodes are then named already)."""
    progress("writing findings")
    unchecked = _refusals(hits)
    if labelled is None:
        rename_blank_nodes(vocab, rules, hits)
    # The hierarchy and label indexes are done with: their memory goes before the findings are made (on large
    # vocabularies this stage is validate's peak).
    vocab.derived.layers.clear()
    vocab.derived.label_groups = None
    iris = {h.focus for hs in hits.values() for h in hs}
    iris.update(*(h.others for hs in hits.values() for h in hs), *(h.values for hs in hits.values() for h in hs))
    iris = {i for i in iris if "://" in i}
    labels = labelled(iris) if labelled else labels_of(vocab, iris, lang)
    del iris
    order = {r.id: i for i, r in enumerate(all_rules())}
    report = Report(findings=[], rules=rules, fail_on=fail_on, sources=tuple(str(s) for s in vocab.sources),
                    prefixes=dict(vocab.prefixes), unchecked=unchecked)
    for rule in sorted(rules, key=lambda r: order[r.id]):  # each rule's hits dropped once they are findings
        found = _findings(vocab, rule, hits.pop(rule.id, []), labels, places, report.curies)
        found.sort(key=_ORDER)
        report.findings += found
    return report
