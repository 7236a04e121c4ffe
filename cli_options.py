"""The Click configuration of the command line, beside cli.py: every parameter defined once, as data (flags,
default, help), so it means the same in every command that takes it, and the decorators cli.py makes of them
(`@takes("lang", ...)`, fmt, output, example). A wheel ships it as tropekg/cli_options.py, as it does cli.py."""

from __future__ import annotations

import click

# These modules are light (no RDF library): their registries give the choices.
from tropekg.diff import FAIL_ON as DIFF_FAIL_ON
from tropekg.diff import FORMATS as DIFF_FORMATS
from tropekg.ingest import FORMATS as IMPORT_FORMATS
from tropekg.validate.rules import ENGINES, SEVERITIES
from tropekg.view import LAYOUTS

# name -> settings: "flags" (an option) or "argument" (a positional), "choices" (a registry's keys), and Click's
# own settings (default, show_default, metavar, multiple, is_flag, flag_value, required, help). "files" is a list
# of input files, none meaning the bundled taxonomy.
PARAMETERS: dict[str, dict] = {
    "files": {"argument": "files", "nargs": -1, "path": True},
    "terms-and-files": {"argument": "files", "nargs": -1, "metavar": "TERM... [FILES]..."},  # split by the library
    "query-and-files": {"argument": "files", "nargs": -1, "metavar": "[QUERY] [FILES]..."},
    "term": {"argument": "term"},
    "old": {"argument": "old"},  # diff: a file, a folder of RDF files, or - (the bundled taxonomy)
    "new": {"argument": "new"},
    "text": {"argument": "text"},
    "input-format": {"flags": ("--input-format",), "metavar": "FORMAT", "help": "Parse FILES as this format "
                     "(turtle, ntriples, nquads, trig, n3, rdfxml, jsonld), not by their extension."},
    "lang": {"flags": ("--lang",), "default": "en", "show_default": True, "metavar": "TAG",
             "help": "Language of labels (fallback: en)."},
    "fail-on": {"flags": ("--fail-on",), "choices": SEVERITIES, "help": "Exit 1 on a finding of this severity or "
                "above.  [default: warning; build: error, and then nothing is written]"},
    "engine": {"flags": ("--engine",), "choices": ENGINES, "default": "auto", "show_default": True,
               "help": "validate: what runs the rules that have a columnar form (--list-rules): the store, the "
                       "columns (polars, scipy; same findings; no store at all when every selected rule has "
                       "one), or auto (columns when every selected rule has one and the input is large)."},
    "fail-on-change": {"flags": ("--fail-on", "fail_on"), "choices": DIFF_FAIL_ON,
                       "help": "diff: exit 1 on a breaking change (an IRI or a label gone), or on any change."},
    "diff-format": {"flags": ("-f", "--format", "fmt"), "choices": DIFF_FORMATS, "default": "text",
                    "show_default": True},
    "scheme": {"flags": ("--scheme",), "metavar": "IRI", "help": "Only this concept scheme (IRI, CURIE or label)."},
    "include-deprecated": {"flags": ("--include-deprecated",), "is_flag": True,
                           "help": "Keep owl:deprecated concepts."},
    "context": {"flags": ("--context", "context_url"), "metavar": "URL",
                "help": "jsonld: reference the context at URL instead of embedding it."},
    "select": {"flags": ("--select",), "multiple": True, "metavar": "RULES",
               "help": "Run only these rules (ids or aliases, comma-separated; 'all': every rule)."},
    "ignore": {"flags": ("--ignore",), "multiple": True, "metavar": "RULES",
               "help": "Skip these rules (added to [tool.tropekg] ignore)."},
    "list-rules": {"flags": ("--list-rules",), "is_flag": True,
                   "help": "List every rule (id, severity, title, aliases, fix, reference)."},
    "fix": {"flags": ("--fix", "fix_rules"), "is_flag": False, "flag_value": "all", "metavar": "[RULES]",
            "help": "Write a repaired copy to -o FILE: all safe fixes, or those of RULES; lists every change."},
    "root": {"flags": ("--root", "roots"), "multiple": True, "metavar": "TERM",
             "help": "Start from this concept (IRI, CURIE or any label, as `show` finds it); repeatable."},
    "depth": {"flags": ("--depth",), "default": 1, "show_default": True, "metavar": "N",
              "help": "With --root: how many links to follow, up and down the hierarchy and along other relations."},
    "relations": {"flags": ("--relations",), "metavar": "KINDS", "help": "Edge kinds to draw, comma-separated: "
                  "broader, related, contrasts, counterpart, facet, mapping, theme, medium, use.  [default: "
                  "broader,related,contrasts,counterpart; without --root and --scheme also facet,theme,medium]"},
    "layout": {"flags": ("--layout",), "choices": LAYOUTS, "default": "auto", "show_default": True,
               "help": "svg, png, html: layered (dot), radial (twopi) or force (sfdp); auto picks by measuring."},
    "facets": {"flags": ("--facets",), "is_flag": True,
               "help": "Draw facet values (perspective, consent, audience) as nodes."},
    "max-nodes": {"flags": ("--max-nodes",), "default": 2000, "show_default": True, "metavar": "N",
                  "help": "Refuse (exit 2) a larger selection instead of drawing a hairball."},
    "children": {"flags": ("--children",), "metavar": "TERM", "help": "Compare every narrower concept of TERM."},
    "query-file": {"flags": ("-q", "--query-file"), "metavar": "FILE",
                   "help": "Read the query from FILE (then every argument is a file)."},
    "name": {"flags": ("--name",), "metavar": "NAME", "help": "Run a shipped query; --list shows them."},
    "param": {"flags": ("--param", "params"), "multiple": True, "metavar": "NAME=VALUE",
              "help": "A parameter of a --name query; concepts by IRI, CURIE or label, as `show` finds them."},
    "list": {"flags": ("--list", "list_queries"), "is_flag": True,
             "help": "List the shipped queries with what each answers."},
    "limit": {"flags": ("--limit",), "default": 20, "show_default": True,
              "help": "Show at most this many matches (0: all)."},
    "related": {"flags": ("--related",), "is_flag": True,
                "help": "Add related concepts (skos:related), and what is under them."},
    "counterparts": {"flags": ("--counterparts",), "is_flag": True,
                     "help": "Add counterparts (tk:counterpart), and what is under them."},
    "facet": {"flags": ("--facet", "facets"), "multiple": True, "metavar": "NAME=VALUE",
              "help": "Add concepts with this facet value (perspective, consent, audience or a property CURIE)."},
    "as": {"flags": ("--as", "output_as"), "default": "iri", "show_default": True, "metavar": "KIND",
           "help": "Write iri, label (in --lang), labels (every label and alias), or the ids of vndb or anilist."},
    "host": {"flags": ("--host",), "default": "127.0.0.1", "show_default": True,
             "help": "Address to listen on (loopback only by default)."},
    "port": {"flags": ("--port",), "default": 7878, "show_default": True,
             "help": "Port to listen on; 0 picks a free one."},
    "timeout": {"flags": ("--timeout",), "default": 10.0, "show_default": True,
                "help": "Seconds a query may run; then 503."},
    "max-result-bytes": {"flags": ("--max-result-bytes",), "default": 50_000_000, "show_default": True,
                         "help": "Larger results are refused (500)."},
    "endpoint": {"flags": ("--endpoint",), "metavar": "URL",
                 "help": "publish: the store's Graph Store Protocol URL (required); validate, query: a SPARQL "
                         "endpoint whose graph to read instead of FILES."},
    "graph": {"flags": ("--graph",), "metavar": "IRI",
              "help": "The named graph to write (publish) or read (validate, query); default: the default graph."},
    "replace": {"flags": ("--replace",), "is_flag": True,
                "help": "Replace the graph (Graph Store Protocol PUT); default: add to it (POST)."},
    "base-iri": {"flags": ("--base-iri",), "metavar": "IRI",
                 "help": "serve: the namespace the server's root stands for, so /x answers the IRI IRI+x "
                 "(default: the vocabulary's)."},
    "cors": {"flags": ("--cors",), "is_flag": True,
             "help": "Let web pages of any origin read the answers (CORS), e.g. YASGUI."},
    "import-format": {"argument": "source_format", "choices": IMPORT_FORMATS},
    "import-file": {"argument": "file", "path": True},
    "base": {"flags": ("--base",), "metavar": "IRI",
             "help": "Tables: mint an IRI under IRI from the label of a row that has none."},
    "table": {"argument": "table", "path": True},
    "column": {"flags": ("--column",), "required": True, "metavar": "NAME",
               "help": "The column holding the tags (its name in the first row)."},
    "separator": {"flags": ("--separator",), "metavar": "TEXT",
                  "help": "Cells hold several tags separated by TEXT (e.g. ';'); each is matched."},
    "type": {"flags": ("--type", "types"), "multiple": True, "metavar": "TERM",
             "help": "Only concepts in this scheme or under this concept (IRI, CURIE or label); repeatable."},
    "expand": {"flags": ("--expand",), "is_flag": True,
               "help": "Add the broader chain of each concept (IRIs and labels, nearest first)."},
    "fail-on-unmatched": {"flags": ("--fail-on", "fail_on"), "choices": ("unmatched",),
                          "help": "Exit 1 when some value found no match (ambiguous or unmatched)."},
    "table-lang": {"flags": ("--lang",), "default": "en", "show_default": True, "metavar": "TAG",
                   "help": "Tables: the language of the texts (label, altLabels, definition)."},
}


def example(*lines: str) -> str:  # the epilog: one example a line, as written (Click keeps a \\b paragraph)
    return "\b\nExample:\n" + "".join(f"  {line}\n" for line in lines)


def fmt(formats, default: str | None = "text", required: bool | None = None, **settings):  # a registry's keys
    return click.option("-f", "--format", "fmt", type=click.Choice(list(formats)), default=default,
                        required=default is None if required is None else required, show_default=bool(default),
                        **settings)


def output(what: str = "Write to FILE atomically; stdout when omitted or '-'.", metavar: str = "FILE", **settings):
    return click.option("-o", "--output", metavar=metavar, help=what, **settings)


def parameter(name: str):  # the Click option (or argument) of one entry of parameters.PARAMETERS
    settings = dict(PARAMETERS[name])
    if "choices" in settings:
        settings["type"] = click.Choice(list(settings.pop("choices")))
    if settings.pop("path", False):
        settings["type"] = click.Path(dir_okay=False, allow_dash=False)
    if "argument" in settings:
        return click.argument(settings.pop("argument"), **settings)
    return click.option(*settings.pop("flags"), **settings)


def takes(*wanted):
    """The parameters a command takes, in --help order: names in PARAMETERS ("files" brings --input-format along)
    or decorators made for the command (fmt(...), output(...), arguments of its own)."""
    def apply(command):
        names = [w for name in wanted for w in (["files", "input-format"] if name == "files" else [name])]
        for item in reversed(names):
            command = (parameter(item) if isinstance(item, str) else item)(command)
        return command
    return apply
