// tropekg site search: loads only the index shard of the query's first word (two characters), as script files
// (file:// pages may not fetch), normalises like `tropekg show` (NFKC, case-folded) and ranks the matches.
(function () {
  "use strict";
  var input = document.getElementById("tk-q");
  var list = document.getElementById("tk-results");
  var status = document.getElementById("tk-status");
  var shards = {}, waiting = {}, keys = null;
  var MAX = 50;

  function normalize(text) {
    // String.prototype.toLowerCase alone keeps "ß"; upper- then lower-casing folds it as Python's casefold does.
    return text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").split(/\s+/).filter(Boolean).join(" ");
  }
  function shardKey(word) {
    return Array.from(word).slice(0, 2).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  window.tkKeys = function (found) { keys = {}; found.forEach(function (k) { keys[k] = true; }); run(); };
  window.tkShard = function (key, entries) {
    shards[key] = entries;
    (waiting[key] || []).forEach(function (f) { f(); });
    delete waiting[key];
  };
  function load(key, then) {
    if (shards[key]) return then();
    if (waiting[key]) return waiting[key].push(then);
    waiting[key] = [then];
    var script = document.createElement("script");
    script.src = "_site/search/" + key + ".js";
    document.head.appendChild(script);
  }
  function rank(entry, query, words) {
    var text = entry[0], kind = entry[1];
    if (kind === 3) return words.length === 1 && text.indexOf(words[0]) === 0 ? 3 : -1;
    var parts = text.split(" ");
    if (!parts.some(function (p) { return p.indexOf(words[0]) === 0; })) return -1;
    for (var i = 1; i < words.length; i++) if (text.indexOf(words[i]) < 0) return -1;
    return text === query ? 0 : text.indexOf(query) === 0 ? 1 : 2;
  }
  function show(query, entries) {
    var words = query.split(" "), best = {};
    entries.forEach(function (e) {
      var r = rank(e, query, words);
      if (r < 0) return;
      var score = [r, e[1], e[0].length, e[3]];
      var old = best[e[2]];
      if (!old || compare(score, old.score) < 0) best[e[2]] = { score: score, entry: e };
    });
    var hits = Object.keys(best).map(function (k) { return best[k]; });
    hits.sort(function (a, b) { return compare(a.score, b.score) || (a.entry[2] < b.entry[2] ? -1 : 1); });
    list.textContent = "";
    hits.slice(0, MAX).forEach(function (hit) {
      var e = hit.entry, li = document.createElement("li"), a = document.createElement("a");
      a.href = encodeURI(e[2]) + ".html";
      a.textContent = e[3];
      if (e[4]) a.lang = e[4];
      li.appendChild(a);
      if (e[5]) {
        var via = document.createElement("span");
        via.className = "via";
        via.textContent = " (" + e[5] + ")";
        li.appendChild(via);
      }
      list.appendChild(li);
    });
    status.textContent = hits.length ? hits.length + (hits.length === 1 ? " match" : " matches") +
      (hits.length > MAX ? ", the first " + MAX + " shown" : "") : "No match.";
  }
  function compare(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }
  function run() {
    var query = normalize(input.value);
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    if (keys === null) { status.textContent = "Loading the index\u2026"; return; }
    var key = shardKey(query.split(" ")[0]);
    if (!keys[key]) { list.textContent = ""; status.textContent = "No match."; return; }
    load(key, function () { if (normalize(input.value) === query) show(query, shards[key]); });
  }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && list.querySelector("a")) { event.preventDefault(); list.querySelector("a").focus(); }
  });
  list.addEventListener("keydown", function (event) {
    var li = event.target.closest("li");
    if (!li) return;
    var next = event.key === "ArrowDown" ? li.nextElementSibling : event.key === "ArrowUp" ? li.previousElementSibling : null;
    if (event.key === "Escape" || (event.key === "ArrowUp" && !next)) { event.preventDefault(); input.focus(); return; }
    if (next) { event.preventDefault(); next.querySelector("a").focus(); }
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) input.value = asked;
  input.focus();
  var script = document.createElement("script");
  script.src = "_site/search/keys.js";
  document.head.appendChild(script);
})();
