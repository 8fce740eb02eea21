"""Names and years every layer shares, defined once."""

SHENZHEN = "广东深圳"  # the city's key in CEADs' tables and in every processed table
GUANGDONG = "广东"  # the province's key
BASE_YEAR = 2019  # the city model's base year: the last year of CEADs' Shenzhen inventory

# The plan's milestones: its targets are set against 2020 (the end of the 13th Five-Year Plan) for 2025 (the end
# of the 14th) and for 2030 (the end of the 15th, the year CO2 must have peaked by)
PLAN_BASE_YEAR = 2020
FIRST_MILESTONE = 2025
PEAK_MILESTONE = 2030
MILESTONES = (FIRST_MILESTONE, PEAK_MILESTONE)

SEED = 20231007  # the default seed of every random draw (a run's ``seed`` parameter overrides it)


def level_name(level: float) -> str:
    """Column suffix for an interval level: 0.8 -> '80', 0.975 -> '97_5'."""
    return f"{level * 100:g}".replace(".", "_")
