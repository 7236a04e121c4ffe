"""The rule registry: one .rq file per check in tropekg/validate/checks/, its metadata in a `# key: value` header."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import TropekgError, UsageError

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
SEVERITIES = ("error", "warning", "info")  # most severe first
# What runs the rules that have a columnar form (validate.columnar): the store (the default: the columns sit beside
# the store and cost memory until they replace it, issue 27), the columns always, or the columns on large inputs.
ENGINES = ("store", "columns", "auto")
RANK = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}  # error 3, warning 2, info 1
_REQUIRED = ("id", "severity", "title", "message", "reference")
_KNOWN = {*_REQUIRED, "aliases", "analysis", "per", "fix", "group", "input", "enabled", "rows", "entailment",
          "counts"}


class Hit(NamedTuple):
    """What a check found, before labels, messages and places are added."""

    focus: str
    others: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    n: int | None = None
    severity: str | None = None  # overrides the rule's (SHACL results carry their own)
    message: str | None = None  # overrides the rule's template
    group: bool = False  # focus and others are one group's members in order (the focus is the least)


@dataclass(frozen=True)
class Rule:
    """One check: metadata from the header and the SPARQL body that finds (or, with `analysis`, extracts)."""

    id: str
    severity: str
    title: str
    message: str  # a template: {focus}, {other}, {value}, {others}, {values}, {n}
    reference: str
    group: str  # "skos" | "qskos" | "curator" | "shacl": where the rule comes from, for --list-rules and docs/rules.md
    sparql: str
    path: Path
    aliases: tuple[str, ...] = ()
    analysis: str | None = None  # the name of a Python analysis (validate.analyses) that turns rows into findings
    per: str = "row"  # "row": one finding per solution (statement); "focus": one per resource, values gathered
    fix: str | None = None  # the name of a repair in tropekg.validate.fixes
    enabled: bool = True  # False: runs only when selected by name (or "all")
    # How an analysis gets its query's rows: "terms" (dicts of Oxigraph terms) or "text" (lists of plain strings
    # through Oxigraph's CSV writer, for queries of IRIs and the rule's own tags: far cheaper than term objects)
    rows: str = "terms"
    input: str | None = None  # what an analysis reads besides its own query, for the reader of the file
    entailment: bool = False  # True: the query reads the stated triples and what SKOS entails (entailment.py)
    counts: str = ""  # what one finding is (`--list-rules`), where the title does not say

    def as_dict(self) -> dict:
        return {"id": self.id, "severity": self.severity, "title": self.title, "group": self.group,
                "reference": self.reference, "aliases": list(self.aliases), "fix": self.fix, "enabled": self.enabled,
                "counts": self.counts}


def parse_rule(path: Path) -> Rule:
    """A Rule from an .rq file: its leading comment lines are the header, each `# key: value` with a known key
    (a key given twice continues its value); the rest is the query. Anything else in the header is an error, so a
    misspelt key cannot be silently ignored."""
    meta: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    body_at = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    for lineno, line in enumerate(lines[:body_at], 1):
        key, colon, value = line[1:].partition(":")
        key = key.strip()
        if not colon or key not in _KNOWN:
            raise TropekgError(f"{path}:{lineno}: header line is not '# key: value' with a known key "
                               f"({', '.join(sorted(_KNOWN))}); put comments inside the query")
        meta[key] = (meta[key] + " " + value.strip()) if key in meta else value.strip()
    body = lines[body_at:]
    missing = [k for k in _REQUIRED if not meta.get(k)]
    if missing:
        raise TropekgError(f"{path}: header lacks {', '.join(missing)}; add '# {missing[0]}: ...' at the top")
    if meta["severity"] not in SEVERITIES:
        raise TropekgError(f"{path}: severity {meta['severity']!r}; use one of {', '.join(SEVERITIES)}")
    return Rule(
        id=meta["id"], severity=meta["severity"], title=meta["title"], message=meta["message"],
        reference=meta["reference"], group=meta.get("group", "qskos"), sparql="\n".join(body).strip(),
        path=path, aliases=tuple(meta.get("aliases", "").replace(",", " ").split()),
        analysis=meta.get("analysis") or None, per=meta.get("per", "row"), fix=meta.get("fix") or None,
        enabled=meta.get("enabled", "yes") != "no", rows=meta.get("rows", "terms"), input=meta.get("input"),
        entailment=meta.get("entailment", "no") == "yes", counts=meta.get("counts", ""),
    )


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in a stable order: SKOS conditions, qSKOS checks, curator checks, shapes; by id within."""
    rules = [parse_rule(p) for p in sorted(CHECKS_DIR.glob("*.rq"))]
    order = {"skos": 0, "qskos": 1, "curator": 2, "shacl": 3}
    return tuple(sorted(rules, key=lambda r: (order.get(r.group, 9), _natural(r.id))))


def _natural(rule_id: str) -> tuple:
    # S9 before S13: compare the number, not the text.
    head = rule_id.rstrip("0123456789")
    tail = rule_id[len(head):]
    return (head, int(tail) if tail else -1)


def ids_and_aliases() -> dict[str, str]:
    """Every accepted name (id or alias, lower-cased) -> the rule id."""
    names: dict[str, str] = {}
    for rule in all_rules():
        names[rule.id.lower()] = rule.id
        for alias in rule.aliases:
            names[alias.lower()] = rule.id
    return names


def resolve_names(names: list[str] | None, option: str) -> set[str]:
    """Rule ids for names given to --select/--ignore (ids or aliases, any case); "all" is every rule."""
    known = ids_and_aliases()
    found: set[str] = set()
    for name in names or []:
        for part in name.replace(",", " ").split():
            if part.lower() == "all":
                found |= {r.id for r in all_rules()}
            elif part.lower() in known:
                found.add(known[part.lower()])
            else:
                raise UsageError(f"{option} {part}: no such rule; `tropekg validate --list-rules` lists them")
    return found


def chosen(select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    """The rules to run: the selected ones (the enabled ones when none are selected) minus the ignored ones."""
    wanted = resolve_names(select, "--select") if select else {r.id for r in all_rules() if r.enabled}
    wanted -= resolve_names(ignore, "--ignore")
    return [r for r in all_rules() if r.id in wanted]
