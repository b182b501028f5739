"""End to end: the command line on real folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import SEEDS
from normalize.cli import main

SEED = next(SEEDS.glob("*.txt"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    reports = tmp_path_factory.mktemp("reports")
    result = run("clean", str(SEEDS), "--out", str(out), "--report", str(reports / "r.json"),
                 "--report", str(reports / "r.csv"), "--report", str(reports / "r.html"))
    return result, out, reports


def test_the_seed_article_comes_out_in_house_style(seed_run):
    result, out, _ = seed_run
    assert result.returncode == 0, result.stderr
    before = SEED.read_text(encoding="utf-8")
    after = (out / SEED.name).read_text(encoding="utf-8")
    for variant in ("Zelenskiy", "Zelenski ", "Volodimir", "kyiv", "Donbass"):
        assert variant not in after
    for mark in "“”’":
        assert after.count(mark) == before.count(mark)
    assert "Volodymyr Zelensky said" in after and "Vladimir Putin" in after
    assert "1 files, 1 changed, 0 unchanged, 0 failed, 8 replacements" in result.stdout


def test_the_json_report_lists_forms_under_their_canonical(seed_run):
    _, _, reports = seed_run
    report = json.loads((reports / "r.json").read_text(encoding="utf-8"))
    assert report["schema"] == "normalize.report/1"
    forms = {(v["canonical"], f["form"]): f for v in report["variants"] for f in v["forms"]}
    assert forms[("Zelensky", "Zelenskiy")]["count"] == 1
    assert forms[("Zelensky", "Zelenski")]["count"] == 2
    assert forms[("Kyiv", "kyiv")]["count"] == 3
    assert forms[("Kyiv", "kyiv")]["rule"].startswith("rules/ukraine.toml:")
    (entry,) = report["files"]
    assert entry["path"] == SEED.name and entry["status"] == "changed" and entry["language"] == "en"
    assert {(c["before"], c["after"]) for c in entry["changes"]} >= {("Volodimir", "Volodymyr"), ("Donbass", "Donbas")}


def test_csv_and_html_reports(seed_run):
    _, _, reports = seed_run
    csv_text = (reports / "r.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == "entity,language,canonical,form,count,files,rule"
    assert "zelensky,en,Zelensky,Zelenski,2,1,rules/ukraine.toml:" in csv_text
    page = (reports / "r.html").read_text(encoding="utf-8")
    assert "<mark>Zelenskiy</mark>" in page and page.count("<script") == 1 and "script-src 'sha256-" in page


def test_cleaning_the_output_again_changes_nothing(seed_run, tmp_path):
    _, out, _ = seed_run
    again = tmp_path / "again"
    result = run("clean", str(out), "--out", str(again))
    assert result.returncode == 0
    assert "0 changed, 1 unchanged" in result.stdout
    assert (again / SEED.name).read_bytes() == (out / SEED.name).read_bytes()
    assert not (again / ".normalize" / ".normalize").exists()  # the first run's reports were not read as articles


def test_default_reports_go_to_a_state_folder(tmp_path):
    assert main(["clean", str(SEEDS), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / ".normalize" / "report.json").exists()
    assert (tmp_path / "o" / ".normalize" / "report.html").exists()


def test_check_lists_changes_and_exits_non_zero(tmp_path, capsys):
    assert main(["check", str(SEEDS)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{SEED.name}:2:1: Zelenskiy -> Zelensky (rules/ukraine.toml:" in "\n".join(lines)
    assert len(lines) == 8
    shutil.copy(SEED, tmp_path / "a.txt")
    main(["clean", str(tmp_path), "--out", str(tmp_path / "clean")])
    capsys.readouterr()
    assert main(["check", str(tmp_path / "clean")]) == 0


def test_the_process_ends_with_the_status_and_all_the_output_of_main(tmp_path, capsys):
    """``python -m normalize.cli`` ends without the interpreter's teardown (:func:`normalize.cli.end_process`):
    still with main's status, and its whole output on a pipe."""
    assert main(["check", str(SEEDS)]) == 1
    result = run("check", str(SEEDS))
    assert (result.returncode, result.stdout) == (1, capsys.readouterr().out)
    assert run("check", str(tmp_path)).returncode == 0


LATE_THREAD = "threading.Thread(target=lambda: (time.sleep(0.5), print('joined'))).start()"
DAEMON = "threading.Thread(target=time.sleep, args=(9,), daemon=True).start()"


@pytest.mark.parametrize("before, output, torn_down", [
    ("", "buffered\n", False), (DAEMON, "buffered\n", False), (LATE_THREAD, "buffered\njoined\n", True),
])
def test_ending_the_process_keeps_the_status_and_the_output_not_yet_flushed(before, output, torn_down):
    """Without the teardown (no object is finalised), a daemon thread left running as a normal exit leaves it;
    or, with a thread that a normal exit waits for, normally."""
    code = "\n".join([
        "import threading, time", "from normalize.cli import end_process", before,
        "class Finalised:", "    def __del__(self): print('torn down')", "kept = Finalised()",
        "print('buffered')", "end_process(3)",
    ])
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=buffered)
    assert (result.returncode, result.stdout, result.stderr) == (3, output + "torn down\n" * torn_down, "")


def test_ending_the_process_when_the_reader_went_away_is_quiet():
    """The flush that meets a closed pipe ends the process as ``check … | head`` does (141), without a traceback."""
    code = "import time\nfrom normalize.cli import end_process\ntime.sleep(0.5)\nprint('unread')\nend_process(0)"
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=buffered)
    process.stdout.close()
    assert (process.wait(), process.stderr.read()) == (141, b"")


def test_failed_articles_do_not_stop_the_batch(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "good.txt")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    result = run("clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 4
    assert "bad.txt" in result.stderr
    assert (tmp_path / "out" / "good.txt").exists() and not (tmp_path / "out" / "bad.txt").exists()


def test_rules_errors_have_their_own_exit_status(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nid = "x"\ncanonical = "Kyiv"\n', encoding="utf-8")
    result = run("clean", str(SEEDS), "--out", str(tmp_path / "o"), "--rules", str(bad))
    assert result.returncode == 3
    assert f"{bad}:3: 'Kyiv' of entity 'x' is already a form of entity 'kyiv'" in result.stderr
    assert not (tmp_path / "o").exists()


def test_user_rules_apply_on_top_and_builtins_can_be_turned_off(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('languages = ["en"]\n[[entity]]\nid = "trump"\ncanonical = "Drumpf"\nvariants = ["Trump"]\n'
                     '[[entity]]\nid = "zelensky"\ncanonical = { en = "Zelenskyy" }\n', encoding="utf-8")
    assert main(["clean", str(SEEDS), "--out", str(tmp_path / "a"), "--rules", str(rules)]) == 0
    text = (tmp_path / "a" / SEED.name).read_text(encoding="utf-8")
    assert "Drumpf" in text and "Zelenskyy said" in text and "Kyiv" in text
    assert main(["clean", str(SEEDS), "--out", str(tmp_path / "b"), "--rules", str(rules), "--no-builtin-rules"]) == 0
    assert "kyiv" in (tmp_path / "b" / SEED.name).read_text(encoding="utf-8")


def test_usage_errors(tmp_path):
    assert run("clean", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")).returncode == 2
    assert run("clean", str(SEEDS)).returncode == 2
    assert run("clean", str(SEEDS), "--out", str(SEEDS)).returncode == 2


@pytest.mark.parametrize("project, flags, expected", [
    ("", [], {"engine": "local", "discover": True, "scheduler": None}),
    ("", ["--no-suggestions"], {"discover": False}),
    ('engine = "dask"\n', [], {"engine": "dask"}),  # the project file's engine stands
    ('engine = "dask"\n', ["--engine", "local"], {"engine": "local"}),  # a flag wins over it
    ("", ["--scheduler", "tcp://10.0.0.5:8786"], {"engine": "dask", "scheduler": "tcp://10.0.0.5:8786"}),
])
def test_clean_options_from_the_project_file_and_the_flags(tmp_path, monkeypatch, project, flags, expected):
    from normalize.cli import _config, _parser

    (tmp_path / "normalize.toml").write_text(project, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = _config(_parser().parse_args(["clean", "in", "--out", "out", *flags]))
    assert {name: getattr(config, name) for name in expected} == expected


def test_without_suggestions_the_report_has_none(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Libya under Muammar Gaddafi. Gaddafi ruled long.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The rule of Qaddafi ended in Libya, and Qaddafi died.\n", encoding="utf-8")
    for flags, suggested in (([], True), (["--no-suggestions"], False)):
        out = tmp_path / f"out{len(flags)}"
        assert run("clean", str(folder), "--out", str(out), "--quiet", "--languages", "en", *flags).returncode == 0
        report = json.loads((out / ".normalize" / "report.json").read_text(encoding="utf-8"))
        assert bool(report["suggestions"]) == suggested
