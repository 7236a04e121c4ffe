"""The hits of validate's rules as a Report of Findings: blank nodes named, labels, messages, CURIEs, places, order."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from itertools import chain, repeat
from operator import itemgetter, methodcaller
from string import Formatter
from typing import NamedTuple

from ..collector import paused
from ..errors import Refused
from ..output.progress import Progress
from ..vocabulary import Vocabulary
from .analyses import Hit
from .naming import Curies, Names, labels_of
from .rules import RANK, SEVERITIES, Rule, all_rules


class Finding(NamedTuple):
    """One problem: which rule, how severe, which resource (and its label), what else is involved, and where.

    A named tuple (immutable, fields by name): a large report makes and frees hundreds of thousands, each one
    object, made in C (_MAKE), where a dataclass's were two (the instance and its __dict__)."""

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
        return not self.unchecked and all(RANK[s] < RANK[self.fail_on] for s in set(map(_SEVERITY, self.findings)))

    @property
    def summary(self) -> dict:
        by_rule = Counter(map(_RULE, self.findings))  # in the order of their first finding (counted in C)
        by_severity = Counter(map(_SEVERITY, self.findings))
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


def blank_nodes_in(hits: dict[str, list[Hit]]) -> set[str]:
    """The blank nodes the hits name (focus, others or values)."""
    found: set[str] = set()
    for hs in hits.values():
        if hs:
            focus, others, values, *_ = zip(*hs, strict=True)  # columns, then a filter in C: no Python call per hit
            found.update(filter(_BLANK, chain(focus, chain.from_iterable(others), chain.from_iterable(values))))
    return found


def rename_blank_nodes(vocab: Vocabulary, rules: list[Rule], hits: dict[str, list[Hit]]) -> None:
    """Blank nodes in hits by their stable names (tropekg.blanks.stable_names, from the statements `vocab`'s store
    holds about them), in place; groups and gathered values are put back in order, as the analyses and
    `per: focus` sort them."""
    ids = blank_nodes_in(hits)
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
            message = h.message
            if message and "_:" in message:  # a message written whole (our SHACL shapes') naming a blank node
                message = _BLANK_LABEL.sub(lambda m: names.get(m.group(), m.group()), message)
            renamed.append(h._replace(focus=focus, others=others, values=values, message=message))
        hits[rule_id] = renamed


_BLANK_LABEL = re.compile(r"_:[\w-]+(?:\.[\w-]+)*")  # N-Triples BLANK_NODE_LABEL: no "." at its end


@cache
def _fields_in(template: str) -> frozenset[str]:
    """The {fields} a message template uses: only those are worked out (mol's many findings use none)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


def _findings(rule: Rule, columns: tuple[tuple, ...] | None, names: Names, labels: dict[str, str], place) \
        -> list[Finding]:
    """The hits of `rule` (as columns: report_of's transposition) as findings, sorted: the message from the
    rule's template (only the fields it uses worked out, a column of each), the focus's label, its place
    (`place(iri)`, or None for none). Each column is made by map() (C loops, no Python call per hit where the
    values are looked up)."""
    if not columns:
        return []
    focus, others, values, counts, severities, overrides, _ = columns
    percent = _percent(rule.message)
    if percent is None or any(overrides):  # (SHACL's hits bring their own messages)
        made = {f: list(_column(f, focus, others, values, counts, names)) for f in _fields_in(rule.message)} \
            if rule.message else {}
        messages = [m or rule.message.format_map({f: c[i] for f, c in made.items()})
                    for i, m in enumerate(overrides)]
    else:
        template, fields = percent
        made = {f: _column(f, focus, others, values, counts, names) for f in set(fields)}
        messages = list(map(template.__mod__, zip(*[made[f] for f in fields], strict=True))) if fields \
            else [template % ()] * len(focus)
    if place is None:
        places: Iterable = repeat(None)
    elif any(map(str.startswith, focus, repeat("_:"))):
        places = [None if f.startswith("_:") else place(f) for f in focus]
    else:
        places = map(place, focus)
    severity = [s or rule.severity for s in severities] if any(severities) else repeat(rule.severity)
    found = list(map(_MAKE, zip(repeat(rule.id), severity, focus, map(labels.get, focus), messages, others, values,
                                places)))
    found.sort(key=_ORDER)
    return found


def _column(field: str, focus: tuple, others: tuple, values: tuple, counts: tuple, names: Names) -> list[str]:
    """One field of a rule's messages, hit by hit, as format() writes it (rules.py reads only these fields)."""
    if field == "focus":
        return list(map(names.__getitem__, focus))
    if field == "n":
        return [len(o) + 1 if n is None else n for n, o in zip(counts, others, strict=True)]
    if field in ("other", "others"):
        return _joined(others, names.__getitem__)
    if field in ("value", "values"):
        # A value that is an IRI (the parent a redundant link runs through) reads better by its label; each
        # distinct value worked out once (a few, urc's properties, recur in many findings).
        shown = {v: names[v] if "://" in v and not v.startswith('"') and " " not in v else v
                 for v in set(chain.from_iterable(values))}
        return _joined(values, shown.__getitem__)
    raise KeyError(field)  # as format_map would


def _joined(groups: tuple[tuple[str, ...], ...], name) -> list[str]:
    """Each group's members by `name`, joined by ", ": one member each (the usual case) without a join."""
    if set(map(len, groups)) == {1}:
        return list(map(name, map(_FIRST, groups)))
    return [name(g[0]) if len(g) == 1 else ", ".join(map(name, g)) for g in groups]


@cache
def _percent(template: str) -> tuple[str, tuple[str, ...]] | None:
    """The message template as a %-template and its fields in order (each filled by %s, which writes a text or a
    count as format() does), or None when a field has a conversion or a format spec."""
    parts, fields = [], []
    for literal, name, spec, conversion in Formatter().parse(template):
        parts.append(literal.replace("%", "%%"))
        if name is not None:
            if spec or conversion or not name.isidentifier():
                return None
            parts.append("%s")
            fields.append(name)
    return "".join(parts), tuple(fields)


_MAKE = partial(tuple.__new__, Finding)  # Finding from a row of its fields, in C (as namedtuple's _make)
# A Finding's fields by position: a named tuple's fields by name are a descriptor's call each (CPython 3.11
# specialises neither attrgetter nor such an attribute read), its items by position a C index.
_FIRST = _RULE = itemgetter(0)
_SEVERITY = itemgetter(1)
_BLANK, _IRI = methodcaller("startswith", "_:"), methodcaller("__contains__", "://")
_ORDER = itemgetter(2, 5, 6, 4)  # focus, others, values, message: findings within a rule (rules in all_rules' order)


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
    # The cyclic garbage collector is paused while the findings are made: they are tuples, which it tracks, and
    # hundreds of thousands made at once start full collections that walk every object alive (the hits, the
    # labels) and find nothing to free, none of them being in a cycle. Its thresholds run as before afterwards.
    with paused():  # (validate() pauses it too; report_of is also run alone, by bench/validate_report.py)
        return _report_of(vocab, rules, hits, fail_on, lang, places, progress, labelled)


def _report_of(vocab: Vocabulary, rules: list[Rule], hits: dict[str, list[Hit]], fail_on: str, lang: str,
               places: bool, progress: Progress, labelled) -> Report:
    progress("writing findings")
    unchecked = _refusals(hits)
    if labelled is None:
        rename_blank_nodes(vocab, rules, hits)
    # The hierarchy and label indexes are done with: their memory goes before the findings are made (on large
    # vocabularies this stage is validate's peak).
    vocab.derived.layers.clear()
    vocab.derived.label_groups = None
    # Each rule's hits transposed once (in C) into columns (focus, others, values, n, severity, message,
    # group), which the names and the findings read; the hits themselves are dropped as they are transposed.
    columns = {rule_id: tuple(zip(*found, strict=True)) for rule_id, found in _popped(hits) if found}
    every_focus, named = _shown(rules, columns)
    # The place index is read only when a finding has a place (a clean run never waits for it); blank nodes have none.
    placed = every_focus - set(filter(_BLANK, every_focus)) if places else set()
    foci = set(filter(_IRI, every_focus))
    del every_focus
    iris = foci | named
    labels = labelled(iris) if labelled else labels_of(vocab, iris, lang)
    order = {r.id: i for i, r in enumerate(all_rules())}
    report = Report(findings=[], rules=rules, fail_on=fail_on, sources=tuple(str(s) for s in vocab.sources),
                    prefixes=dict(vocab.prefixes), unchecked=unchecked)
    names = Names(labels, report.curies)
    # Names ("label (CURIE)") for the IRIs messages name, the CURIEs alone for the other foci (the renderings
    # name a focus by its label and CURIE): a name is made and kept only where it is read.
    names.fill(named)
    report.curies.fill(foci - named)
    del iris, foci, named
    place = vocab.places_of(placed).get if placed else None
    del placed
    for rule in sorted(rules, key=lambda r: order[r.id]):  # each rule's columns dropped once they are findings
        report.findings += _findings(rule, columns.pop(rule.id, None), names, labels, place)
    return report


def _popped(hits: dict[str, list[Hit]]) -> Iterator[tuple[str, list[Hit]]]:
    """Each rule's hits, taken out of `hits` one by one (their memory goes as each is done with)."""
    while hits:
        yield hits.popitem()


def _shown(rules: list[Rule], columns: dict[str, tuple[tuple, ...]]) -> tuple[set[str], set[str]]:
    """What a report shows: every focus (blank nodes too), and the IRIs the messages name, which need labels
    and CURIEs (the others and values of the rules whose messages name them, the foci of those that name the
    focus)."""
    foci: set[str] = set()
    named: set[str] = set()
    for rule in rules:
        found = columns.get(rule.id)
        if not found:
            continue
        focus, others, values, *_ = found
        fields = _fields_in(rule.message) if rule.message else frozenset()
        foci.update(focus)
        if "focus" in fields:
            named.update(focus)
        if fields & {"other", "others", "value", "values"}:
            named.update(chain.from_iterable(others), chain.from_iterable(values))
    return foci, set(filter(_IRI, named))
