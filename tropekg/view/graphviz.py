"""Running Graphviz: the layout engine a scene gets (layered, radial or force-directed), every run under a time
limit, and the legend packed beside a radial or force picture (gvpack), so the picture stays readable.

The engines were chosen by measuring each picture's proportions and its label size at the HTML viewer's "Fit"
(bench/layouts.py; figures in DEVELOPERS.md, "Layouts"): dot reads best for a hierarchy, but puts the values hung
on concepts in long rows, where twopi's rings stay within 1:3..3:1 with readable labels.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import networkx as nx

from ..errors import ExportError, UsageError
from . import ENGINES, LAYOUTS
from .dot import legend_dot, node_ids, to_dot
from .layout import HANG_KINDS

# Above this many nodes `dot` is no longer a matter of seconds (DEVELOPERS.md, "Layouts"), so "auto" uses sfdp,
# whose multilevel force layout stays near-linear.
DOT_MAX_NODES = 2000
# Up to this many nodes "auto" lays a picture out with dot first and measures it (readable()); a second run
# costs little at this size.
TRIAL_NODES = 300
# No Graphviz run may hang a command: past this, an error that says how to narrow the selection (exit 2).
TIMEOUT_S = 60
# The HTML viewer's canvas in a 1400 x 900 window (less the 360 px side panel and the header), and the label
# height a reader needs there, for pictures of up to READABLE_NODES nodes.
CANVAS_PX = (1040, 855)
MIN_LABEL_PX = 10
READABLE_NODES = 100
# Radial and force pictures keep their spacing when labels grow, so larger labels read larger at Fit.
RING_FONT_PT = 20
_ENGINE_ATTRS = {
    "twopi": "overlap=prism, overlap_scaling=-1.5, ranksep=1.0",
    "sfdp": 'overlap=prism, sep="+4", splines=false',
}


def engine(scene: nx.MultiDiGraph, layout: str = "auto") -> str:
    """The Graphviz program for `layout`. "auto": sfdp over DOT_MAX_NODES; dot up to TRIAL_NODES (picture()
    keeps it only if `readable`); beyond that, twopi when values hang on the concepts, else dot."""
    if layout not in LAYOUTS:
        raise UsageError(f"--layout {layout}: unknown; choose one of {', '.join(LAYOUTS)}")
    if layout != "auto":
        return ENGINES[layout]
    if len(scene) > DOT_MAX_NODES:
        return "sfdp"
    if len(scene) > TRIAL_NODES and any(kind in HANG_KINDS for _, _, kind in scene.edges(keys=True)):
        return "twopi"
    return "dot"


def run(args: list[str], text: str | bytes, fmt: str) -> bytes:
    """One Graphviz program on `text`, bounded by TIMEOUT_S; one-line ExportErrors for missing, slow or failing."""
    exe = shutil.which(args[0])
    if exe is None:
        raise ExportError(f"--format {fmt}: Graphviz's `{args[0]}` is not on PATH; install Graphviz "
                          "(apt-get install graphviz) or choose -f dot, graphml, gexf or mermaid")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        done = subprocess.run([exe, *args[1:]], input=data, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise ExportError(f"--format {fmt}: Graphviz's {args[0]} took over {TIMEOUT_S} s and was stopped; narrow "
                          "the selection (--root with a smaller --depth, --scheme, fewer --relations) or choose "
                          "--layout force") from None
    if done.returncode != 0:
        reason = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise ExportError(f"--format {fmt}: Graphviz's {args[0]} failed: {reason}")
    return done.stdout


def _root(scene: nx.MultiDiGraph) -> str:
    """The node at the centre of a radial picture: the first --root, else the concept with most links."""
    roots = [r for r in scene.graph.get("roots", []) if r in scene]
    concepts = [n for n, a in scene.nodes(data=True) if a["role"] == "concept"] or list(scene.nodes)
    return roots[0] if roots else min(concepts, key=lambda n: (-scene.degree(n), n))


def readable(svg: bytes, nodes: int) -> bool:
    """Whether a picture's width:height is within 1:3..3:1 and, for up to READABLE_NODES nodes, its 11 pt labels
    are at least MIN_LABEL_PX high when fitted into the HTML viewer's canvas (issue 15's acceptance)."""
    found = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not found:
        return True
    width, height = (max(float(v), 1.0) for v in found.groups())
    label_px = 11 * min(CANVAS_PX[0] / width, CANVAS_PX[1] / height)
    return 1 / 3 <= width / height <= 3 and (nodes > READABLE_NODES or label_px >= MIN_LABEL_PX)


def picture(scene: nx.MultiDiGraph, fmt: str, legend: bool = True, layout: str | None = None, dpi: int = 0) -> bytes:
    """`scene` drawn by Graphviz as `fmt` (svg, png), laid out as `layout` (default: the scene's own, else
    "auto"), with the legend unless `legend` is False. "auto" tries dot on a hierarchy first and keeps it only
    when `readable`; otherwise the radial layout."""
    layout = layout or scene.graph.get("layout", "auto")
    program = engine(scene, layout)
    extra = [f"-Gdpi={dpi}"] if dpi else []
    if layout == "auto" and program == "dot" and len(scene) <= TRIAL_NODES:
        trial = run(["dot", "-Tsvg"], to_dot(scene, legend=False), fmt)
        if not readable(trial, len(scene)):
            program = "twopi"
        elif fmt == "svg" and not legend:
            return trial
    if program == "dot":
        return run(["dot", f"-T{fmt}", *extra], to_dot(scene, legend=legend), fmt)
    attrs = _ENGINE_ATTRS[program]
    if program == "sfdp" and len(scene) > TRIAL_NODES:
        # Prism overlap removal grows much faster than the layout itself on big graphs; scaling stays cheap.
        attrs = attrs.replace("overlap=prism", "overlap=scale")
    if program == "twopi" and len(scene):
        attrs += f', root="{node_ids(scene)[_root(scene)]}"'
    text = to_dot(scene, legend=False, pack=False, fontsize=RING_FONT_PT).replace("newrank=true, ", f"{attrs}, ", 1)
    if not legend or not scene.number_of_edges():
        return run([program, f"-T{fmt}", *extra], text, fmt)
    main = run([program], text, fmt)
    # The legend's text in proportion to the picture's labels (10 pt beside 11 pt under dot).
    laid = main + run(["dot"], legend_dot(scene, RING_FONT_PT - 4), fmt)
    # The two laid-out graphs in input order, the legend under a wide picture and beside a tall one (gvpack's
    # array of 1 or 2 columns); neato -n2 then draws them at the positions given.
    box = re.search(rb'bb="[-\d.]+,[-\d.]+,([\d.]+),([\d.]+)"', main)
    columns = 1 if box and float(box.group(1)) > float(box.group(2)) else 2
    packed = run(["gvpack", f"-array_i{columns}", "-m20"], laid, fmt)
    return run(["neato", "-n2", "-s", f"-T{fmt}", *extra], packed, fmt)
