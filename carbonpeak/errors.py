"""Exceptions that name what is wrong, so the CLI can print them as one line without a traceback.

Exit status: 2 for anything the user gave or has to fix before a run (parameters, files, folders, stale
data, a run too large for its budget, a scheduler that cannot be reached), 1 for a chapter that failed while
it ran (``ExecutionError``: an error in a cell, a kernel that died) or a write that failed (a full disk).
"""

from __future__ import annotations

import unicodedata

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
    """An output folder may not or cannot be written (inside the project's sources, not a folder, read-only,
    a folder of someone else's files, or one another run is writing)."""


class ModelError(CarbonPeakError):
    """A projection or peak rule cannot be applied to the series given."""


class BudgetError(CarbonPeakError):
    """A run would need more memory or time than the budget allows (estimated before it starts)."""


class SchedulerError(CarbonPeakError):
    """The dask scheduler given (--scheduler or CARBONPEAK_SCHEDULER) cannot be reached or is not one."""


class ExecutionError(CarbonPeakError):
    """A chapter raised an error while it ran, or its kernel died."""

    exit_status = CHAPTER_FAILED


class WriteError(CarbonPeakError):
    """Writing a result failed part-way (a full disk, an I/O error); nothing was published."""

    exit_status = CHAPTER_FAILED


# Control characters (C0, DEL, C1) and invisible format characters (bidirectional overrides, zero-width
# marks): printed raw, a file name or a YAML key could move the cursor, clear the screen or reorder the text.
_HIDDEN = ("Cc", "Cf")


def _escaped(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object) -> str:
    """``text`` with every control and format character shown as an escape (``\\x1b``, ``\\u202e``)."""
    return "".join(_escaped(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in str(text))


def one_line(message: object) -> str:
    """``message`` on one line (YAML and pandas errors span several), control characters escaped."""
    return printable(" ".join(str(message).split()))
