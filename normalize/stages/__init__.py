"""The stages of the pipeline, each a small function from text to text plus changes."""
