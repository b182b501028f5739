"""The batch at scale: workers, the manifest (skip, resume), interruptions, progress."""

from __future__ import annotations

import json
import os
import pty
import fcntl
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from normalize import Config, clean_folder
from normalize.batch import article_work
from normalize.batch import chunks
from normalize.batch.manifest import Manifest, Outcome, hash_of_bytes
from normalize.batch.run import discover_folder
from normalize.batch.walk import Source
from normalize.errors import NormalizeError
from normalize.pipeline import Pipeline
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord

ARTICLES = {
    "a.txt": "Talks in Kiev went on late into the night, officials said.\n",
    "b.md": "President Zelenskiy met the envoys in the capital on Sunday; see https://kiev.example/Kiev for more.\n",
    "c.txt": "Nothing to change here at all.\n",
    "deep/d.txt": "Die Gespräche in Kyjiw dauerten bis spät in die Nacht, sagte Selenski.\n",
    "deep/e.txt": "Переговоры в Кыив шли до поздней ночи.\n",
    "deep/er/f.txt": "â€œKyivâ€\x9d is right, said the mayor of Odesa and Kharkov.\n",
    "deep/er/g.txt": "Chicken Kiev is a dish; Kiev is a city, KIEV in capitals.\n",
    "photo.jpg": "\x89PNG not an article",
    "z.txt": "Donbass and the Donbass Arena; Zelenski and Zelenskyy.\n",
}


def write_folder(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    for name, text in articles.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    (root / "bad.txt").write_bytes(b"\xff\xfe\x00\x00 binary\x00")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but the manifest, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*")) if p.is_file() and "manifest" not in p.name
    }


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two articles, so that a small folder is spread over several workers."""
    monkeypatch.setattr(chunks, "CHUNK_SIZE", 2)


@pytest.fixture
def counted(monkeypatch):
    """Count the articles actually cleaned (in this process: jobs=1)."""
    calls = []
    original = article_work.process

    def process(pipeline, source, *data):
        calls.append(source.path)
        return original(pipeline, source, *data)

    monkeypatch.setattr(article_work, "process", process)
    return calls


def test_output_and_report_are_the_same_whatever_the_number_of_workers(tmp_path, small_chunks):
    source = write_folder(tmp_path / "in")
    results = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"out{jobs}"
        report = clean_folder(source, out, Config(jobs=jobs))
        assert report.summary["failed"] == 1 and report.summary["files"] == len(ARTICLES) + 1
        results[jobs] = snapshot(out)
    assert results[1] == results[2] == results[3]
    data = json.loads(results[1][".normalize/report.json"])
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])


def test_discovery_gives_the_same_report_whatever_the_number_of_workers(tmp_path, small_chunks):
    articles = Path(__file__).parent / "data" / "discovery" / "articles"
    for jobs in (1, 2):
        discover_folder(articles, Config(jobs=jobs), [tmp_path / f"{jobs}.json"])
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))["suggestions"]


def test_a_rerun_skips_unchanged_articles_and_rebuilds_the_same_report(tmp_path, counted):
    source, out = write_folder(tmp_path / "in"), tmp_path / "out"
    summary = clean_folder(source, out, Config(jobs=1)).summary
    first = snapshot(out)
    assert len(counted) == len(ARTICLES) + 1
    counted.clear()
    report = clean_folder(source, out, Config(jobs=1))
    assert counted == ["bad.txt"]  # a failed article is always tried again
    assert snapshot(out) == first and report.summary == summary

    (source / "c.txt").write_text("The talks in Kiev went on late into the night.\n", encoding="utf-8")  # changed input
    (out / "a.txt").unlink()  # lost output
    (out / "deep" / "d.txt").write_text("tampered", encoding="utf-8")  # output changed by hand
    (source / "z.txt").unlink()  # gone input
    counted.clear()
    report = clean_folder(source, out, Config(jobs=1))
    assert sorted(counted) == ["a.txt", "bad.txt", "c.txt", "deep/d.txt"]
    assert (out / "c.txt").read_text(encoding="utf-8") == "The talks in Kyiv went on late into the night.\n"
    assert (out / "deep" / "d.txt").read_bytes() == first["deep/d.txt"]
    paths = [f["path"] for f in report.to_dict()["files"]]
    assert "z.txt" not in paths and len(paths) == len(ARTICLES)

    fresh = tmp_path / "fresh"
    clean_folder(source, fresh, Config(jobs=1))
    assert snapshot(out).pop("z.txt") and snapshot(out) == {**snapshot(fresh), "z.txt": first["z.txt"]}
    # the report rebuilt from the manifest is the report of a run from scratch; the output
    # of an input that is gone is left alone (an output folder may hold other files too)


def test_other_rules_or_force_clean_everything_again(tmp_path, counted):
    source, out = write_folder(tmp_path / "in"), tmp_path / "out"
    clean_folder(source, out, Config(jobs=1))
    rules = tmp_path / "mine.toml"
    rules.write_text('languages = ["en"]\n[[entity]]\nid = "zelensky"\ncanonical = { en = "Zelenskyy" }\n',
                     encoding="utf-8")
    counted.clear()
    clean_folder(source, out, Config(jobs=1, rule_files=(str(rules),)))
    assert len(counted) == len(ARTICLES) + 1
    assert "Zelenskyy met" in (out / "b.md").read_text(encoding="utf-8")
    counted.clear()
    clean_folder(source, out, Config(jobs=1, rule_files=(str(rules),), force=True))
    assert len(counted) == len(ARTICLES) + 1


@pytest.mark.parametrize("name, limit, kept", [
    ("a.txt", 1000, True),  # an article: read once, cleaned from the bytes that were hashed
    ("a.txt", 10, False),  # larger than the limit: copied as it is, hashed in pieces
    ("photo.jpg", 1000, False),  # not an article: copied as it is, hashed in pieces
])
def test_an_article_is_read_once_and_its_hash_is_that_of_the_file(tmp_path, name, limit, kept):
    source = Source(write_folder(tmp_path), name)
    data, input_hash = article_work._read_once(Pipeline(Config(max_bytes=limit)), source)
    assert (data == source.absolute.read_bytes()) if kept else data is None
    assert input_hash == hash_of_bytes(source.absolute.read_bytes())


@pytest.mark.parametrize("source", [
    Source(Path("/nowhere"), "a.txt"),  # cannot be read: process() says why
    Source(Path("/nowhere"), "a.txt", skip="a link to nothing"),
    Source(Path("/nowhere"), "a.txt", fail="a name that is not UTF-8"),
])
def test_a_file_that_is_not_read_has_no_hash(source):
    assert article_work._read_once(Pipeline(Config()), source) == (None, None)


def test_an_interrupted_run_leaves_no_half_file_and_the_next_run_continues(tmp_path, monkeypatch, small_chunks):
    source, out = write_folder(tmp_path / "in"), tmp_path / "out"
    original = article_work.process
    seen = []

    def interrupted(pipeline, src, *data):
        seen.append(src.path)
        if len(seen) == 6:
            raise KeyboardInterrupt
        return original(pipeline, src, *data)

    monkeypatch.setattr(article_work, "process", interrupted)
    with pytest.raises(KeyboardInterrupt):
        clean_folder(source, out, Config(jobs=1))
    assert not [p for p in out.rglob("*.part")]
    assert not (out / ".normalize" / "report.json").exists()
    written = {p for p in snapshot(out) if not p.startswith(".normalize")}
    assert written == {"a.txt", "b.md", "c.txt", "photo.jpg"}  # two chunks recorded, one article of the third

    seen.clear()
    monkeypatch.setattr(article_work, "process", lambda pipeline, src, *data: seen.append(src.path) or original(pipeline, src, *data))
    clean_folder(source, out, Config(jobs=1))
    assert sorted(seen) == sorted({*ARTICLES, "bad.txt"} - {"a.txt", "b.md", "c.txt"})  # bad.txt: tried again
    fresh = tmp_path / "fresh"
    clean_folder(source, fresh, Config(jobs=1))
    assert snapshot(out) == snapshot(fresh)


def test_a_killed_run_is_continued_by_the_next(tmp_path):
    source = tmp_path / "in"
    write_folder(source, {f"{i:03d}/{j}.txt": f"Kiev, Zelenskiy and Donbass, number {i}-{j}.\n" * 10
                          for i in range(12) for j in range(10)})
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and len(list(out.rglob("*.txt"))) < 15:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, mid-run
    process.wait()
    assert len(list(out.rglob("*.txt"))) < 120
    assert subprocess.run(command, capture_output=True).returncode == 4  # bad.txt
    assert subprocess.run([*command[:6], str(fresh), "--jobs", "1"], capture_output=True).returncode == 4
    assert snapshot(out) == snapshot(fresh)
    assert not list(out.rglob("*.part"))


def test_two_runs_cannot_write_one_output_folder_at_once(tmp_path):
    source, out = write_folder(tmp_path / "in"), tmp_path / "out"
    holder = Manifest(out / ".normalize", "rules", "tool")
    try:
        with pytest.raises(NormalizeError, match="another normalize run is writing to this folder"):
            clean_folder(source, out, Config(jobs=1))
    finally:
        holder.close()
    clean_folder(source, out, Config(jobs=1))


def test_a_manifest_of_an_older_layout_is_started_afresh(tmp_path):
    state = tmp_path / ".normalize"
    state.mkdir()
    with closing(sqlite3.connect(state / "manifest.sqlite")) as old:  # schema 1: the whole record in one column
        old.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema', '1'), ('runs', '1'), ('running', '0');
            CREATE TABLE articles (path TEXT PRIMARY KEY, input_hash TEXT, rules_hash TEXT NOT NULL,
                tool_hash TEXT NOT NULL, output_hash TEXT, status TEXT NOT NULL, record TEXT NOT NULL, run INTEGER NOT NULL);
            INSERT INTO articles VALUES ('a.txt', 'in', 'rules', 'tool', 'out', 'changed', '[{}, [], null]', 1);
            """
        )
    manifest = Manifest(state, "rules", "tool")
    assert manifest.known("a.txt") is None
    record = ArticleRecord({"path": "a.txt", "status": "changed", "changes": []}, [], None)
    manifest.save([Outcome("a.txt", "changed", record.encode(), "in", "out")])
    assert manifest.known("a.txt").record == record.encode() and list(manifest.entries()) == [record.entry]
    manifest.close()


def test_the_page_names_every_file_with_an_error_and_the_json_every_file(tmp_path):
    source = write_folder(tmp_path / "in", {"a.jsonl": '{"text": "Kiev"}\n{broken\n', "big.txt": "Kiev " * 400,
                                            "c.txt": "Kiev.\n", "d.txt": "Nothing.\n"})
    out = tmp_path / "out"
    clean_folder(source, out, Config(jobs=1, max_bytes=1000), [out / "r.json", out / "r.html"])
    files = json.loads((out / "r.json").read_text(encoding="utf-8"))["files"]
    assert [f["path"] for f in files] == ["a.jsonl", "bad.txt", "big.txt", "c.txt", "d.txt"]
    assert {f["path"]: f["status"] for f in files if f["error"]} == {
        "a.jsonl": "partial", "bad.txt": "failed", "big.txt": "skipped"}
    failures = (out / "r.html").read_text(encoding="utf-8").split("Failed files and kept records", 1)[1].split("</ul>")[0]
    assert [name for name in ("a.jsonl", "bad.txt", "big.txt", "c.txt", "d.txt") if f"<code>{name}</code>" in failures] == [
        "a.jsonl", "bad.txt", "big.txt"]


def _records(draw_forms):
    return st.lists(
        st.builds(
            lambda path, status, forms: ArticleRecord(
                {"path": path, "status": status, "changes": [{"stage": "spelling"}] * len(forms)},
                [[e, "en", e.title(), f, e.title(), "r:1", n, [[f"{f}{i}", 0, len(f)] for i in range(n)], [f"{path}:{n}"]]
                 for e, f, n in forms],
            ),
            st.text("abc/", min_size=1, max_size=4),
            st.sampled_from(["changed", "unchanged", "failed", "skipped"]),
            draw_forms,
        ),
        max_size=12,
    )


@settings(max_examples=60, deadline=None)
@given(
    records=_records(st.lists(st.tuples(st.sampled_from(["kyiv", "odesa"]), st.sampled_from(["Kiev", "kiev", "KIEV"]),
                                        st.integers(1, 5)), max_size=3)),
    cuts=st.lists(st.integers(0, 12), max_size=4),
)
def test_merging_partial_reports_in_order_equals_adding_one_by_one(records, cuts):
    whole = Report()
    for record in records:
        whole.add_record(record)
    bounds = sorted({0, len(records), *(c for c in cuts if c <= len(records))})
    merged = Report()
    for start, end in zip(bounds, bounds[1:]):
        part = Report()
        for record in records[start:end]:
            part.add_record(record)
        merged.merge(part)
    assert merged.to_dict() == whole.to_dict()
    assert merged.summary_line() == whole.summary_line()


def test_progress_bar_only_on_a_terminal(tmp_path):
    source = write_folder(tmp_path / "in")
    command = [sys.executable, "-m", "normalize.cli", "clean", str(source), "--jobs", "1"]
    piped = subprocess.run([*command, "--out", str(tmp_path / "a")], capture_output=True, text=True)
    assert piped.stdout.startswith("normalize: 10 files") and "articles/s" not in piped.stderr
    assert "bad.txt" in piped.stderr

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    with subprocess.Popen([*command, "--out", str(tmp_path / "b")], stdout=subprocess.PIPE, stderr=follower) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        process.wait()
    os.close(leader)
    assert b"10/10" in shown and b"articles/s" in shown  # count, rate (and time left while running)

    quiet = tmp_path / "c"
    leader, follower = pty.openpty()
    subprocess.run([*command, "--out", str(quiet), "--quiet"], stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    os.set_blocking(leader, False)
    try:
        assert b"articles/s" not in os.read(leader, 4096)
    except BlockingIOError:
        pass  # nothing written at all
    os.close(leader)


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "not a positive whole number"),
    (["--jobs", "two"], "not a positive whole number"),
    (["--engine", "local", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_bad_run_options_are_usage_errors(tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "normalize.cli", "clean", str(write_folder(tmp_path / "in")),
                             "--out", str(tmp_path / "o"), *args], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr
