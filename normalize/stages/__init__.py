"""The stages of the pipeline: one module each, one protocol (:mod:`normalize.stages.base`).

The entry, :mod:`~normalize.stages.decode`, has its parts beside it: ``codepages`` (the candidate
code pages and their contest), ``stray_bytes`` (mostly-UTF-8 bytes) and ``plausibility`` (the score).
"""
