"""Our SHACL shapes (ontology/shapes.ttl), checked on the data's own Oxigraph store: a shape's focus nodes and value
nodes are SPARQL patterns, and its constraint components are checked on what those select. The components are
those of SHACL Core (value type, cardinality, value range, string, logical, shape-based, hasValue and in) and
SHACL-SPARQL's SELECT constraints; a shapes file that uses anything else is refused with the shape's name, so no
constraint is ever skipped in silence. pySHACL is the reference: tests/test_validate_shapes.py holds these results
equal to its own on every case file and on random graphs, and validate no longer pays its import and run."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import LoadError
from ..model import OUR_CLASSES
from ..namespaces import OWL, RDF, RDFS, SH, TK, XSD
from ..ntriples import TRUE_FORMS
from ..sources.resources import ontology_file
from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class ShapeResult:
    """One sh:ValidationResult, as plain values."""

    focus: str
    shape: str  # the sh:sourceShape IRI (a blank node shape is reported by its parent's IRI when it has one)
    severity: str  # "error" | "warning" | "info"
    message: str
    path: str | None
    value: str | None


_SEVERITY = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}

# The parameters a shape may carry, by what reads them. Any other sh: term on a shape is refused (a component this
# checker does not implement, e.g. sh:closed, sh:equals), as is sh:qualifiedValueShapesDisjoint.
_CONSTRAINTS = frozenset(SH + p for p in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "maxInclusive", "minExclusive",
    "maxExclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang", "in", "hasValue", "not",
    "and", "or", "xone", "node", "property", "qualifiedValueShape", "sparql"))
_TARGETS = frozenset(SH + p for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"))
_OTHER = frozenset(SH + p for p in (
    "path", "message", "severity", "deactivated", "name", "description", "order", "group", "defaultValue",
    "flags", "qualifiedMinCount", "qualifiedMaxCount"))
# The casts Oxigraph implements (SPARQL 1.1 17.5 and XPath's date and duration types): a literal of one of these
# datatypes is well formed when the cast of it succeeds, which is how Oxigraph itself reads the value (SHACL 4.1.2:
# an ill-formed literal does not have the datatype).
_CASTABLE = frozenset(XSD + t for t in (
    "string", "boolean", "integer", "decimal", "float", "double", "dateTime", "date", "time", "duration",
    "yearMonthDuration", "dayTimeDuration"))
_NODE_KINDS = {
    SH + "IRI": (ox.NamedNode,), SH + "BlankNode": (ox.BlankNode,), SH + "Literal": (ox.Literal,),
    SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal)}
_COMPARISONS = {SH + "minInclusive": ">=", SH + "maxInclusive": "<=", SH + "minExclusive": ">",
                SH + "maxExclusive": "<"}
_INSTANCE = f"<{RDF}type>/<{RDFS}subClassOf>*"  # SHACL 2.1.3.1: a SHACL instance of a class
_PRE_BOUND = re.compile(r"[?$](currentShape|shapesGraph)\b")


class _Shapes:
    """The shapes graph as an index: each node's statements by predicate IRI, and who points at each node."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.out: dict[ox.Term, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[ox.Term, list[ox.Term]] = defaultdict(list)
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError) as e:
            raise LoadError(f"{path}: {' '.join(str(e).split())}") from None
        for t in triples:
            self.out[t.subject][t.predicate.value].append(t.object)
            self.into[t.object].append(t.subject)

    def all(self, node: ox.Term, p: str) -> list[ox.Term]:
        return self.out.get(node, {}).get(p, [])

    def one(self, node: ox.Term, p: str) -> ox.Term | None:
        values = self.all(node, p)
        if len(values) > 1:
            raise LoadError(f"{self.path}: shape {self.name(node)} has {len(values)} values of <{p}>; SHACL allows one")
        return values[0] if values else None

    def members(self, node: ox.Term) -> list[ox.Term]:
        """The members of the RDF list at `node`."""
        found, seen = [], set()
        while node != ox.NamedNode(RDF + "nil"):
            first = self.one(node, RDF + "first")
            if first is None or node in seen:
                raise LoadError(f"{self.path}: {node} is not a well-formed RDF list")
            seen.add(node)
            found.append(first)
            node = self.one(node, RDF + "rest") or ox.NamedNode(RDF + "nil")
        return found

    def name(self, node: ox.Term) -> str:
        """The IRI a result names: the node's own, else that of a named node that holds it, else its label."""
        if isinstance(node, ox.NamedNode):
            return node.value
        holder = next((s for s in self.into.get(node, ()) if isinstance(s, ox.NamedNode)), None)
        return holder.value if holder is not None else f"_:{node.value}"

    def path_text(self, node: ox.Term) -> str:
        """A SHACL property path (SHACL 2.3.1) as a SPARQL property path."""
        if isinstance(node, ox.NamedNode):
            return f"<{node.value}>"
        if self.one(node, RDF + "first") is not None:
            return "(" + "/".join(self.path_text(m) for m in self.members(node)) + ")"
        kinds = {"alternativePath": "|", "inversePath": "^", "zeroOrMorePath": "*", "oneOrMorePath": "+",
                 "zeroOrOnePath": "?"}
        for kind, op in kinds.items():
            inner = self.one(node, SH + kind)
            if inner is None:
                continue
            if kind == "alternativePath":
                return "(" + "|".join(self.path_text(m) for m in self.members(inner)) + ")"
            return f"^({self.path_text(inner)})" if op == "^" else f"({self.path_text(inner)}){op}"
        raise LoadError(f"{self.path}: {node} is not a SHACL property path (SHACL 2.3.1)")


Pattern = Callable[[str], str]  # a variable's name -> a SPARQL group that binds it to the nodes a shape applies to


class _Run:
    """One check of a shapes graph against one vocabulary: the queries, and what they found once."""

    def __init__(self, shapes: _Shapes, vocab: Vocabulary) -> None:
        self.g, self.vocab = shapes, vocab
        self.fresh = 0
        self.instances: dict[str, set[ox.Term]] = {}

    def var(self) -> str:
        self.fresh += 1
        return f"?_n{self.fresh}"

    def instances_of(self, cls: str) -> set[ox.Term]:
        if cls not in self.instances:
            found = self.vocab.rows(f"SELECT DISTINCT ?x WHERE {{ ?x {_INSTANCE} <{cls}> }}")
            self.instances[cls] = {r[0] for r in found}
        return self.instances[cls]

    def holds(self, expression: str, values: Pattern) -> set[ox.Term]:
        """The nodes `values` selects for which a SPARQL expression of ?_v is true (an error counts as false,
        SPARQL 17.2). By the pattern, not a VALUES list: the data's terms are never written into a query (a blank
        node cannot be, nor an IRI the lenient parse let through, such as one holding "{" or "^")."""
        found = self.vocab.rows(f"SELECT DISTINCT ?_v WHERE {{ {values('?_v')} "
                                f"FILTER(COALESCE({expression}, false)) }}")
        return {r[0] for r in found}

    # --- one shape on the nodes a pattern selects ------------------------------------------------------------

    def check(self, shape: ox.Term, focus: Pattern) -> list[tuple]:
        """The results of `shape` on the focus nodes `focus` selects: (focus, value, shape node, SPARQL constraint
        node or None, path IRI or None, the solution's bindings or None)."""
        g = self.g
        if _true(g.one(shape, SH + "deactivated")):
            return []
        path = g.one(shape, SH + "path")
        this, value_var = self.var(), self.var()
        if path is None:
            foci = [r[0] for r in self.vocab.rows(f"SELECT DISTINCT {this} WHERE {{ {focus(this)} }}")]
            values = {f: [f] for f in foci}

            def value_pattern(v: str) -> str:
                return focus(v)
        else:
            steps = g.path_text(path)
            values: dict[ox.Term, list[ox.Term]] = {}
            for f, v in self.vocab.rows(f"SELECT DISTINCT {this} {value_var} WHERE {{ {focus(this)} "
                                        f"OPTIONAL {{ {this} {steps} {value_var} }} }}"):
                values.setdefault(f, [])
                if v is not None:
                    values[f].append(v)

            def value_pattern(v: str) -> str:
                parent = self.var()
                return f"{focus(parent)} {parent} {steps} {v} ."
        path_iri = path.value if isinstance(path, ox.NamedNode) else None
        results = []

        def report(f, v=None, constraint=None, bindings=None):
            results.append((f, v, shape, constraint, path_iri, bindings))

        everything = {v for vs in values.values() for v in vs}
        for p, objects in g.out.get(shape, {}).items():
            if not p.startswith(SH) or p in _TARGETS or p in _OTHER:
                continue
            if p not in _CONSTRAINTS:
                raise LoadError(f"{g.path}: shape {g.name(shape)} uses <{p}>, which tropekg's SHACL checker does not "
                                "implement; use one of SHACL Core's value, cardinality, range, string, logical or "
                                "shape components, or a SPARQL constraint")
            for o in objects:
                if p == SH + "property":
                    results.extend(self.check(o, value_pattern))
                elif p == SH + "sparql":
                    results.extend(self.sparql(shape, o, focus, path))
                elif p in (SH + "minCount", SH + "maxCount"):
                    bound = int(o.value)
                    for f, vs in values.items():
                        if (len(vs) < bound) if p == SH + "minCount" else (len(vs) > bound):
                            report(f)
                elif p == SH + "uniqueLang":
                    if _true(o):
                        for f, vs in values.items():
                            langs = [v.language.lower() for v in vs if isinstance(v, ox.Literal) and v.language]
                            if len(set(langs)) < len(langs):
                                report(f)
                elif p == SH + "hasValue":
                    for f, vs in values.items():
                        if o not in vs:
                            report(f)
                elif p == SH + "qualifiedValueShape":
                    if _true(g.one(shape, SH + "qualifiedValueShapesDisjoint")):
                        raise LoadError(f"{g.path}: shape {g.name(shape)} uses sh:qualifiedValueShapesDisjoint, "
                                        "which tropekg's SHACL checker does not implement")
                    failing = self.failing(o, value_pattern)
                    low, high = g.one(shape, SH + "qualifiedMinCount"), g.one(shape, SH + "qualifiedMaxCount")
                    for f, vs in values.items():
                        n = sum(1 for v in vs if v not in failing)
                        if (low is not None and n < int(low.value)) or (high is not None and n > int(high.value)):
                            report(f)
                else:
                    bad = self.value_test(shape, p, o, everything, value_pattern)
                    for f, vs in values.items():
                        for v in vs:
                            if v in bad:
                                report(f, v)
        return results

    def value_test(self, shape, p: str, o: ox.Term, values: set, value_pattern: Pattern) -> set[ox.Term]:
        """The value nodes that break one value-by-value component (SHACL 4.1-4.6)."""
        g = self.g
        if p == SH + "class":
            return values - self.instances_of(o.value)
        if p == SH + "datatype":
            dt = o.value
            typed = {v for v in values if isinstance(v, ox.Literal) and v.datatype.value == dt}
            if dt == RDFS + "Literal":
                typed = {v for v in values if isinstance(v, ox.Literal)}
            elif dt in _CASTABLE and dt != XSD + "string":
                typed &= self.holds(f"isLiteral(<{dt}>(?_v))", value_pattern)
            return values - typed
        if p == SH + "nodeKind":
            kinds = _NODE_KINDS.get(o.value)
            if kinds is None:
                raise LoadError(f"{g.path}: shape {g.name(shape)}: sh:nodeKind {o} is not one of SHACL's six")
            return {v for v in values if not isinstance(v, kinds)}
        if p in _COMPARISONS:
            return values - self.holds(f"?_v {_COMPARISONS[p]} {o}", value_pattern)
        if p in (SH + "minLength", SH + "maxLength"):
            op = ">=" if p == SH + "minLength" else "<="
            return values - self.holds(f"STRLEN(STR(?_v)) {op} {int(o.value)}", value_pattern)
        if p == SH + "pattern":
            flags = g.one(shape, SH + "flags")
            args = f"{o}" + (f", {flags}" if flags is not None else "")
            return values - self.holds(f"REGEX(STR(?_v), {args})", value_pattern)
        if p == SH + "languageIn":
            ranges = [m.value.lower() for m in g.members(o)]
            return {v for v in values if not (isinstance(v, ox.Literal) and v.language
                                              and any(_lang_matches(v.language, r) for r in ranges))}
        if p == SH + "in":
            return values - set(g.members(o))
        if p in (SH + "node", SH + "not"):
            failing = self.failing(o, value_pattern)
            return values & failing if p == SH + "node" else values - failing
        # sh:and, sh:or, sh:xone: how many of the listed shapes each value node conforms to.
        members = g.members(o)
        failing = [self.failing(m, value_pattern) for m in members]
        passes = {v: sum(1 for f in failing if v not in f) for v in values}
        wanted = {SH + "and": lambda n: n == len(members), SH + "or": lambda n: n >= 1, SH + "xone": lambda n: n == 1}
        return {v for v, n in passes.items() if not wanted[p](n)}

    def failing(self, shape: ox.Term, focus: Pattern) -> set[ox.Term]:
        """The nodes `focus` selects that do not conform to `shape` (for sh:node, sh:not, ... : SHACL 4.6)."""
        return {r[0] for r in self.check(shape, focus)}

    def sparql(self, shape, constraint: ox.Term, focus: Pattern, path: ox.Term | None) -> list[tuple]:
        """A SHACL-SPARQL SELECT constraint (SHACL 5.3), joined with the focus nodes rather than run once per focus
        node with $this pre-bound: the same solutions when the query binds $this in its own pattern, as the
        query must then select it."""
        g = self.g
        if _true(g.one(constraint, SH + "deactivated")):
            return []
        select = g.one(constraint, SH + "select")
        if select is None or g.one(constraint, SH + "ask") is not None:
            raise LoadError(f"{g.path}: {g.name(constraint)}: only SELECT constraints (sh:select) are implemented")
        text = select.value
        if path is not None:
            text = text.replace("$PATH", g.path_text(path))
        if _PRE_BOUND.search(text) or not re.search(r"(?is)^\s*SELECT\b[^{]*([$?]this\b|\*)", text):
            raise LoadError(f"{g.path}: {g.name(constraint)}: the query must start with SELECT and select $this, "
                            "bound by its own pattern ($currentShape and $shapesGraph are not bound)")
        # sh:prefixes names the nodes whose sh:declare give the query's prefixes (SHACL 5.2.1).
        prefixes = "".join(f"PREFIX {g.one(d, SH + 'prefix').value}: <{g.one(d, SH + 'namespace').value}>\n"
                           for holder in g.all(constraint, SH + "prefixes") for d in g.all(holder, SH + "declare"))
        query = self.vocab.query(f"{prefixes}SELECT * WHERE {{ {{ {focus('?this')} }} {{ {text} }} }}")
        names = [v.value for v in query.variables if not v.value.startswith("_")]  # not the focus pattern's own
        results, seen = [], set()
        for solution in query:
            row = {n: solution[n] for n in names if solution[n] is not None}
            key = tuple(sorted((k, str(t)) for k, t in row.items()))
            if key in seen:
                continue
            seen.add(key)
            f = row["this"]
            value = row.get("value", f if path is None else None)
            found_path = row.get("path")
            path_iri = (found_path.value if isinstance(found_path, ox.NamedNode)
                        else path.value if isinstance(path, ox.NamedNode) else None)
            bindings = row if value is None else row | {"value": value}  # {?value} reads the focus on a node shape
            results.append((f, value, shape, constraint, path_iri, bindings))
        return results


def _text(term: ox.Term) -> str:
    """A result's term as text: an IRI or a literal's lexical form as pySHACL wrote them, a blank node as "_:id",
    the form by which validate names blank nodes stably (tropekg.blanks) in findings and their messages."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _true(term: ox.Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.value in TRUE_FORMS


def _lang_matches(tag: str, basic_range: str) -> bool:
    """SPARQL langMatches (RFC 4647 basic filtering), as sh:languageIn reads its list (SHACL 4.4.4)."""
    tag = tag.lower()
    return basic_range == "*" or tag == basic_range or tag.startswith(basic_range + "-")


def _targets(g: _Shapes, shape: ox.Term) -> Pattern | None:
    """The focus nodes of a shape's targets (SHACL 2.1.3) as a pattern, or None when it has none."""
    groups = []
    classes = g.all(shape, SH + "targetClass") + ([shape] if _implicit_class(g, shape) else [])
    if classes:
        groups.append(lambda v: f"VALUES ?_c {{ {' '.join(map(str, classes))} }} {v} {_INSTANCE} ?_c .")
    nodes = g.all(shape, SH + "targetNode")
    if any(isinstance(n, ox.BlankNode) for n in nodes):
        raise LoadError(f"{g.path}: shape {g.name(shape)}: a blank node cannot be a target node")
    if nodes:
        groups.append(lambda v: f"VALUES {v} {{ {' '.join(map(str, nodes))} }}")
    for p in g.all(shape, SH + "targetSubjectsOf"):
        groups.append(lambda v, p=p: f"{v} {p} [] .")
    for p in g.all(shape, SH + "targetObjectsOf"):
        groups.append(lambda v, p=p: f"[] {p} {v} .")
    if not groups:
        return None
    return lambda v: " UNION ".join(f"{{ {group(v)} }}" for group in groups)


def _implicit_class(g: _Shapes, shape: ox.Term) -> bool:
    """A node shape that is also a class targets that class's instances (SHACL 2.1.3.3)."""
    types = set(g.all(shape, RDF + "type"))
    return ox.NamedNode(SH + "NodeShape") in types and bool(
        {ox.NamedNode(RDFS + "Class"), ox.NamedNode(OWL + "Class")} & types)


def _message(g: _Shapes, shape: ox.Term, constraint: ox.Term | None, bindings: dict | None) -> str:
    """A result's message: the SPARQL constraint's sh:message, else its shape's, with {?var} and {$var} in it
    replaced by the solution's values (SHACL 5.3.2); an English one where there are several."""
    messages = (g.all(constraint, SH + "message") if constraint is not None else []) or g.all(shape, SH + "message")
    if not messages:
        raise LoadError(f"{g.path}: shape {g.name(shape)} reports without an sh:message; every shape of ours says "
                        "what is wrong in words")
    text = min(messages, key=lambda m: (m.language != "en", m.value)).value
    for var, term in (bindings or {}).items():
        text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", lambda _, t=term: _text(t), text)
    return text


@lru_cache(maxsize=4)
def _shapes(path: Path) -> tuple[_Shapes, tuple[tuple[ox.Term, Pattern], ...]]:
    """The shapes graph at `path`, and its shapes that have targets, each with its focus pattern."""
    g = _Shapes(path)
    targeted = sorted({s for s, props in g.out.items() if _TARGETS & props.keys() or _implicit_class(g, s)}, key=str)
    return g, tuple((s, _targets(g, s)) for s in targeted)


def shapes_results(vocab: Vocabulary, path: Path) -> list[ShapeResult]:
    """The results of the SHACL shapes at `path` on `vocab`'s stated triples (its default graph), sorted."""
    g, targeted = _shapes(path)
    run = _Run(g, vocab)
    results = set()
    for shape, focus in targeted:
        for f, value, source, constraint, path_iri, bindings in run.check(shape, focus):
            named = constraint if isinstance(constraint, ox.NamedNode) else source
            severity = g.one(source, SH + "severity")
            results.add(ShapeResult(
                focus=_text(f), shape=g.name(named),
                severity=_SEVERITY.get(severity.value if severity is not None else SH + "Violation", "error"),
                message=_message(g, source, constraint, bindings), path=path_iri,
                value=None if value is None else _text(value)))
    return sorted(results, key=lambda r: (r.focus, r.shape, r.message, r.value or ""))


def uses_our_model(vocab: Vocabulary) -> bool:
    """True when some resource is typed with one of our classes (a vocabulary with none skips the shapes: foreign
    vocabularies pay nothing for our domain model)."""
    values = " ".join(f"<{TK}{c}>" for c in OUR_CLASSES)
    return bool(vocab.query(f"ASK {{ VALUES ?cls {{ {values} }} ?x a ?cls }}"))


def check_shapes(vocab: Vocabulary) -> list[ShapeResult]:
    """The SHACL results of our shapes on `vocab` (empty when it has none of our classes), sorted."""
    if not uses_our_model(vocab):
        return []
    # The shapes read this process's store, not vocab.query: a RemoteVocabulary's queries go to its endpoint,
    # while its store holds the copy validate.remote fetched of what the shapes read (and Virtuoso refuses a
    # subClassOf* path with neither end bound).
    return shapes_results(Vocabulary(vocab.store, (), {}), ontology_file("shapes.ttl"))
