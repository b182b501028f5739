"""The command line keeps the conventions of codespell and ruff: exit statuses, one file or stdin as input,
output formats for CI, diffs, excludes, a pre-commit hook (issue 19)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SEEDS
from normalize.cli import main
from normalize.cli.commands import use_colour

REPO = Path(__file__).resolve().parent.parent
SEED = next(SEEDS.glob("*.txt"))
ARTICLES = Path(__file__).parent / "data" / "discovery" / "articles"
KIEV = "The talks in Kiev went on late into the night.\n"
CP1251 = "Переговоры в Киеве продолжались до поздней ночи, сообщили журналисты.\n".encode("cp1251")


def run(*args: str, cwd=None, input: bytes | None = None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "normalize.cli", *args], capture_output=True, cwd=cwd, input=input,
                          env=env)


def folder(path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (path / name).write_bytes(data)
    return path


# Commands that say the wrong thing

def test_check_on_a_missing_path_names_it_and_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert f"{tmp_path / 'nowhere'}: no such folder or file" in capsys.readouterr().err


def test_every_command_takes_one_file(tmp_path, capsys):
    assert main(["check", str(SEED)]) == 1
    assert f"{SEED}:2:1: Zelenskiy -> Zelensky" in capsys.readouterr().out
    assert main(["clean", str(SEED), "--out", str(tmp_path / "one.txt")]) == 0
    assert "Zelenskiy" not in (tmp_path / "one.txt").read_text(encoding="utf-8")
    (tmp_path / "dir").mkdir()
    assert main(["clean", str(SEED), "--out", str(tmp_path / "dir")]) == 0
    assert (tmp_path / "dir" / SEED.name).read_bytes() == (tmp_path / "one.txt").read_bytes()
    assert main(["clean", str(tmp_path / "one.txt"), "--out", str(tmp_path / "one.txt")]) == 2  # inputs only read
    assert main(["discover", str(ARTICLES / sorted(p.name for p in ARTICLES.iterdir())[0]), "-q", "-j", "1"]) == 0
    assert "1 files, 1 articles whose names were counted" in capsys.readouterr().out


def test_standard_input_to_standard_output_with_the_summary_on_stderr():
    result = run("clean", "-", "--out", "-", input=KIEV.encode("utf-8"))
    assert result.returncode == 0 and result.stdout == KIEV.replace("Kiev", "Kyiv").encode("utf-8")
    assert b"normalize: -: changed; written to standard output" in result.stderr
    checked = run("check", "-", input=KIEV.encode("utf-8"))
    assert checked.returncode == 1 and checked.stdout.startswith(b"-:1:14: Kiev -> Kyiv")


def test_check_and_clean_agree_on_a_cp1251_article(tmp_path, capsys):
    source = folder(tmp_path / "in", {"ru.txt": CP1251})
    assert main(["check", str(source)]) == 1
    out, err = capsys.readouterr()
    assert f"{source / 'ru.txt'}:1:1: read as cp1251" in out and "written as UTF-8 (decode)" in out
    assert "normalize: 1 files, 1 would change, 0 failed" in err
    assert main(["clean", str(source), "--out", str(tmp_path / "out")]) == 0
    assert "1 changed" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "out")]) == 0  # cleaned: nothing left to change


def test_exit_statuses_tell_changes_from_failures(tmp_path, capsys):
    clean_folder = folder(tmp_path / "clean", {"a.txt": KIEV.replace("Kiev", "Kyiv")})
    assert main(["check", str(clean_folder)]) == 0
    changes = folder(tmp_path / "changes", {"a.txt": KIEV})
    assert main(["check", str(changes)]) == 1
    failing = folder(tmp_path / "failing", {"a.txt": KIEV, "bad.txt": b"\x00\x01\x02 binary"})
    assert main(["check", str(failing)]) == 4  # a failure outranks changes
    assert main(["clean", str(failing), "--out", str(tmp_path / "out"), "-q"]) == 4
    assert main(["clean", str(changes), "--out", str(tmp_path / "out2"), "-q"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "4  some articles failed" in capsys.readouterr().out


def test_check_has_a_summary_quiet_jobs_and_a_report(tmp_path, capsys):
    source = folder(tmp_path / "in", {f"{n}.txt": KIEV for n in range(40)})
    assert main(["check", str(source), "-j", "1"]) == 1
    one_job = capsys.readouterr()
    assert main(["check", str(source), "-j", "2", "--report", str(tmp_path / "r.json")]) == 1
    two_jobs = capsys.readouterr()
    assert one_job.out == two_jobs.out and len(one_job.out.splitlines()) == 40
    assert "normalize: 40 files, 40 would change, 0 failed" in one_job.err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["changed"] == 40 and report["rules_files"][0].startswith("rules/")
    assert main(["check", str(source), "-q"]) == 1
    assert capsys.readouterr().err == ""


def test_discover_names_a_binary_file_and_says_what_it_does(tmp_path, capsys):
    binary = folder(tmp_path / "bin", {"x.bin": bytes(range(256)) * 8})
    assert main(["discover", str(binary), "-q"]) == 0
    out, err = capsys.readouterr()
    assert "x.bin: not an article" in err and "does not apply the rules" in out
    reports = [str(tmp_path / name) for name in ("d.csv", "d.json", "d.html")]
    assert main(["discover", str(ARTICLES), "-q", "-j", "1", *sum((["--report", r] for r in reports), [])]) == 0
    rows = (tmp_path / "d.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1 and rows[1].split(",")[-1].startswith("suggestion ")
    files = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["files"]
    assert {entry["status"] for entry in files} == {"surveyed"}
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "No names of the rules were found" not in page and "it does not apply the rules" in page


def test_a_closed_pipe_ends_check_quietly(tmp_path):
    source = folder(tmp_path / "in", {f"{n}.txt": KIEV for n in range(3)})
    process = subprocess.Popen([sys.executable, "-m", "normalize.cli", "check", str(source)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does once it has its lines
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait() == 141 and "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_review_keeps_decisions_beside_the_project_file_and_runs_list_their_rules_files(tmp_path):
    project = tmp_path / "project"
    (project / "desk").mkdir(parents=True)
    (project / "normalize.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    assert run("discover", str(ARTICLES), "--report", str(project / "d.json"), "-j", "1", cwd=project / "desk").returncode == 0
    suggestion = json.loads((project / "d.json").read_text(encoding="utf-8"))["suggestions"][0]
    reviewed = run("review", str(project / "d.json"), "--accept", suggestion["id"], cwd=project / "desk")
    assert reviewed.returncode == 0 and (project / "rules" / "local.toml").is_file()
    assert str(project / "rules" / "local.toml").encode() in reviewed.stdout
    assert not (project / "desk" / "rules").exists()
    listed = run("check", str(ARTICLES), "-v", "-q", cwd=project)  # from another folder of the project
    assert b"rules files loaded: " in listed.stderr and b"rules/inflection.toml, " in listed.stderr
    assert str(project / "rules" / "local.toml").encode() in listed.stderr


def test_leave_out_without_accept_is_a_usage_error(tmp_path):
    assert run("discover", str(ARTICLES), "--report", str(tmp_path / "d.json"), "-j", "1").returncode == 0
    suggestion = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["suggestions"][0]
    form = suggestion["variants"][0]["form"]
    result = run("review", str(tmp_path / "d.json"), "--leave-out", f"{suggestion['id']}={form}", input=b"")
    assert result.returncode == 2 and b"give --accept too" in result.stderr


def test_version_subcommand_usage_and_help_of_review():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith(b"normalize 0.")
    unknown = run("check", ".", "--bogus")
    assert unknown.returncode == 2 and unknown.stderr.startswith(b"usage: normalize check")
    help_text = run("review", "--help").stdout.decode("utf-8")
    assert not any(option in help_text for option in ("--max-size", "--follow-links", "--romanize", "--jobs"))


def test_project_file_keys_are_the_flags(tmp_path, monkeypatch):
    from normalize.cli import _config, _parser

    monkeypatch.chdir(tmp_path)
    (tmp_path / "normalize.toml").write_text('max-size = "1K"\nfields = ["body"]\nquiet = true\nexclude = ["drafts/"]\n',
                                             encoding="utf-8")
    config = _config(_parser().parse_args(["check", "in"]))
    assert (config.max_bytes, config.prose_fields, config.quiet, config.exclude) == (1024, ("body",), True, ("drafts/",))
    (tmp_path / "normalize.toml").write_text("max-bytes = 1000\n", encoding="utf-8")
    refused = run("check", str(tmp_path), cwd=tmp_path)
    assert refused.returncode == 2 and b"'max-bytes' is now called 'max-size'" in refused.stderr


# What users of the anchors expect

def test_diff_shows_what_clean_would_write_and_writes_nothing(tmp_path):
    source = folder(tmp_path / "in", {"a.txt": KIEV})
    result = run("clean", str(source), "--diff", cwd=tmp_path)
    assert result.returncode == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    assert result.stdout.decode("utf-8").splitlines() == [
        f"--- a/{source / 'a.txt'}", f"+++ b/{source / 'a.txt'}", "@@ -1 +1 @@", "-" + KIEV.strip(),
        "+" + KIEV.strip().replace("Kiev", "Kyiv"),
    ]
    patched = subprocess.run(["patch", "-p1", "--dry-run", "-d", "/"], input=result.stdout, capture_output=True)
    assert patched.returncode == 0 or shutil.which("patch") is None


@pytest.mark.parametrize("output_format", ["json", "github", "sarif"])
def test_output_formats_for_ci(tmp_path, output_format):
    source = folder(tmp_path / "in", {"a.txt": KIEV, "bad.txt": b"\x00\x01\x02 binary"})
    result = run("check", str(source), "--output-format", output_format)
    assert result.returncode == 4
    out = result.stdout.decode("utf-8")
    if output_format == "json":
        findings = json.loads(out)
        assert {(Path(f["path"]).name, f["level"], f["before"]) for f in findings} == {
            ("a.txt", "warning", "Kiev"), ("bad.txt", "error", None)}
    elif output_format == "github":
        assert f"::warning file={source / 'a.txt'},line=1,col=14,title=normalize (rules/ukraine.toml%3A" in out
        assert f"::error file={source / 'bad.txt'},line=1,col=1" in out
    else:
        log = json.loads(out)
        assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
        run_ = log["runs"][0]
        assert run_["tool"]["driver"]["name"] == "normalize"  # required: runs[].tool.driver.name
        for result_ in run_["results"]:  # required: message.text; ruleIndex points into driver.rules
            assert result_["message"]["text"] and result_["level"] in ("warning", "error")
            assert run_["tool"]["driver"]["rules"][result_["ruleIndex"]]["id"] == result_["ruleId"]
            region = result_["locations"][0]["physicalLocation"]["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_colour_on_a_terminal_unless_no_color(tmp_path, monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour("auto", Terminal()) and not use_colour("auto", open(tmp_path / "f", "w"))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", Terminal()) and use_colour("always", Terminal())
    source = folder(tmp_path / "in", {"a.txt": KIEV})
    coloured = run("check", str(source), "--color", "always").stdout
    assert b"\x1b[31mKiev\x1b[0m -> \x1b[32mKyiv\x1b[0m" in coloured
    assert b"\x1b[" not in run("check", str(source)).stdout  # not a terminal


def test_exclude_globs_and_gitignore(tmp_path, capsys):
    source = folder(tmp_path / "in", {
        "a.txt": KIEV, "drafts/b.txt": KIEV, "old/c.bak.txt": KIEV, "sub/d.txt": KIEV, "sub/.gitignore": "d.txt\n",
        ".gitignore": "*.bak.txt\n", ".git/e.txt": KIEV,
    })
    assert main(["check", str(source), "--exclude", "drafts/"]) == 1
    assert sorted(line.split(":")[0] for line in capsys.readouterr().out.splitlines()) == [str(source / "a.txt")]
    assert main(["check", str(source), "--no-gitignore", "-q"]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 5
    assert main(["clean", str(source), "--out", str(tmp_path / "out"), "--exclude", "drafts", "-q"]) == 0
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert [p for p in written if not p.startswith(".normalize")] == [".gitignore", "a.txt", "sub/.gitignore"]


def test_the_pre_commit_hook_is_valid_and_its_entry_runs(tmp_path):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(hook for hook in hooks if hook["id"] == "normalize-check")
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["entry"] == "normalize check"
    article = folder(tmp_path, {"story.md": KIEV}) / "story.md"
    entry = shlex.split(hook["entry"])
    result = subprocess.run([sys.executable, "-m", "normalize.cli", *entry[1:], str(article)], capture_output=True)
    assert result.returncode == 1 and b"story.md:1:14: Kiev -> Kyiv" in result.stdout


def test_a_rerun_says_how_many_articles_were_reused(tmp_path, capsys):
    source = folder(tmp_path / "in", {"a.txt": KIEV, "b.txt": KIEV.replace("Kiev", "Kyiv")})
    assert main(["clean", str(source), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert "reused" not in capsys.readouterr().out
    assert main(["clean", str(source), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert "; 2 reused from the last run" in capsys.readouterr().out
