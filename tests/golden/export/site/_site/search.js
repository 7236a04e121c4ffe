// tropekg site search: loads only the index shard of the query's first word (two characters), as script files
// (file:// pages may not fetch), normalises like `tropekg show` (NFKC, case-folded) and ranks the matches.
(function () {
  "use strict";
  var input = document.getElementById("tk-q");
  var list = document.getElementById("tk-results");
  var status = document.getElementById("tk-status");
  var shards = {}, waiting = {}, keys = null, common = {};
  var MAX_KEY = 8; // search.py's MAX_KEY
  var MAX = 50;

  function normalize(text) {
    // String.prototype.toLowerCase alone keeps "ß"; upper- then lower-casing folds it as Python's casefold does.
    return text.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").split(/\s+/).filter(Boolean).join(" ");
  }
  function shardKey(word) {
    return Array.from(word).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }
  window.tkKeys = function (index) {
    keys = index.keys;
    index.common.forEach(function (w) { common[w] = true; });
    run();
  };
  // The shard of `word`: the longest key that starts it; `partial` when longer keys start with the word too.
  function shardOf(word) {
    var chars = Array.from(word);
    for (var n = Math.min(chars.length, MAX_KEY); n > 0; n--) {
      var key = shardKey(chars.slice(0, n).join(""));
      if (keys[key] !== undefined) return { key: key, file: (keys[key] & 1) === 1, partial: n === chars.length && (keys[key] & 2) === 2 };
    }
    return null;
  }
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
  function rank(entry, query, words, word) {
    var text = entry[0], kind = entry[1];
    if (kind === 3) return words.length === 1 && text.indexOf(word) === 0 ? 3 : -1;
    var parts = text.split(" ");
    if (!parts.some(function (p) { return p.indexOf(word) === 0; })) return -1;
    for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) < 0) return -1;
    return text === query ? 0 : text.indexOf(query) === 0 ? 1 : 2;
  }
  function show(query, word, found, entries) {
    var words = query.split(" "), best = {};
    entries.forEach(function (e) {
      var r = rank(e, query, words, word);
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
    var more = found.partial || common[word] ? "; type more for other matches" : "";
    status.textContent = (hits.length ? hits.length + (hits.length === 1 ? " match" : " matches") +
      (hits.length > MAX ? ", the first " + MAX + " shown" : "") : "No match") + more + ".";
  }
  function compare(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }
  function run() {
    var query = normalize(input.value);
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    if (keys === null) { status.textContent = "Loading the index\u2026"; return; }
    var words = query.split(" ");
    var word = words.filter(function (w) { return !common[w]; })[0] || words[0];
    var found = shardOf(word);
    if (!found || !found.file) {
      list.textContent = "";
      status.textContent = found && found.partial ? "Type more for matches." : "No match.";
      return;
    }
    load(found.key, function () { if (normalize(input.value) === query) show(query, word, found, shards[found.key]); });
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
