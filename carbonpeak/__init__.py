"""carbonpeak: data, models, charts and the chapter runner behind the Shenzhen carbon-peak book.

Kept light on purpose: submodules (``carbonpeak.data``, ``carbonpeak.analysis.projections``, ...) are imported by
whoever needs them, so a chapter does not pay for statsmodels unless it projects.
"""

__version__ = "0.1.0"
