"""Asking the graph: SPARQL, inline or from the shipped library in queries/ (sparql.py), ranked text search
(search.py), content-filter lists of the concepts a user names and everything under them (expansion.py), and
the counts of `stats` (census.py). The public functions are tropekg.search, .expand, .stats, .named_queries.
"""
