"""VNDB's description markup (a BBCode dialect) as plain text, with the links it held kept apart."""

from __future__ import annotations

import re
from urllib.parse import urljoin

# The tags VNDB's formatting code knows (https://vndb.org/d9#4); anything else in brackets, such as
# "[From Wikipedia]", is text and stays as written.
_TAG = re.compile(r"\[(/?)(url|b|i|u|s|spoiler|quote|code|raw)(?:=([^\]]*))?\]", re.IGNORECASE)
SITE = "https://vndb.org/"  # relative links ("/g39") are VNDB's own pages
SPOILER_OPEN, SPOILER_CLOSE = "[spoiler: ", "]"  # kept visible and marked, so a reader sees where one starts


def plain(markup: str) -> tuple[str, list[str]]:
    """(the text of `markup` with its formatting removed and spoilers marked, the link targets in order).

    A link's text stays in place; its target is returned (resolved against vndb.org when relative). An unclosed
    tag is dropped and its text kept; nothing of the words is lost."""
    out: list[str] = []
    links: list[str] = []
    pos = 0
    for m in _TAG.finditer(markup):
        out.append(markup[pos : m.start()])
        pos = m.end()
        closing, name, value = m.group(1), m.group(2).lower(), m.group(3)
        if name == "spoiler":
            out.append(SPOILER_CLOSE if closing else SPOILER_OPEN)
        elif name == "url" and not closing and value:
            target = value.strip()
            links.append(urljoin(SITE, target) if target.startswith("/") else target)
    out.append(markup[pos:])
    text = "".join(out)
    # An empty "[spoiler: ]" means the markup was "[spoiler][/spoiler]": nothing to hide, nothing to show.
    return text.replace(SPOILER_OPEN + SPOILER_CLOSE, "").strip(), links
