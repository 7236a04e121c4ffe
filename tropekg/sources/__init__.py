"""Where a Vocabulary comes from: the RDF files and formats the loader reads (reader.py, INPUT_FORMATS), the
guard every XML input passes first (xmlguard.py), the prefixes a file declares (prefixes.py), where each subject
is written (places.py, for findings' file:line) and the bundled taxonomy and ontology (resources.py).

`tropekg.load(paths=None, input_format=None)` is reader.load.
"""
