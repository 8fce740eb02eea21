"""Chinese labels for the pages written in Chinese: the plan's own terms where it has them (碳达峰, 单位地区生产总值
能源消耗, 新能源汽车保有量, 外来电 ...), and Chinese numbers written the Chinese way (86%, 2030年, 4700万吨).

The labels are the message catalogue's (carbonpeak.pages.messages, labels.yml), seen here by group.
"""

from __future__ import annotations

from carbonpeak.model import boundaries
from carbonpeak.pages import messages

SCENARIOS = messages.group("scenario", "zh")
BOUNDARIES = {name: boundaries.label(name, "zh") for name in boundaries.BOUNDARIES}
BOUNDARIES_SHORT = {name: boundaries.label(name, "zh", short=True) for name in boundaries.BOUNDARIES}
# the target board labels a boundary by its short English name
BOUNDARY_NAMES = {boundaries.label(n, short=True): boundaries.label(n, "zh", short=True) for n in boundaries.BOUNDARIES}
RULES = messages.group("rule", "zh")
RULE_DESCRIPTIONS = messages.group("rule_description", "zh")
STATUSES = messages.group("status", "zh")
SECTORS = messages.group("sector", "zh")
GRADES = messages.group("grade", "zh")
GRADE_MEANINGS = messages.group("grade_meaning", "zh")
PARTS = messages.group("part", "zh")
# every assumption of data/assumptions.yml (the catalogue's completeness test keeps it so)
ASSUMPTIONS = messages.group("assumption", "zh")


def year(y) -> str:
    """A year in Chinese, rounded to a whole year: 2029.6 -> '2030年'."""
    return f"{int(round(float(y)))}年"
