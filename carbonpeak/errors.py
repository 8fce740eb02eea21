"""Exceptions that name what is wrong, so the CLI can print them as one line without a traceback.

Exit status: 2 for anything the user gave or has to fix before a run (parameters, files, folders, stale
data), 1 for a chapter that failed while it ran (``ExecutionError``).
"""

BAD_INPUT = 2
CHAPTER_FAILED = 1


class CarbonPeakError(Exception):
    """Base class: a message meant for the user."""

    exit_status = BAD_INPUT


class DataError(CarbonPeakError):
    """A data file is missing, malformed, stale or breaks its schema."""


class ParameterError(CarbonPeakError):
    """A chapter parameter is unknown, ill-typed or out of range, or a scenario file is refused."""


class OutputError(CarbonPeakError):
    """An output folder may not or cannot be written (inside the project's sources, not a folder, read-only)."""


class ModelError(CarbonPeakError):
    """A projection or peak rule cannot be applied to the series given."""


class ExecutionError(CarbonPeakError):
    """A chapter raised an error while it ran."""

    exit_status = CHAPTER_FAILED


def one_line(message: object) -> str:
    """``message`` on one line (YAML and pandas errors span several)."""
    return " ".join(str(message).split())
