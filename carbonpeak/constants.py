"""Names and years every layer shares, defined once."""

SHENZHEN = "广东深圳"  # the city's key in CEADs' tables and in every processed table
GUANGDONG = "广东"  # the province's key
BASE_YEAR = 2019  # the city model's base year: the last year of CEADs' Shenzhen inventory


def level_name(level: float) -> str:
    """Column suffix for an interval level: 0.8 -> '80', 0.975 -> '97_5'."""
    return f"{level * 100:g}".replace(".", "_")
