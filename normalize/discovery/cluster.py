"""Suggestions: candidates from the counts, links between similar forms, clusters, and their report entries.

:func:`suggest` links similar forms unless evidence says they are different names
(:mod:`normalize.discovery.evidence`), merges linked forms into clusters and returns
one suggestion per cluster that the rules do not cover yet.  The forms of each
language are clustered on their own, so the languages can be shared among processes.
All of that works on the tallies; the contexts and locations of the forms suggested
are read last, from the few files that hold their first sightings.

>>> texts = {"a.txt": "Libya under Muammar Gaddafi. Gaddafi ruled long.",
...          "b.txt": "The rule of Qaddafi ended in Libya, and Qaddafi died."}
>>> counts = NameCounts()
>>> for path, text in texts.items(): counts.add_article(path, text, "en")
>>> (found,) = suggest(counts, read=texts.get)
>>> found["canonical"], [(v["form"], v["locations"]) for v in found["variants"]]
('Gaddafi', [('Gaddafi', ['a.txt:1:21', 'a.txt:1:30']), ('Qaddafi', ['b.txt:1:13', 'b.txt:1:41'])])
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from functools import partial
from itertools import chain, combinations
from typing import Callable, Container, Iterable, Iterator

from normalize.discovery.candidates import CandidateRows
from normalize.discovery.data import discovery_data
from normalize.discovery.evidence import evidence_against
from normalize.discovery.keys import fold, forget_spellings, name_keys, sharing_a_key, similarity, slip_inside
from normalize.discovery.names import Name, NameCounts, letters
from normalize.discovery.packed import PackedDicts
from normalize.discovery.paradigms import declension, declined_elsewhere, paradigms_of
from normalize.discovery.persons import FullNames, full_names
from normalize.discovery.samples import Sample, gather_samples
from normalize.discovery.score import features, score
from normalize.batch.local import forked_map
from normalize.collector import collector_paused
from normalize.rules.load import parse_rules
from normalize.rules.model import Rules
from normalize.rules.table import entity_toml, new_entity_id
from normalize.text import contexts_of, phrase_key, script_of, shown_excerpt


@dataclass(frozen=True, slots=True)
class Link:
    """Two forms of one block (they share ``key``) that are similar enough to be one name: rows of the
    :class:`~normalize.discovery.candidates.CandidateRows` (a row: no dict each)."""

    a: int
    b: int
    key: str
    similarity: float


class Links:
    """Links as columns, an index each: the rows of their two forms, the key they share, their similarity.

    An article of distinct names links about one form in three: a Link, its float and the key of
    the pair in a dict of those found were about 250 bytes each.  :meth:`link` makes one when asked.
    """

    def __init__(self) -> None:
        self.a, self.b, self.similarity = array("i"), array("i"), array("d")
        self.keys: list[str] = []  # each the block's own key string

    def append(self, a: int, b: int, key: str, similarity: float) -> None:
        self.a.append(a)
        self.b.append(b)
        self.keys.append(key)
        self.similarity.append(similarity)

    def __len__(self) -> int:
        return len(self.a)

    def link(self, index: int) -> Link:
        return Link(self.a[index], self.b[index], self.keys[index], self.similarity[index])

    def in_order(self, order: list[int]) -> "Links":
        """These links in the ``order`` of their indexes."""
        ordered = Links()
        ordered.a, ordered.b = array("i", map(self.a.__getitem__, order)), array("i", map(self.b.__getitem__, order))
        ordered.similarity = array("d", map(self.similarity.__getitem__, order))
        ordered.keys = list(map(self.keys.__getitem__, order))
        return ordered


def suggest(counts: NameCounts, rules: Rules | None = None, jobs: int = 1,
            read: Callable[[str], str | None] | None = None) -> PackedDicts:
    """Clusters of forms that look like spellings of one name and that no rule covers yet.

    Sorted by score (the fitted chance that the forms are one name), highest first,
    then by the number of occurrences; see the report contract in
    the README for the fields.  The forms of each language are clustered on their
    own, so with ``jobs`` above 1 the languages, then the files read for samples, are shared
    among that many processes.
    ``read(path)`` gives the text an article's names were counted in, for the contexts
    and locations of the forms suggested (:func:`~normalize.discovery.names.gather_samples`);
    without it they have none.
    """
    rules = rules if rules is not None else parse_rules([])
    found = forked_map(partial(_suggestions_in, counts, rules), _language_groups(counts, jobs))
    _forget_spellings()  # the forms are clustered: what is left (samples, the reports) needs none
    suggestions = PackedDicts.joined(found).sorted_by(lambda s: (-s["score"], -s["count"], s["id"]))
    del found  # its pickles are the suggestions' alone: each is let go as it is sampled
    wanted = {(s["language"], v["form"]): counts.forms[(s["language"], v["form"])].paths
              for s in suggestions for v in s["variants"]}
    samples = gather_samples(wanted, read, jobs) if read is not None else {}
    suggestions.change_each(partial(_with_samples, samples=samples))
    return suggestions


def _with_samples(suggestion: dict, samples: dict[tuple[str, str], list[Sample]]) -> dict:
    """``suggestion`` with the contexts and locations of its variants' ``samples`` ((language, form) -> samples)."""
    language = suggestion["language"]
    suggestion["variants"] = [_sampled(v, samples.get((language, v["form"]), [])) for v in suggestion["variants"]]
    return suggestion


def _forget_spellings() -> None:
    """Empty the caches of the spellings and keys of forms (about 200 MB full), and of :func:`~normalize.text.phrase_key`."""
    forget_spellings()
    phrase_key.cache_clear()


def _suggestions_in(counts: NameCounts, rules: Rules, languages: tuple[str, ...]) -> PackedDicts:
    """The suggestions among the forms of ``languages``, unsorted; packed as each is made (about 9 KB each as dicts)."""
    with collector_paused():
        candidates = CandidateRows(counts, rules, languages)
        links = find_links(candidates)
        name_keys.cache_clear()  # the forms are blocked: their keys (about 100 MB of tuples, full) are asked for no more
        full = full_names(counts, _Linked(candidates, links))
        clusters = _cluster(links, candidates, rules, full)
        attested = _Counted(counts, languages)
        suggestions = PackedDicts(filter(None, (_suggestion(cluster, cluster_links, candidates, rules, full, attested)
                                                for cluster, cluster_links in clusters)))
    implied = _single_word_canonicals(suggestions)
    suggestions = suggestions.kept(lambda s: not _implied(s, implied, rules))
    declined = declined_elsewhere(suggestions)
    return suggestions.kept(lambda s: not declined(s))


class _Linked:
    """Is a (language, form) one of the two forms of a link?  A byte per candidate, its row searched for
    (:meth:`~normalize.discovery.candidates.CandidateRows.row_of`): a set of the forms linked, as tuples, was about
    100 bytes each (most forms of an article of distinct names).

    >>> counts = NameCounts.of_article("a.txt", "Then Zelensky met Zelenska in Tripoli.", "en")
    >>> candidates = CandidateRows(counts, parse_rules([]), ("en",))
    >>> linked = _Linked(candidates, find_links(candidates))
    >>> ("en", "Zelenska") in linked, ("en", "Tripoli") in linked, ("de", "Zelenska") in linked
    (True, False, False)
    """

    def __init__(self, candidates: CandidateRows, links: Links):
        self.candidates, self.rows = candidates, bytearray(len(candidates))
        for row in chain(links.a, links.b):
            self.rows[row] = 1

    def __contains__(self, key: tuple[str, str]) -> bool:
        row = self.candidates.row_of(*key)
        return row is not None and self.rows[row] == 1


@dataclass(frozen=True)
class _Counted:
    """Was a form counted in one of ``languages``?  (A question to the counts, not a set of all their forms.)

    >>> counts = NameCounts.of_article("a.txt", "Kyiv and Lviv.", "uk")
    >>> "Lviv" in _Counted(counts, ("en", "uk")), "Lviv" in _Counted(counts, ("en",))
    (True, False)
    """

    counts: NameCounts
    languages: tuple[str, ...]

    def __contains__(self, form: str) -> bool:
        return any((language, form) in self.counts.forms for language in self.languages)


def _language_groups(counts: NameCounts, jobs: int) -> list[tuple[str, ...]]:
    """The languages of ``counts`` in at most ``jobs`` groups with about as many forms each.

    >>> from normalize.discovery.names import FormTally
    >>> forms = {key: FormTally() for key in [("en", "A"), ("en", "B"), ("en", "C"), ("de", "D"), ("pl", "E")]}
    >>> _language_groups(NameCounts(forms), 2), _language_groups(NameCounts(forms), 1)
    ([('en',), ('de', 'pl')], [('de', 'en', 'pl')])
    """
    sizes = counts.forms.sizes()
    groups: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(sizes))))]
    totals = [0] * len(groups)
    for language, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        smallest = totals.index(min(totals))
        groups[smallest].append(language)
        totals[smallest] += size
    return [tuple(sorted(group)) for group in groups]


def find_links(candidates: CandidateRows) -> Links:
    """The links among ``candidates``: each pair that shares a key, linked once, by its strongest shared key;
    strongest first."""
    limit = discovery_data().similarity.block_limit
    blocks = sharing_a_key(range(len(candidates)), partial(_places, candidates))  # the blocks two or more share
    found, linked = Links(), set()  # linked: a pair of rows as one number
    strength = {"f": 0, "p": 1, "c": 2, "a": 3, "z": 3}  # a pair is explained by its strongest shared key
    compared = [(strength[where[2][0]], where, block) for where, block in blocks.items() if 1 < len(block) <= limit]
    del blocks
    entity, rows = candidates.entity, len(candidates)
    for _, (_, _, key), block in sorted(compared, key=lambda item: item[:2]):
        for a, b in combinations(block, 2):
            if a * rows + b not in linked and (entity(a) is None or entity(b) is None or entity(a) != entity(b)):
                score = _link(candidates, a, b, key)
                if score is not None:
                    linked.add(a * rows + b)
                    found.append(a, b, key, score)
    del compared, linked
    form, language, a, b = candidates.form, candidates.language, found.a, found.b
    return found.in_order(sorted(range(len(found)), key=lambda i: (-found.similarity[i], language(a[i]), form(a[i]), form(b[i]))))


def _places(candidates: CandidateRows, row: int) -> Iterator[tuple[str, str, str]]:
    """The blocks the form of ``row`` belongs in: (language, script, key) for each of its keys."""
    form, language = candidates.form(row), candidates.language(row)
    script = script_of(form)
    return ((language, script, key) for key in name_keys(form))


def _link(candidates: CandidateRows, a: int, b: int, key: str) -> float | None:
    """The similarity of two forms (rows) of a block if they are similar enough for their length to link, else None."""
    settings = discovery_data().similarity
    form_a, form_b = candidates.form(a), candidates.form(b)
    shortest = min(letters(form_a), letters(form_b))
    if shortest < settings.min_length:
        return None
    score = similarity(form_a, form_b)
    if fold(form_a) == fold(form_b):
        short = shortest < settings.short_length
        if short and min(candidates.files(a), candidates.files(b)) < settings.short_min_files:
            return None
        return score
    if shortest < settings.fuzzy_min_length or " " in form_a or "-" in form_a:
        return None  # names of several words link only when they fold alike
    if key[0] in "az" and not slip_inside(form_a, form_b, discovery_data().fold.ends_margin):
        return None  # forms that share only an end are one name when one letter slipped inside
    needed = next((t for length, t in settings.thresholds if shortest >= length), 1.01)
    return score if score >= needed else None


def _cluster(links: Links, candidates: CandidateRows, rules: Rules,
             full: FullNames) -> Iterator[tuple[list[Name], list[Link]]]:
    """Merge linked forms, strongest link first, never across evidence against merging.

    A cluster is numbered in the order its first form was linked; which cluster a row is in is a column
    (-1 before it is linked), and only a cluster of two or more forms lists its rows and links.  The clusters
    are then given one at a time, each one's Names and Links made as it is read and its lists let go:
    those of every cluster at once were about 200 bytes per form clustered (a Name, its tally, its paths).
    """
    floor = discovery_data().similarity.cluster_floor
    form, name, counts = candidates.form, candidates.name, candidates.counts
    cluster_of = array("q", [-1]) * len(candidates)
    founders = array("q")  # cluster -> the row it began with
    members: dict[int, list[int]] = {}
    kept: dict[int, list[int]] = {}  # the links (indexes) of each
    for index, (a, b) in enumerate(zip(links.a, links.b)):
        for row in (a, b):
            if cluster_of[row] < 0:
                cluster_of[row] = len(founders)
                founders.append(row)
        first, second = cluster_of[a], cluster_of[b]
        if first == second:
            kept[first].append(index)
            continue
        rows_first, rows_second = members.get(first) or [founders[first]], members.get(second) or [founders[second]]
        pairs = [(x, y) for x in rows_first for y in rows_second]
        if any(similarity(form(x), form(y)) < floor for x, y in pairs):
            continue
        if any(evidence_against(name(x), name(y), counts, rules, full) for x, y in pairs):
            continue
        for row in rows_second:
            cluster_of[row] = first
        members[first] = rows_first + rows_second
        members.pop(second, None)
        kept[first] = kept.pop(first, []) + kept.pop(second, []) + [index]
    return ((list(map(name, members.pop(i))), list(map(links.link, kept.pop(i)))) for i in sorted(members))


def _suggestion(cluster: list[Name], links: list[Link], candidates: CandidateRows, rules: Rules,
                full: FullNames, attested: Container[str]) -> dict | None:
    """The report's entry for one cluster (see the report contract), or None if it adds nothing to the rules.

    When a paradigm of the language declines its forms and ``attested`` (the forms
    counted) holds other cases of them, each variant lists its case forms and the
    entry names the paradigm, which accepting writes.
    """
    entities = {n.entity for n in cluster if n.entity}
    unknown = [n for n in cluster if n.entity is None]
    if not unknown or len(entities) > 1 or any(n.context_only for n in cluster):
        return None  # nothing new, two entities, or a name the rules change only in context
    language = cluster[0].language
    ranked = sorted(cluster, key=lambda n: (-n.tally.count, n.form))
    ruled = next((n.canonical for n in ranked if n.canonical), None)
    canonical = ruled or ranked[0].form
    forms = sorted({n.form.casefold() for n in cluster})
    digest = hashlib.sha1("\x1f".join([language, *forms]).encode("utf-8")).hexdigest()[:10]
    entity = next(iter(entities)) if entities else new_entity_id(canonical, rules)
    variants = [n.form for n in ranked if n.entity is None and n.form != canonical]
    keys = sorted({l.key for l in links})
    scores = [l.similarity for l in links]
    weighed = features(cluster, scores, full)
    share = discovery_data().similarity.given_name_share
    given = sum(n.tally.leading for n in cluster) >= share * sum(n.tally.count for n in cluster)
    inflected = any(rules.entities[e].inflection.get(language) for e in entities)
    declined = None if inflected else declension([canonical, *variants], attested, paradigms_of(rules, language))
    paradigm, case_forms = declined or (None, {})
    return {
        "id": f"s-{digest}",
        "language": language,
        "canonical": canonical,
        "canonical_from": "rules" if ruled else "most frequent",
        "entity": entity,
        "extends": bool(entities),
        "count": sum(n.tally.count for n in cluster),
        "score": round(score(weighed), 3),
        "features": weighed,
        "why": f"shared keys {', '.join(keys)}; similarity {min(scores):.2f}–{max(scores):.2f} (rapidfuzz ratio "
               "on folded and unaccented forms); score: the fitted chance that the forms are one name "
               "(features beside it, coefficients in normalize/discovery/score.toml)",
        "warning": "mostly a given name, shared by many people: accepting respells it for all of them"
                   if given else None,
        "links": [{"forms": [candidates.form(l.a), candidates.form(l.b)], "key": l.key, "similarity": l.similarity} for l in links],
        "inflection": paradigm,
        "variants": [{**_variant(n), "case_forms": case_forms.get(n.form, [])} for n in ranked],
        "toml": entity_toml(entity, language, None if entities and ruled else canonical, variants, paradigm),
    }


def _variant(name: Name) -> dict:
    """The report's entry for one form of a suggestion: its counts (:func:`_sampled` adds its contexts and locations)."""
    return {"form": name.form, "count": name.tally.count, "files": name.tally.files, "known": name.entity}


def _sampled(variant: dict, samples: list[Sample]) -> dict:
    """``variant`` with the contexts and locations of its ``samples``."""
    length = len(variant["form"])
    return {
        **variant,
        **contexts_of(shown_excerpt(s.around, s.before, s.more_after, s.offset, length) for s in samples),
        "locations": [f"{s.path}:{s.line}:{s.column}" for s in samples],
    }


def _single_word_canonicals(suggestions: Iterable[dict]) -> dict[tuple[str, str], str]:
    """(language, case-folded word) -> canonical, from the single-word suggestions."""
    mapping = {}
    for s in suggestions:
        for variant in s["variants"]:
            if " " not in variant["form"]:
                mapping[(s["language"], variant["form"].casefold())] = s["canonical"].casefold()
    return mapping


def _implied(suggestion: dict, mapping: dict[tuple[str, str], str], rules: Rules) -> bool:
    """Is a multi-word suggestion only the sum of single-word ones or rules (Muammar Gaddafi/Qaddafi)?"""
    forms = [v["form"] for v in suggestion["variants"]]
    if all(" " not in f and "-" not in f for f in forms):
        return False
    language = suggestion["language"]
    lexicon = rules.lexicon(language)

    def spelled(word: str) -> str:
        known = lexicon.forms.get((word,)) if lexicon else None
        return known.canonical.casefold() if known else mapping.get((language, word), word)

    return len({" ".join(map(spelled, f.casefold().replace("-", " ").split())) for f in forms}) == 1
