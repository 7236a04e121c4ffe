"""Proactive content negotiation (RFC 9110, 12.5): an Accept header parsed with its weights and the offer a client
prefers (the server's order breaks ties), and the languages an Accept-Language header asks for, by weight; read by
serve's pages and by reconcile's display language."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A media range and its parameters (RFC 9110, 5.6.6): quoted strings may hold commas and semicolons.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf'\s*;\s*({_TOKEN})\s*=\s*({_TOKEN}|"(?:[^"\\]|\\.)*")')
_RANGE = re.compile(rf"\s*({_TOKEN})/({_TOKEN})")
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    parameters: tuple[tuple[str, str], ...]  # other than q, in order (they make a range more specific)
    q: float

    def specificity(self, media_type: str) -> int | None:
        """How specifically this range names `media_type` (3 + its parameters, 2 type/*, 1 */*), or None."""
        kind, _, sub = media_type.lower().partition("/")
        if self.type == "*":
            return 1 if self.subtype == "*" else None
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 2
        return 3 + len(self.parameters) if self.subtype == sub else None


def parse_accept(header: str) -> list[Range]:
    """The ranges of an Accept header; a malformed element is skipped (as browsers and servers do), the rest kept."""
    ranges = []
    for element in _elements(header):
        found = _RANGE.match(element)
        if not found:
            continue
        params, q, end, valid = [], 1.0, found.end(), True
        while (param := _PARAM.match(element, end)) is not None:
            name, value = param.group(1).lower(), param.group(2)
            end = param.end()
            if name == "q":  # the weight; parameters after it are accept-ext, not the range's (RFC 9110, 12.5.1)
                valid = bool(_QVALUE.fullmatch(value))
                q = float(value) if valid else 0.0
                end = len(element)
                break
            params.append((name, value.strip('"')))
        if not valid or element[end:].strip():
            continue
        ranges.append(Range(found.group(1).lower(), found.group(2).lower(), tuple(params), q))
    return ranges


def _elements(header: str) -> list[str]:
    """The comma-separated elements of a header, commas inside quoted strings kept."""
    out, current, quoted, escaped = [], [], False, False
    for ch in header:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [e for e in out if e.strip()]


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offered media type the Accept header weighs most (each offer weighed by its most specific matching
    range, RFC 9110 12.5.1); ties go to the earlier offer; None when none is acceptable (406). No header, or
    one with nothing readable in it, accepts anything: the first offer."""
    ranges = parse_accept(header or "")
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        matches = [(r.specificity(offer), r.q) for r in ranges]
        matches = [m for m in matches if m[0] is not None]
        if not matches:
            continue
        q = max(matches)[1]  # the most specific range decides; among equally specific, the higher weight
        if q > best_q:
            best, best_q = offer, q
    return best


_LANGUAGE = re.compile(r"\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+)\s*)?")


def languages(header: str | None) -> list[str]:
    """The language ranges of an Accept-Language header, most wanted first (RFC 9110, 12.5.4: each weighed by its
    q, 1 when absent; equal weights keep the header's order); "*", q=0 and malformed elements are left out."""
    weighed = []
    for position, element in enumerate(_elements(header or "")):
        found = _LANGUAGE.fullmatch(element)
        if not found or found.group(1) == "*":
            continue
        q_text = found.group(2)
        if q_text is not None and not _QVALUE.fullmatch(q_text):
            continue
        q = float(q_text) if q_text is not None else 1.0
        if q > 0:
            weighed.append((-q, position, found.group(1)))
    return [tag for _, _, tag in sorted(weighed)]
