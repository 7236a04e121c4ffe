"""The validation engine: runs the rules of tropekg/checks/ on a Vocabulary and returns findings as data."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox

from .analyses import ANALYSES, Hit
from .errors import QueryError, TropekgError, UsageError
from .labels import lang_tag, pick
from .namespaces import SKOS, curie
from .rules import RANK, SEVERITIES, Rule, all_rules, chosen
from .vocabulary import Vocabulary

FAIL_LEVELS = SEVERITIES


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

    @property
    def conforms(self) -> bool:
        """True when no finding is at or above the fail level."""
        return not any(RANK[f.severity] >= RANK[self.fail_on] for f in self.findings)

    @property
    def summary(self) -> dict:
        by_rule: dict[str, int] = {}
        for f in self.findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        return {
            "findings": len(self.findings),
            "bySeverity": {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES},
            "byRule": by_rule,
            "rules": [r.id for r in self.rules],
            "failOn": self.fail_on,
        }

    def as_dict(self) -> dict:
        return {"conforms": self.conforms, "findings": [f.as_dict() for f in self.findings],
                "summary": self.summary}


def term_text(term) -> str:
    """A term as plain text: an IRI as itself, a literal as "text"@lang, a blank node as _:id."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        # Labels keep quotes and language ("Netorare"@en); plain strings (rule-made values) read as they are.
        if term.language:
            return f'"{term.value}"@{lang_tag(term.language)}'
        return term.value if term.value.strip() else f'"{term.value}"'
    return str(term)


def _run_query(vocab: Vocabulary, rule: Rule) -> list[dict]:
    try:
        result = vocab.query(rule.sparql)
    except QueryError as e:
        raise TropekgError(f"{rule.path}: the query of rule {rule.id} failed ({e}); fix the check file") from None
    names = [v.value for v in result.variables]
    return [{n: sol[i] for i, n in enumerate(names) if sol[i] is not None} for sol in result]


def _hits_from_rows(rule: Rule, rows: list[dict]) -> list[Hit]:
    """Rows of a pattern check as hits: one per row, or one per focus with values gathered (`per: focus`)."""
    if rule.per != "focus":
        return [Hit(term_text(r["focus"]), tuple(term_text(r[k]) for k in ("other",) if k in r),
                    tuple(term_text(r[k]) for k in ("value",) if k in r)) for r in rows if "focus" in r]
    grouped: dict[str, tuple[set, set]] = {}
    for r in rows:
        if "focus" in r:
            others, values = grouped.setdefault(term_text(r["focus"]), (set(), set()))
            if "other" in r:
                others.add(term_text(r["other"]))
            if "value" in r:
                values.add(term_text(r["value"]))
    return [Hit(focus, tuple(sorted(o)), tuple(sorted(v)), n=len(v)) for focus, (o, v) in grouped.items()]


def labels_of(vocab: Vocabulary, iris: set[str], lang: str) -> dict[str, str]:
    """prefLabels in the display language for just these IRIs (Lookup reads every label: 0.8 s at 100k)."""
    pref = ox.NamedNode(SKOS + "prefLabel")
    found: dict[str, str] = {}
    for iri in iris:
        if iri.startswith("_:") or iri.startswith('"'):
            continue
        by_lang: dict[str, list[str]] = {}
        for q in vocab.store.quads_for_pattern(ox.NamedNode(iri), pref, None):
            if isinstance(q.object, ox.Literal):
                by_lang.setdefault(q.object.language or "", []).append(q.object.value)
        label = pick(by_lang, lang)
        if label:
            found[iri] = label
    return found


def _finding(vocab: Vocabulary, rule: Rule, hit: Hit, labels: dict[str, str], places: bool) -> Finding:
    def name(iri: str) -> str:
        short = curie(iri, vocab.prefixes)
        return f"{labels[iri]} ({short})" if iri in labels else short

    def shown(value: str) -> str:
        # A value that is an IRI (the parent a redundant link runs through) reads better by its label.
        return name(value) if "://" in value and not value.startswith('"') and " " not in value else value

    others = ", ".join(name(o) for o in hit.others)
    values = ", ".join(shown(v) for v in hit.values)
    count = hit.n if hit.n is not None else len(hit.others) + 1
    fields = {"focus": name(hit.focus), "other": others, "others": others, "value": values, "values": values,
              "n": count}
    message = hit.message or rule.message.format_map(fields)
    return Finding(rule=rule.id, severity=hit.severity or rule.severity, focus=hit.focus,
                   label=labels.get(hit.focus), message=message, others=hit.others, values=hit.values,
                   place=vocab.place(hit.focus) if places and not hit.focus.startswith("_:") else None)


def validate(vocab: Vocabulary, select: list[str] | None = None, ignore: list[str] | None = None,
             fail_on: str = "warning", lang: str = "en", places: bool = True) -> Report:
    """Run the selected rules (all by default; ids or aliases) on `vocab` and return the Report.

    Findings are data: this never raises on findings, only when the rules themselves cannot run."""
    if fail_on not in FAIL_LEVELS:
        raise UsageError(f"--fail-on {fail_on}: choose one of {', '.join(FAIL_LEVELS)}")
    rules = chosen(select, ignore)
    hits: dict[str, list[Hit]] = {}
    # Pattern queries run on two threads (Oxigraph evaluates outside the GIL); the Python analyses run meanwhile
    # on this one, so the hierarchy extraction and networkx work overlap the SPARQL.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {r.id: pool.submit(_run_query, vocab, r) for r in rules if r.sparql and not r.analysis}
        for rule in rules:
            if rule.analysis:
                rows = _run_query(vocab, rule) if rule.sparql else []
                hits[rule.id] = ANALYSES[rule.analysis](vocab, rows)
        for rule_id, job in jobs.items():
            hits[rule_id] = _hits_from_rows(next(r for r in rules if r.id == rule_id), job.result())
    iris = {i for hs in hits.values() for h in hs for i in (h.focus, *h.others, *h.values) if "://" in i}
    labels = labels_of(vocab, iris, lang)
    order = {r.id: i for i, r in enumerate(all_rules())}
    findings = [_finding(vocab, rule, hit, labels, places) for rule in rules for hit in hits.get(rule.id, [])]
    findings.sort(key=lambda f: (order[f.rule], f.focus, f.others, f.values, f.message))
    return Report(findings=findings, rules=rules, fail_on=fail_on,
                  sources=tuple(str(s) for s in vocab.sources), prefixes=dict(vocab.prefixes))
