"""The reference programs the benchmark runs beside tropekg, each in its own process.

    python bench/baselines.py parse FILE             pyoxigraph streaming parse: every triple read (the floor)
    python bench/baselines.py ntriples FILE OUT      Oxigraph: load into a Store, write N-Triples (export baseline)
    python bench/baselines.py skosify FILE           Skosify 2.3 with its defaults: check and normalise
    python bench/baselines.py pyshacl FILE SHAPES    pySHACL: parse with rdflib, validate against SHAPES
    python bench/baselines.py cli-options            the tropekg CLI's commands, options and choices, as JSON

Each prints one JSON object on stdout: the times of its phases, measured inside the process, and counts that show
the work was done. The harness measures the whole process from outside (wall time, peak RSS).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def parse(path: str) -> dict[str, Any]:
    import pyoxigraph as ox

    start = time.perf_counter()
    count = sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    return {"triples": count, "parse_s": time.perf_counter() - start}


def ntriples(path: str, out: str) -> dict[str, Any]:
    """Oxigraph's own route from the file to N-Triples: bulk_load, then dump the default graph."""
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    loaded = time.perf_counter()
    store.dump(output=out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    end = time.perf_counter()
    return {"triples": len(store), "load_s": loaded - start, "serialise_s": end - loaded}


def skosify(path: str) -> dict[str, Any]:
    """Skosify with its default configuration (the issue's "check and normalise"); its findings go to the log."""
    import skosify as sk

    # Skosify reports each finding as a log warning; keep them (users see them) but on stderr, which the harness
    # writes to a file.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    start = time.perf_counter()
    graph = sk.skosify(path)
    return {"triples_out": len(graph), "skosify_s": time.perf_counter() - start}


def pyshacl(path: str, shapes: str) -> dict[str, Any]:
    """pySHACL as a user runs it on a file: rdflib parses the data, then the shapes are checked."""
    import rdflib
    from pyshacl import validate

    start = time.perf_counter()
    data = rdflib.Graph()
    data.parse(path, format="turtle")
    parsed = time.perf_counter()
    conforms, report, _ = validate(data, shacl_graph=shapes, shacl_graph_format="turtle", inference="none",
                                   advanced=True, allow_warnings=True)
    end = time.perf_counter()
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    results = len(set(report.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return {"triples": len(data), "conforms": bool(conforms), "results": results,
            "parse_s": parsed - start, "validate_s": end - parsed}


def cli_options() -> dict[str, Any]:
    """Every command of the checkout's CLI with its options: names, flags and choices (from Click, not --help)."""
    import click

    sys.path.insert(0, str(ROOT))
    from tropekg.__main__ import cli_module

    group = cli_module().cli
    commands: dict[str, Any] = {}
    for name, command in sorted(group.commands.items()):
        options: dict[str, Any] = {}
        for param in command.params:
            if isinstance(param, click.Option):
                choices = list(param.type.choices) if isinstance(param.type, click.Choice) else None
                options[param.opts[-1]] = {"opts": list(param.opts), "choices": choices,
                                           "flag": bool(param.is_flag), "multiple": bool(param.multiple)}
        commands[name] = options
    return commands


def main(argv: list[str]) -> int:
    programs = {"parse": parse, "ntriples": ntriples, "skosify": skosify, "pyshacl": pyshacl,
                "cli-options": cli_options}
    if not argv or argv[0] not in programs:
        sys.stderr.write(f"usage: baselines.py {{{','.join(programs)}}} ARGS...\n")
        return 2
    result = programs[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
