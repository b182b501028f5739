"""Variant discovery: find spellings of one name that no rule knows yet, and suggest them.

One module per step, each usable alone, lowest first:

- :mod:`~normalize.discovery.data`: the tables of ``discovery.toml`` (folding, thresholds,
  evidence), checked when read;
- :mod:`~normalize.discovery.keys`: folding and the blocking keys that spellings of one name share;
- :mod:`~normalize.discovery.finding`: the capitalised names of a text, found in one scan;
- :mod:`~normalize.discovery.columns`: the tallies of the counted forms as rows of arrays (``FormTable``);
- :mod:`~normalize.discovery.names`: the candidate names of a text and their mergeable counts
  (``NameCounts``, which the workers fill and a reduction merges: tallies only);
- :mod:`~normalize.discovery.samples`: the second phase, the contexts of the forms suggested,
  read from the few files that hold their first sightings;
- :mod:`~normalize.discovery.lemmas`: the lemmas each language's lexicon gives a word;
- :mod:`~normalize.discovery.paradigms`: case forms by the rules' declension paradigms (one name in
  two cases is not two spellings) and the case forms a suggestion's paradigm brings;
- :mod:`~normalize.discovery.persons`: the full names a word is part of, and when two given names or
  name parts are different people;
- :mod:`~normalize.discovery.evidence`: why two forms that look alike are different names;
- :mod:`~normalize.discovery.score`: the features of a cluster and its fitted score (``score.toml``);
- :mod:`~normalize.discovery.candidates`: the forms that look like names, as rows (``CandidateRows``: the end phase's columns);
- :mod:`~normalize.discovery.cluster`: links, clusters and the suggestions of the report (``suggest``),
  sorted by score.

Nothing is imported here, so that what needs only the counts (an article, a worker)
does not load the rules and the clustering.
"""
