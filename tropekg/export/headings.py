"""The words a concept's page shows, the same on the site and both wikis: section and note headings, flags."""

from __future__ import annotations

from functools import cache

from ..labels import local_name
from ..model import OWN_NOTE_KEYS

# Sections of links, in page order: (heading, the record's link kind, or "schemes").
RELATIONS = (("Broader", "broader"), ("Narrower", "narrower"), ("Related", "related"),
             ("Counterparts", "counterparts"), ("Contrasts with", "contrastsWith"), ("Common in", "media"),
             ("Themes", "themes"), ("Narrative uses", "uses"), ("Schemes", "schemes"))
LABEL_KINDS = (("prefLabel", "Preferred"), ("altLabel", "Alternative"))  # hidden labels stay hidden
NAMED_NOTES = (("scopeNote", "Scope note"), ("example", "Example"))  # after the definition; then the others
OWN_NOTES = frozenset(OWN_NOTE_KEYS.values())  # the definition and NAMED_NOTES; the others headed by property
SPOILERS = {0: "no spoiler", 1: "minor spoiler", 2: "major spoiler"}


@cache
def note_name(prop: str) -> str:
    """A note property's heading: its local name in words (tk:bestUse -> "Best use")."""
    return "".join(f" {ch.lower()}" if ch.isupper() else ch for ch in local_name(prop)).strip().capitalize()


def flag_words(deprecated: bool, adult: bool, spoiler: int | None) -> list[str]:
    """The flags a concept's page shows under its title, in its words (the wikis say the same)."""
    out = ["Deprecated"] if deprecated else []
    if adult:
        out.append("Adult content")
    if spoiler is not None:
        out.append(SPOILERS.get(spoiler, f"spoiler level {spoiler}").capitalize())
    return out
