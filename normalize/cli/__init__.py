"""The command line: a thin layer over the library API (entry point :func:`main`; the script, :func:`run`).

Exit status: 0 nothing to change, or all written; 1 ``check`` (or ``clean --diff``)
found something to change; 2 the command line or the project file is wrong; 3 a rules
file is invalid; 4 some articles failed (the others are done); 130 interrupted;
141 the reader of the output went away (``normalize check … | head``).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from normalize.cli.commands import COMMANDS, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_RULES, EXIT_USAGE, print_failures, say
from normalize.cli.parser import build_parser, parse
from normalize.config import Config
from normalize.errors import NormalizeError, ReportError, RulesError
from normalize.formats import READERS
from normalize.project import project_config

EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE


def main(argv: list[str] | None = None) -> int:
    args = parse(argv, COMMANDS)
    try:
        config = _config(args)
        status = args.run(args, config)
        sys.stdout.flush()  # here, so that a reader gone away is seen here
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except RulesError as error:
        say(f"normalize: rules error: {error}", sys.stderr)
        return EXIT_RULES
    except ReportError as error:
        print_failures(error.report)
        say(f"normalize: {error}", sys.stderr)
        return EXIT_FAILED
    except NormalizeError as error:
        say(f"normalize: {error}", sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        say("normalize: interrupted; the articles written so far are recorded, "
            "run the same command again to continue", sys.stderr)
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The ``normalize`` script and ``python -m normalize.cli``: :func:`main`, then :func:`end_process` with its status."""
    end_process(main())


def end_process(status: int | None) -> NoReturn:
    """End the process with ``status`` without the interpreter's teardown, once nothing else runs in it.

    A ``clean`` leaves hundreds of megabytes of objects (the language models, the names counted, the
    caches) that a normal exit frees one by one: 0.3 s at the end of every run of the bench corpus,
    for memory the system takes back at once.  The exit handlers run and stdout and stderr are flushed
    as on a normal exit; with a thread (not a daemon: tqdm's monitor is one) or a child process still
    running, the exit is the normal one, which waits for them.
    """
    if _others_running():
        sys.exit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        status = EXIT_BROKEN_PIPE
    sys.stderr.flush()
    os._exit(status or 0)


def _others_running() -> bool:
    """Does a thread that a normal exit waits for (not a daemon), or a child process, still run?"""
    threads = (thread for thread in threading.enumerate() if thread is not threading.main_thread())
    return any(not thread.daemon for thread in threads) or bool(multiprocessing.active_children())


def _quiet_stdout() -> None:
    """After the reader of stdout went away: send what is left to /dev/null, so that the exit
    flush raises no second error (as the Python documentation advises for SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run_options(args) -> dict:
    if not hasattr(args, "jobs"):
        return {}
    engine = args.engine or ("dask" if args.scheduler else None)  # None: the project file's, or local
    if args.scheduler and engine != "dask":
        raise NormalizeError("--scheduler needs --engine dask")
    return {"jobs": args.jobs, "engine": engine, "scheduler": args.scheduler, "quiet": args.quiet or None}


def _config(args) -> Config:
    """The project file's options (from the current folder), overridden by the flags given."""
    config = project_config(Path.cwd())
    given = vars(args)
    flags = {"style": given.get("style"), "romanize": given.get("romanize") or None,
             "follow_links": given.get("follow_links") or None, "max_bytes": given.get("max_size"),
             "languages": tuple(_codes(args.languages)) if given.get("languages") is not None else None,
             "exclude": (*config.exclude, *given["exclude"]) if given.get("exclude") else None,
             "gitignore": False if given.get("no_gitignore") else None,
             "force": given.get("force") or None,
             "discover": False if given.get("no_suggestions") else None,
             **_run_options(args), **_format_options(given)}
    config = replace(
        config, rule_files=config.rule_files + tuple(args.rules),
        builtin_rules=config.builtin_rules and not args.no_builtin_rules,
        local_rules=None if args.no_local_rules else config.local_rules,
        **{name: value for name, value in flags.items() if value is not None},
    )
    return replace(config, progress=not config.quiet and sys.stderr.isatty() and hasattr(args, "jobs"))


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _format_options(given: dict) -> dict:
    """The format flags as Config fields; a format name that does not exist is a usage error."""
    options: dict = {}
    extensions = []
    for value in given.get("format", ()):
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
        if given.get(flag) is not None:
            options[key] = tuple(name.strip() for name in given[flag].split(",") if name.strip())
    return options


def _parser():
    """The whole grammar (for tests that parse without running)."""
    return build_parser(COMMANDS)
