"""Errors that a person can act on: each names the file, what went wrong and what to do."""

from __future__ import annotations


class NormalizeError(Exception):
    """Base class of the errors normalize reports instead of a traceback."""


class DecodeError(NormalizeError):
    """The bytes of an article could not be turned into text."""


class DataFileError(NormalizeError):
    """A data file (rules, discovery's data) is invalid; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class RulesError(DataFileError):
    """A rules file is invalid; the message names the file and the line."""


class ReportError(NormalizeError):
    """The report could not be written (the articles were); ``report`` holds what it would say."""

    def __init__(self, message: str, report=None):
        self.report = report
        super().__init__(message)
