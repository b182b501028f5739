"""Running over a folder: walk it, check its folders, share its chunks out to an engine, keep its state, write atomically.

:mod:`~normalize.batch.run` runs a whole folder (clean, discover, check); the other
modules are its parts.  Nothing is imported here, so that a part can be used alone.
"""
