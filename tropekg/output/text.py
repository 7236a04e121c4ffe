"""Plain-text renderings of results for a terminal: the `show` card, `stats` tables, candidate lists."""

from __future__ import annotations

import json
import textwrap

from ..namespaces import curie

_BOLD, _DIM, _CYAN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"


class Style:
    """ANSI styling, or none (for pipes, files and NO_COLOR)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def bold(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def dim(self, text: str) -> str:
        return self._wrap(_DIM, text)

    def key(self, text: str) -> str:
        return self._wrap(_CYAN, text)


def _refs(refs: list[dict]) -> str:
    return ", ".join(r["label"] for r in refs)


def card_text(card: dict, lang: str = "en", color: bool = False, width: int = 100) -> str:
    """The `show` card as readable text: title, labels, definition, facets, links and notes."""
    from ..labels import pick

    st = Style(color)
    title = pick(card["prefLabel"], lang) or card["iri"]
    lines = [st.bold(title) + "  " + st.dim(card["iri"])]
    tags = [curie(t) for t in card["types"]]
    if card["adult"]:
        tags.append("adult")
    if card["deprecated"]:
        tags.append("DEPRECATED")
    if tags:
        lines.append(st.dim(" · ".join(tags)))

    def field(name: str, value: str) -> None:
        if value:
            body = textwrap.fill(value, width=width, initial_indent=" " * 14, subsequent_indent=" " * 14)
            lines.append(st.key(f"{name:<13}") + body[13:])

    others = [f"{text} ({lng})" for lng, text in sorted(card["prefLabel"].items()) if text != title]
    field("labels", ", ".join(others))
    field("also", ", ".join(f"{t} ({lng})" for lng, ts in card["altLabel"].items() for t in ts))
    field("definition", pick(card["definition"], lang) or "")
    for name in ("perspective", "consent", "audience"):
        field(name, _refs(card["facets"][name]))
    for key, name in (("broader", "broader"), ("narrower", "narrower"), ("related", "related"),
                      ("counterparts", "counterpart"), ("contrastsWith", "contrasts"), ("media", "media"),
                      ("themes", "themes"), ("uses", "uses"), ("replacedBy", "replaced by")):
        field(name, _refs(card[key]))
    field("mappings", ", ".join(f"{m['relation']} {m['iri']}" for m in card["mappings"]))
    for key, name in (("scopeNote", "scope"), ("example", "example"), ("notes", "note")):
        texts = card[key].get(lang) or card[key].get("en") or next(iter(card[key].values()), [])
        for text in texts:
            field(name, text)
    return "\n".join(lines) + "\n"


def candidates_text(candidates: list[tuple[str, str]]) -> str:
    """One candidate per line: label and IRI."""
    return "".join(f"  {label}  <{iri}>\n" for iri, label in candidates)


def stats_text(report: dict, color: bool = False) -> str:
    """`stats` as aligned tables."""
    st = Style(color)
    out = [f"{st.bold('triples')} {report['triples']}   {st.bold('concepts')} {report['concepts']}", ""]

    def table(title: str, rows: dict) -> None:
        if not rows:
            return
        out.append(st.bold(title))
        width = max(len(k) for k in rows)
        for k, v in rows.items():
            out.append(f"  {k:<{width}}  {v}")
        out.append("")

    table("concepts per scheme", report["schemes"])
    table("concepts per class", report["classes"])
    table("labels per language", {
        lang: ", ".join(f"{kind} {n}" for kind, n in kinds.items()) for lang, kinds in report["labels"].items()
    })
    table("relations", report["relations"])
    cov = report["facetCoverage"]
    table(f"tropes lacking a facet (of {cov['tropes']})", cov["lacking"])
    return "\n".join(out)


def json_text(data: object) -> str:
    """A result as indented JSON, every character as itself (`--format json` of show and stats)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
