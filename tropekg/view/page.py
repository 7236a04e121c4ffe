"""The interactive HTML view: one offline file with the Graphviz-drawn SVG inline, the data as JSON and a small
hand-written script (tropekg/view/viewer.js) for pan, zoom, search, details and colouring.

No JavaScript library is bundled: Graphviz computes the layout here, so the page only moves a viewBox and reads
JSON, which stays quick with a few thousand nodes. A Content-Security-Policy of default-src 'none' keeps the page
from making any request, even if some label were ever mistaken for markup.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

import networkx as nx

from ..output.sinks import markup, shown_all
from .dot import edge_list, node_ids
from .graphviz import picture
from .style import EDGES, EXTERNAL_FILL, FACET_FILLS, OTHER, PALETTE

_MARKER = re.compile(r"\{\{(TITLE|STYLE|SCRIPT|DATA|SVG)\}\}")
_DASH = {"solid": "", "dashed": "6 4", "dotted": "2 3", "bold": ""}
COLOUR_KEYS = ("scheme", "type", "perspective", "consent", "audience")
# How a link reads from its target's side in the details panel; symmetric kinds read the same both ways.
_INVERSE = {"broader": "narrower", "facet": "concepts with this value", "mapping": "mapped from",
            "theme": "explored by", "medium": "common in it", "use": "used by"}


def script_json(data: object) -> str:
    """JSON for inside <script type="application/json">: `<`, `>` and `&` as \\u escapes, so no text in the data can
    close the element or open a comment (HTML Living Standard, "Restrictions for contents of script elements")."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_svg(svg: bytes) -> str:
    """Graphviz's SVG without its XML prolog, DOCTYPE and comments (which repeat node names), for inline use."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg"):]
    return re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)


def _data(scene: nx.MultiDiGraph) -> dict:
    ids = node_ids(scene)
    nodes = []
    for iri, attrs in scene.nodes(data=True):
        attrs = shown_all(attrs)  # the same text the SVG shows (tropekg.output.sinks)
        nodes.append({**attrs, "id": ids[iri], "scheme": [attrs["scheme"]] if attrs["scheme"] else [],
                      "type": attrs["types"][:1]})
    edges = [{"id": f"e{i}", "s": ids[a], "t": ids[b], "kind": kind}
             for i, (a, b, kind) in enumerate(edge_list(scene, ids))]
    used = sorted({e["kind"] for e in edges}, key=list(EDGES).index)
    kinds = {k: {"color": EDGES[k].color, "legend": EDGES[k].legend, "inverse": _INVERSE.get(k, EDGES[k].legend),
                 "dash": _DASH[EDGES[k].dot_style],
                 "width": 3 if EDGES[k].dot_style == "bold" else 1.5} for k in used}
    concepts = [n for n in nodes if n["role"] == "concept"]
    colour_by = [key for key in COLOUR_KEYS if any(n[key] for n in concepts)]
    facets = sorted({n["facet"] for n in nodes if n["role"] == "facet"})
    fixed = [[f"{name} value", FACET_FILLS.get(name, OTHER)] for name in facets]
    if any(n["role"] == "external" for n in nodes):
        fixed.append(["outside the vocabulary", EXTERNAL_FILL])
    return {"nodes": nodes, "edges": edges, "kinds": kinds, "colourBy": colour_by, "palette": list(PALETTE),
            "other": OTHER, "fixedFills": fixed}


def html(scene: nx.MultiDiGraph, title: str = "tropekg view") -> bytes:
    """The scene as one self-contained HTML page (no external resource; works from file://)."""
    svg = _inline_svg(picture(scene, "svg", legend=False))
    parts = {
        "TITLE": markup(title),
        "STYLE": _resource("viewer.css"),
        "SCRIPT": _resource("viewer.js"),
        "DATA": script_json(_data(scene)),
        "SVG": svg,
    }
    template = _resource("viewer.html")
    # One pass, so text put in by one marker is never scanned for another.
    return _MARKER.sub(lambda m: parts[m.group(1)], template).encode("utf-8")


def _resource(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")
