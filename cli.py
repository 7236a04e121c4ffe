"""The tropekg command line: each command parses options, makes one library call, renders, and exits (0 ok, 1
findings or an unknown term, 2 could not run). Every option is defined once, in cli_options.py; a command's
parameters are typed by its options, and its docstring and epilog (an example) are its --help."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
import traceback

import click

import tropekg

# These modules are light (no RDF library): the registries give the choices, the rest is imported when used.
from tropekg.compare import FORMATS as COMPARE_FORMATS
from tropekg.errors import LookupFailed, ServerFailed, TropekgError, UsageError
from tropekg.export import FORMATS as EXPORT_FORMATS
from tropekg.export import Options, export_files
from tropekg.ingest import OUTPUT_FORMATS as IMPORT_OUTPUTS
from tropekg.output.progress import Terminal
from tropekg.output.text import card_text, json_text, stats_text
from tropekg.query import EXPAND_FORMATS, QUERY_FORMATS, SEARCH_FORMATS
from tropekg.validate.reports import REPORTS, rules_listing
from tropekg.view import FORMATS as VIEW_FORMATS

# The Click configuration sits beside this file: tropekg.cli_options in a wheel or when tropekg/__main__.py loads
# a checkout's cli.py; cli_options.py on sys.path (this file's folder) when run as `python cli.py`.
if __package__:
    from tropekg.cli_options import example, fmt, output, takes
else:
    from cli_options import example, fmt, output, takes


class Group(click.Group):
    """The one place where library errors become exit codes: an unknown or ambiguous term exits 1 with its
    candidates, and so does a server that could not keep its engine up (ServerFailed); any other TropekgError (or an
    unreadable file) is one line on stderr and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LookupFailed as e:
            click.echo(f"tropekg: {e}\n" + "".join(f"  {label}  <{iri}>\n" for iri, label in e.candidates), err=True,
                       nl=False)
            ctx.exit(1)
        except BrokenPipeError:  # a reader such as `head` closed the pipe: not an error of ours
            sys.stderr.close()
            ctx.exit(0)
        except (TropekgError, OSError) as e:
            if ctx.params.get("debug"):
                traceback.print_exc()
            message = str(e) if isinstance(e, TropekgError) else f"{e.filename or ''}: {e.strerror or e}"
            click.echo(f"tropekg: error: {message}", err=True)
            ctx.exit(1 if isinstance(e, ServerFailed) else 2)  # a server that ran, then could not go on: 1


def color_wanted(output: str | None = None) -> bool:  # on a terminal, unless NO_COLOR (https://no-color.org)
    return output in (None, "-") and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(data: str | bytes, output: str | None = None) -> None:
    """Write a rendered result to stdout ("-" or no -o) or atomically to the file `output`."""
    if output not in (None, "-"):
        return library("output").write_output(output, data)
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        return sys.stdout.buffer.flush()
    click.echo(data, nl=False)


def progressing(work, *args, **kwargs):  # work's progress drawn on stderr when it is a terminal, then cleared
    shown = Terminal(sys.stderr)
    try:
        done = work(*args, progress=shown, **kwargs)
    finally:
        shown.done()
    # One command per process: what the library made (a report's findings, a vocabulary) lives until its output
    # is written and the process ends. Frozen, the cycle collector skips it: its first pass after a large
    # validate walked every finding while the report was rendered, and once more at exit (gc.freeze).
    gc.freeze()
    return done


def load(files: tuple[str, ...], input_format: str | None, places=False, endpoint=None, graph=None, lenient=False,
         deferred=False):
    return progressing(tropekg.load, list(files), input_format, places=places, lenient=lenient, endpoint=endpoint,
                       graph=graph, deferred=deferred)  # FILES, an --endpoint's graph, or the bundled taxonomy


def library(module: str):  # imported when a command runs: --help loads no RDF library
    return importlib.import_module(f"tropekg.{module}")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tropekg.__version__, prog_name="tropekg")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def cli(debug) -> None:
    """tropekg: a knowledge graph of fiction tropes (SKOS), and the tools to check, query and export it.

    Every command works on the bundled taxonomy when no FILES are given, and on any SKOS files otherwise.
    """


@cli.command(epilog=example("tropekg show NTR", "tropekg show 寝取らせ --format json --lang ja"))
@takes("term", "files", "lang", fmt(["text", "json"]))
def show(term, files, input_format, lang, fmt) -> None:
    """Show one concept, found by IRI, CURIE or any label in any language."""
    card = tropekg.describe(load(files, input_format), term, lang=lang)
    emit(json_text(card) if fmt == "json" else card_text(card, lang=lang, color=color_wanted()))


@cli.command(epilog=example("tropekg stats ../shared/vocabs/stw-9.16.ttl --format json"))
@takes("files", fmt(["text", "json"]))
def stats(files, input_format, fmt) -> None:
    """Count concepts per scheme and class, labels per language, relations, and tropes lacking a facet."""
    report = tropekg.stats(load(files, input_format))
    emit(json_text(report) if fmt == "json" else stats_text(report, color=color_wanted()))


@cli.command(epilog=example("tropekg validate my.ttl --select S13,chr --fail-on error -f json -o report.json",
                            "tropekg validate my.ttl --fix -o my.fixed.ttl"))
@takes("files", "lang", fmt(REPORTS), output("Write the report (with --fix: the repaired copy) to FILE."), "select",
       "ignore", "fail-on", "list-rules", "fix", "endpoint", "graph", "engine")
def validate(files, input_format, lang, fmt, output, select, ignore, fail_on, list_rules, fix_rules, endpoint,
             graph, engine) -> None:
    """Check SKOS integrity conditions, qSKOS quality issues, curator checks and our SHACL shapes. Settings can
    also live in [tool.tropekg] of the nearest pyproject.toml (select, ignore, fail-on)."""
    if list_rules:
        return emit(rules_listing(fmt), output)
    if fix_rules is not None:
        notes = library("validate.fixes").fix(load(files, input_format), output, fix_rules)
        return click.echo("".join(f"  {n}\n" for n in notes) + f"{len(notes)} changes written to {output}")
    vocab = load(files, input_format, True, endpoint, graph, lenient=True, deferred=True)  # read as the engine needs
    report = progressing(tropekg.validate, vocab, select=list(select),
                         ignore=list(ignore), fail_on=fail_on, lang=lang, settings=True, engine=engine)
    emit(REPORTS[fmt](report, color=fmt == "text" and color_wanted(output)), output)
    for rule_id, why in report.unchecked.items():  # the report holds the other rules' findings: not a pass
        click.echo(f"tropekg: rule {rule_id} not checked: {why}", err=True)
    if report.unchecked:
        raise TropekgError(f"{len(report.unchecked)} rules could not be checked ({', '.join(report.unchecked)})")
    sys.exit(0 if report.conforms else 1)


@cli.command(epilog=example("tropekg export -f csv --lang ja -o tropes.csv", "tropekg export -f markdown -o wiki/"))
@takes("files", fmt(EXPORT_FORMATS, None), output("Write to PATH atomically (a folder for folder formats); "
       "stdout when omitted.", "PATH"), "lang", "scheme", "include-deprecated", "context")
def export(files, input_format, fmt, output, lang, scheme, include_deprecated, context_url) -> None:
    """Export as RDF (turtle, ntriples, nquads, trig, rdfxml, jsonld), a catalog (csv, json, sqlite, xlsx), a wiki
    (markdown, mediawiki) or a website (site); byte-identical for the same input, written atomically."""
    options = Options(lang, scheme, include_deprecated, context_url)
    data = progressing(export_files, list(files), input_format, fmt, output, options)
    if data is not None:
        emit(data)


@cli.command(epilog=example("tropekg build my-vocab.ttl -o dist/ --fail-on warning"))
@takes("files", output("The release folder.", "DIR", default="release", show_default=True), "lang", "scheme",
       "include-deprecated", "fail-on")
def build(files, input_format, output, lang, scheme, include_deprecated, fail_on) -> None:
    """Validate, then write every export format into one release folder with manifest.json (each file's
    format, size, sha256, triple and concept counts)."""
    release, fail_on = library("release"), fail_on or "error"
    report, manifest = progressing(release.build_release, load(files, input_format), output,
                                   Options(lang, scheme, include_deprecated), fail_on=fail_on)
    if manifest is None:
        click.echo(REPORTS["text"](report, color=color_wanted()), nl=False)
        click.echo(f"tropekg: nothing written to {output}: validation failed at --fail-on {fail_on}", err=True)
        sys.exit(1)
    click.echo(release.summary(manifest, output), nl=False)


@cli.command(epilog=example('tropekg view -f svg --root "NTR family" --depth 2 --facets -o ntr.svg'))
@takes("files", fmt(VIEW_FORMATS, None), output(metavar="PATH"), "root", "depth", "scheme", "relations", "layout",
       "facets", "max-nodes", "lang")
def view(files, input_format, fmt, output, roots, depth, scheme, relations, layout, facets, max_nodes, lang) -> None:
    """Draw concepts and their links: dot, graphml, gexf, mermaid, svg, png, or html (one offline file with
    pan, zoom, search and details). No --root, --scheme or --relations: the overview (links, facets, themes, media)."""
    scene = library("view.scene")
    if output in (None, "-") and VIEW_FORMATS[fmt].binary and sys.stdout.isatty():
        raise UsageError(f"--format {fmt} is binary; give -o FILE or redirect stdout")
    selection = scene.Selection(list(roots), depth, scheme, scene.parse_kinds(relations, facets), lang, max_nodes,
                                layout)
    emit(tropekg.draw(load(files, input_format), fmt, selection), output)


@cli.command(epilog=example("tropekg compare NTR Netori Netorase --format markdown",
                            'tropekg compare --children "NTR family" -f html -o ntr.html'))
@takes("terms-and-files", "input-format", "lang", "children", fmt(COMPARE_FORMATS), output())
def compare(files, input_format, lang, children, fmt, output) -> None:
    """Concepts side by side: meaning, best use, example, facets, media, themes, and how they are linked."""
    terms, files = library("query.expansion").split_args(files)
    comparison = tropekg.compare(load(files, input_format), terms, lang=lang, children=children)
    emit(library("compare").render(comparison, fmt), output)


@cli.command(epilog=example('tropekg query "SELECT ?t WHERE { ?t tk:consent tkid:consent-mutual }"',
                            'tropekg query --name under --param concept="NTR family" --format csv',
                            "tropekg query --name schemes --endpoint http://localhost:7878/query"))
@takes("query-and-files", "input-format", "query-file", "name", "param",
       "list", fmt(QUERY_FORMATS, None, False, help="Default: table for SELECT/ASK, turtle for CONSTRUCT."), output(),
       "endpoint", "graph")
def query(files, input_format, query_file, name, params, list_queries, fmt, output, endpoint, graph) -> None:
    """Run a SPARQL 1.1 query: inline, from a file, or a shipped one by name. Our prefixes are predeclared."""
    sparql = library("query.sparql")
    if list_queries:
        return emit(sparql.listing())
    text, where, files = sparql.source(files, query_file, name)
    emit(sparql.answer(load(files, input_format, False, endpoint, graph), text, where, name, params, fmt), output)


@cli.command(epilog=example("tropekg search 寝取 --format json"))
@takes("text", "files", "lang", "limit", fmt(SEARCH_FORMATS))
def search(text, files, input_format, lang, limit, fmt) -> None:
    """Find concepts by text in their labels (every language), definitions and notes, best matches first."""
    emit(library("query.search").render(tropekg.search(load(files, input_format), text, lang=lang, limit=limit), fmt))


@cli.command(epilog=example('tropekg expand "NTR family" --counterparts --as vndb',
                            'tropekg expand --facet consent="Without agreement" --as labels --format json'))
@takes("terms-and-files", "input-format", "lang", "related", "counterparts", "facet", "as", fmt(EXPAND_FORMATS))
def expand(files, input_format, lang, related, counterparts, facets, output_as, fmt) -> None:
    """The content-filter list: the TERMs (IRI, CURIE or label) and everything under them, cycle-safe.
    Arguments from the first one naming an existing file on are FILES to read instead of the bundled taxonomy."""
    expansion = library("query.expansion")
    terms, files = expansion.split_args(files)
    result = tropekg.expand(load(files, input_format), terms, related=related, counterparts=counterparts,
                            facets=facets, output=output_as, lang=lang)
    emit(expansion.render(result, fmt, output_as))


@cli.command(epilog=example("tropekg serve my-vocab.ttl --port 8000 --timeout 5 --cors"))
@takes("files", "host", "port", "timeout", "max-result-bytes", "cors", "base-iri", "lang")
def serve(files, input_format, host, port, timeout, max_result_bytes, cors, base_iri, lang) -> None:
    """Serve SPARQL 1.1 read-only (form at /) and each concept's IRI as page or RDF (/entity?uri=). Ctrl-C stops."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    limits = library("serve.endpoint").Limits(timeout, max_result_bytes)
    tropekg.serve(load(files, input_format), host, port, limits=limits, cors=cors, base_iri=base_iri, lang=lang,
                  on_ready=lambda url: click.echo(f"tropekg: SPARQL endpoint at {url}, concepts at "
                                                  f"{url[:-5]}entity?uri= (Ctrl-C stops it)", err=True))
    click.echo("tropekg: stopped", err=True)


@cli.command(epilog=example("tropekg publish --endpoint http://localhost:7878/store --graph https://example.org/t"))
@takes("files", "endpoint", "graph", "replace")
def publish(files, input_format, endpoint, graph, replace) -> None:
    """Add this graph to a triplestore's, or replace it (Graph Store Protocol POST, PUT; auth: TROPEKG_PUBLISH_AUTH)."""
    done = tropekg.publish(load(files, input_format), endpoint, graph, replace=replace)
    click.echo(f"{done['triples']} triples {'put' if replace else 'posted'} to {done['url']}: {done['status']}")


@cli.command(epilog=example("tropekg diff v1/tropes.ttl v2/tropes.ttl", "tropekg diff v1/ - -f markdown --fail-on any"))
@takes("old", "new", "input-format", "lang", "diff-format", output(), "fail-on-change")
def diff(old, new, input_format, lang, fmt, output, fail_on) -> None:
    """What changed from OLD to NEW, each a file, a folder of RDF files, or - (the bundled taxonomy)."""
    result = progressing(library("diff").diff_files, old, new, input_format, lang)
    emit(library("diff").render(result, fmt, color=color_wanted(output)), output)  # colour: text only
    sys.exit(1 if result.fails(fail_on) else 0)


@cli.command("import", epilog=example("tropekg import vndb ../shared/data/vndb-tags-2022-10-02.json -o vndb.ttl",
                                      "tropekg import csv tropes.csv --base https://example.org/id/ -o tropes.ttl"))
@takes("import-format", "import-file", output(), fmt(IMPORT_OUTPUTS, "turtle"), "base", "table-lang")
def import_(source_format, file, output, fmt, base, lang) -> None:
    """Turn a VNDB tag dump or a catalog table (as `export` writes it) into SKOS; warnings point to `validate`."""
    data, imported = tropekg.import_to(source_format, file, output, fmt, base, lang)
    click.echo(imported.warning_lines(output), err=True, nl=False)
    emit(data if data is not None else imported.summary(output))


@cli.command(epilog=example("tropekg reconcile tags.csv --column tag --separator ';' -o matched.csv"))
@takes("table", "column", "files", "separator", "type", "lang", output(), fmt(["csv", "json"], "csv"), "expand",
       "fail-on-unmatched")
def reconcile(table, column, files, input_format, separator, types, lang, output, fmt, expand, fail_on) -> None:
    """Match a table's tag column (CSV, TSV, XLSX) to concepts: each row kept, concept and score added."""
    result = progressing(library("reconcile").reconcile_table, load(files, input_format), table, column,
                         separator=separator, types=tuple(types), lang=lang, expand=expand)
    emit(result.json() if fmt == "json" else result.csv(), output)
    click.echo(f"tropekg: {result.summary()}", err=True)
    sys.exit(1 if fail_on and result.failed() else 0)


def main() -> None:
    cli(prog_name="tropekg")


if __name__ == "__main__":
    main()
