"""The command line: a thin layer over the library API.

Exit status: 0 all went well; 1 an article failed (``clean``) or something would
change (``check``); 2 the command line is wrong; 3 a rules file is invalid.
"""

from __future__ import annotations

import argparse
import signal
import sys
from dataclasses import replace
from pathlib import Path

from normalize.batch.folders import default_report_paths
from normalize.batch.run import check_folder, clean_folder, discover_folder
from normalize.config import Config
from normalize.project import project_config
from normalize.errors import NormalizeError, ReportError, RulesError
from normalize.explain import explain_file
from normalize.formats import READERS
from normalize.pipeline import Pipeline
from normalize.report.write import RENDERERS
from normalize.review.decisions import RulesFile, parse_choices
from normalize.review.prompt import review_interactively
from normalize.review.suggestions import load_suggestions
from normalize.rules.load import load_rules, rule_sources
from normalize.rules_command import lint_file, show_entity
from normalize.text import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RULES, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = _config(args)
        return args.run(args, config)
    except RulesError as error:
        _say(f"normalize: rules error: {error}", sys.stderr)
        return EXIT_RULES
    except ReportError as error:
        _print_failures(error.report)
        _say(f"normalize: {error}", sys.stderr)
        return EXIT_FAILED
    except NormalizeError as error:
        _say(f"normalize: {error}", sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("normalize: interrupted; the articles written so far are recorded, "
             "run the same command again to continue", sys.stderr)
        return EXIT_INTERRUPTED


def _say(line: str, stream=None) -> None:
    """Print one line (on stdout, or ``stream``): what in it came from a file (a name, a form,
    a context, a message quoting them) cannot forge a line or act on the terminal."""
    print(printable(line), file=stream or sys.stdout)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # a polite kill stops like Ctrl-C: no half-written file, progress recorded


def _run_options(args) -> dict:
    engine = args.engine or ("dask" if args.scheduler else None)  # None: the project file's, or local
    if args.scheduler and engine != "dask":
        raise NormalizeError("--scheduler needs --engine dask")
    return {
        "jobs": args.jobs, "engine": engine, "scheduler": args.scheduler,
        "progress": not args.quiet and sys.stderr.isatty(),
    }


def _clean_options(args) -> dict:
    return {**_run_options(args), "force": args.force, "discover": False if args.no_suggestions else None}


def _config(args) -> Config:
    """The project file's options (from the current folder), overridden by the flags given."""
    config = project_config(Path.cwd())
    flags = {"style": args.style, "romanize": args.romanize or None,
             "follow_links": args.follow_links or None, "max_bytes": args.max_size,
             "languages": tuple(_codes(args.languages)) if args.languages is not None else None,
             **args.run_options(args), **_format_options(args)}
    return replace(
        config, rule_files=config.rule_files + tuple(args.rules),
        builtin_rules=config.builtin_rules and not args.no_builtin_rules,
        local_rules=None if args.no_local_rules else config.local_rules,
        **{name: value for name, value in flags.items() if value is not None},
    )


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _unknown_report_format(paths: list[str]) -> bool:
    for path in paths:
        if Path(path).suffix.lower() not in RENDERERS:
            _say(f"normalize: {path}: unknown report format; use .json, .csv or .html", sys.stderr)
            return True
    return False


def _clean(args, config: Config) -> int:
    if _unknown_report_format(args.report):
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _interrupt)
    report = clean_folder(args.input, args.out, config, args.report)
    _print_failures(report)
    reports = args.report or default_report_paths(Path(args.out))
    _say(f"normalize: {report.summary_line()}; report: {', '.join(map(str, reports))}")
    json_report = next((str(path) for path in reports if Path(path).suffix.lower() == ".json"), None)
    if report.suggestions and json_report:
        _say(f"normalize: {len(report.suggestions)} suggested clusters of new spellings; "
             f"to accept or reject them: normalize review {json_report}")
    return EXIT_FAILED if report.summary["failed"] or report.summary["partial"] else EXIT_OK


def _print_failures(report) -> None:
    """Name on stderr every file not written or left out, and every record kept as it was."""
    for entry in report.failures:
        _say(f"normalize: {entry['path']}: {entry['error']}", sys.stderr)
    for entry in sorted(report.with_errors, key=lambda entry: entry["path"]):  # only they have problems
        for problem in entry.get("problems") or ():
            _say(f"normalize: {entry['path']}:{problem['line']}: {problem['error']}", sys.stderr)


def _check(args, config: Config) -> int:
    status = EXIT_OK
    for article in check_folder(args.input, config):
        if article.status == "failed":
            _say(f"{article.path}: failed: {article.error}", sys.stderr)
            status = EXIT_FAILED
        elif article.status == "skipped" and article.error:
            _say(f"{article.path}: skipped: {article.error}", sys.stderr)
        for problem in article.problems:
            _say(f"{article.path}:{problem['line']}: {problem['error']}", sys.stderr)
            status = EXIT_FAILED
        for change in article.changes:
            where = f" [{change.field}]" if change.field else ""
            _say(f"{article.path}:{change.line}:{change.column}:{where} {change.before} -> {change.after} ({change.rule})")
            status = EXIT_FAILED
        if args.show_left:
            for left in article.left:
                _say(f"{article.path}:{left['line']}: left {left['form']} (not {left['would_become']}): {left['reason']}")
    return status


def _format_options(args) -> dict:
    """The format flags as Config fields; a format name that does not exist is a usage error."""
    options: dict = {}
    extensions = []
    for value in args.format:
        extension, _, name = value.rpartition("=")
        if name not in READERS:
            raise NormalizeError(f"--format {value}: unknown format {name!r}; use one of {', '.join(READERS)}")
        if extension:
            extensions.append((extension.lower().lstrip("."), name))
        else:
            options["format"] = name
    if extensions:
        options["formats"] = tuple(extensions)
    for flag, key in (("fields", "prose_fields"), ("language_fields", "language_fields"), ("attributes", "prose_attributes")):
        if getattr(args, flag) is not None:
            options[key] = tuple(name.strip() for name in getattr(args, flag).split(",") if name.strip())
    return options
def _discover(args, config: Config) -> int:
    if _unknown_report_format(args.report):
        return EXIT_USAGE
    report = discover_folder(args.input, config, args.report)
    _print_failures(report)
    for suggestion in report.suggestions[:args.top]:
        forms = ", ".join(f"{v['form']} ({v['count']})" for v in suggestion["variants"])
        _say(f"{suggestion['id']}  {suggestion['language']}  {suggestion['canonical']} <- {forms}  score {suggestion['score']}")
    where = f"; report: {', '.join(args.report)}" if args.report else ""
    _say(f"normalize: {report.summary['files']} files, {len(report.suggestions)} suggestions{where}")
    return EXIT_FAILED if report.summary["failed"] else EXIT_OK


def _review(args, config: Config) -> int:
    suggestions = load_suggestions(args.report)
    rules_out = Path(args.rules_out or config.local_rules or Config.local_rules)
    others = [p for p in config.rule_paths() if Path(p).resolve() != rules_out.resolve()]
    rules_file = RulesFile(rules_out, rule_sources(others, config.builtin_rules), args.report)
    if not (args.accept or args.reject):
        tally = review_interactively(suggestions, rules_file)
        _say(f"normalize: {tally['accepted']} accepted, {tally['rejected']} rejected, {tally['skipped']} skipped")
        return EXIT_OK
    for decision in parse_choices(suggestions, args.accept, args.reject, args.leave_out):
        earlier = rules_file.record(decision)
        if earlier:
            _say(f"normalize: {decision.suggestion['id']}: {earlier}; nothing written")
            continue
        verb = "accepted" if decision.accept else "rejected"
        _say(f"normalize: {decision.suggestion['id']} {verb}: written to {rules_out}")
    return EXIT_OK


def _explain(args, config: Config) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise NormalizeError(f"{path}: no such file; give one article to explain")
    article, story = explain_file(path, Pipeline(config))
    print(story)  # each line made printable by explain_article
    return EXIT_FAILED if article.status == "failed" else EXIT_OK


def _rules_show(args, config: Config) -> int:
    for line in show_entity(load_rules(config.rule_paths(), config.builtin_rules, args.style), args.entity):
        _say(line)
    return EXIT_OK


def _rules_lint(args, config: Config) -> int:
    status, messages = lint_file(args.file, config.builtin_rules)
    for line in messages:
        _say(line, sys.stderr if status else None)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="normalize", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    rules = argparse.ArgumentParser(add_help=False)
    rules.add_argument("--rules", action="append", default=[], metavar="PATH",
                       help="a rules file to apply on top of the built-in rules (repeatable)")
    rules.add_argument("--no-builtin-rules", action="store_true", help="do not load the rules shipped in rules/")
    rules.add_argument("--format", action="append", default=[], metavar="FORMAT|EXT=FORMAT",
                       help=f"read every article as FORMAT, or files ending in .EXT as FORMAT (repeatable); "
                            f"formats: {', '.join(READERS)}; by default the extension decides")
    rules.add_argument("--fields", "--columns", metavar="NAMES",
                       help="comma-separated JSON fields / CSV columns / front-matter keys that hold prose "
                            f"(default: {','.join(Config.prose_fields)})")
    rules.add_argument("--language-fields", metavar="NAMES",
                       help=f"fields / columns that state a record's language (default: {','.join(Config.language_fields)})")
    rules.add_argument("--attributes", metavar="NAMES",
                       help=f"HTML/XML attributes that hold prose (default: {','.join(Config.prose_attributes)})")
    rules.add_argument("--no-local-rules", action="store_true",
                       help=f"do not load {Config.local_rules} (loaded from the current folder when it exists)")
    rules.add_argument("--languages", metavar="CODES",
                       help="the languages to expect, e.g. en,de,uk: a prior that settles short texts "
                            "(default: any language langdetect knows)")
    rules.add_argument("--style", metavar="NAME",
                       help="the named house style of the rules, e.g. ap, guardian, reuters (default: default)")
    rules.add_argument("--romanize", action="store_true",
                       help="romanise Cyrillic names in Latin-script text: known names in the house style, "
                            "others with the national system of their language")
    rules.add_argument("--follow-links", action="store_true",
                       help="follow links that lead outside INPUT_DIR (by default they are left out, and reported)")
    rules.add_argument("--max-size", type=_size, metavar="SIZE",
                       help="articles larger than SIZE (bytes, or with K, M, G) are copied as they are, "
                            f"not cleaned (default: {Config.max_bytes >> 20}M)")

    run = argparse.ArgumentParser(add_help=False)
    run.add_argument("--jobs", "-j", type=_positive, metavar="N",
                     help="work on N articles at a time in parallel (default: one per core)")
    run.add_argument("--quiet", "-q", action="store_true", help="no progress bar; print only the summary")
    run.add_argument("--engine", choices=("local", "dask"),
                     help="local: worker processes on this machine (default, unless the project file says); "
                          "dask: a Dask cluster")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 "
                          "(default: a local cluster on this machine)")

    clean = commands.add_parser("clean", parents=[rules, run], help="clean a folder of articles into another folder")
    clean.add_argument("input", metavar="INPUT_DIR")
    clean.add_argument("--out", required=True, metavar="OUTPUT_DIR")
    clean.add_argument("--report", action="append", default=[], metavar="PATH",
                       help="write the report here; .json, .csv or .html (repeatable); "
                            "default: OUTPUT_DIR/.normalize/report.json and report.html")
    clean.add_argument("--force", action="store_true",
                       help="clean every article again, even those unchanged since the last run into OUTPUT_DIR")
    clean.add_argument("--no-suggestions", action="store_true",
                       help="do not count names to suggest new spellings in the report (cleaning is faster; "
                            "normalize discover suggests them later)")
    clean.set_defaults(run=_clean, run_options=_clean_options)

    check = commands.add_parser("check", parents=[rules], help="print what clean would change; exit 1 if anything")
    check.add_argument("input", metavar="INPUT_DIR")
    check.add_argument("--show-left", action="store_true",
                       help="also print the candidates left as written, and why (a common word, a longer word, ...)")
    check.set_defaults(run=_check, run_options=lambda args: {})

    discover = commands.add_parser("discover", parents=[rules, run],
                                   help="suggest clusters of spellings that no rule knows yet (writes only reports)")
    discover.add_argument("input", metavar="INPUT_DIR")
    discover.add_argument("--report", action="append", default=[], metavar="PATH",
                          help="write the report here; .json, .csv or .html (repeatable)")
    discover.add_argument("--top", type=int, default=20, metavar="N", help="print the N largest suggestions (default 20)")
    discover.set_defaults(run=_discover, run_options=_run_options)

    review = commands.add_parser("review", parents=[rules],
                                 help="accept or reject a report's suggestions; decisions become rules")
    review.add_argument("report", metavar="REPORT.json")
    review.add_argument("--accept", action="append", default=[], metavar="ID[=CANONICAL]",
                        help="accept a suggestion, with its proposed canonical or this one (repeatable)")
    review.add_argument("--reject", action="append", default=[], metavar="ID", help="reject a suggestion (repeatable)")
    review.add_argument("--leave-out", action="append", default=[], metavar="ID=FORM",
                        help="leave a form out of an accepted suggestion (repeatable)")
    review.add_argument("--rules-out", metavar="PATH",
                        help=f"the rules file decisions are written to (default: the project's local-rules, "
                             f"else {Config.local_rules})")
    review.set_defaults(run=_review, run_options=lambda args: {})

    explain = commands.add_parser("explain", parents=[rules],
                                  help="show, stage by stage, what cleaning changes in one article and why")
    explain.add_argument("file", metavar="FILE")
    explain.set_defaults(run=_explain, run_options=lambda args: {})

    rules_commands = commands.add_parser("rules", help="show an entity's forms, or lint a rules file").add_subparsers(
        required=True, metavar="SUBCOMMAND")
    show = rules_commands.add_parser("show", parents=[rules], help="every form an entity matches, and what produced it")
    show.add_argument("entity", metavar="ENTITY")
    show.set_defaults(run=_rules_show, run_options=lambda args: {})
    lint = rules_commands.add_parser("lint", parents=[rules], help="check a rules file: exit 0 clean, 1 problems, 2 unreadable")
    lint.add_argument("file", metavar="FILE")
    lint.set_defaults(run=_rules_lint, run_options=lambda args: {})
    return parser


def _size(text: str) -> int:
    """A size in bytes, with an optional K, M or G (powers of 1024).

    >>> _size("16M"), _size("512k"), _size("1000")
    (16777216, 524288, 1000)
    """
    scale = {"k": 2**10, "m": 2**20, "g": 2**30}.get(text[-1:].lower(), 1)
    try:
        value = int(text[:-1] if scale > 1 else text) * scale
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write e.g. 16M, 512K or 1000000")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


if __name__ == "__main__":
    sys.exit(main())
