"""Running the rules of validate/checks/ on a Vocabulary: validate() returns the findings as a Report (data)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed

from ..collector import paused
from ..errors import LoadError, QueryError, Refused, TropekgError, UsageError
from ..labels import term_text
from ..output.progress import Progress, silent
from ..sources.reader import LARGE_INPUT_BYTES, Background, Deferred
from ..vocabulary import Vocabulary
from .analyses import ANALYSES, QUERY_ONLY, Hit
from .entailment import entailed, reads_entailed
from .findings import Finding, Report, blank_nodes_in, rename_blank_nodes, report_of
from .naming import Curies, labels_from_columns, labels_of
from .rules import ENGINES, SEVERITIES, Rule, chosen
from .settings import project_settings

__all__ = ["COLUMNAR_FROM", "Curies", "Finding", "Report", "columnar_ids", "labels_from_columns", "labels_of",
           "validate"]  # the report's names as before the report moved to validate.findings


def _run_query(vocab: Vocabulary, rule: Rule) -> list[dict] | list[list[str]]:
    """An analysis rule's rows: dicts of terms, or lists of plain strings for `# rows: text` (rules.Rule.rows)."""
    try:
        if rule.rows == "text":
            return list(vocab.text_rows(rule.sparql, union=rule.entailment))
        result = vocab.query(rule.sparql, union=rule.entailment)
    except QueryError as e:
        raise TropekgError(f"{rule.path}: the query of rule {rule.id} failed ({e}); fix the check file") from None
    names = [v.value for v in result.variables]
    return [{n: t for n, t in zip(names, sol, strict=True) if t is not None} for sol in result]


def _hits(vocab: Vocabulary, rule: Rule) -> list[Hit] | Refused:
    """A rule's hits on a pool thread: a pattern check's, or an analysis that only queries (QUERY_ONLY); or the
    refusal of a store (validate --endpoint) that would not run its query, so that the other rules still run."""
    try:
        if rule.analysis:
            return ANALYSES[rule.analysis](vocab, _run_query(vocab, rule) if rule.sparql else [])
        return _pattern_hits(vocab, rule)
    except Refused as e:
        return Refused(str(e))  # a new one: the raised one's traceback holds this thread's query results


def _pattern_hits(vocab: Vocabulary, rule: Rule) -> list[Hit]:
    """A pattern check's hits, its rows turned to text as they come (no list of term objects is kept: on large
    vocabularies such lists cost time and tens of MB)."""
    try:
        result = vocab.query(rule.sparql, union=rule.entailment)
    except QueryError as e:
        raise TropekgError(f"{rule.path}: the query of rule {rule.id} failed ({e}); fix the check file") from None
    names = [v.value for v in result.variables]
    at = {n: names.index(n) for n in ("focus", "other", "value") if n in names}
    if "focus" not in at:
        return []
    rows = ((sol[at["focus"]], sol[at["other"]] if "other" in at else None,
             sol[at["value"]] if "value" in at else None) for sol in result)
    return _hits_from_rows(rule, ((f, o, v) for f, o, v in rows if f is not None))


def _hits_from_rows(rule: Rule, rows) -> list[Hit]:
    """Rows (focus, other, value) of a pattern check as hits: one per row, or one per focus with values gathered
    (`per: focus`)."""
    if rule.per != "focus":
        return [Hit(term_text(f), (term_text(o),) if o is not None else (), (term_text(v),) if v is not None else ())
                for f, o, v in rows]
    grouped: dict[str, tuple[set, set]] = {}
    for f, o, v in rows:
        others, values = grouped.setdefault(term_text(f), (set(), set()))
        if o is not None:
            others.add(term_text(o))
        if v is not None:
            values.add(term_text(v))
    return [Hit(focus, tuple(sorted(o)), tuple(sorted(v)), n=len(v)) for focus, (o, v) in grouped.items()]


def validate(vocab: Vocabulary, select: list[str] | None = None, ignore: list[str] | None = None,
             fail_on: str | None = None, lang: str = "en", places: bool = True, progress: Progress = silent,
             settings: bool = False, engine: str = "auto") -> Report:
    """Run the selected rules (all by default; ids or aliases) on `vocab` and return the Report; `fail_on`
    defaults to "warning". With `settings`, [tool.tropekg] of the nearest pyproject.toml fills in what the
    arguments leave open (select, fail-on) and adds its ignore list.

    `engine` (rules.ENGINES): "store" runs every rule on the store; "columns" runs the rules with a columnar form
    (validate.columnar) on columns, from the files alone (no store) when every selected rule has one and `vocab`
    is a Deferred one not read yet; "auto" does so when every selected rule has one and the input is large
    (COLUMNAR_FROM triples, LARGE_INPUT_BYTES of files not read yet), else runs the store; the findings are
    the same (tested).

    Findings are data: this never raises on findings, only when the rules themselves cannot run."""
    if settings:
        found = project_settings()
        select = select or found.get("select")
        ignore = [*found.get("ignore", []), *(ignore or [])]
        fail_on = fail_on or found.get("fail-on")
    fail_on = fail_on or "warning"
    if fail_on not in SEVERITIES:
        raise UsageError(f"--fail-on {fail_on}: choose one of {', '.join(SEVERITIES)}")
    if engine not in ENGINES:
        raise UsageError(f"--engine {engine}: choose one of {', '.join(ENGINES)}")
    rules = chosen(select, ignore)
    with paused():  # findings, hits and the extracted hierarchy: hundreds of thousands of small acyclic objects
        return _validate(vocab, rules, fail_on, lang, places, progress, engine)


_LABEL_ANALYSES = {"duplicates", "overlaps"}  # analyses.ANALYSES that read labels, not the hierarchy


def _validate(vocab: Vocabulary, rules: list[Rule], fail_on: str, lang: str, places: bool,
              progress: Progress, engine: str = "store") -> Report:
    # Pattern queries run on two pool threads (Oxigraph evaluates outside the GIL); the Python analyses run
    # meanwhile on this one. (Extracting the hierarchy on the pool as well, analyses without it first, measured
    # no better; DEVELOPERS.md.) The checks of the stated triples start first, beside entailment, which would
    # otherwise run alone on one core; they read the default graph, where entailment writes nothing.
    # Analyses that only query go to the pool as well: this thread's analyses are validate's longest path.
    pooled = [r for r in rules if (r.sparql and not r.analysis) or r.analysis in QUERY_ONLY]
    # On a large input the rules with a columnar form (validate.columnar) run there, as one job that reads the
    # stated triples once; polars is imported only then (start-up time on small inputs).
    # Only a local Vocabulary's store holds every stated triple (a RemoteVocabulary's holds what it fetched).
    if isinstance(vocab, Deferred) and not vocab.loaded and _columns_wanted(engine, vocab):
        report = _by_columns_alone(vocab, rules, fail_on, lang, places, progress)
        if report is not None:
            return report
    if isinstance(vocab, Deferred):  # read into its store now, before the pool's threads ask for it
        vocab.read(progress)
    local = type(vocab) in (Vocabulary, Deferred)
    if local and not len(vocab):  # (validate.remote says so of a store's graph)
        raise _nothing(vocab)
    # auto on files (a Deferred vocabulary) is store-free columns or the store alone: columns made beside a store
    # cost its dump and their memory, and lost to the store alone on STW (bench/figures/exports-ab-2fbf1d4-quick.json).
    wanted = engine == "columns" or (engine == "auto" and not isinstance(vocab, Deferred)
                                     and len(vocab) >= COLUMNAR_FROM and _all_columnar(rules))
    columnar = [r for r in rules if r.id in columnar_ids()] if local and wanted else []
    pooled = [r for r in pooled if r not in columnar]
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {r.id: pool.submit(_hits, vocab, r) for r in pooled
                if not reads_entailed(r.sparql or "", r.entailment)}
        by_columns = pool.submit(_columnar, vocab, columnar) if columnar else None
        with entailed(vocab):  # what SKOS implies, for the checks to match (tropekg.validate.entailment)
            jobs.update({r.id: pool.submit(_hits, vocab, r) for r in pooled if r.id not in jobs})
            hits = _analysed(vocab, [r for r in rules if r not in columnar], jobs, progress)
            for rule, found in zip(columnar, by_columns.result() if by_columns else [], strict=True):
                hits[rule.id] = found if found is not None else _hits(vocab, rule)  # None: left to the store
            return report_of(vocab, rules, hits, fail_on, lang, places, progress)


COLUMNAR_FROM = 50_000  # stated triples from which validate runs the columnar forms (polars' import pays off)
_WITHOUT_STORE = {"invalid_iris"}  # analyses that read no store (the lenient read's invalid IRIs)


def _nothing(vocab: Vocabulary) -> LoadError:
    """Validating no triples is no pass: an empty file, or one of comments and prefixes alone, is said to be so."""
    where = ", ".join(str(s) for s in vocab.sources) or "the vocabulary"
    return LoadError(f"{where}: holds no triples, so there is nothing to validate; check the file (and "
                     "--input-format)")


def _all_columnar(rules: list[Rule]) -> bool:
    ids = columnar_ids()
    return all(r.id in ids or r.analysis in _WITHOUT_STORE for r in rules)


def _columns_wanted(engine: str, vocab: Deferred) -> bool:
    """Whether the engine asks for the files read into columns alone (auto: on large input, where they win), if
    every rule has a columnar form (_by_columns_alone asks that)."""
    # The size alone: small input never imports polars, which costs start-up time.
    return engine == "columns" or (engine == "auto" and vocab.size() >= LARGE_INPUT_BYTES)


def _by_columns_alone(vocab: Deferred, rules: list[Rule], fail_on: str, lang: str, places: bool,
                      progress: Progress) -> Report | None:
    """The Report from the files read into columns, no store loaded; None when a rule has no columnar form or
    a columnar form leaves this input to the store (S14 with typed literals), which validate then reads as usual."""
    from .columns import Columns  # polars and the coder; not scipy, which validate.columnar imports

    progress("reading")
    # The batches are coded on a thread (polars lets go of the GIL) while this one imports the rules' columnar
    # forms, which tell whether every rule has one: when not (no rule today), the read was in vain.
    reading = Background(Columns.read, vocab, progress)
    if not _all_columnar(rules):
        reading.result()
        return None
    from .columnar import columnar_all

    cols = reading.result()
    if not len(cols.stated):
        raise _nothing(vocab)
    found = columnar_all(cols, [r for r in rules if r.analysis not in _WITHOUT_STORE], progress)
    if found is None:
        return None
    hits = {r.id: ANALYSES[r.analysis](vocab, []) if r.analysis in _WITHOUT_STORE else found[r.id] for r in rules}
    if blank_nodes_in(hits):  # stable names from the statements about blank nodes, in a store of their own
        rename_blank_nodes(Vocabulary(cols.blank_store(), vocab.sources, {}), rules, hits)
    return report_of(vocab, rules, hits, fail_on, lang, places, progress,
                   lambda iris: labels_from_columns(cols, iris, lang, vocab.invalid_iris))


def columnar_ids() -> frozenset[str]:
    """The rules with a columnar form (validate.columnar.COLUMNAR; imports polars)."""
    from .columnar import COLUMNAR

    return frozenset(COLUMNAR)


def _columnar(vocab: Vocabulary, rules: list[Rule]) -> list[list[Hit] | None]:
    """The hits of `rules` by their columnar forms, from one reading of the stated triples into columns."""
    from .columnar import columnar_hits
    from .columns import Columns

    cols = Columns.of(vocab)
    return [columnar_hits(cols, rule) for rule in rules]


def _analysed(vocab: Vocabulary, rules: list[Rule], jobs: dict, progress: Progress) -> dict[str, list[Hit]]:
    """The analyses' hits, run on this thread, and the pattern checks' (`jobs`, rule id -> future) as they end."""
    hits: dict[str, list[Hit]] = {}

    def checked(rule_id: str) -> None:
        progress(f"checking: {rule_id}", len(hits), len(rules))

    shared: dict[str, list] = {}  # S27, dcc and var read the same related pairs: one query, one row list
    # The label analyses last, after the hierarchy's indexes are dropped: on large vocabularies the two together
    # made validate's peak memory. Findings are sorted afterwards, so the order leaves no trace.
    analysed = sorted((r for r in rules if r.analysis and r.id not in jobs),
                      key=lambda r: r.analysis in _LABEL_ANALYSES)
    readers = Counter(r.sparql for r in analysed if r.sparql)  # rows are dropped after their last reader
    for rule in analysed:
        if rule.analysis in _LABEL_ANALYSES:  # every reading of the hierarchy (plain or transitive) and its
            vocab.derived.forget_hierarchy()  # layers go; the label groups stay, shared by the label analyses
        rows: list = []
        if rule.sparql:
            if rule.sparql not in shared:
                shared[rule.sparql] = _run_query(vocab, rule)
            readers[rule.sparql] -= 1
            rows = shared[rule.sparql] if readers[rule.sparql] else shared.pop(rule.sparql)
        hits[rule.id] = ANALYSES[rule.analysis](vocab, rows)
        del rows
        checked(rule.id)
    ids = {job: rule_id for rule_id, job in jobs.items()}
    for job in as_completed(ids):
        hits[ids[job]] = job.result()
        checked(ids[job])
    return hits


