"""What each subcommand does (clean, check, discover, review, explain), and the exit status it ends with.

The grammar is :mod:`normalize.cli.parser`; check's output formats are :mod:`normalize.cli.findings`;
one article (a file, or ``-``) is :mod:`normalize.cli.single`.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from normalize.batch.folders import default_report_paths
from normalize.batch.run import check_folder, clean_folder, discover_folder, loaded_rule_files
from normalize.cli.findings import findings_of, render
from normalize.cli.parser import normalize_version
from normalize.cli.single import check_one, is_single, refuse_missing, unified_diff, write_one
from normalize.config import Config
from normalize.errors import NormalizeError
from normalize.explain import explain_file
from normalize.pipeline import Pipeline
from normalize.report.aggregate import Report
from normalize.report.record import ArticleRecord
from normalize.report.write import RENDERERS, write_reports
from normalize.review.decisions import RulesFile, parse_choices
from normalize.review.decisions_file import load_decisions
from normalize.review.prompt import review_interactively
from normalize.review.suggestions import load_suggestions
from normalize.rules.load import load_rules, rule_sources
from normalize.rules_command import lint_file, show_entity
from normalize.text import printable

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_RULES, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
NOT_ARTICLES_NAMED = 5  # files of no known format named one by one when a run found no article at all


def say(line: str, stream=None) -> None:
    """Print one line (on stdout, or ``stream``): what in it came from a file (a name, a form,
    a context, a message quoting them) cannot forge a line or act on the terminal."""
    print(printable(line), file=stream or sys.stdout)


def use_colour(choice: str, stream) -> bool:
    """Whether to colour ``stream``: ``always``, ``never``, or ``auto``: on a terminal unless ``NO_COLOR`` is set.

    >>> use_colour("always", None), use_colour("never", sys.stdout)
    (True, False)
    """
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # a polite kill stops like Ctrl-C: no half-written file, progress recorded


def _unknown_report_format(paths: list[str]) -> bool:
    for path in paths:
        if Path(path).suffix.lower() not in RENDERERS:
            say(f"normalize: {path}: unknown report format; use .json, .csv or .html", sys.stderr)
            return True
    return False


def _say_rules_files(rules_files: list[str], verbose: bool, stream=None) -> None:
    if verbose:
        say(f"normalize: rules files loaded: {', '.join(rules_files) or 'none'}", stream)


def print_failures(report) -> None:
    """Name on stderr every file not written or left out, and every record kept as it was."""
    for entry in report.failures:
        say(f"normalize: {entry['path']}: {entry['error']}", sys.stderr)
    for entry in sorted(report.with_errors, key=lambda entry: entry["path"]):  # only they have problems
        for problem in entry.get("problems") or ():
            say(f"normalize: {entry['path']}:{problem['line']}: {problem['error']}", sys.stderr)


def clean(args, config: Config) -> int:
    if _unknown_report_format(args.report):
        return EXIT_USAGE
    refuse_missing(args.input, "clean")
    if args.diff:
        return _diff(args, config)
    if not args.out:
        raise NormalizeError("--out is required: the folder to write (a file or - for one article); "
                             "or --diff to see what would change")
    if is_single(args.input):
        return _clean_one(args, config)
    signal.signal(signal.SIGTERM, _interrupt)
    report = clean_folder(args.input, args.out, config, args.report)
    print_failures(report)
    reports = args.report or default_report_paths(Path(args.out))
    reused = f"; {report.reused} reused from the last run (unchanged since)" if report.reused else ""
    say(f"normalize: {report.summary_line()}{reused}; report: {', '.join(map(str, reports))}")
    _say_rules_files(report.rules_files, args.verbose)
    json_report = next((str(path) for path in reports if Path(path).suffix.lower() == ".json"), None)
    if report.suggestions and json_report:
        say(f"normalize: {len(report.suggestions)} suggested clusters of new spellings; "
            f"to accept or reject them: normalize review {json_report}")
    return EXIT_FAILED if report.summary["failed"] or report.summary["partial"] else EXIT_OK


def _clean_one(args, config: Config) -> int:
    """Clean one article (a file, or ``-``) to ``--out``; the summary goes to stderr when the text goes to stdout."""
    article = check_one(args.input, config)
    for finding in findings_of(article, args.input):
        if finding.level == "error":
            say(finding.as_text(), sys.stderr)
    where = write_one(article, args.input, args.out)
    if args.report:
        _write_report([article], args.report, config)
    stream = sys.stderr if args.out == "-" else sys.stdout
    say(f"normalize: {args.input}: {article.status}; {where}", stream)
    _say_rules_files(loaded_rule_files(config), args.verbose, stream)
    return EXIT_FAILED if article.status in ("failed", "partial") else EXIT_OK


def _write_report(articles, paths: list[str], config: Config) -> None:
    report = Report()
    for article in articles:
        report.add_record(ArticleRecord.of(article))
    report.rules_files = loaded_rule_files(config)
    write_reports(report, paths)


def _checked(inputs: list[str], config: Config):
    """``(shown path, article)`` for every article of ``inputs`` (folders, files, ``-``), cleaned in memory."""
    for path in inputs:
        if is_single(path):
            yield path, check_one(path, config)
        else:
            for article in check_folder(path, config):
                yield os.path.normpath(os.path.join(path, article.path)), article


def _diff(args, config: Config) -> int:
    """Print the unified diff of what ``clean`` would write; exit 1 if anything would change."""
    status = EXIT_OK
    for shown, article in _checked([args.input], config):
        if article.status in ("failed", "partial"):
            say(f"normalize: {shown}: {article.status}: {article.error}", sys.stderr)
            status = EXIT_FAILED
        elif article.status == "changed":
            sys.stdout.write(unified_diff(article, shown))
            if article.decoded.encoding != "utf-8":
                say(f"normalize: {shown}: read as {article.decoded.encoding}, would be written as UTF-8", sys.stderr)
            status = status or EXIT_CHANGES
    return status


def check(args, config: Config) -> int:
    if _unknown_report_format(args.report):
        return EXIT_USAGE
    for path in args.input:
        refuse_missing(path, "check")
    text, colour = args.output_format == "text", use_colour(args.color, sys.stdout)
    counts, found, articles = {"changed": 0, "failed": 0, "files": 0}, [], []
    for shown, article in _checked(args.input, config):
        findings = findings_of(article, shown)
        counts["files"] += 1
        counts["changed"] += article.status == "changed"
        counts["failed"] += article.status in ("failed", "partial")
        if args.report:
            articles.append(article)
        if not text:
            found += findings
            continue
        if article.status == "skipped" and article.error:
            say(f"{shown}: skipped: {article.error}", sys.stderr)
        for finding in findings:
            print(finding.as_text(colour), file=sys.stderr if finding.level == "error" else sys.stdout)
        for left in article.left if args.show_left else ():
            say(f"{shown}:{left['line']}: left {left['form']} (not {left['would_become']}): {left['reason']}")
    if not text:
        print(render(found, args.output_format, normalize_version()))
    if args.report:
        _write_report(articles, args.report, config)
    if not (args.quiet or config.quiet):
        say(f"normalize: {counts['files']} files, {counts['changed']} would change, {counts['failed']} failed"
            + (f"; report: {', '.join(args.report)}" if args.report else ""), sys.stderr)
    _say_rules_files(loaded_rule_files(config), args.verbose, sys.stderr)
    return EXIT_FAILED if counts["failed"] else EXIT_CHANGES if counts["changed"] else EXIT_OK


def discover(args, config: Config) -> int:
    if _unknown_report_format(args.report):
        return EXIT_USAGE
    refuse_missing(args.input, "look at")
    folder = args.input
    if os.path.isfile(args.input):  # one article: its folder, seeing only it
        folder, name = os.path.split(os.path.abspath(args.input))
        config = _only(config, name)
    report = discover_folder(folder, config, args.report)
    print_failures(report)
    _say_not_articles(report)
    for suggestion in report.suggestions[:args.top]:
        forms = ", ".join(f"{v['form']} ({v['count']})" for v in suggestion["variants"])
        say(f"{suggestion['id']}  {suggestion['language']}  {suggestion['canonical']} <- {forms}  score {suggestion['score']}")
    where = f"; report: {', '.join(args.report)}" if args.report else ""
    say(f"normalize: {report.summary['files']} files, {report.summary.get('surveyed', 0)} articles whose names were counted, "
        f"{len(report.suggestions)} suggestions{where} (discover does not apply the rules: normalize check lists "
        "what they would change)")
    _say_rules_files(report.rules_files, args.verbose)
    return EXIT_FAILED if report.summary["failed"] else EXIT_OK


def _only(config: Config, name: str) -> Config:
    """``config`` with a walk that sees only the file ``name`` of the input folder (gitignore patterns)."""
    escaped = "".join(f"\\{c}" if c in "[]*?!#\\ " else c for c in name)
    return replace(config, exclude=("/*", f"!/{escaped}"), gitignore=False)


def _say_not_articles(report) -> None:
    """Name the files that are not articles (no known format) when no article was found at all, else count them."""
    others = [entry["path"] for entry in report.files if entry["status"] == "skipped" and not entry.get("error")]
    if not others:
        return
    if report.summary.get("surveyed", 0) or len(others) > NOT_ARTICLES_NAMED:
        say(f"normalize: {len(others)} files of no known format (by their extension) were left out", sys.stderr)
        return
    for path in others:
        say(f"normalize: {path}: not an article (no known format by its extension): left out; "
            "name its format with --format if it is one", sys.stderr)


def review(args, config: Config) -> int:
    if args.leave_out and not args.accept:
        raise NormalizeError("--leave-out applies to a suggestion accepted with --accept ID; give --accept too")
    suggestions = load_suggestions(args.report)
    rules_out = Path(args.rules_out or config.local_rules or Config.local_rules)
    others = [p for p in config.rule_paths() if Path(p).resolve() != rules_out.resolve()]
    rules_file = RulesFile(rules_out, rule_sources(others, config.builtin_rules), args.report)
    _say_rules_files(loaded_rule_files(config), args.verbose)
    if not (args.accept or args.reject or args.decisions):
        tally = review_interactively(suggestions, rules_file)
        say(f"normalize: {tally['accepted']} accepted, {tally['rejected']} rejected, {tally['skipped']} skipped; "
            f"decisions in {rules_out}")
        return EXIT_OK
    exported = load_decisions(args.decisions, suggestions) if args.decisions else []
    for decision in [*parse_choices(suggestions, args.accept, args.reject, args.leave_out), *exported]:
        earlier = rules_file.record(decision)
        if earlier:
            say(f"normalize: {decision.suggestion['id']}: {earlier}; nothing written")
            continue
        verb = "accepted" if decision.accept else "rejected"
        say(f"normalize: {decision.suggestion['id']} {verb}: written to {rules_out}")
    if not config.local_rules or rules_out.resolve() != Path(config.local_rules).resolve():
        say(f"normalize: {rules_out} is not the project's local rules file: pass --rules {rules_out} to apply it")
    return EXIT_OK


def explain(args, config: Config) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise NormalizeError(f"{path}: no such file; give one article to explain")
    article, story = explain_file(path, Pipeline(config))
    print(story)  # each line made printable by explain_article
    return EXIT_FAILED if article.status == "failed" else EXIT_OK


def rules(args, config: Config) -> int:
    """``rules show ENTITY``: every form it matches; ``rules lint FILE``: exit 0 clean, 1 problems, 2 unreadable."""
    if args.rules_action == "show":
        for line in show_entity(load_rules(config.rule_paths(), config.builtin_rules, config.style), args.entity):
            say(line)
        return EXIT_OK
    status, messages = lint_file(args.file, config.builtin_rules)
    for line in messages:
        say(line, sys.stderr if status else None)
    return status


COMMANDS = {"clean": clean, "check": check, "discover": discover, "review": review, "explain": explain, "rules": rules}
