"""The one display-label choice (tropekg/labels.py, record-spec item 3)."""

from __future__ import annotations

import pytest

from tropekg.labels import choose, display, pick, texts_in

LABELS = {"en": ["Netorare"], "ja": ["寝取られ"], "ja-Latn": ["netorare"], "": ["untagged"], "de": ["b", "a"]}


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", ("ja", "寝取られ")),  # the exact tag
    ("JA-latn", ("ja-Latn", "netorare")),  # tags compare case-insensitively
    ("ja-Hira", ("ja", "寝取られ")),  # the same primary language, tags in sorted order
    ("fr", ("en", "Netorare")),  # then English
    ("de", ("de", "a")),  # within a language the first in code point order
])
def test_fallback_order(lang, expected):
    assert choose(LABELS, lang) == expected


def test_untagged_then_first_language_then_local_name():
    assert pick({"": ["x"], "de": ["y"]}, "fr") == "x"
    assert pick({"fr": ["z"], "de": ["y"]}, "it") == "y"
    assert pick({"de": []}, "de") is None
    assert display("http://example.org/a/thing", {}, "en") == "thing"
    assert texts_in({"en": ["b", "a"]}, "fr") == ("en", ["b", "a"])
    assert texts_in({}, "fr") == ("", [])
