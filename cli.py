"""The tropekg command line: each command parses options, makes one library call, renders, and exits.

Exit codes: 0 ok, 1 findings (violations, ambiguous or unknown terms), 2 could not run. A command's parameters
are typed by its Click options; its docstring is its --help.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import traceback

import click

import tropekg
from tropekg.diff import FAIL_ON as DIFF_FAIL_ON
from tropekg.diff import FORMATS as DIFF_FORMATS
from tropekg.errors import LookupFailed, TropekgError, UsageError

# These modules are light (no RDF library): the registries give the choices, the rest is imported when used.
from tropekg.export import FORMATS as EXPORT_FORMATS
from tropekg.export import Options, export_to
from tropekg.ingest import FORMATS as IMPORT_FORMATS
from tropekg.ingest import OUTPUT_FORMATS as IMPORT_OUTPUTS
from tropekg.progress import Terminal
from tropekg.query import EXPAND_FORMATS, SEARCH_FORMATS
from tropekg.text import card_text, stats_text
from tropekg.validate.reports import REPORTS, rules_listing
from tropekg.view import FORMATS as VIEW_FORMATS

SEVERITIES = ("error", "warning", "info")


class Group(click.Group):
    """The one place where library errors become exit codes: an unknown or ambiguous term exits 1 with its
    candidates; any other TropekgError (or an unreadable file) is one line on stderr and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LookupFailed as e:
            click.echo(f"tropekg: {e}", err=True)
            click.echo("".join(f"  {label}  <{iri}>\n" for iri, label in e.candidates), err=True, nl=False)
            ctx.exit(1)
        except BrokenPipeError:  # a reader such as `head` closed the pipe: not an error of ours
            sys.stderr.close()
            ctx.exit(0)
        except (TropekgError, OSError) as e:
            if ctx.params.get("debug"):
                traceback.print_exc()
            message = str(e) if isinstance(e, TropekgError) else f"{e.filename or ''}: {e.strerror or e}"
            click.echo(f"tropekg: error: {message}", err=True)
            ctx.exit(2)


def color_wanted() -> bool:  # only on a terminal, never when NO_COLOR is set (https://no-color.org)
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(data: str | bytes, output: str | None = None) -> None:
    """Write a rendered result to stdout ("-" or no -o) or atomically to the file `output`."""
    if output not in (None, "-"):
        return importlib.import_module("tropekg.output").write_output(output, data)
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(data, nl=False)


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def progressing(work, *args, **kwargs):
    """`work(*args, progress=..., **kwargs)` with its progress drawn on a terminal (stderr), the line cleared after."""
    shown = Terminal(sys.stderr)
    try:
        return work(*args, progress=shown, **kwargs)
    finally:
        shown.done()


def load(files: tuple[str, ...], input_format: str | None, places: bool = False):
    """The named FILES merged, or the bundled taxonomy and ontology when none are named."""
    return progressing(tropekg.load, list(files), input_format=input_format, places=places)


def library(module: str):
    """A module of the library, imported when a command needs it (rdflib and pyoxigraph load only then)."""
    return importlib.import_module(f"tropekg.{module}")


def reads_files(command):
    """FILES (none: the bundled taxonomy) and --input-format, as every command that reads a vocabulary takes."""
    command = input_format_option(command)
    return click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=False))(command)


input_format_option = click.option("--input-format", metavar="FORMAT", help="Parse FILES as this format, not by "
                                   "their extension: turtle, ntriples, nquads, trig, n3, rdfxml, jsonld.")


def format_option(formats, default: str | None = "text", **kwargs):
    return click.option("-f", "--format", "fmt", type=click.Choice(list(formats)), default=default,
                        required=default is None, show_default=default is not None, **kwargs)


def output_option(what: str = "Write to FILE atomically; stdout when omitted or '-'.", metavar: str = "FILE", **kw):
    return click.option("-o", "--output", metavar=metavar, help=what, **kw)


lang_option = click.option("--lang", default="en", show_default=True, metavar="TAG",
                           help="Display language for labels, with fallback to English.")
fail_on_option = click.option("--fail-on", type=click.Choice(SEVERITIES), help="Exit 1 when a finding is at or above "
                              "this severity.  [default: warning; build: error, and nothing is written]")


def export_options(command):
    """--lang, --scheme and --include-deprecated: what every export and build takes (export.Options)."""
    command = click.option("--include-deprecated", is_flag=True, help="Keep owl:deprecated concepts.")(command)
    return lang_option(click.option("--scheme", metavar="IRI", help="Only this scheme (IRI or CURIE).")(command))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tropekg.__version__, prog_name="tropekg")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def cli(debug) -> None:
    """tropekg: a knowledge graph of fiction tropes (SKOS), and the tools to check, query and export it.

    Every command works on the bundled taxonomy when no FILES are given, and on any SKOS files otherwise.
    """


@cli.command()
@click.argument("term")
@reads_files
@lang_option
@format_option(["text", "json"])
def show(term, files, input_format, lang, fmt) -> None:
    """Show one concept, found by IRI, CURIE or any label in any language.

    Example: tropekg show NTR;  tropekg show 寝取らせ --format json --lang ja"""
    card = tropekg.describe(load(files, input_format), term, lang=lang)
    emit(as_json(card) if fmt == "json" else card_text(card, lang=lang, color=color_wanted()))


@cli.command()
@reads_files
@format_option(["text", "json"])
def stats(files, input_format, fmt) -> None:
    """Count concepts per scheme and class, labels per language, relations, and tropes lacking a facet.

    Example: tropekg stats ../shared/vocabs/stw-9.16.ttl --format json"""
    report = tropekg.stats(load(files, input_format))
    emit(as_json(report) if fmt == "json" else stats_text(report, color=color_wanted()))


@cli.command()
@reads_files
@lang_option
@format_option(REPORTS)
@output_option("Write the report (with --fix: the repaired copy) to FILE.")
@click.option("--select", multiple=True, metavar="RULES", help="Run only these rules (ids, aliases; 'all': every one).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (added to [tool.tropekg] ignore).")
@fail_on_option
@click.option("--list-rules", is_flag=True, help="List every rule (id, severity, title, aliases, fix, reference).")
@click.option("--fix", "fix_rules", is_flag=False, flag_value="all", metavar="[RULES]",
              help="Write a repaired copy to -o FILE: all safe fixes, or those of RULES; lists every change.")
def validate(files, input_format, lang, fmt, output, select, ignore, fail_on, list_rules, fix_rules) -> None:
    """Check SKOS integrity conditions, qSKOS quality issues, curator checks and our SHACL shapes.

    Settings can also live in [tool.tropekg] of the nearest pyproject.toml (select, ignore, fail-on).

    \b
    Example: tropekg validate my.ttl --select S13,S14,chr --fail-on error --format json -o report.json
             tropekg validate my.ttl --fix -o my.fixed.ttl"""
    if list_rules:
        return emit(rules_listing(fmt), output)
    if fix_rules is not None:
        notes = library("validate.fixes").fix(load(files, input_format), output, fix_rules)
        return click.echo("".join(f"  {n}\n" for n in notes) + f"{len(notes)} changes written to {output}")
    report = progressing(tropekg.validate, load(files, input_format, places=True), select=list(select),
                         ignore=list(ignore), fail_on=fail_on, lang=lang, settings=True)
    emit(REPORTS[fmt](report, color=fmt == "text" and output in (None, "-") and color_wanted()), output)
    sys.exit(0 if report.conforms else 1)


@cli.command()
@reads_files
@format_option(EXPORT_FORMATS, default=None)
@output_option("Write to PATH atomically (a directory for folder formats); stdout when omitted.", metavar="PATH")
@export_options
def export(files, input_format, fmt, output, lang, scheme, include_deprecated) -> None:
    """Export as RDF (turtle, ntriples, nquads, trig, rdfxml, jsonld), a catalog (csv, json, sqlite, xlsx) or a wiki
    (markdown, mediawiki); byte-identical for the same input, written atomically.

    Example: tropekg export -f csv --lang ja -o tropes.csv;  tropekg export -f markdown -o wiki/ my.ttl"""
    data = progressing(export_to, load(files, input_format), fmt, output, Options(lang, scheme, include_deprecated))
    if data is not None:
        emit(data)


@cli.command()
@reads_files
@output_option("The release folder.", metavar="DIR", default="release", show_default=True)
@export_options
@fail_on_option
def build(files, input_format, output, lang, scheme, include_deprecated, fail_on) -> None:
    """Validate, then write every export format into one release folder with manifest.json (each file's
    format, size, sha256, triple and concept counts).

    Example: tropekg build my-vocab.ttl -o dist/ --fail-on warning"""
    release, fail_on = library("export.release"), fail_on or "error"
    report, manifest = progressing(release.build_release, load(files, input_format), output,
                                   Options(lang, scheme, include_deprecated), fail_on=fail_on)
    if manifest is None:
        click.echo(REPORTS["text"](report, color=color_wanted()), nl=False)
        click.echo(f"tropekg: nothing written to {output}: validation failed at --fail-on {fail_on}", err=True)
        sys.exit(1)
    click.echo(release.summary(manifest, output), nl=False)


@cli.command()
@reads_files
@format_option(VIEW_FORMATS, default=None)
@output_option("Write to PATH atomically; stdout when omitted or '-'.", metavar="PATH")
@click.option("--root", "roots", multiple=True, metavar="TERM", help="Start from this concept (as `show` finds it).")
@click.option("--depth", default=1, show_default=True, metavar="N", help="With --root: how many links to follow.")
@click.option("--scheme", metavar="TERM", help="Only concepts of this concept scheme (IRI, CURIE or label).")
@click.option("--relations", metavar="KINDS", help="Edge kinds to draw, comma-separated: broader, related, "
              "contrasts, counterpart, facet, mapping, theme, medium, use.  [default: broader,related,contrasts,"
              "counterpart]")
@click.option("--facets", is_flag=True, help="Draw facet values (perspective, consent, audience) as nodes.")
@click.option("--max-nodes", default=2000, show_default=True, metavar="N", help="Refuse (exit 2) larger selections.")
@lang_option
def view(files, input_format, fmt, output, roots, depth, scheme, relations, facets, max_nodes, lang) -> None:
    """Draw concepts and their links: dot, graphml, gexf, mermaid, svg, png, or html (one offline file with
    pan, zoom, search and details). No --root and no --scheme draws the whole graph.

    Example: tropekg view -f svg --root "NTR family" --depth 2 --facets -o ntr.svg"""
    scene = library("view.scene")
    if output in (None, "-") and VIEW_FORMATS[fmt].binary and sys.stdout.isatty():
        raise UsageError(f"--format {fmt} is binary; give -o FILE or redirect stdout")
    selection = scene.Selection(list(roots), depth, scheme, scene.parse_kinds(relations, facets), lang, max_nodes)
    emit(tropekg.draw(load(files, input_format), fmt, selection), output)


@cli.command()
@click.argument("files", nargs=-1, metavar="[QUERY] [FILES]...")
@click.option("-q", "--query-file", metavar="FILE", help="Read the query from FILE (then every argument is a file).")
@click.option("--name", metavar="NAME", help="Run a shipped query; --list shows them.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a --name query.")
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries with what each answers.")
@click.option("-f", "--format", "fmt", metavar="FORMAT", help="SELECT/ASK: table (default), json, xml, csv, tsv; "
              "CONSTRUCT/DESCRIBE: turtle (default), ntriples, nquads, trig, rdfxml, jsonld.")
@output_option()
@input_format_option
def query(files, input_format, query_file, name, params, list_queries, fmt, output) -> None:
    """Run a SPARQL 1.1 query: inline, from a file, or a shipped one by name. Our prefixes are predeclared.

    \b
    Example: tropekg query "SELECT ?t WHERE { ?t tk:consent tkid:consent-mutual }"
             tropekg query --name under --param concept="NTR family" --format csv"""
    sparql = library("query.sparql")
    if list_queries:
        return emit(sparql.listing())
    text, where, files = sparql.source(files, query_file, name)
    emit(sparql.answer(load(files, input_format), text, where, name, params, fmt), output)


@cli.command()
@click.argument("text")
@reads_files
@lang_option
@click.option("--limit", default=20, show_default=True, help="Show at most this many matches (0: all).")
@format_option(SEARCH_FORMATS)
def search(text, files, input_format, lang, limit, fmt) -> None:
    """Find concepts by text in their labels (every language), definitions and notes, best matches first.

    Example: tropekg search 寝取 --format json"""
    emit(library("query.search").render(tropekg.search(load(files, input_format), text, lang=lang, limit=limit), fmt))


@cli.command()
@click.argument("files", nargs=-1, metavar="TERM... [FILES]...")
@input_format_option
@lang_option
@click.option("--related", is_flag=True, help="Add related concepts (skos:related), and what is under them.")
@click.option("--counterparts", is_flag=True, help="Add counterparts (tk:counterpart), and what is under them.")
@click.option("--facet", "facets", multiple=True, metavar="NAME=VALUE", help="Add concepts with this facet value.")
@click.option("--as", "output_as", default="iri", show_default=True, metavar="KIND",
              help="Write iri, label (in --lang), labels (every label and alias), or the ids of vndb or anilist.")
@format_option(EXPAND_FORMATS)
def expand(files, input_format, lang, related, counterparts, facets, output_as, fmt) -> None:
    """The content-filter list: the TERMs (IRI, CURIE or label) and everything under them, cycle-safe.
    Arguments from the first one naming an existing file on are FILES to read instead of the bundled taxonomy.

    \b
    Example: tropekg expand "NTR family" --counterparts --as vndb
             tropekg expand --facet consent="Without agreement" --as labels --format json"""
    expansion = library("query.expansion")
    terms, files = expansion.split_args(files)
    result = tropekg.expand(load(files, input_format), terms, related=related, counterparts=counterparts,
                            facets=facets, output=output_as, lang=lang)
    emit(expansion.render(result, fmt, output_as))


@cli.command()
@reads_files
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, help="Port to listen on; 0 picks a free one.")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run; then 503.")
@click.option("--max-result-bytes", default=50_000_000, show_default=True, help="Larger results are refused (500).")
def serve(files, input_format, host, port, timeout, max_result_bytes) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (Oxigraph inside), with a query form at /.
    Updates and SERVICE are refused (403); every request is logged to stderr. Stop with Ctrl-C.

    Example: tropekg serve my-vocab.ttl --port 8000 --timeout 5"""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    limits = library("serve.endpoint").Limits(timeout, max_result_bytes)
    tropekg.serve(load(files, input_format), host, port, limits=limits,
                  on_ready=lambda url: click.echo(f"tropekg: SPARQL endpoint at {url} (Ctrl-C stops it)", err=True))
    click.echo("tropekg: stopped", err=True)


@cli.command()
@reads_files
@click.option("--endpoint", required=True, metavar="URL", help="The store's Graph Store Protocol URL.")
@click.option("--graph", metavar="IRI", help="Replace this named graph; the default graph when omitted.")
def publish(files, input_format, endpoint, graph) -> None:
    """Replace a graph of a triplestore with this graph (Graph Store HTTP Protocol PUT); basic-auth credentials
    come from the environment variable TROPEKG_PUBLISH_AUTH=user:password only.

    Example: tropekg publish --endpoint http://localhost:7878/store --graph https://example.org/tropes"""
    done = tropekg.publish(load(files, input_format), endpoint, graph)
    click.echo(f"{done['triples']} triples put to {done['url']}: {done['status']}")


@cli.command()
@click.argument("old")
@click.argument("new")
@input_format_option
@lang_option
@format_option(DIFF_FORMATS)
@output_option()
@click.option("--fail-on", type=click.Choice(DIFF_FAIL_ON), help="Exit 1 on a breaking change, or on any change.")
def diff(old, new, input_format, lang, fmt, output, fail_on) -> None:
    """What changed from OLD to NEW, each a file, a folder of RDF files, or - (the bundled taxonomy).

    Example: tropekg diff v1/tropes.ttl v2/tropes.ttl;  tropekg diff v1/ - -f markdown --fail-on breaking"""
    changes = library("diff")
    result = progressing(changes.diff_files, old, new, input_format, lang)
    emit(changes.render(result, fmt, color=fmt == "text" and output in (None, "-") and color_wanted()), output)
    sys.exit(1 if result.fails(fail_on) else 0)


@cli.command("import")
@click.argument("source_format", type=click.Choice(list(IMPORT_FORMATS)))
@click.argument("file", type=click.Path(dir_okay=False))
@output_option()
@format_option(IMPORT_OUTPUTS, default="turtle")
@click.option("--base", metavar="IRI", help="Tables: mint an IRI under IRI from the label of a row that has none.")
@click.option("--lang", default="en", show_default=True, metavar="TAG", help="Tables: the language of the texts.")
def import_(source_format: str, file: str, output: str | None, fmt: str, base: str | None, lang: str) -> None:
    """Turn a VNDB tag dump or a catalog table (as `export` writes it) into SKOS; warnings point to `validate`.

    \b
    Example:
      tropekg import vndb ../shared/data/vndb-tags-2022-10-02.json -o vndb.ttl
      tropekg import csv tropes.csv --base https://example.org/id/ -o tropes.ttl
    """
    data, imported = tropekg.import_to(source_format, file, output, fmt, base, lang)
    click.echo(imported.warning_lines(output), err=True, nl=False)
    emit(data if data is not None else imported.summary(output))


def main() -> None:
    cli(prog_name="tropekg")


if __name__ == "__main__":
    main()
