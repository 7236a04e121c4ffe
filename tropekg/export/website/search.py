"""The search index, in shards a page loads one at a time: a query reads only the shard of one of its words.

Every label (preferred, alternative, hidden) in every language and the words of every definition are normalised
as `show` matches them (labels.normalize: NFKC, case-folded, spaces collapsed), and each entry is filed under
each of its words. A shard holds the words that start with its key: two characters, or more where that many
would hold over SHARD entries (a key grows a character at a time), so a query needs one small file whatever the
vocabulary's size. A word in more than COMMON entries ("concept", "the") keeps only the TOP entries that a
query of that word alone shows first, and is listed as common: site.js looks a query up by its first word that
is not common, and checks the other words against each entry's text. site.js normalises the query the same way
(String.normalize("NFKC") and a case fold) and ranks exact, then prefix, then word matches, preferred labels
before alternative ones, shorter texts first.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # C: json.dumps(str, ensure_ascii=False)

from ...labels import normalize
from ..records import Record
from .labels import Labels

KINDS = ("prefLabel", "altLabel", "hiddenLabel")  # an entry's kind is its index here; definition words are kind 3
DEFINITION = 3
SHARD = 2000  # entries above which a key is split by one more character
MAX_KEY = 8  # characters; longer keys would not make shards smaller for real words
COMMON = 500  # entries above which a word is common
TOP = 50  # entries a common word keeps: what search.js shows for it (its MAX)
_WORD = re.compile(r"\w{3,}")


def shard_key(prefix: str) -> str:
    """The file name of the shard for words starting with `prefix`: its code points in hex."""
    return "-".join(f"{ord(ch):x}" for ch in prefix)


def _entries(recs: list[Record], paths: dict[str, str], labels: Labels) -> dict[str, dict[str, list]]:
    """{word: {entry as JSON: entry}}; entry = [normalised text, kind, page path, display label, its language,
    the matched text when it is another label worth showing]."""
    by_word: dict[str, dict[str, list]] = defaultdict(dict)
    for rec in recs:
        path = paths[rec.iri]
        label, tag = labels(rec.iri)
        for kind, name in enumerate(KINDS):
            for texts in rec.labels.get(name, {}).values():
                for text in texts:
                    norm = normalize(text)
                    entry = [norm, kind, path, label, tag, "" if name == "hiddenLabel" or text == label else text]
                    dumped = _json(entry)
                    for word in set(norm.split()):
                        by_word[word][dumped] = entry
        tail = f",{DEFINITION},{encode_basestring(path)},{encode_basestring(label)},{encode_basestring(tag)},\"\"]"
        for word in {w for texts in rec.notes.get("definition", {}).values() for t in texts
                     for w in _WORD.findall(normalize(t))}:
            by_word[word][f"[{encode_basestring(word)}{tail}"] = [word, DEFINITION, path, label, tag, ""]
    return by_word


def _json(entry: list) -> str:
    """The entry as json.dumps(entry, ensure_ascii=False, separators=(",", ":")) writes it, by the C encoder of
    strings (json.dumps builds an encoder per call)."""
    text, kind, path, label, tag, via = entry
    return (f"[{encode_basestring(text)},{kind},{encode_basestring(path)},{encode_basestring(label)},"
            f"{encode_basestring(tag)},{encode_basestring(via)}]")


def _rank(word: str, entry: list) -> tuple:
    """search.js's order for a query of `word` alone."""
    text = entry[0]
    return (3 if entry[1] == DEFINITION else 0 if text == word else 1 if text.startswith(word) else 2,
            entry[1], len(text), entry[3], entry[2])


def _keys(sizes: dict[str, int]) -> tuple[dict[str, list[str]], set[str]]:
    """({key prefix: its words}, the keys split): words grouped by their first two characters, a group over
    SHARD entries split by one more character (its words no longer than the key stay in it)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sizes:
        groups[word[:2]].append(word)
    todo, split = list(groups), set()
    while todo:
        key = todo.pop()
        words = groups[key]
        if len(key) >= MAX_KEY or sum(sizes[w] for w in words) <= SHARD:
            continue
        groups[key] = [w for w in words if len(w) <= len(key)]
        split.add(key)
        for word in words:
            if len(word) > len(key):
                longer = word[: len(key) + 1]
                if longer not in groups:
                    todo.append(longer)
                groups[longer].append(word)
    return groups, split


def shards(recs: list[Record], paths: dict[str, str], labels: Labels) -> dict[str, bytes]:
    """{file name: JavaScript}: a shard per key (calling tkShard) and keys.js (calling tkKeys with
    {"keys": {key: 1 if it has a file, 2 if it was split, 3 if both}, "common": [word]})."""
    by_word = _entries(recs, paths, labels)
    common = sorted(w for w, found in by_word.items() if len(found) > COMMON)
    for word in common:
        by_word[word] = dict(sorted(by_word[word].items(), key=lambda item: _rank(word, item[1]))[:TOP])
    groups, split = _keys({w: len(found) for w, found in by_word.items()})
    out, flags = {}, {}
    for prefix, words in groups.items():
        key = shard_key(prefix)
        flags[key] = (1 if words else 0) | (2 if prefix in split else 0)
        if words:
            unique = ",\n".join(sorted({dumped for w in words for dumped in by_word[w]}))
            out[f"{key}.js"] = f'tkShard("{key}",[\n{unique}\n]);\n'.encode()
    index = {"keys": dict(sorted(flags.items())), "common": common}
    out["keys.js"] = f"tkKeys({json.dumps(index, ensure_ascii=False)});\n".encode()
    return out
