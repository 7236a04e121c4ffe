"""Asking the graph: SPARQL, inline or from the shipped library in queries/ (sparql.py), ranked text search
(search.py), content-filter lists of the concepts a user names and everything under them (expansion.py), and
the counts of `stats` (census.py). The public functions are tropekg.search, .expand, .stats, .named_queries.
"""

# The formats of search and expand results, light to import for the CLI's choices (their renderers are
# search.render and expansion.render).
SEARCH_FORMATS = ("text", "json")
EXPAND_FORMATS = ("text", "json", "csv")
