"""Source places: the file and line where each subject is first written, so findings can point at it."""

from __future__ import annotations

import gzip
import itertools
import re
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .prefixes import prefixes_in, resolve_iri

# Turtle/TriG/N-Triples written in the usual style start each subject at column 0; that is where we look.
_SUBJECT_IRI = re.compile(r"^<([^>\s]+)>")
_SUBJECT_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s;,]*)")
_PREFIX = re.compile(r"^\s*@?(?:prefix|base)\b", re.I)
_BASE = re.compile(r"^\s*@?base\s*<([^>]*)>", re.I)
_XML_ABOUT = re.compile(r"rdf:about\s*=\s*[\"']([^\"']+)[\"']")
_JSON_ID = re.compile(r"\"@id\"\s*:\s*\"([^\"]+)\"")


def _raw(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if path.suffix.lower() == ".gz" else raw
    except (OSError, EOFError, zlib.error):
        return None


# One pass over a Turtle text finds both kinds of line the index needs: @prefix/@base lines (which change the
# base as the parser sees it) and subjects at column 0. Same alternatives and precedence as the three patterns
# above, which were tried line by line before (slower). Anchored on "\n", not on ^ with re.M: the literal lets
# the regex engine skip ahead.
_TURTLE_LINE = re.compile(r"\n(?:(?P<decl>[^\S\n]*@?(?i:prefix|base)\b)|<(?P<iri>[^>\s]+)>"
                          r"|(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s;,]*))")
_FIRST_LINE = re.compile(_TURTLE_LINE.pattern.removeprefix(r"\n"))
# Line breaks str.splitlines() counts besides \n (and \r\n): a text with any of them takes the line-by-line path,
# so line numbers stay those of splitlines.
# (`in` per character: faster than one regex search for them.)
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _odd_breaks(text: str) -> bool:
    return any(ch in text for ch in _ODD_BREAKS) or text.count("\r") != text.count("\r\n")


def _odd_bytes(raw: bytes) -> bool:
    """_odd_breaks of the text `raw` decodes to (errors replaced), read from the bytes: a lead byte always starts
    a character, so each odd break's UTF-8 form is in `raw` exactly when the break is in the text."""
    wide = not raw.isascii()  # (the multi-byte breaks are looked for only then: bytes.find is slow for them)
    return (any(ch.encode() in raw for ch in _ODD_BREAKS if wide or ch < "\x80")
            or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")))


def _index_turtle(text: str, path: Path, base: str, local_prefixes: dict[str, str], found: dict[str, str]) -> None:
    # The first line has no "\n" before it: matched on its own (prefixing "\n" would copy the whole text).
    first = _FIRST_LINE.match(text)
    lineno, at = 1, 0
    for m in itertools.chain([first] if first else [], _TURTLE_LINE.finditer(text)):
        start = m.start() if m is first else m.start() + 1
        decl, iri, prefix, local = m.groups()
        if decl is not None:
            end = text.find("\n", start)
            b = _BASE.match(text[start:end if end != -1 else len(text)])
            base = resolve_iri(base, b.group(1)) if b else base
            continue
        if iri is not None:
            iri = resolve_iri(base, iri)
        elif (prefix or "") in local_prefixes:
            iri = local_prefixes[prefix or ""] + local
        else:
            continue
        if iri not in found:
            lineno += text.count("\n", at, start)
            at = start
            found[iri] = f"{path}:{lineno}"


# The columnar form of _index_turtle, for large files: polars reads the lines (its CSV reader, one column), keeps
# those that can hold a subject or a declaration and matches _TURTLE_LINE on them; the few that hold a non-ASCII
# character are matched by _FIRST_LINE itself, one by one. On ASCII text Python's \s is Rust's \s and
# \x1c-\x1f (str.isspace), \w and \b agree, and both engines take the leftmost-first match.
_SPACE = r"[\t\x0b\x0c\r\x1c-\x1f ]"  # [^\S\n] on ASCII text
_ASCII_LINE = (_TURTLE_LINE.pattern.replace(r"\n(?:", "^(?:", 1).replace(r"[^\S\n]", _SPACE)
               .replace(r"[^>\s]", r"[^>\s\x1c-\x1f]").replace(r"[^\s;,]", r"[^\s\x1c-\x1f;,]"))
# Every line _TURTLE_LINE can match: one of its starts at column 0, a declaration's after blanks, or a non-ASCII
# character (maybe a blank) at the start or after blanks.
_CANDIDATE = rf"^(?:[<:A-Za-z]|{_SPACE}*(?:[@pPbB]|[^\x00-\x7f]))"
_DECLARING = r"^[ \t]*[@pPbB]"  # where prefixes_in's declarations can start
_CHUNK = 1 << 24
_LINES = {"has_header": False, "separator": "\x00", "quote_char": None, "new_columns": ["line"], "infer_schema": False}


def _read_in_columns(raw: bytes, base: str, prefixes: dict[str, str]):
    """What _subjects needs of the text, found in columns: the matched lines, the declarations' lines and the
    file's prefixes; None where the CSV reader would not read the lines as they are: a NUL byte, a byte-order
    mark starting a chunk (it drops it), bytes that are not UTF-8 (_index_turtle reads them replaced)."""
    if b"\x00" in raw:
        return None
    found = _matched(raw)
    if found is None:
        return None
    matched, declared, starts = found
    # The reader drops the "\r" of "\r\n", so line starts count from lengths only without one.
    return matched, declared, {**prefixes, **prefixes_in(raw, "turtle", base, None if b"\r" in raw else starts)}


def _matched(raw: bytes):
    """The lines _TURTLE_LINE matches, as (n, decl, iri, prefix, local) rows; the declarations' lines (n ->
    text); and the starts of the lines where prefixes_in may find a declaration. Read _CHUNK bytes of lines at
    a time, each chunk's lines dropped once matched (a filtered string column still holds all of their text).
    None when the CSV reader refuses a chunk."""
    import polars as pl

    line = pl.col("line")
    length = line.str.len_bytes().cast(pl.Int64).fill_null(0) + 1  # with its "\n"
    flags = [line.str.contains(_DECLARING).alias("declares"), line.str.contains(_CANDIDATE).alias("candidate")]
    wide = line.str.contains(r"[^\x00-\x7f]")  # matched one by one: Rust's \w and \s differ from Python's there
    parts, by_hand, declared, starts, n, start = [], [], {}, [], 1, 0
    while start < len(raw):
        end = raw.find(b"\n", start + _CHUNK - 1) + 1 or len(raw)
        if raw.startswith(b"\xef\xbb\xbf", start):  # a byte-order mark the reader would drop
            return None
        try:
            lines = pl.read_csv(raw[start:end], **_LINES)
        except (pl.exceptions.ComputeError, pl.exceptions.NoDataError):
            return None
        rows = (lines.lazy().with_row_index("n", offset=n).with_columns((length.cum_sum() - length + start)
                                                                        .alias("at"), *flags)
                .filter(pl.col("declares") | pl.col("candidate")).collect())
        n, start = n + len(lines), end
        del lines
        starts += rows.filter(pl.col("declares"))["at"].to_list()
        rows = rows.filter(pl.col("candidate"))
        by_hand += [(i, text, *m.groups()) for i, text in rows.filter(wide).select("n", "line").iter_rows()
                    if (m := _FIRST_LINE.match(text))]
        part = rows.filter(~wide).with_columns(line.str.extract_groups(_ASCII_LINE).alias("m")).unnest("m")
        declared.update(part.filter(pl.col("decl").is_not_null()).select("n", "line").iter_rows())
        parts.append(part.select("n", "decl", "iri", "prefix", "local"))
    if not parts:
        return None
    declared.update((i, text) for i, text, decl, *_ in by_hand if decl is not None)
    matched = pl.concat(parts)
    if by_hand:
        extra = pl.DataFrame([(i, *groups) for i, _, *groups in by_hand], schema=matched.schema, orient="row")
        matched = pl.concat([matched, extra]).sort("n")
    return matched.filter(pl.any_horizontal(pl.col("decl", "iri", "local").is_not_null())), declared, starts


def _subjects(matched, declared: dict[int, str], base: str, local_prefixes: dict[str, str]):
    """The matched lines' subjects (n, iri), each at its first line: IRIs resolved against the @base in force
    there (declarations taken in line order, as _index_turtle does), CURIEs expanded by the file's prefixes."""
    import polars as pl

    iri = pl.col("iri")
    resolved = iri
    relative = matched.filter(iri.is_not_null() & ~iri.str.contains("^[^/]*:"))  # resolve_iri's absolute test
    if len(relative):
        marks, bases = [0], [base]
        for n in sorted(declared):
            b = _BASE.match(declared[n])
            if b:
                marks.append(n)
                bases.append(resolve_iri(bases[-1], b.group(1)))
        done = [resolve_iri(bases[bisect_right(marks, n) - 1], i) for n, i in relative.select("n", "iri").iter_rows()]
        matched = matched.join(pl.DataFrame({"n": relative["n"], "resolved": done}), on="n", how="left").sort("n")
        resolved = pl.coalesce("resolved", iri)
    expanded = pl.col("prefix").fill_null("").replace_strict(local_prefixes, default=None, return_dtype=pl.String)
    return (matched.filter(pl.col("decl").is_null())
            .select("n", pl.when(iri.is_not_null()).then(resolved).otherwise(expanded + pl.col("local")).alias("iri"))
            .drop_nulls("iri").unique("iri", keep="first", maintain_order=True))


def _index_file(path: Path, prefixes: dict[str, str], columns_from: int | None):
    """One file's places: a dict (IRI -> "file:line") by the scan, or the subjects (n, iri) by columns."""
    found: dict[str, str] = {}
    raw = _raw(path)
    if raw is None:
        return found
    base = path.resolve().as_uri()
    name = path.name.lower()
    xml = name.endswith((".rdf", ".owl", ".xml", ".rdf.gz", ".owl.gz", ".xml.gz"))
    jsonld = name.endswith((".jsonld", ".json", ".jsonld.gz", ".json.gz"))
    if not xml and not jsonld and columns_from is not None and len(raw) >= columns_from and not _odd_bytes(raw):
        read = _read_in_columns(raw, base, prefixes)
        if read is not None:
            del raw  # (the file is read: its bytes go before the subjects and places are made)
            matched, declared, local_prefixes = read
            return _subjects(matched, declared, base, local_prefixes)
    text = raw.decode("utf-8", "replace")
    # The file's own prefixes, resolved as the parser resolved them, win over the merged ones.
    local_prefixes = {**prefixes, **prefixes_in(raw, "turtle", base)}
    del raw  # the text is all that is read from here on (one copy of the file less at the peak)
    if not xml and not jsonld and not _odd_breaks(text):
        _index_turtle(text, path, base, local_prefixes, found)
        return found
    for lineno, line in enumerate(text.splitlines(), 1):
        iri = None
        if xml:
            m = _XML_ABOUT.search(line)
            iri = m.group(1) if m else None
        elif jsonld:
            m = _JSON_ID.search(line)
            iri = m.group(1) if m else None
        else:
            if _PREFIX.match(line):
                m = _BASE.match(line)
                base = resolve_iri(base, m.group(1)) if m else base
                continue
            m = _SUBJECT_IRI.match(line)
            if m:
                iri = resolve_iri(base, m.group(1))
            else:
                m = _SUBJECT_CURIE.match(line)
                if m and (m.group(1) or "") in local_prefixes:
                    iri = local_prefixes[m.group(1) or ""] + m.group(2)
        if iri and iri not in found:
            found[iri] = f"{path}:{lineno}"
    return found


def index_places(sources: tuple[Path, ...], prefixes: dict[str, str], columns_from: int | None = None) -> Places:
    """IRI -> "file:line" of its first subject position over `sources`, in order. Turtle files of at least
    `columns_from` bytes (validate's large inputs, whose columns import polars anyway) are indexed by columns
    (place_columns), with the same places as this module's scan (tests/test_sources.py)."""
    return Places([(path, _index_file(path, prefixes, columns_from)) for path in sources])


class Places(Mapping[str, str]):
    """IRI -> "file:line" of its first subject position over the files, in their order. A file indexed by columns
    keeps its subjects as a polars frame: of() looks many IRIs up at once by a join, and only their texts are
    made, not a dict of every subject (built with the GIL held, beside the parse; DEVELOPERS.md); asked one IRI
    at a time, or iterated, it builds that dict once."""

    def __init__(self, parts: list[tuple[Path, object]]) -> None:
        self._parts = parts  # (path, dict of places, or a frame of subjects (n, iri) at their first line)
        self._all: dict[str, str] | None = None

    def of(self, iris: Iterable[str]) -> dict[str, str]:
        """The places of those of `iris` that have one."""
        wanted = list(iris)
        if self._all is not None or all(isinstance(part, dict) for _, part in self._parts):
            every = self._whole()
            return {iri: every[iri] for iri in wanted if iri in every}
        import polars as pl

        asked = pl.DataFrame({"iri": wanted}, schema={"iri": pl.String})

        def placed(path: Path, part) -> dict[str, str]:
            if isinstance(part, dict):
                return {iri: part[iri] for iri in wanted if iri in part}
            found = asked.join(part, on="iri", how="inner")
            return _placed(path, found["iri"].to_list(), found["n"].to_list())

        return _earliest(placed(path, part) for path, part in self._parts)

    def _whole(self) -> dict[str, str]:
        if self._all is None:
            self._all = _earliest(part if isinstance(part, dict) else
                                  _placed(path, part["iri"].to_list(), part["n"].to_list())
                                  for path, part in self._parts)
            self._parts = []
        return self._all

    def __getitem__(self, iri: str) -> str:
        return self._whole()[iri]

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())


def _placed(path: Path, iris: list[str], lines: list[int]) -> dict[str, str]:
    """{IRI: "file:line"} of subjects of `path` at `lines`, the texts made in C. Not by a format string made from
    the path: a path holding braces ("{0}") would be read as fields."""
    return dict(zip(iris, map(f"{path}:".__add__, map(str, lines)), strict=True))


def _earliest(files: Iterable[dict[str, str]]) -> dict[str, str]:
    """Each file's places merged in the files' order: an earlier file's place wins (the first dict is taken as
    it is and extended)."""
    found: dict[str, str] = {}
    for places in files:
        if found:
            for iri, place in places.items():
                found.setdefault(iri, place)
        else:
            found = places
    return found
