"""The house-style rules as code (their data, TOML, is the top-level ``rules/`` folder, installed as
``normalize.builtin_rules``).

``lexicon`` (Form, Lexicon: the per-language table the spelling stage reads), ``model`` (Entity,
Paradigm, Romanization, Rejection, Rules: the rules as data, compiling their lexicons), ``located``
(the line of each string of a TOML text), ``checks`` (what makes rules safe to apply: readable forms,
claims, references, stability), ``cached`` (the checked rules kept in the start-up cache), ``load``
(reading the files, parsing and validating them), ``table``
(the TOML tables a reviewer's decision adds to a rules file).

Layers, each importing only those below it: ``lexicon`` < ``model`` < the stages < ``checks`` < ``load``
(``cached`` imports only the model, :mod:`normalize.cache` and the collector's pause of :mod:`normalize.batch.local`,
``load`` giving it the checks to run;
``located`` imports nothing of normalize; ``table`` only the model).
The stages apply the model; the checks run the stages over the rules (the encoding repair over each
form, the spelling stage over what the rules write), so only ``checks`` and ``load`` import a stage.
"""
