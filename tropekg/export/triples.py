"""Scheme selection over the canonical lines (tropekg.ntriples): which named graph each subject goes in
(nquads, trig, --scheme), and the lines of one scheme."""

from __future__ import annotations

import re

from ..errors import UsageError
from ..ntriples import dump_text
from ..vocabulary import Vocabulary


def scheme_graphs(vocab: Vocabulary) -> dict[str, str]:
    """Subject term -> the IRI term of the concept scheme whose named graph it goes in (nquads, trig, --scheme):
    a scheme is its own graph; a concept goes in the first of its schemes in code point order."""
    found = vocab.derived.scheme_graphs
    if found is None:
        found = vocab.derived.scheme_graphs = _scheme_graphs(dump_text(vocab))
    return found


# Each pattern starts with a literal, so the regex engine searches for it at C speed (scanning with ^ and re.M
# tries every line); the subject is then read back to the line start.
_SKOS = r" <http://www\.w3\.org/2004/02/skos/core#"
_SCHEME_TYPED = re.compile(r" <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>" + _SKOS + r"ConceptScheme> \.\n")
_MEMBER = re.compile(_SKOS + r"(?:inScheme|topConceptOf)> (<[^>]*+>) \.\n")
_TOP = re.compile(_SKOS + r"hasTopConcept> (<[^>]*+>) \.\n")


def _subjects(pattern: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """(subject term, captured object term or "") of every line the pattern ends."""
    return [(text[text.rfind("\n", 0, m.start()) + 1 : m.start()], m.group(1) if m.groups() else "")
            for m in pattern.finditer(text)]


def _scheme_graphs(text: str) -> dict[str, str]:
    graphs: dict[str, str] = {s: s for s, _ in _subjects(_SCHEME_TYPED, text) if s.startswith("<")}
    links = [(m, s) for m, s in _subjects(_MEMBER, text) if m.startswith("<")] + \
        [(m, s) for s, m in _subjects(_TOP, text) if s.startswith("<")]
    for _, scheme in links:
        graphs.setdefault(scheme, scheme)
    for member, scheme in sorted(links, reverse=True):
        if graphs.get(member) != member:
            graphs[member] = scheme  # reverse order: the first scheme in code point order is set last
    return graphs


def scheme_term(vocab: Vocabulary, scheme: str) -> str:
    """The IRI term of the scheme `scheme` names (IRI or CURIE); UsageError lists the schemes when it is none."""
    prefix, colon, local = scheme.partition(":")
    full = vocab.prefixes[prefix] + local if colon and prefix in vocab.prefixes else scheme.strip("<>")
    schemes = sorted({g for g in scheme_graphs(vocab).values()})
    if f"<{full}>" not in schemes:
        known = ", ".join(s[1:-1] for s in schemes[:10]) or "none"
        raise UsageError(f"--scheme {scheme}: not a concept scheme of this vocabulary; schemes: {known}")
    return f"<{full}>"


def select_scheme(vocab: Vocabulary, lines: list[str], scheme: str | None) -> list[str]:
    """The lines whose subject is in the named graph of `scheme` (all lines when None)."""
    if scheme is None:
        return lines
    wanted = scheme_term(vocab, scheme)
    graphs = scheme_graphs(vocab)
    return [line for line in lines if graphs.get(line[: line.index(" ")]) == wanted]
