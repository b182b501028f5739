"""Running over a folder: walk it, check its folders, share its chunks out to an engine, keep its state, write atomically.

:mod:`~normalize.batch.run` runs a whole folder (clean, discover, check), in chunks
(:mod:`~normalize.batch.chunks`) of one article's work each (:mod:`~normalize.batch.article_work`);
the other modules are its parts.  ``files`` (reading inputs, writing outputs atomically) and
``local`` (process pools) know nothing of text and sit at the bottom of the package's layers,
so that the report, the review and discovery use them too.  Nothing is imported here, so
that a part can be used alone.
"""
