"""The search index, in shards a page loads one at a time: a query reads only the shard of its first word.

Every label (preferred, alternative, hidden) in every language and the words of every definition are normalised
as `show` matches them (labels.normalize: NFKC, case-folded, spaces collapsed); an entry is filed under the first
two characters of each of its words, so a query of two characters or more needs one shard of a few hundred
entries, whatever the vocabulary's size. site.js normalises the query the same way (String.normalize("NFKC") and
a case fold) and ranks exact, then prefix, then word matches, preferred labels before alternative ones.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ...labels import normalize
from ..records import Record
from .labels import Labels

KINDS = ("pref", "alt", "hidden")  # an entry's kind is its index here; definition words are kind 3
DEFINITION = 3
# A definition word found in more concepts than this says little about any one of them ("the", "concept"),
# and would make its shard as large as the vocabulary.
COMMON = 200
_WORD = re.compile(r"\w{3,}")


def shard_key(word: str) -> str:
    """The file name of the shard for words starting like `word`: its first two code points in hex."""
    return "-".join(f"{ord(ch):x}" for ch in word[:2])


def shards(recs: list[Record], paths: dict[str, str], labels: Labels) -> dict[str, bytes]:
    """{shard key: JavaScript that hands its entries to tkShard}; entry = [normalised text, kind, page path,
    display label, its language, the matched text when it is another label worth showing]."""
    files: dict[str, list[list]] = defaultdict(list)
    words: dict[str, list[str]] = defaultdict(list)
    for rec in recs:
        path = paths[rec.iri]
        label, tag = labels(rec.iri)
        for kind, name in enumerate(KINDS):
            for texts in rec.texts.get(name, {}).values():
                for text in texts:
                    norm = normalize(text)
                    via = "" if name == "hidden" or text == label else text
                    entry = [norm, kind, path, label, tag, via]
                    for key in {shard_key(w) for w in norm.split()}:
                        files[key].append(entry)
        for word in {w for texts in rec.texts.get("definition", {}).values() for t in texts
                     for w in _WORD.findall(normalize(t))}:
            words[word].append(rec.iri)
    for word, iris in words.items():
        if len(iris) <= COMMON:
            for iri in iris:
                files[shard_key(word)].append([word, DEFINITION, paths[iri], *labels(iri), ""])
    return {key: _script(key, entries) for key, entries in files.items()}


def _script(key: str, entries: list[list]) -> bytes:
    unique = ",\n".join(sorted({json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries}))
    return f'tkShard("{key}",[\n{unique}\n]);\n'.encode()
