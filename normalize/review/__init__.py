"""Review: a person's decisions on a report's suggestions, written as rules.

``suggestions`` (reading a report's suggestions back and checking them), ``decisions`` (a decision,
written to the rules file), ``prompt`` (the interactive review in a terminal).
"""
