"""One version of a vocabulary as sets of statements: triples without blank nodes as N-Triples lines, and each
tree of blank nodes as one unit named by its content, so a blank node is matched by what it says, not by the id
a parser happened to give it (tropekg.blanks.content_names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from ..blanks import content_names
from ..vocabulary import Vocabulary


@dataclass
class Statements:
    """`plain`: every line without a blank node ("<s> <p> o ."). `units`: key -> subject term, where a key is
    "<s> <p> _:h<hash>" for a blank node hanging from an IRI, or "_:h<hash>" for a blank node nothing points to.
    `names`: raw blank node term ("_:id", as the store and its dump write it) -> its content name ("_:h<hash>")."""

    plain: set[str]
    units: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)
    _out: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)

    def unit_lines(self, key: str, suffix: str = "") -> list[str]:
        """The lines a unit stands for, blank nodes named by content (+ `suffix`, to keep units apart), sorted."""
        head, _, root = key.rpartition(" ")
        if not self._by_name:
            # Blank nodes with the same content share a name; any one of them reads the same.
            self._by_name.update((name, raw) for raw, name in sorted(self.names.items(), reverse=True))
        raw = self._by_name[root]
        lines = [f"{head} {root}{suffix} ."] if head else []
        seen = {raw}
        todo = [raw]
        while todo:
            node = todo.pop()
            for p, o in self._out.get(node, ()):
                if o.startswith("_:"):
                    lines.append(f"{self.names[node]}{suffix} {p} {self.names[o]}{suffix} .")
                    if o not in seen:
                        seen.add(o)
                        todo.append(o)
                else:
                    lines.append(f"{self.names[node]}{suffix} {p} {o} .")
        return sorted(set(lines))

    def value(self, raw: str) -> str:
        """A blank node as a value of a concept: its rendering, and its content name when the rendering is cut short
        (two values that differ only deeper down must not read as the same)."""
        text = self.render(raw)
        return f"{text} {self.names.get(raw, raw)}" if "…" in text else text

    def render(self, raw: str, depth: int = 4) -> str:
        """A blank node as Turtle-like text of its content, "[ <p> o ; ... ]", nested `depth` deep: the same text
        for the same content in either version."""
        if depth == 0 or raw not in self._out:
            return "[ … ]" if raw in self._out and self._out[raw] else "[]"
        parts = sorted(f"{p} {self.render(o, depth - 1) if o.startswith('_:') else o}" for p, o in self._out[raw])
        return "[ " + " ; ".join(parts) + " ]"


def statements(vocab: Vocabulary) -> Statements:
    """The statements of `vocab`'s default graph, read from Oxigraph's N-Triples dump in one pass; computed once
    per Vocabulary (diff_files reads each side on the thread that loaded it)."""
    found = _READ.get(vocab)
    if found is None:
        found = _READ[vocab] = _read(vocab)
    return found


# Each version's statements, kept while its Vocabulary lives: a typed place of diff's own.
_READ: WeakKeyDictionary[Vocabulary, Statements] = WeakKeyDictionary()


def _read(vocab: Vocabulary) -> Statements:
    # Oxigraph's own dump, not the copy ntriples.dump_text keeps: the text is dropped once split into lines.
    text = vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    lines = text.split("\n")
    lines.pop()  # the dump ends with a newline
    if "_:" not in text:
        return Statements(set(lines), {})
    plain: set[str] = set()
    out: dict[str, list[tuple[str, str]]] = {}
    hanging: list[tuple[str, str, str]] = []
    pointed: set[str] = set()
    for line in lines:
        if "_:" not in line:
            plain.add(line)
            continue
        # N-Triples terms before the object hold no spaces (IRIs cannot, blank node labels cannot).
        s, p, o = line[:-2].split(" ", 2)
        if s.startswith("_:"):
            out.setdefault(s, []).append((p, o))
        if o.startswith("_:"):
            pointed.add(o)
            if not s.startswith("_:"):
                hanging.append((s, p, o))
        elif not s.startswith("_:"):
            plain.add(line)
    for *_, o in hanging:
        out.setdefault(o, [])
    names = content_names(out)
    units = {f"{s} {p} {names[o]}": s for s, p, o in hanging}
    units.update({names[b]: names[b] for b in out if b not in pointed})
    return Statements(plain, units, names, out)
