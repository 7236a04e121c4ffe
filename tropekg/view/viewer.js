// The tropekg viewer: pan, zoom, search, details and colouring over an SVG laid out by Graphviz.
// All text from the data is set with textContent, never parsed as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("tk-data").textContent);
  const canvas = document.getElementById("tk-canvas");
  const svg = canvas.querySelector("svg");
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const links = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e) => { links.get(e.s).push(e); if (e.t !== e.s) links.get(e.t).push(e); });
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  const shapeOf = (g) => g.querySelector("path, polygon, ellipse");
  document.getElementById("tk-count").textContent =
    data.nodes.length + " nodes, " + data.edges.length + " links";

  // Pan and zoom by rewriting the viewBox: the browser redraws the vector picture at any scale.
  const full = svg.viewBox.baseVal;
  const home = [full.x, full.y, full.width, full.height];
  let view = home.slice();
  const apply = () => svg.setAttribute("viewBox", view.join(" "));
  const zoom = (factor, cx, cy) => {
    const w = view[2] * factor, h = view[3] * factor;
    view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, w, h];
    apply();
  };
  const toSvg = (clientX, clientY) => {
    const r = svg.getBoundingClientRect();
    const s = Math.max(view[2] / r.width, view[3] / r.height);
    const ox = view[0] + view[2] / 2 - (r.width * s) / 2, oy = view[1] + view[3] / 2 - (r.height * s) / 2;
    return [ox + (clientX - r.left) * s, oy + (clientY - r.top) * s, s];
  };
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [x, y] = toSvg(ev.clientX, ev.clientY);
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, x, y);
  }, { passive: false });
  let drag = null;
  canvas.addEventListener("pointerdown", (ev) => { drag = [ev.clientX, ev.clientY, false]; });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const s = toSvg(0, 0)[2];
    const dx = ev.clientX - drag[0], dy = ev.clientY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag[2] = true; canvas.classList.add("tk-dragging"); }
    if (drag[2]) { view[0] -= dx * s; view[1] -= dy * s; drag[0] = ev.clientX; drag[1] = ev.clientY; apply(); }
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); canvas.classList.remove("tk-dragging"); });
  const centre = () => [view[0] + view[2] / 2, view[1] + view[3] / 2];
  document.getElementById("tk-zoom-in").onclick = () => zoom(0.8, ...centre());
  document.getElementById("tk-zoom-out").onclick = () => zoom(1.25, ...centre());
  document.getElementById("tk-fit").onclick = () => { view = home.slice(); apply(); };

  // Details of one node: definition, facets, every link grouped by kind (each a button to go there).
  const details = document.getElementById("tk-details");
  function show(id, move) {
    const n = byId.get(id);
    svg.querySelectorAll(".tk-selected, .tk-near").forEach((g) => g.classList.remove("tk-selected", "tk-near"));
    const g = document.getElementById(id);
    g.classList.add("tk-selected", "tk-near");
    svg.classList.add("tk-focus");
    details.replaceChildren(el("h2", n.label), el("div", n.iri, "tk-iri"));
    if (n.aliases.length) details.append(el("div", "also: " + n.aliases.join(", "), "tk-alias"));
    if (n.definition) details.append(el("h3", "definition"), el("p", n.definition));
    for (const key of ["types", "schemes", "perspective", "consent", "audience"]) {
      if (n[key].length) details.append(el("h3", key), el("div", n[key].join(", ")));
    }
    const grouped = new Map();
    links.get(id).forEach((e) => {
      const other = e.s === id ? e.t : e.s;
      document.getElementById(other).classList.add("tk-near");
      document.getElementById(e.id).classList.add("tk-near");
      const kind = data.kinds[e.kind];
      const name = e.s === id ? kind.legend : kind.inverse;
      if (!grouped.has(name)) grouped.set(name, []);
      grouped.get(name).push(other);
    });
    for (const [name, others] of grouped) {
      const list = el("ul");
      others.forEach((o) => {
        const b = el("button", byId.get(o).label, "tk-link");
        b.onclick = () => show(o, true);
        const li = el("li");
        li.append(b);
        list.append(li);
      });
      details.append(el("h3", name), list);
    }
    if (move) {
      // The node's box in the viewBox's units (Graphviz wraps the drawing in a translated group).
      const r = g.getBoundingClientRect();
      const [cx, cy, s] = toSvg(r.left + r.width / 2, r.top + r.height / 2);
      // Close enough to read the node and its neighbours, never further out than the whole picture.
      const scale = Math.min(1, Math.max(r.width * s * 12, 800) / view[2]);
      view = [cx - (view[2] * scale) / 2, cy - (view[3] * scale) / 2, view[2] * scale, view[3] * scale];
      apply();
    }
  }
  svg.querySelectorAll("g.node").forEach((g) => {
    const title = g.querySelector("title");
    if (title && byId.has(g.id)) title.textContent = byId.get(g.id).label;
    g.addEventListener("click", (ev) => { if (drag && drag[2]) return; ev.stopPropagation(); show(g.id, false); });
  });
  svg.addEventListener("click", () => {
    if (drag && drag[2]) return;
    svg.classList.remove("tk-focus");
    svg.querySelectorAll(".tk-selected").forEach((g) => g.classList.remove("tk-selected"));
  });

  // Search: labels and aliases, compared as the CLI compares them (NFKC, case-folded).
  const fold = (s) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const index = data.nodes.map((n) => [n.id, [n.label, ...n.aliases].map(fold)]);
  const results = document.getElementById("tk-results");
  const search = document.getElementById("tk-search");
  search.addEventListener("input", () => {
    const q = fold(search.value);
    svg.querySelectorAll(".tk-found").forEach((g) => g.classList.remove("tk-found"));
    results.replaceChildren();
    results.hidden = !q;
    if (!q) return;
    const hits = index.filter(([, texts]) => texts.some((t) => t.includes(q)))
      .map(([id, texts]) => [texts.includes(q) ? 0 : 1, id]).sort((a, b) => a[0] - b[0]);
    hits.forEach(([, id]) => document.getElementById(id).classList.add("tk-found"));
    hits.slice(0, 100).forEach(([, id]) => {
      const n = byId.get(id);
      const li = el("li", n.label);
      const alias = n.aliases.find((a) => fold(a).includes(q));
      if (alias && !fold(n.label).includes(q)) li.append(" ", el("span", "(" + alias + ")", "tk-alias"));
      li.onclick = () => show(id, true);
      results.append(li);
    });
    if (!hits.length) results.append(el("li", "no match", "tk-hint"));
  });
  search.addEventListener("keydown", (ev) => {
    const first = results.querySelector("li");
    if (ev.key === "Enter" && first && first.onclick) first.onclick();
  });

  // Colours by a chosen attribute, with a legend; facet values and outside nodes keep their own fills.
  const select = document.getElementById("tk-colour");
  data.colourBy.forEach((key) => select.append(el("option", key)));
  function colour(key) {
    const counts = new Map();
    data.nodes.forEach((n) => {
      if (n.role !== "concept") return;
      const v = n[key][0] || "(none)";
      counts.set(v, (counts.get(v) || 0) + 1);
    });
    const ranked = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || (a < b ? -1 : 1));
    const fills = new Map(ranked.map((v, i) => [v, data.palette[i] || data.other]));
    data.nodes.forEach((n) => {
      if (n.role !== "concept") return;
      const shape = shapeOf(document.getElementById(n.id));
      if (shape) shape.setAttribute("fill", fills.get(n[key][0] || "(none)"));
    });
    const legend = document.getElementById("tk-node-legend");
    legend.replaceChildren(el("h3", "node colour: " + key));
    const rows = ranked.slice(0, data.palette.length).map((v) => [v + " (" + counts.get(v) + ")", fills.get(v)]);
    if (ranked.length > data.palette.length) rows.push(["other", data.other]);
    rows.concat(data.fixedFills).forEach(([text, fill]) => {
      const row = el("div", undefined, "tk-row"), sw = el("span", undefined, "tk-swatch");
      sw.style.background = fill;
      row.append(sw, el("span", text));
      legend.append(row);
    });
  }
  select.onchange = () => colour(select.value);
  if (data.colourBy.length) colour(data.colourBy[0]);

  const edgeLegend = document.getElementById("tk-edge-legend");
  edgeLegend.append(el("h3", "links"));
  Object.values(data.kinds).forEach((k) => {
    const ns = "http://www.w3.org/2000/svg";
    const sample = document.createElementNS(ns, "svg");
    sample.setAttribute("width", "40");
    sample.setAttribute("height", "10");
    const line = document.createElementNS(ns, "line");
    [["x1", 2], ["y1", 5], ["x2", 38], ["y2", 5], ["stroke", k.color], ["stroke-width", k.width],
      ["stroke-dasharray", k.dash]].forEach(([a, v]) => line.setAttribute(a, v));
    sample.append(line);
    const row = el("div", undefined, "tk-row");
    row.append(sample, el("span", k.legend));
    edgeLegend.append(row);
  });
})();
