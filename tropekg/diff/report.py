"""The diff for people: text for a terminal (grouped, coloured there), a Markdown CHANGELOG section, and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from ..namespaces import curie
from ..output.sinks import markdown_code, markdown_iri, markdown_text, shown
from ..output.text import Style, json_text
from .changes import is_replacement
from .result import Diff

_RED, _GREEN, _YELLOW = "\x1b[31m", "\x1b[32m", "\x1b[33m"
_DATATYPE = re.compile(r"\^\^<([^>]*)>")

# Changes in the order sections list them; added and removed concepts have sections of their own.
_HEADINGS = (
    ("deprecated", "Deprecated"), ("undeprecated", "No longer deprecated"), ("renamed", "Renamed"),
    ("reparented", "Moved in the hierarchy"), ("primary-parent", "Moved in the hierarchy"),
    ("schemes", "Moved between schemes"),
)


def _value(value: str) -> str:
    """An N-Triples value for reading: on one line, datatypes as CURIEs ("904"^^xsd:integer)."""
    def datatype(m: re.Match) -> str:
        short = curie(m[1])
        return "^^" + (short if short != m[1] else m[0][2:])

    return _DATATYPE.sub(datatype, " ".join(value.split()))


def json_document(result: Diff, color: bool = False) -> str:
    """The JSON document (schema in docs/commands.md, "diff"): keys in a fixed order, non-ASCII kept."""
    return json_text(result.as_dict())


def describe(c: dict, ref: Callable[[dict], str], quote: Callable[[str], str],
             raw: Callable[[str], str] = str, mark: Callable[[str], str] | None = None) -> str:
    """One change as a phrase; `ref` renders {"iri", "label"}, `quote` a text, `raw` an N-Triples value, `mark`
    a word-level excerpt (as a text when not given)."""
    def refs(items: list[dict]) -> str:
        return ", ".join(ref(i) for i in items) or "(none)"

    where = " ".join(x for x in (c.get("property", ""), f"({c['lang']})" if c.get("lang") else "") if x)
    kind = c["kind"]
    if kind in ("deprecated", "undeprecated"):
        return kind + (f", replaced by {refs(c['replacedBy'])}" if c["replacedBy"] else "")
    if kind == "renamed":
        return f"renamed {where}: {quote(c['old'])} → {quote(c['new'])}"
    if kind in ("reparented", "primary-parent", "schemes"):
        name = {"reparented": "parents", "primary-parent": "primary parent", "schemes": "schemes"}[kind]
        return f"{name}: {refs(c['old'])} → {refs(c['new'])}"
    if kind == "note-changed":
        if c["old"] is None or c["new"] is None:
            return f"{where} {'added' if c['old'] is None else 'removed'}: {quote(c['new'] or c['old'])}"
        return f"{where} changed: {(mark or quote)(c['excerpt'])}"
    added = kind.endswith("-added")
    value = c["new"] if added else c["old"]
    shown = ref(value) if isinstance(value, dict) else raw(value) if kind.startswith("value") else quote(value)
    facet = f" ({c['facet']})" if c.get("facet") else ""
    return f"{kind.replace('-', ' ')} {where}{facet}: {shown}"


def text(result: Diff, color: bool = False) -> str:
    """Grouped for reading: removed, added, changed concepts, replacements, hints, triples outside concepts."""
    st = Style(color)

    def paint(code: str, words: str) -> str:
        return f"{code}{words}\x1b[0m" if color else words

    # What a terminal cannot show (controls, which could be escape sequences) as U+FFFD (output.sinks).
    def ref(r: dict) -> str:
        return shown(r["label"])

    def quote(words: str) -> str:
        return json.dumps(shown(" ".join(words.split())), ensure_ascii=False)

    if result.empty:
        return "no changes\n"
    s = result.summary
    out = [st.bold(f"{s['concepts']['added']} added, {s['concepts']['removed']} removed, "
                   f"{s['concepts']['changed']} changed concepts; {s['breaking']} breaking changes; "
                   f"triples +{s['triples']['added']} -{s['triples']['removed']}")]
    groups = {"removed": [], "added": [], "changed": []}
    for concept in result.concepts:
        kind = concept["changes"][0]["kind"]
        groups[kind if kind in ("added", "removed") else "changed"].append(concept)
    for name, sign, code in (("removed", "-", _RED), ("added", "+", _GREEN)):
        if groups[name]:
            out += ["", st.bold("Removed (breaking)" if name == "removed" else "Added")]
            out += [paint(code, f"  {sign} {ref(c)}") + "  " + st.dim(c["iri"]) for c in groups[name]]
    if groups["changed"]:
        out += ["", st.bold("Changed")]
        for concept in groups["changed"]:
            out.append(f"  {paint(_YELLOW, ref(concept))}  {st.dim(concept['iri'])}")
            for c in _shown(concept["changes"]):
                line = f"    {describe(c, ref, quote, lambda v: shown(_value(v)))}"
                out.append(paint(_RED, line + "  [breaking]") if c["breaking"] else line)
    if result.replacements:
        out += ["", st.bold("Replacements")]
        out += [f"  {_replacement(r, ref)}" for r in result.replacements]
    if result.hints:
        out += ["", st.bold("Likely renames (hints: the data does not say so)")]
        out += [f"  ? {ref(h['old'])} {st.dim(h['old']['iri'])} → {ref(h['new'])} {st.dim(h['new']['iri'])}"
                f"  (both labelled {quote(h['label'])})" for h in result.hints]
    if result.outside["subjects"]:
        o = result.outside
        out += ["", st.bold(f"Triples outside concepts: +{o['added']} -{o['removed']}")]
        out += [f"  {x['iri']}  +{x['added']} -{x['removed']}" for x in o["subjects"]]
    return "\n".join(out) + "\n"


def _shown(changes: list[dict]) -> list[dict]:
    """The changes a report lists: a replacement link is already listed with the deprecation that states it."""
    deprecated = any(c["kind"] == "deprecated" for c in changes)
    return [c for c in changes if not (deprecated and is_replacement(c))]


def _replacement(r: dict, ref: Callable[[dict], str]) -> str:
    names = ", ".join(ref(i) for i in r["old"]), ", ".join(ref(i) for i in r["new"])
    return f"{r['kind']}{' (withdrawn)' if r['withdrawn'] else ''}: {names[0]} → {names[1]}"


_HINTS = "Likely renames (hints, not stated in the data)"
_SECTIONS = ("Removed", "Breaking", "Added", *dict.fromkeys(h for _, h in _HEADINGS), "Other changes",
             "Merges, splits and replacements", _HINTS, "Outside concepts")


def _markdown_escape(words: str) -> str:
    return markdown_text(" ".join(words.split()))


def _bold(r: dict) -> str:
    return f"**{_markdown_escape(r['label'])}**"


def _quoted(words: str) -> str:
    return f"“{_markdown_escape(words)}”"


# excerpt()'s wdiff marks, [-gone-] and {+new+}, as output.sinks.markdown_text escapes them.
_GONE, _NEW = re.compile(r"\\\[-(.*?)-\\\]"), re.compile(r"\\\{\+(.*?)\+\\\}")


def _marked(words: str) -> str:
    """An excerpt in quotes, its wdiff marks turned into strikethrough (GFM) and bold once its words are escaped."""
    text = _GONE.sub(r"~~\1~~", _markdown_escape(words))
    return "“" + _NEW.sub(r"**\1**", text) + "”"


def _code(value: str) -> str:
    return markdown_code(_value(value))


def markdown(result: Diff, color: bool = False) -> str:
    """A CHANGELOG section to paste into a release: removals and breaking changes first, then by kind."""
    s = result.summary
    out = ["## Vocabulary changes", ""]
    if result.empty:
        return "\n".join([*out, "No changes.", ""])
    out += [f"{s['concepts']['added']} concepts added, {s['concepts']['removed']} removed, "
            f"{s['concepts']['changed']} changed; {s['breaking']} breaking changes.", ""]
    sections = _markdown_items(result)
    for heading in _SECTIONS:
        if heading in sections:
            out += [f"### {heading}", "", *sections[heading], ""]
    return "\n".join(out)


def _markdown_items(result: Diff) -> dict[str, list[str]]:
    """Section heading -> its list items."""
    sections: dict[str, list[str]] = {}

    def item(section: str, line: str) -> None:
        sections.setdefault(section, []).append(f"- {line}")

    headings = dict(_HEADINGS)
    for concept in result.concepts:
        name = _bold(concept)
        for c in _shown(concept["changes"]):
            if c["kind"] in ("added", "removed"):
                item(c["kind"].capitalize(), f"{name} ({markdown_iri(concept['iri'])})")
            if c["breaking"] and c["kind"] != "removed":
                item("Breaking", f"{name}: {describe(c, _bold, _quoted, _code, _marked)}")
            elif c["kind"] not in ("added", "removed"):
                item(headings.get(c["kind"], "Other changes"),
                     f"{name}: {describe(c, _bold, _quoted, _code, _marked)}")
    for r in result.replacements:
        item("Merges, splits and replacements", _replacement(r, _bold))
    for h in result.hints:
        item(_HINTS, f"{_bold(h['old'])} ({markdown_iri(h['old']['iri'])}) → {_bold(h['new'])} "
             f"({markdown_iri(h['new']['iri'])})")
    if result.outside["subjects"]:
        item("Outside concepts", f"{result.outside['added']} triples added, {result.outside['removed']} removed "
             f"({len(result.outside['subjects'])} subjects)")
    return sections
