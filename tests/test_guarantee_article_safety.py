"""Guarantee "an article cannot act on the report, the terminal or the batch".

- The HTML report highlights a form by its offsets in the context: ⟦ ⟧ in an article's
  text add no highlight, and the real mention is still highlighted.
- Every line the command line prints escapes what came from a file (names, text,
  messages quoting them): no line can be forged, no escape sequence reaches the terminal.
- One article never stops a batch: an exception at any step of one article (reading,
  cleaning, counting names, recording, encoding the record, writing) fails that article,
  with the reason, in ``clean``, ``check`` and ``discover``, with one job and with several.
- A file that cannot be read says so, names it, and says what to do.
"""

from __future__ import annotations

import errno
import html.parser
import json
import shutil
from pathlib import Path

import pytest

from normalize import Config
from normalize.cli import main
from normalize.batch.run import clean_folder, discover_folder

DISCOVERY = Path(__file__).parent / "data" / "discovery" / "articles"


# 1. Highlights come from offsets, not from characters in the text

class Marks(html.parser.HTMLParser):
    """The text of every <mark> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks: list[str] = []
        self._open = 0

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append("")
            self._open += 1

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open -= 1

    def handle_data(self, data):
        if self._open:
            self.marks[-1] += data


def bracketed(text: str) -> str:
    """``text`` with ⟦ ⟧ around words and names, and stray ones between."""
    return " ".join(f"⟦{word}⟧" if i % 3 == 0 else word for i, word in enumerate(text.split(" "))) + " ⟧ ⟦ ⟦⟧"


def test_brackets_in_an_article_add_no_highlight_and_the_mention_keeps_its_own(tmp_path):
    source = tmp_path / "in"
    shutil.copytree(DISCOVERY, source)
    for path in source.glob("*.txt"):
        path.write_text(bracketed(path.read_text(encoding="utf-8")), encoding="utf-8")
    (source / "kiev.txt").write_text("The talks in ⟦Kiev⟧ went on. ⟦Zelenskiy said⟧ that Kharkov ⟧ was next ⟦.\n",
                                     encoding="utf-8")
    clean_folder(source, tmp_path / "out", Config(jobs=1, local_rules=None),
                 report_paths=[tmp_path / "r.html", tmp_path / "r.json"])
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    forms = [form for variant in report["variants"] for form in variant["forms"]]
    forms += [variant for suggestion in report["suggestions"] for variant in suggestion["variants"]]
    expected = [form["form"] for form in forms for _ in form["contexts"]]
    assert report["suggestions"] and {"Kiev", "Zelenskiy", "Kharkov"} <= set(expected)
    assert any("⟦⟦" in c or "⟧⟧" in c for form in forms for c in form["contexts"])  # the brackets are in the contexts
    assert all(len(form["excerpts"]) == len(form["contexts"]) for form in forms)  # and each has its offsets
    page = Marks()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert sorted(page.marks) == sorted(expected)  # one highlight per context, on its form, and no other


# 2. Nothing from a file reaches the terminal raw

RAW = ["\n", "\r", "\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\x00"]


def raw_in(output: str) -> list[str]:
    """The dangerous characters in ``output`` (its line breaks aside)."""
    return [char for char in RAW if char in output.replace("\n", "")] + (["\n"] if "\n\n" in output else [])


HOSTILE_NAME = "evil\x1b[2J\u202e\nforged.txt:1:1: Kyiv -> Kiev (rules\u2066.txt"
HOSTILE_TEXT = ("The talks in Kiev\x1b]0;pwned\x07 went on. \u202eZelenskiy\u202c said\rfake.txt:9:9: x -> y\x9b31m "
                "that Kharkov would be next.\n")


@pytest.fixture
def hostile_folder(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "evil.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (source / HOSTILE_NAME).write_text("The talks in Kiev went on late into the night.\n", encoding="utf-8")
    (source / "bad\x1b[31m\n.json").write_text("{not json \x1b[2J\u202e", encoding="utf-8")
    return source


def test_check_lines_cannot_be_forged_nor_run_escapes(hostile_folder, capsys):
    assert main(["check", str(hostile_folder), "--no-local-rules"]) == 4
    out, err = capsys.readouterr()
    assert raw_in(out) == [] and raw_in(err) == []
    lines = [line.removeprefix(f"{hostile_folder}/") for line in out.splitlines() + err.splitlines()]  # paths as given
    assert not [line for line in lines if line.startswith(("forged.txt", "fake.txt", "[2/2]"))]
    assert any(line.startswith("evil\\x1b[2J\\u202e\\nforged.txt") and "Kiev -> Kyiv" in line for line in lines)
    assert any(line.startswith("bad\\x1b[31m\\n.json: failed: ") for line in lines)


def test_clean_failures_and_summary_are_escaped(hostile_folder, tmp_path, capsys):
    assert main(["clean", str(hostile_folder), "--out", str(tmp_path / "out"), "-j", "1", "-q", "--no-local-rules"]) == 4
    out, err = capsys.readouterr()
    assert raw_in(out) == [] and raw_in(err) == []
    assert "bad\\x1b[31m\\n.json" in err


def test_explain_is_escaped(hostile_folder, capsys):
    main(["explain", str(hostile_folder / HOSTILE_NAME), "--no-local-rules"])
    main(["explain", str(hostile_folder / "evil.txt"), "--no-local-rules"])
    out, err = capsys.readouterr()
    assert raw_in(out) == [] and raw_in(err) == []
    assert out.startswith("evil\\x1b[2J\\u202e\\nforged.txt")


def test_a_suggestion_under_review_shows_on_its_own_lines():
    from normalize.review.prompt import describe

    context = "…said ⟦Qaddafi⟧\x1b[2J\n[2/2] s-forged  language en\r\u202e…"
    variant = {"form": "Qaddafi", "count": 1, "files": 1, "known": None, "contexts": [context]}
    suggestion = {"id": "s-1", "language": "en", "score": 0.9, "canonical": "Gaddafi\x1b[8m",
                  "canonical_from": "most frequent", "why": "shared keys", "variants": [variant, {**variant, "form": "Gadhafi"}]}
    shown = describe(suggestion, 1, 1)
    assert raw_in(shown) == [] and len(shown.splitlines()) == 2 + 2 * 2


def test_printable_escapes_every_control_character_and_keeps_text():
    from hypothesis import given, settings, strategies as st

    from normalize.text import printable

    dangerous = [chr(c) for c in (*range(0x20), *range(0x7f, 0xa0), *range(0x202a, 0x202f), *range(0x2066, 0x206a))]

    @settings(max_examples=100)
    @given(st.text(st.sampled_from([*dangerous, "\ud800", "\udfff"]) | st.characters()))
    def escaped(text):
        assert not set(printable(text)) & {*dangerous, "\ud800", "\udfff"}

    escaped()
    assert printable("a\nb\x1b[0m\u202e\ud800") == "a\\nb\\x1b[0m\\u202e\\ud800"
    assert printable("Zelenskiy’s Київ ⟦x⟧ \\n") == "Zelenskiy’s Київ ⟦x⟧ \\n"


# 3. One article never stops a batch

SURROGATE = '{"title": "Talks in Kiev \\ud800 went on", "body": "Zelenskiy spoke in Kiev.", "lang": "en"}\n'
OTHERS = {f"{i:02d}.txt": f"Officials in Kiev said on day {i} that Zelenskiy would speak.\n" for i in range(4)}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def files_of(report_path: Path) -> dict[str, dict]:
    return {f["path"]: f for f in json.loads(report_path.read_text(encoding="utf-8"))["files"]}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_lone_surrogate_stops_neither_clean_nor_check_nor_discover(tmp_path, jobs, monkeypatch, capsys):
    monkeypatch.setattr("normalize.batch.chunks.CHUNK_SIZE", 2)  # several chunks: with two jobs, workers run them
    source = write(tmp_path / "in", {**OTHERS, "a.jsonl": SURROGATE, "b.json": "[" + SURROGATE.strip() + "]"})
    for run in (1, 2):  # the second run reads the manifest of the first
        clean_folder(source, tmp_path / "out", Config(jobs=jobs), report_paths=[tmp_path / "r.json", tmp_path / "r.html"])
        report = files_of(tmp_path / "r.json")
        for name in ("a.jsonl", "b.json"):  # the field is kept as it was, the rest cleaned
            assert report[name]["status"] == "partial" and "lone surrogate (\\ud800)" in report[name]["error"]
            assert "Zelensky spoke in Kyiv" in (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert all(report[name]["status"] == "changed" for name in OTHERS)
    assert main(["check", str(source)]) == 4
    assert "a.jsonl:1: the field title holds a lone surrogate (\\ud800)" in capsys.readouterr().err
    discovered = discover_folder(source, Config(jobs=jobs), report_paths=[tmp_path / "d.json", tmp_path / "d.html"])
    assert discovered.summary["failed"] == 0 and files_of(tmp_path / "d.json")["a.jsonl"]["status"] != "failed"


class Injected(RuntimeError):
    pass


VICTIM = "victim.txt"
STAGES = {  # where per-article work happens (module:attribute), and how to tell the victim's call
    "read": ("normalize.batch.article_work:read_input", lambda path, *_: Path(path).name == VICTIM),
    "decode": ("normalize.batch.article_work:decode_bytes", lambda data: b"VICTIM" in data),
    "clean": ("normalize.batch.article_work:clean_document", lambda pipeline, text, *_: "VICTIM" in text),
    "language": ("normalize.pipeline:Pipeline.survey", lambda self, text: "VICTIM" in text),
    "names": ("normalize.discovery.names:NameCounts.of_article", lambda path, *_: path == VICTIM),
    "record": ("normalize.report.record:ArticleRecord.of", lambda article: article.path == VICTIM and article.status != "failed"),
    "encode": ("normalize.report.record:ArticleRecord.encode",
               lambda record: record.entry["path"] == VICTIM and record.entry["status"] != "failed"),
    "write": ("normalize.batch.article_work:_write_output", lambda article, source, *_: source.path == VICTIM),
}


def inject(monkeypatch, stage: str) -> None:
    """Make the step ``stage`` raise for the victim article only."""
    import importlib
    import inspect

    target, is_victim = STAGES[stage]
    module, _, attribute = target.partition(":")
    owner_name, _, name = attribute.rpartition(".")
    owner = importlib.import_module(module)
    owner = getattr(owner, owner_name) if owner_name else owner
    real = getattr(owner, name)

    def failing(*args, **kwargs):
        if is_victim(*args):
            raise Injected(f"injected into {stage}")
        return real(*args, **kwargs)

    bound = isinstance(inspect.getattr_static(owner, name), classmethod)  # real is bound to its class already
    monkeypatch.setattr(owner, name, staticmethod(failing) if bound else failing)


def victim_folder(folder: Path) -> Path:
    return write(folder, {**OTHERS, VICTIM: "VICTIM: officials in Kiev said that Zelenskiy would speak.\n"})


def assert_victim_failed_alone(report: dict[str, dict], stage: str) -> None:
    assert report[VICTIM]["status"] == "failed" and f"Injected: injected into {stage}" in report[VICTIM]["error"]
    assert all(report[name]["status"] not in ("failed", "partial") for name in OTHERS)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stage", ["read", "decode", "clean", "names", "record", "encode", "write"])
def test_an_exception_in_any_step_of_clean_fails_that_article_only(tmp_path, monkeypatch, stage, jobs):
    monkeypatch.setattr("normalize.batch.chunks.CHUNK_SIZE", 2)  # several chunks: with two jobs, workers run them
    inject(monkeypatch, stage)
    source = victim_folder(tmp_path / "in")
    report = clean_folder(source, tmp_path / "out", Config(jobs=jobs), report_paths=[tmp_path / "r.json", tmp_path / "r.html"])
    assert report.summary["failed"] == 1
    assert_victim_failed_alone(files_of(tmp_path / "r.json"), stage)
    assert not (tmp_path / "out" / VICTIM).exists()
    assert all("Kyiv" in (tmp_path / "out" / name).read_text(encoding="utf-8") for name in OTHERS)


@pytest.mark.parametrize("stage", ["read", "decode", "clean"])  # check counts no names: it suggests nothing
def test_an_exception_in_any_step_of_check_fails_that_article_only(tmp_path, monkeypatch, stage, capsys):
    inject(monkeypatch, stage)
    assert main(["check", str(victim_folder(tmp_path / "in"))]) == 4
    out, err = capsys.readouterr()
    assert f"{VICTIM}: failed: " in err and f"Injected: injected into {stage}" in err
    assert all(f"{name}:1:14: Kiev -> Kyiv" in out for name in OTHERS)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stage", ["read", "decode", "language", "names", "record"])
def test_an_exception_in_any_step_of_discover_fails_that_article_only(tmp_path, monkeypatch, stage, jobs):
    monkeypatch.setattr("normalize.batch.chunks.CHUNK_SIZE", 2)
    inject(monkeypatch, stage)
    report = discover_folder(victim_folder(tmp_path / "in"), Config(jobs=jobs), report_paths=[tmp_path / "d.json"])
    assert report.summary["failed"] == 1
    assert_victim_failed_alone(files_of(tmp_path / "d.json"), stage)


@pytest.fixture(scope="module")
def threaded_cluster():
    """A Dask cluster in this process (threads), so that an injected fault reaches its workers."""
    distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        yield cluster


@pytest.mark.parametrize("stage", ["clean", "encode", "write"])
def test_on_the_dask_engine_one_article_never_stops_the_batch(tmp_path, monkeypatch, threaded_cluster, stage):
    monkeypatch.setattr("normalize.batch.chunks.CHUNK_SIZE", 2)
    inject(monkeypatch, stage)
    source = victim_folder(tmp_path / "in")
    (source / "a.jsonl").write_text(SURROGATE, encoding="utf-8")
    dask = Config(engine="dask", scheduler=threaded_cluster.scheduler_address)
    clean_folder(source, tmp_path / "out", dask, report_paths=[tmp_path / "r.json"])
    assert_victim_failed_alone(files_of(tmp_path / "r.json"), stage)
    assert files_of(tmp_path / "r.json")["a.jsonl"]["status"] == "partial"
    discover_folder(source, dask, report_paths=[tmp_path / "d.json"])
    assert files_of(tmp_path / "d.json")["a.jsonl"]["status"] != "failed"


# 4. A file that cannot be read says so, and what to do

@pytest.mark.parametrize("command", ["clean", "check"])
@pytest.mark.parametrize("name", ["photo.bin", "story.txt"])
def test_an_unreadable_file_is_named_as_unreadable_with_what_to_do(tmp_path, monkeypatch, capsys, name, command):
    from normalize.batch import files

    source = write(tmp_path / "in", {**OTHERS, name: "The talks in Kiev went on.\n"})
    real = files.open_input

    def refuse(path, *args, **kwargs):  # as a file without read permission does (tests run as root)
        if Path(path).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "open_input", refuse)
    arguments = ["--out", str(tmp_path / "out"), "-j", "1", "-q"] if command == "clean" else []
    main([command, str(source), *arguments])
    line = next((line for line in capsys.readouterr().err.splitlines() if name in line), "")
    if command == "check" and name.endswith(".bin"):
        assert line == ""  # check does not read what clean only copies
        return
    assert f"could not read {source / name} (Permission denied)" in line
    assert "check its permissions" in line and "write" not in line
