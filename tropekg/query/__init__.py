"""Asking the graph: SPARQL, inline or from the shipped library in queries/ (sparql.py), ranked text search
(search.py), content-filter lists of the concepts a user names and everything under them (expansion.py), and
the counts of `stats` (census.py). The public functions are tropekg.search, .expand, .stats, .named_queries.
"""

# The formats of query, search and expand results, light to import for the CLI's choices (their renderers are
# sparql.render, search.render and expansion.render).
SEARCH_FORMATS = ("text", "json")
QUERY_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld")
EXPAND_FORMATS = ("text", "json", "csv")
