"""The command line's grammar: one function per subcommand, built from shared groups of options.

Each subcommand lists only the options it uses; an unknown option prints that
subcommand's usage (:func:`parse`).
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version

from normalize.config import Config, size_in_bytes
from normalize.formats import READERS

DESCRIPTION = "Clean folders of news articles: repair encodings, detect languages, reconcile name spellings to a house style."
EXIT_STATUSES = """exit status:
  0  nothing to change (check), or every article written (clean, discover, review, explain)
  1  check or clean --diff: something would change (clean would write it differently)
  2  the command line or the project file is wrong (an unknown option, a path that does not exist)
  3  a rules file is invalid
  4  some articles failed (named on stderr, and in the report): the others are done
  130 interrupted (run the same command again to continue)
  141 the reader of the output went away (normalize check ... | head)"""


def parse(argv: list[str] | None, commands: dict) -> argparse.Namespace:
    """The parsed command line; ``commands`` maps each subcommand's name to the function that runs it.

    An option the subcommand does not know is an error with that subcommand's usage.
    """
    parser = build_parser(commands)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def build_parser(commands: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="normalize", description=DESCRIPTION,
                                     epilog=EXIT_STATUSES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"normalize {normalize_version()}")
    subparsers = parser.add_subparsers(required=True, metavar="COMMAND")
    groups = {"rules": _rules_options(), "reading": _reading_options(), "run": _run_options(), "output": _output_options()}
    for name, add in SUBCOMMANDS.items():
        sub = add(subparsers, groups)
        sub.epilog, sub.formatter_class = EXIT_STATUSES, argparse.RawDescriptionHelpFormatter
        sub.set_defaults(run=commands[name], parser=sub)
    return parser


def normalize_version() -> str:
    try:
        return version("normalize")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown"


def _rules_options() -> argparse.ArgumentParser:
    group = argparse.ArgumentParser(add_help=False)
    group.add_argument("--rules", action="append", default=[], metavar="PATH",
                       help="a rules file to apply on top of the built-in rules (repeatable)")
    group.add_argument("--no-builtin-rules", action="store_true", help="do not load the rules shipped in rules/")
    group.add_argument("--no-local-rules", action="store_true",
                       help=f"do not load the project's decisions ({Config.local_rules} beside normalize.toml, "
                            "else in the current folder)")
    group.add_argument("--verbose", "-v", action="store_true", help="also print the rules files loaded")
    return group


def _reading_options() -> argparse.ArgumentParser:
    group = argparse.ArgumentParser(add_help=False)
    group.add_argument("--format", action="append", default=[], metavar="FORMAT|EXT=FORMAT",
                       help=f"read every article as FORMAT, or files ending in .EXT as FORMAT (repeatable); "
                            f"formats: {', '.join(READERS)}; by default the extension decides")
    group.add_argument("--fields", "--columns", metavar="NAMES",
                       help="comma-separated JSON fields / CSV columns / front-matter keys that hold prose "
                            f"(default: {','.join(Config.prose_fields)})")
    group.add_argument("--language-fields", metavar="NAMES",
                       help=f"fields / columns that state a record's language (default: {','.join(Config.language_fields)})")
    group.add_argument("--attributes", metavar="NAMES",
                       help=f"HTML/XML attributes that hold prose (default: {','.join(Config.prose_attributes)})")
    group.add_argument("--languages", metavar="CODES",
                       help="the languages to expect, e.g. en,de,uk: a prior that settles short texts "
                            "(default: any language langdetect knows)")
    group.add_argument("--style", metavar="NAME",
                       help="the named house style of the rules, e.g. ap, guardian, reuters (default: default)")
    group.add_argument("--romanize", action="store_true",
                       help="romanise Cyrillic names in Latin-script text: known names in the house style, "
                            "others with the national system of their language")
    group.add_argument("--follow-links", action="store_true",
                       help="follow links that lead outside INPUT (by default they are left out, and reported)")
    group.add_argument("--max-size", type=size, metavar="SIZE",
                       help="articles larger than SIZE (bytes, or with K, M, G) are copied as they are, "
                            f"not cleaned (default: {Config.max_bytes >> 20}M)")
    group.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="leave out the files and folders GLOB matches (gitignore syntax, relative to INPUT; repeatable)")
    group.add_argument("--no-gitignore", action="store_true",
                       help="also see the .git folder and what the .gitignore files below INPUT name (by default unseen)")
    return group


def _run_options() -> argparse.ArgumentParser:
    group = argparse.ArgumentParser(add_help=False)
    group.add_argument("--jobs", "-j", type=positive, metavar="N",
                       help="work on N articles at a time in parallel (default: one per core)")
    group.add_argument("--quiet", "-q", action="store_true", help="no progress bar; print only the summary")
    group.add_argument("--engine", choices=("local", "dask"),
                       help="local: worker processes on this machine (default, unless the project file says); "
                            "dask: a Dask cluster")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 "
                            "(default: a local cluster on this machine)")
    return group


def _output_options() -> argparse.ArgumentParser:
    group = argparse.ArgumentParser(add_help=False)
    group.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the output: auto (on a terminal, unless NO_COLOR is set), always or never")
    return group


def _report_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--report", action="append", default=[], metavar="PATH",
                        help=f"write the report here; .json, .csv or .html (repeatable); {default}")


def _clean(subparsers, groups) -> argparse.ArgumentParser:
    clean = subparsers.add_parser("clean", parents=[groups["rules"], groups["reading"], groups["run"], groups["output"]],
                                  help="clean a folder (or one file, or - for stdin) into another folder (file, - for stdout)")
    clean.add_argument("input", metavar="INPUT", help="a folder of articles, one article, or - for standard input")
    clean.add_argument("--out", metavar="OUTPUT",
                       help="the folder to write (a file or folder for one article; - for standard output)")
    clean.add_argument("--diff", action="store_true",
                       help="print a unified diff of what clean would write instead of writing (no --out needed)")
    _report_option(clean, "default: OUTPUT/.normalize/report.json and report.html (none for one article)")
    clean.add_argument("--force", action="store_true",
                       help="clean every article again, even those unchanged since the last run into OUTPUT")
    clean.add_argument("--no-suggestions", action="store_true",
                       help="do not count names to suggest new spellings in the report (cleaning is faster; "
                            "normalize discover suggests them later)")
    return clean


def _check(subparsers, groups) -> argparse.ArgumentParser:
    check = subparsers.add_parser("check", parents=[groups["rules"], groups["reading"], groups["run"], groups["output"]],
                                  help="print what clean would change; exit 1 if anything would")
    check.add_argument("input", metavar="INPUT", nargs="+",
                       help="folders of articles, articles, or - for standard input")
    check.add_argument("--output-format", choices=("text", "json", "github", "sarif"), default="text",
                       help="text: path:line:column lines (default); json: a list of findings; "
                            "github: GitHub Actions annotations; sarif: SARIF 2.1.0")
    check.add_argument("--show-left", action="store_true",
                       help="also print the candidates left as written, and why (a common word, a longer word, ...)")
    _report_option(check, "no report by default")
    return check


def _discover(subparsers, groups) -> argparse.ArgumentParser:
    discover = subparsers.add_parser("discover", parents=[groups["rules"], groups["reading"], groups["run"]],
                                     help="suggest clusters of spellings that no rule knows yet (writes only reports)")
    discover.add_argument("input", metavar="INPUT", help="a folder of articles, or one article")
    _report_option(discover, "no report by default")
    discover.add_argument("--top", type=int, default=20, metavar="N", help="print the N largest suggestions (default 20)")
    return discover


def _review(subparsers, groups) -> argparse.ArgumentParser:
    review = subparsers.add_parser("review", parents=[groups["rules"]],
                                   help="accept or reject a report's suggestions; decisions become rules")
    review.add_argument("report", metavar="REPORT.json")
    review.add_argument("--accept", action="append", default=[], metavar="ID[=CANONICAL]",
                        help="accept a suggestion, with its proposed canonical or this one (repeatable)")
    review.add_argument("--reject", action="append", default=[], metavar="ID", help="reject a suggestion (repeatable)")
    review.add_argument("--leave-out", action="append", default=[], metavar="ID=FORM",
                        help="leave a form out of a suggestion accepted with --accept (repeatable)")
    review.add_argument("--decisions", metavar="FILE", help="apply the decisions exported from report.html (decisions.json)")
    review.add_argument("--rules-out", metavar="PATH",
                        help=f"the rules file decisions are written to (default: the project's local-rules, "
                             f"{Config.local_rules} beside normalize.toml, else in the current folder)")
    return review


def _explain(subparsers, groups) -> argparse.ArgumentParser:
    explain = subparsers.add_parser("explain", parents=[groups["rules"], groups["reading"]],
                                    help="show, stage by stage, what cleaning changes in one article and why")
    explain.add_argument("file", metavar="FILE")
    return explain


def _rules(subparsers, groups) -> argparse.ArgumentParser:
    rules = subparsers.add_parser("rules", help="show an entity's forms, or lint a rules file")
    actions = rules.add_subparsers(dest="rules_action", required=True, metavar="ACTION")
    show = actions.add_parser("show", parents=[groups["rules"]], help="every form an entity matches, and what produced it")
    show.add_argument("entity", metavar="ENTITY")
    lint = actions.add_parser("lint", parents=[groups["rules"]],
                              help="check a rules file: exit 0 clean, 1 problems, 2 unreadable")
    lint.add_argument("file", metavar="FILE")
    return rules


SUBCOMMANDS = {"clean": _clean, "check": _check, "discover": _discover, "review": _review, "explain": _explain,
               "rules": _rules}


def size(text: str) -> int:
    """A size in bytes (:func:`~normalize.config.size_in_bytes`), or an argparse error.

    >>> size("16M")
    16777216
    """
    value = size_in_bytes(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write e.g. 16M, 512K or 1000000")
    return value


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value
