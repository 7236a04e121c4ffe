"""The tropekg command line: each command parses options, makes one library call, renders, and exits.

Exit codes: 0 ok, 1 findings (violations, ambiguous or unknown terms), 2 could not run.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

import click

import tropekg
from tropekg.errors import LookupFailed, TropekgError


class Group(click.Group):
    """The one place where library errors become a one-line message on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TropekgError as e:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(f"tropekg: error: {e}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            # A reader such as `head` closed the pipe: not an error of ours.
            sys.stderr.close()
            ctx.exit(0)
        except OSError as e:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(f"tropekg: error: {e.filename or ''}: {e.strerror or e}", err=True)
            ctx.exit(2)


def color_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(data: str | bytes, output: str | None = None) -> None:
    """Write a rendered result to stdout ("-" or no -o) or atomically to the file `output`."""
    if output in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            click.echo(data, nl=False)
        return
    from tropekg.output import write_output

    write_output(output, data)


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


files_argument = click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=False))
input_format_option = click.option(
    "--input-format", metavar="FORMAT",
    help="Parse FILES as this format instead of guessing from the extension: "
         "turtle, ntriples, nquads, trig, n3, rdfxml, jsonld.")
lang_option = click.option("--lang", default="en", show_default=True, metavar="TAG",
                           help="Display language for labels, with fallback to English.")


def progress(stage: str, done: int | None = None, total: int | None = None) -> None:
    """Progress of long work on stderr, one line rewritten in place; only on a terminal (pipes stay clean)."""
    if not sys.stderr.isatty():
        return
    count = f" {done}/{total}" if total else ""
    sys.stderr.write(f"\r\x1b[K{stage}{count}")
    sys.stderr.flush()


def done_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def load(files: tuple[str, ...], input_format: str | None):
    """The named FILES merged, or the bundled taxonomy and ontology when none are named."""
    try:
        return tropekg.load(list(files), input_format=input_format, progress=progress)
    finally:
        done_progress()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tropekg.__version__, prog_name="tropekg")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def cli(debug: bool) -> None:
    """tropekg: a knowledge graph of fiction tropes (SKOS), and the tools to check, query and export it.

    Every command works on the bundled taxonomy when no FILES are given, and on any SKOS files otherwise.
    """


@cli.command()
@click.argument("term")
@files_argument
@input_format_option
@lang_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(term: str, files: tuple[str, ...], input_format: str | None, lang: str, fmt: str) -> None:
    """Show one concept, found by IRI, CURIE or any label in any language.

    \b
    Example:
      tropekg show NTR
      tropekg show 寝取らせ --format json
      tropekg show "Love triangle" my-vocab.ttl --lang ja
    """
    from tropekg.text import candidates_text, card_text

    vocab = load(files, input_format)
    try:
        card = tropekg.describe(vocab, term, lang=lang)
    except LookupFailed as e:
        click.echo(f"tropekg: {e}", err=True)
        if e.candidates:
            click.echo(candidates_text(e.candidates), err=True, nl=False)
        sys.exit(1)
    emit(as_json(card) if fmt == "json" else card_text(card, lang=lang, color=color_wanted()))


@cli.command()
@files_argument
@input_format_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(files: tuple[str, ...], input_format: str | None, fmt: str) -> None:
    """Count concepts per scheme and class, labels per language, relations, and tropes lacking a facet.

    \b
    Example:
      tropekg stats
      tropekg stats ../shared/vocabs/stw-9.16.ttl --format json
    """
    from tropekg.text import stats_text

    report = tropekg.stats(load(files, input_format))
    emit(as_json(report) if fmt == "json" else stats_text(report, color=color_wanted()))


# --- validate (issue 3) ---


def _report_formats() -> list[str]:
    from tropekg.reports import REPORTS  # light: no RDF library is imported for the choices

    return list(REPORTS)


@cli.command()
@files_argument
@input_format_option
@lang_option
@click.option("-f", "--format", "fmt", type=click.Choice(_report_formats()), default="text", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write the report (with --fix: the repaired copy) to FILE.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Run only these rules (ids or aliases, comma-separated; 'all' adds the opt-in ones).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (added to [tool.tropekg] ignore).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a finding is at or above this severity.  [default: warning]")
@click.option("--list-rules", is_flag=True, help="List every rule (id, severity, title, aliases, fix, reference).")
@click.option("--fix", "fix_rules", is_flag=False, flag_value="all", default=None, metavar="[RULES]",
              help="Write a repaired copy to -o FILE: all safe fixes, or those of RULES; lists every change.")
def validate(files: tuple[str, ...], input_format: str | None, lang: str, fmt: str, output: str | None,
             select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None, list_rules: bool,
             fix_rules: str | None) -> None:
    """Check SKOS integrity conditions, qSKOS quality issues, curator checks and our SHACL shapes.

    Settings can also live in [tool.tropekg] of the nearest pyproject.toml (select, ignore, fail-on).
    Exit code 0: nothing at or above --fail-on; 1: findings; 2: could not run.

    \b
    Example:
      tropekg validate
      tropekg validate my-vocab.ttl --format json -o report.json
      tropekg validate my-vocab.ttl --select S13,S14,chr --fail-on error
      tropekg validate my-vocab.ttl --fix -o my-vocab.fixed.ttl
    """
    from tropekg.errors import UsageError
    from tropekg.reports import REPORTS, rules_table
    from tropekg.rules import all_rules
    from tropekg.settings import project_settings

    if list_rules:
        rules = all_rules()
        emit(as_json([r.as_dict() for r in rules]) if fmt == "json" else rules_table(rules), output)
        return
    if fix_rules is not None and output in (None, "-"):
        raise UsageError("--fix needs -o FILE for the repaired copy (the input is never changed)")
    settings = project_settings()
    vocab = load(files, input_format)
    if fix_rules is not None:
        from tropekg.fixes import fix

        notes = fix(vocab, output, None if fix_rules == "all" else [fix_rules])
        click.echo("".join(f"  {n}\n" for n in notes) + f"{len(notes)} changes written to {output}")
        return
    report = tropekg.validate(vocab, select=list(select) or settings.get("select"),
                              ignore=[*settings.get("ignore", []), *ignore],
                              fail_on=fail_on or settings.get("fail-on", "warning"), lang=lang)
    emit(REPORTS[fmt](report, color=fmt == "text" and output in (None, "-") and color_wanted()), output)
    sys.exit(0 if report.conforms else 1)


# --- export and build (issue 4) ---


# --- view (issue 5) ---


# --- query, search, expand, serve, publish (issue 6) ---


def main() -> None:
    cli(prog_name="tropekg")


if __name__ == "__main__":
    main()
