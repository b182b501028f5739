"""The stages of the pipeline: one module each, one protocol (:mod:`normalize.stages.base`)."""
