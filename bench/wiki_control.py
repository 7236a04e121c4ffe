"""`cli.py` of this tree with the wiki pages' Labels and Notes sections left empty: the control of
bench/exports_ab.py --control, which tells what those sections (issue 22's "every output carries the record": labels
in every language, every kind of note) cost apart from the rest of a Markdown or MediaWiki export.

    python bench/wiki_control.py export V -f mediawiki -o OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tropekg.export import mediawiki, wiki  # noqa: E402


def _without_sections(make):
    def page(shown, *args):
        shown.labels, shown.notes = [], []
        return make(shown, *args)
    return page


mediawiki._wiki_page = _without_sections(mediawiki._wiki_page)
wiki._md_page = _without_sections(wiki._md_page)

if __name__ == "__main__":
    import cli

    sys.argv = [str(ROOT / "cli.py"), *sys.argv[1:]]
    cli.main()
