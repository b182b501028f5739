"""``normalize rules``: ``show`` prints every form an entity matches, per language, with the system
or file:line that produced it; ``lint`` checks a user's rules file (claims, stability, homographs).

>>> from normalize.rules.load import load_rules
>>> lines = show_entity(load_rules(), "kyiv")
>>> print("\\n".join([*lines[:2], next(line for line in lines if "Kiyev" in line)]))
kyiv  rules/ukraine.toml:...
  de  Kiew  (rules/ukraine.toml:...)
        Kiyev  (rules/ukraine.toml:... (ru Wikipedia, ru BGN/PCGN, ru MVD 782 passport))
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from normalize.errors import NormalizeError, RulesError
from normalize.rules.files import read_regular_file
from normalize.rules.load import load_rules
from normalize.rules.model import Rules
from normalize.stages.common_words import common_word_source
from normalize.text import phrase_key, script_of

LINT_CLEAN, LINT_PROBLEMS, LINT_UNREADABLE = 0, 1, 2
CYRILLIC_LANGUAGES = {"uk", "ru", "be"}


def show_entity(rules: Rules, entity_id: str) -> list[str]:
    """The lines ``rules show`` prints: per language, the canonical and then each form it replaces."""
    entity = rules.entities.get(entity_id)
    if entity is None:
        raise NormalizeError(f"no entity {entity_id!r} in the rules; ids are the id = \"...\" of each [[entity]]")
    lines = [f"{entity.id}  {entity.source}:{entity.line}"]
    others = [*entity.variants, *(form for _, form in entity.canonicals_by_language()), *entity.context_variants]
    for language in rules.spoken_languages():
        canonical = entity.canonical_for(language, rules.languages, rules.style)
        if canonical is None:
            continue
        lines.append(f"  {language}  {canonical}  ({entity.rule_of(canonical)})")
        shown = {phrase_key(canonical)}
        for form in others:
            if script_of(form) == script_of(canonical) and phrase_key(form) not in shown:
                shown.add(phrase_key(form))
                before = f", only before {entity.context_before}" if form in entity.context_variants else ""
                lines.append(f"        {form}  ({entity.rule_of(form)}{before})")
    lines += [f"  former  {form}  ({entity.rule_of(form)}): found and reported, never rewritten" for form in entity.former]
    lines += [f"  not a variant  {form}  ({entity.rule_of(form)}): derived, refused" for form in entity.not_variants]
    if entity.native and not entity.derive:
        lines.append(f"  derive = false  ({entity.source}:{entity.line}): no spelling derived from {', '.join(entity.native.values())}")
    return lines


def lint_file(path: str | Path, builtin: bool = True) -> tuple[int, list[str]]:
    """Check the rules file at ``path`` on top of the built-in rules: (exit status, messages naming file:line)."""
    try:
        tomllib.loads(read_regular_file(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return LINT_UNREADABLE, [f"{path}: cannot read the rules file: {error}"]
    try:
        rules = load_rules([path], builtin=builtin)
    except RulesError as error:  # a claim, a stability or a form problem: the first one found
        return LINT_PROBLEMS, [str(error)]
    problems = homographs(rules, str(path))
    return (LINT_PROBLEMS if problems else LINT_CLEAN), problems or [f"{path}: no problems found"]


def homographs(rules: Rules, source: str) -> list[str]:
    """A message for each one-word form of ``source`` that a language of the rules knows as a common word."""
    messages = []
    for entity in rules.entities.values():
        hand_written = [form for form in entity.all_forms() if form not in entity.systems]
        for form in (f for f in hand_written if entity.source == source and len(phrase_key(f)) == 1):
            script = script_of(form)
            for language in sorted(rules.languages):
                if (language in CYRILLIC_LANGUAGES) != (script == "Cyrl"):
                    continue
                lexicon = common_word_source(phrase_key(form)[0], language)
                if lexicon:
                    messages.append(f"{entity.rule_of(form)}: '{form}' of entity '{entity.id}' is also a common word of "
                                    f"{language} ({lexicon}): written in lowercase it is left as written; "
                                    "if it is a name in some phrases, list them as exceptions")
    return messages
