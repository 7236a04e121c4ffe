"""Renderings of a validation Report: text, json, ttl (SHACL), junit and github; one registry, one entry each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from itertools import groupby
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter
from typing import TYPE_CHECKING

from ..namespaces import SH, TKCHECK
from ..output.text import Style, json_text

if TYPE_CHECKING:
    from .findings import Finding, Report

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
# XML 1.0 forbids these characters even escaped (ucil finds them in labels): they become U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _by_rule(report: Report) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for rule, run in groupby(report.findings, itemgetter(0)):  # (the rule; runs: findings come by rule)
        groups.setdefault(rule, []).extend(run)
    return groups


def _totals(report: Report) -> str:
    counts = report.summary["bySeverity"]
    verdict = "conforms" if report.conforms else "does not conform"
    parts = ", ".join(f"{n} {sev}" for sev, n in counts.items())
    return f"{len(report.findings)} findings ({parts}); {verdict} at --fail-on {report.fail_on}"


def text_report(report: Report, color: bool = False) -> str:
    """Findings grouped by rule: a header per rule, one line per finding with its place."""
    st = Style(color)
    short = report.curies  # one lookup per IRI, not curie()'s search per finding
    dim = st.dim if color else None
    titles = {r.id: r.title for r in report.rules}
    out: list[str] = []
    for rule, findings in _by_rule(report).items():
        severity = findings[0].severity
        tag = f"{_COLOURS[severity]}{severity}\x1b[0m" if color else severity
        out.append(f"{st.bold(rule)}  {tag}  {titles.get(rule, '')} ({len(findings)})")
        out += _text_lines(findings, short, dim)
        out.append("")
    out.append(st.bold(_totals(report)))
    return "\n".join(out) + "\n"


def _text_lines(findings: list[Finding], short, dim) -> list[str]:
    """A rule's findings as lines: its place (dimmed in colour), its label and CURIE (or the CURIE), its message."""
    if dim is None:  # (one comprehension, a Finding unpacked in C: the case of large reports, written to files)
        return [f"  {place}  {label} ({short[focus]}): {message}" if label and place
                else f"  {label} ({short[focus]}): {message}" if label
                else f"  {place}  {short[focus]}: {message}" if place else f"  {short[focus]}: {message}"
                for _, _, focus, label, message, _, _, place in findings]
    out = []
    for _, _, focus, label, message, _, _, place in findings:
        name = f"{label} ({short[focus]})" if label else short[focus]
        out.append(f"  {dim(place + '  ') if place else ''}{name}: {message}")
    return out


def json_report(report: Report, color: bool = False) -> str:
    """The Report as JSON, indented by 2, byte for byte what json.dumps(..., indent=2) writes.

    json.dumps with indent runs the pure-Python encoder, many times slower than the C one on a large report. So
    the findings, flat records, are laid out here with the C string encoder, and only the small rest goes
    through json.dumps."""
    pieces: list[str] = ["{\n"]
    for key in ("conforms", "findings", "summary"):  # Report.as_dict()'s keys, in its order
        pieces.append(("" if key == "conforms" else ",\n") + f'  "{key}": ')
        if key != "findings":
            pieces.append(json.dumps(getattr(report, key), ensure_ascii=False, indent=2).replace("\n", "\n  "))
        elif report.findings:
            # One finding's dict at a time (a list of them all raised the peak memory), one join at the end.
            pieces += ["[\n", _json_findings(report.findings), "\n  ]"]
        else:
            pieces.append("[]")
    pieces.append("\n}\n")
    return "".join(pieces)


def _json_value(value, indent: str) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _json_strings(value, indent)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _json_strings(values, indent: str) -> str:
    """A list of strings as json.dumps(indent=2) lays it out at `indent`; any other list by json.dumps."""
    if not values:
        return "[]"
    inner = ",\n" + indent + "  "
    try:
        return "[\n" + indent + "  " + inner.join(map(encode_basestring, values)) + f"\n{indent}]"
    except TypeError:  # not all strings
        return json.dumps(list(values), ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _json_findings(findings: list[Finding]) -> str:
    """The findings as Finding.as_dict() laid out by json.dumps at indent 2, joined by ",\n"."""
    return ",\n".join(map(_json_finding, findings))


def _json_finding(f: Finding) -> str:
    # Finding.as_dict() laid out by hand, key by key in its order: a generic loop over the dict's items is the
    # slow part on large reports. A rule's and a severity's texts recur: each encoded once.
    rule, severity, focus, label, message, others, values, place = f
    return (f'    {{\n      "rule": {_encoded(rule)},\n      "severity": {_encoded(severity)},\n'
            f'      "focus": {_ENCODE(focus)},\n      "label": {"null" if label is None else _ENCODE(label)},\n'
            f'      "message": {_ENCODE(message)},\n      "others": {_json_list(others)},\n'
            f'      "values": {_json_list(values)},\n      "place": {"null" if place is None else _ENCODE(place)}\n'
            "    }")


def _json_list(strings: tuple[str, ...]) -> str:
    """A finding's others or values as _json_strings lays them out there; one string (the usual case) at once."""
    if len(strings) == 1 and type(strings[0]) is str:
        return f"[\n        {_ENCODE(strings[0])}\n      ]"
    return _json_strings(strings, "      ")


_ENCODE = encode_basestring


@cache
def _encoded(text: str) -> str:  # a rule's id and a severity: few, each encoded once
    return encode_basestring(text)


def ttl_report(report: Report, color: bool = False) -> str:
    """A SHACL sh:ValidationReport, so SHACL tooling reads the results; blank nodes numbered for stable output.

    The statements are written as N-Triples and parsed back for Oxigraph's Turtle writer: a term object made in
    Python for each of them cost several times more."""
    import pyoxigraph as ox

    from ..ntriples import iri_ref, quoted

    sh = {name: f"<{SH}{name}>" for name in (
        "ValidationReport", "ValidationResult", "conforms", "result", "focusNode", "resultSeverity",
        "resultMessage", "sourceShape", "value", "Violation", "Warning", "Info")}
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    severity = {"error": sh["Violation"], "warning": sh["Warning"], "info": sh["Info"]}
    conforms = f'"{str(report.conforms).lower()}"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    lines = [f"_:report {rdf_type} {sh['ValidationReport']} .\n_:report {sh['conforms']} {conforms} .\n"]
    for i, (rule, level, focus, _, message, _, values, _) in enumerate(report.findings, 1):
        node = f"_:r{i}"
        focus = focus if focus.startswith("_:") else iri_ref(focus)
        lines.append(f"_:report {sh['result']} {node} .\n{node} {rdf_type} {sh['ValidationResult']} .\n"
                     f"{node} {sh['focusNode']} {focus} .\n{node} {sh['resultSeverity']} {severity[level]} .\n"
                     f"{node} {sh['sourceShape']} <{TKCHECK}{rule}> .\n"
                     f"{node} {sh['resultMessage']} {quoted(message)}@en .\n")
        lines += [f"{node} {sh['value']} {quoted(v)} .\n" for v in values]
    # Leniently: a focus may be an invalid IRI that validate read leniently (invalid-iri's findings name it).
    triples = ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH, "tkcheck": TKCHECK})
    return data.decode("utf-8")


def junit_report(report: Report, color: bool = False) -> str:
    """JUnit XML: one test case per rule that ran, failing with its findings at or above the fail level."""
    # Imported here: xml.sax.saxutils pulls in urllib, http and email, which other reports do not need.
    from xml.sax.saxutils import escape, quoteattr

    from .rules import RANK

    def x(text: str) -> str:
        return escape(_NOT_XML.sub("\ufffd", text))

    groups = _by_rule(report)
    failing = [r for r in report.rules
               if any(RANK[f.severity] >= RANK[report.fail_on] for f in groups.get(r.id, []))]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="tropekg validate" tests="{len(report.rules)}" failures="{len(failing)}">',
           f'  <testsuite name="tropekg validate" tests="{len(report.rules)}" failures="{len(failing)}">']
    for rule in report.rules:
        findings = groups.get(rule.id, [])
        out.append(f"    <testcase classname={quoteattr('tropekg.' + rule.group)} "
                   f"name={quoteattr(_NOT_XML.sub(chr(0xFFFD), rule.id + ' ' + rule.title))}>")
        if findings:
            tag = "failure" if rule in failing else "system-out"
            body = "\n".join(f"{place or focus}: {focus}: {message}"
                              for _, _, focus, _, message, _, _, place in findings)
            attrs = f" message={quoteattr(_NOT_XML.sub(chr(0xFFFD), f'{len(findings)} findings'))} " \
                    f"type={quoteattr(findings[0].severity)}" if tag == "failure" else ""
            out.append(f"      <{tag}{attrs}>{x(body)}</{tag}>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _gh(text: str, prop: bool = False) -> str:
    # GitHub workflow commands: %, CR and LF escaped in data; also : and , in properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_report(report: Report, color: bool = False) -> str:
    """GitHub Actions annotations (::error file=...,line=...::message), one per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    short = report.curies
    files: dict[str, str] = {}  # each file's path escaped once
    out = []
    for rule, severity, focus, _, message, _, _, place in report.findings:  # (unpacked in C)
        title = f"title={_gh(f'{rule}: {short[focus]}', prop=True)}"
        if place:
            path, _, line = place.rpartition(":")
            if path not in files:
                files[path] = _gh(path, prop=True)
            title = f"file={files[path]},line={line},{title}"
        out.append(f"::{level[severity]} {title}::{_gh(message)}")
    out.append(_totals(report))
    return "\n".join(out) + "\n"


REPORTS: dict[str, Callable[..., str]] = {
    "text": text_report,
    "json": json_report,
    "ttl": ttl_report,
    "junit": junit_report,
    "github": github_report,
}


def rules_table(rules) -> str:
    """The Markdown table of rules that docs/rules.md carries (and a test compares with --list-rules)."""
    out = ["| id | severity | title | one finding | aliases | fix | engine | reference |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rules:
        on = "" if r.enabled else " (off unless selected)"
        out.append(f"| `{r.id}` | {r.severity}{on} | {r.title} | {unit(r)} | {', '.join(r.aliases)} | "
                   f"{r.fix or ''} | {engine(r)} | {r.reference.replace('|', '/')} |")
    return "\n".join(out) + "\n"


def engine(rule) -> str:
    """Which engine runs `rule` on a local input: its columnar form on large ones (validate.columnar), or the
    store (Oxigraph's SPARQL, or the rule's Python analysis)."""
    from .runner import columnar_ids

    return "columns or store (Engines)" if rule.id in columnar_ids() else "store"


def unit(rule) -> str:
    """What one finding of `rule` is: its `# counts:` header, else what its `per:` implies."""
    if rule.counts:
        return rule.counts.replace("|", "/")
    return "one per resource, its values gathered" if rule.per == "focus" else "one per statement found"


def rules_listing(fmt: str) -> str:
    """`validate --list-rules`: every rule as JSON objects (`--format json`) or as docs/rules.md's Markdown table."""
    from .rules import all_rules

    rules = all_rules()
    if fmt == "json":
        return json_text([{**r.as_dict(), "engine": engine(r)} for r in rules])
    return rules_table(rules)
