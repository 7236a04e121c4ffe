"""The page shell every site page shares, and text set as text.

Every text from the data goes through `esc` (HTML Living Standard, 13.1.2.6: `&`, `<`, `>` and quotes as character
references), so no label can open an element or an attribute; code points a page cannot show become U+FFFD as in
the wiki exports. The Content-Security-Policy allows only the site's own files ('self'), so even a text mistaken
for markup could neither run inline script nor fetch anything from elsewhere (CSP Level 3, 6.1).
"""

from __future__ import annotations

from functools import cache

from ...output.sinks import markup as esc  # the one HTML escape (output.sinks)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'")


@cache
def lang_attr(tag: str) -> str:
    """A lang attribute for a text in language `tag`; untagged text says so with lang="" (HTML, 3.2.6.2). Made
    once per tag: a vocabulary has few, on every page."""
    return f' lang="{esc(tag)}"'


def shell(title: str, title_lang: str, lang: str, root: str, body: str, head: str = "",
          scripts: tuple[str, ...] = ("site.js",), langs: tuple[str, ...] = ()) -> str:
    """A whole page: `root` is the relative path from the page to the site root ("" or "../" repeated); site.js
    makes the language switcher from `langs` when there are two or more."""
    switcher = f'<span id="tk-langs" data-langs="{esc(" ".join(langs))}" data-default="{esc(lang)}"></span>' \
        if len(langs) > 1 else ""
    tags = "".join(f'<script src="{root}_site/{name}" defer></script>' for name in scripts)
    return (f'<!doctype html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title{lang_attr(title_lang)}>{esc(title)}</title>\n'
            f'<link rel="stylesheet" href="{root}_site/site.css">\n{head}{tags}\n</head>\n<body>\n'
            '<a class="skip" href="#main">Skip to content</a>\n'
            f'<header><nav aria-label="Site"><a href="{root}index.html">Vocabulary</a> '
            f'<a href="{root}search.html">Search</a></nav>\n'
            f'<form role="search" action="{root}search.html"><label for="tk-q">Search labels</label> '
            f'<input id="tk-q" name="q" type="search" autocomplete="off"></form>{switcher}</header>\n'
            f'<main id="main">\n{body}</main>\n'
            '<footer><p>Made by tropekg from the vocabulary\'s RDF.</p></footer>\n</body>\n</html>\n')
