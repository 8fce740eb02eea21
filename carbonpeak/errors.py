"""Exceptions that name what is wrong, so the CLI can print them without a traceback."""


class CarbonPeakError(Exception):
    """Base class: a message meant for the user."""


class DataError(CarbonPeakError):
    """A data file is missing, malformed or breaks its schema."""


class ParameterError(CarbonPeakError):
    """A chapter parameter is unknown, ill-typed or out of range."""


class ModelError(CarbonPeakError):
    """A projection or peak rule cannot be applied to the series given."""
