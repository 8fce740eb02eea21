"""Build data/processed/ from data/raw/ (``make data`` / ``carbonpeak data``).

One function per processed table; each returns a tidy long DataFrame in the schema of
``carbonpeak.data.SERIES_COLUMNS`` plus the raw files it read. ``build_all`` writes every table and its
sidecar. The output is deterministic: same raw files, same bytes.

All or nothing: ``build_all`` first checks every raw file against its sidecar (present, md5), then builds
every table in memory, then writes them all into a staging folder inside the output folder, reads each back
with the loader's schema checks, and only then moves each into place (``carbonpeak.files.Output.staged``).
A missing or corrupt raw file, or a builder that fails, leaves data/processed/ exactly as it was.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from carbonpeak import files, locations
from carbonpeak.constants import SHENZHEN
from carbonpeak.data import KEY, SERIES_COLUMNS, TABLES, read_series_csv
from carbonpeak.data.compiled import read_checked
from carbonpeak.data.provenance import md5sum, raw_files, read_sidecar, sidecar_path, validate_sidecar
from carbonpeak.data.specs import SPEC_FILE, point_specs
from carbonpeak.errors import CarbonPeakError, DataError, one_line

CEADS_CITY_FILE = locations.RAW / "ceads_city" / "ceads_290_cities_co2_1997_2019.xlsx"
CMCC_FILE = locations.RAW / "cmcc" / "cmcc_huo2022_annual_totals_shenzhen_guangzhou_dongguan_2020_2021.csv"
NBS_GDP_FILE = locations.RAW / "nbs_major_cities" / "nbs_major_cities_gdp_1999_2018.xls"
NBS_VA_FILE = locations.RAW / "nbs_major_cities" / "nbs_major_cities_shenzhen_gdp_valueadded_2001_2017.csv"
WUP_FILE = locations.RAW / "un_wup" / "un_wup2018_F22_cities_over_300k_annual.xlsx"
OFFICIAL_FILE = locations.RAW / "official_points" / "shenzhen_quoted_official_figures.csv"
SUPPLY_FILE = locations.RAW / "official_points" / "shenzhen_supply_and_fleet_figures.csv"
PROVINCE_DIR = locations.RAW / "ceads_provinces"
ADDITIONAL_FILE = locations.RAW / "official_points" / "shenzhen_points_additional_2020_2024.csv"
GDP_OFFICIAL_FILE = locations.RAW / "official_points" / "shenzhen_gdp_official_2010_2024.csv"
YEARBOOK_POP_FILE = locations.RAW / "shenzhen_yearbook" / "shenzhen_population_yearbook2020_precensus_1979_2019.csv"
CHEN_FILE = locations.RAW / "chen2020" / "chen2020_county_co2_1997_2017_via_STATS201-DKU.xlsx"
CARBON_MONITOR_FILE = (
    locations.RAW / "carbon_monitor" / "carbonmonitor_china_provincial_monthly_2019-01_2025-11_via_elgask0-thesis.csv"
)
CREA_FILE = locations.RAW / "crea_power" / "crea_chinatracker_power_generation_by_province_and_source.csv"
GRID_FACTORS_FILE = locations.RAW / "mee_grid_factors" / "mee_nbs_electricity_co2_factors_2021_2023.csv"
GRID_FACTOR_BASES = {
    "average": "grid_ef_average",
    "average excluding market-traded non-fossil electricity": "grid_ef_average_excl_market_nonfossil",
}

WUP_SHENZHEN_CODE = 20667
WUP_LAST_ESTIMATE_YEAR = 2018  # later WUP years are UN projections


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(SERIES_COLUMNS))
    return df.sort_values(list(KEY), kind="mergesort").reset_index(drop=True)


def _read_excel(path: Path, **kwargs) -> pd.DataFrame:
    try:
        return pd.read_excel(path, engine="calamine", **kwargs)
    except Exception as exc:  # calamine raises its own error types for a corrupt or truncated file
        raise DataError(f"{path}: cannot read ({type(exc).__name__}: {exc})") from None


def _require_columns(path: Path, df: pd.DataFrame, columns: list) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}")


def build_city_co2() -> tuple[pd.DataFrame, list[Path]]:
    """CEADs 'emission vector': one row per city and year that has a value; gaps stay absent."""
    vec = _read_excel(CEADS_CITY_FILE, sheet_name="emission vector")
    _require_columns(CEADS_CITY_FILE, vec, ["city", "year", "emission"])
    vec = vec.dropna(subset=["emission"])
    rows = [
        dict(
            region=r.city,
            year=int(r.year),
            variable="co2",
            value=float(r.emission),
            unit="Mt CO2",
            source="ceads_city",
            grade="measured",
        )
        for r in vec.itertuples(index=False)
    ]
    return _frame(rows), [CEADS_CITY_FILE]


def build_shenzhen_co2_cmcc() -> tuple[pd.DataFrame, list[Path]]:
    """Carbon Monitor Cities - China totals for Shenzhen (Mt CO2), a different method from CEADs."""
    df = pd.read_csv(CMCC_FILE)
    _require_columns(CMCC_FILE, df, ["city", "year", "total_emissions_MtCO2"])
    df = df[df["city"] == "Shenzhen"]
    rows = [
        dict(
            region=SHENZHEN,
            year=int(r.year),
            variable="co2",
            value=float(r.total_emissions_MtCO2),
            unit="Mt CO2",
            source="cmcc",
            grade="measured",
        )
        for r in df.itertuples(index=False)
    ]
    return _frame(rows), [CMCC_FILE]


def _official_row(indicator: str, year: str) -> pd.Series:
    df = pd.read_csv(OFFICIAL_FILE, dtype=str)
    hit = df[(df["indicator"] == indicator) & (df["year"] == year)]
    if len(hit) != 1:
        raise DataError(
            f"{OFFICIAL_FILE}: expected one row for indicator={indicator!r}, year={year!r}; found {len(hit)}"
        )
    return hit.iloc[0]


def nbs_gdp(city: str = "深圳") -> pd.Series:
    """GDP (亿元) for one NBS city from the raw xls, indexed by year; empty cells dropped."""
    sheet = _read_excel(NBS_GDP_FILE, header=None)
    header_row = sheet.index[sheet[0] == "地区"]
    if len(header_row) != 1:
        raise DataError(f"{NBS_GDP_FILE}: header row starting with '地区' not found")
    header = sheet.loc[header_row[0]]
    row = sheet[sheet[0] == city]
    if len(row) != 1:
        raise DataError(f"{NBS_GDP_FILE}: city '{city}' not found")
    values = {int(str(header[c]).rstrip("年")): row.iloc[0][c] for c in sheet.columns[1:]}
    out = pd.Series(values, dtype="float64").dropna().sort_index()
    out.index.name = "year"
    return out


def build_shenzhen_economy() -> tuple[pd.DataFrame, list[Path]]:
    """Shenzhen's GDP and value added by sector (NBS export, 2022 bulletin), and GDP and real growth as
    published from 2018 on, each under its own source."""
    rows = [
        dict(
            region=SHENZHEN,
            year=year,
            variable="gdp",
            value=value,
            unit="100 million yuan (current)",
            source="nbs_major_cities",
            grade="measured",
        )
        for year, value in nbs_gdp().items()
    ]
    va = pd.read_csv(NBS_VA_FILE)
    columns = {
        "第一产业增加值(亿元)": "va_primary",
        "第二产业增加值(亿元)": "va_secondary",
        "第三产业增加值(亿元)": "va_tertiary",
    }
    _require_columns(NBS_VA_FILE, va, ["year", *columns])
    for column, variable in columns.items():
        for year, value in va[["year", column]].dropna().itertuples(index=False):
            rows.append(
                dict(
                    region=SHENZHEN,
                    year=int(year),
                    variable=variable,
                    value=float(value),
                    unit="100 million yuan (current)",
                    source="nbs_major_cities",
                    grade="measured",
                )
            )
    # 2022 statistical bulletin: GDP in the value column, sector value added quoted in the note.
    bulletin = _official_row("GDP (current prices)", "2022")
    rows.append(
        dict(
            region=SHENZHEN,
            year=2022,
            variable="gdp",
            value=float(bulletin["value"]),
            unit="100 million yuan (current)",
            source="official_points",
            grade="official_point",
        )
    )
    match = re.search(r"primary ([\d.]+) / secondary ([\d.]+) / tertiary ([\d.]+)", bulletin["reliability_note"])
    if not match:
        raise DataError(f"{OFFICIAL_FILE}: 2022 GDP row no longer quotes primary/secondary/tertiary value added")
    for variable, text in zip(("va_primary", "va_secondary", "va_tertiary"), match.groups()):
        rows.append(
            dict(
                region=SHENZHEN,
                year=2022,
                variable=variable,
                value=float(text),
                unit="100 million yuan (current)",
                source="official_points",
                grade="official_point",
            )
        )
    # GDP as published from 2018 on (a different vintage from the NBS export: kept as its own source) and
    # real growth wherever an official rate was found.
    for item in official_gdp():
        if item["year"] == 2022 and item["variable"] == "gdp":
            continue  # the 2022 bulletin row above
        rows.append(
            dict(
                region=SHENZHEN,
                year=item["year"],
                variable=item["variable"],
                value=item["value"],
                unit=GDP_UNITS[item["variable"]],
                source="official_points",
                grade="official_point",
            )
        )
    fixed = [NBS_GDP_FILE, NBS_VA_FILE, OFFICIAL_FILE, ADDITIONAL_FILE, GDP_OFFICIAL_FILE]
    return _frame(rows), _with_spec_files(fixed, "shenzhen_economy")


GDP_UNITS = {"gdp": "100 million yuan (current)", "gdp_real_growth": "% on the previous year (comparable prices)"}
QUOTED_UNITS = {"trillion yuan": 10_000.0, "亿元": 1.0, "%": 1.0}  # -> 亿元 or %


def _publisher(file: Path, year: int, pattern: str) -> str:
    """The publisher column of the one row of a point file whose line matches ``pattern``."""
    df = pd.read_csv(file, dtype=str)
    period = "period" if "period" in df.columns else "year"
    publisher = "original_publisher" if "original_publisher" in df.columns else "original_publisher_or_document"
    lines = file.read_text(encoding="utf-8").splitlines()[1:]
    hits = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    if len(hits) != 1 or df.at[hits[0], period] != str(year):
        raise DataError(f"{file}: pattern {pattern!r} does not pick one row of {year}")
    return str(df.at[hits[0], publisher])


def official_gdp() -> list[dict]:
    """Shenzhen's GDP (亿元, current) and real growth (%) as published, one dict per figure with its vintage.

    From the compiled file (each number checked against the words quoted from its page) and the two point
    files. The vintage says when and on which basis each figure was published (the 2018 economic census is
    a break); the NBS export is a different source and is never mixed in here.
    """
    out = []
    table = pd.read_csv(GDP_OFFICIAL_FILE, dtype=str)
    _require_columns(
        GDP_OFFICIAL_FILE,
        table,
        [
            "indicator",
            "year",
            "value_as_quoted",
            "unit_as_quoted",
            "vintage",
            "published_by",
            "url",
            "quoted_text",
            "reliability",
        ],
    )
    for i, r in table.iterrows():
        where = f"{GDP_OFFICIAL_FILE}: row {i + 1}"
        if r["indicator"] not in GDP_UNITS or r["unit_as_quoted"] not in QUOTED_UNITS:
            raise DataError(f"{where}: unknown indicator {r['indicator']!r} or unit {r['unit_as_quoted']!r}")
        if r["value_as_quoted"] not in r["quoted_text"]:
            raise DataError(f"{where}: {r['value_as_quoted']} does not appear in the quoted text")
        out.append(
            dict(
                variable=r["indicator"],
                year=int(r["year"]),
                value=round(float(r["value_as_quoted"]) * QUOTED_UNITS[r["unit_as_quoted"]], 4),
                vintage=r["vintage"],
                published_by=r["published_by"],
                url=r["url"],
                reliability=r["reliability"],
                file=GDP_OFFICIAL_FILE,
            )
        )
    for spec in point_specs("shenzhen_economy"):
        if spec.unit != GDP_UNITS.get(spec.variable):
            raise DataError(f"{SPEC_FILE}: {spec.variable} {spec.year} has unit {spec.unit!r}, not a GDP unit")
        out.append(
            dict(
                variable=spec.variable,
                year=spec.year,
                value=round(_point(spec.file, spec.pattern) * spec.scale, 4),
                vintage="as published by " + _publisher(spec.file, spec.year, spec.pattern),
                published_by="",
                url="",
                reliability="",
                file=spec.file,
            )
        )
    keys = [(o["variable"], o["year"]) for o in out]
    if len(keys) != len(set(keys)):
        raise DataError("official GDP figures: the same year and variable come from two files")
    return sorted(out, key=lambda o: (o["variable"], o["year"]))


def build_shenzhen_population() -> tuple[pd.DataFrame, list[Path]]:
    """Shenzhen's population: the UN WUP agglomeration series (derived after 2018), official resident and
    census figures, and the yearbook's pre-census series."""
    wup = _read_excel(WUP_FILE, sheet_name="Data", header=16)
    _require_columns(WUP_FILE, wup, ["City Code"])
    row = wup[wup["City Code"] == WUP_SHENZHEN_CODE]
    if len(row) != 1:
        raise DataError(f"{WUP_FILE}: city code {WUP_SHENZHEN_CODE} (Shenzhen) not found once")
    rows = []
    for column in wup.columns:
        if isinstance(column, int):
            grade = "measured" if column <= WUP_LAST_ESTIMATE_YEAR else "derived"
            rows.append(
                dict(
                    region=SHENZHEN,
                    year=column,
                    variable="population_wup_agglomeration",
                    value=float(row.iloc[0][column]) / 1000.0,
                    unit="million people",
                    source="un_wup",
                    grade=grade,
                )
            )
    for year in ("2020", "2021"):
        official = _official_row("Permanent resident population (year-end)", year)
        rows.append(
            dict(
                region=SHENZHEN,
                year=int(year),
                variable="population_resident",
                value=float(official["value"]) / 100.0,
                unit="million people",
                source="official_points",
                grade="official_point",
            )
        )
    for spec in point_specs("shenzhen_population"):
        rows.append(
            dict(
                region=SHENZHEN,
                year=spec.year,
                variable=spec.variable,
                value=round(_point(spec.file, spec.pattern) * spec.scale, 6),
                unit=spec.unit,
                source=spec.file.parent.name,
                grade=spec.grade,
            )
        )
    # The yearbook's pre-census series: its own variable, never joined to the post-census figures.
    book = pd.read_csv(YEARBOOK_POP_FILE)
    _require_columns(YEARBOOK_POP_FILE, book, ["year", "permanent_population_yearend_persons"])
    for year, persons in book[["year", "permanent_population_yearend_persons"]].itertuples(index=False):
        rows.append(
            dict(
                region=SHENZHEN,
                year=int(year),
                variable="population_resident_precensus",
                value=round(float(persons) / 1e6, 6),
                unit="million people (year-end, pre-2020-census)",
                source="shenzhen_yearbook",
                grade="measured",
            )
        )
    return _frame(rows), _with_spec_files(
        [WUP_FILE, OFFICIAL_FILE, ADDITIONAL_FILE, YEARBOOK_POP_FILE], "shenzhen_population"
    )


# The NBS "major cities" export (36 cities) matched to the CEADs city name and the UN WUP 2018 urban
# agglomeration (City Code). Lhasa (拉萨) has no CEADs inventory and is left out. WUP counts the urban
# agglomeration, not the whole prefecture that CEADs covers: per-person values are indicative only.
MAJOR_CITIES = {
    "北京": ("北京", 20464),
    "天津": ("天津", 20689),
    "石家庄": ("河北石家庄", 20669),
    "太原": ("山西太原", 20685),
    "呼和浩特": ("内蒙古呼和浩特", 20551),
    "沈阳": ("辽宁沈阳", 20666),
    "大连": ("辽宁大连", 20489),
    "长春": ("吉林长春", 20471),
    "哈尔滨": ("黑龙江哈尔滨", 23637),
    "上海": ("上海", 20656),
    "南京": ("江苏南京", 20625),
    "杭州": ("浙江杭州", 20524),
    "宁波": ("浙江宁波", 20631),
    "合肥": ("安徽合肥", 20529),
    "福州": ("福建福州", 20513),
    "厦门": ("福建厦门", 20720),
    "南昌": ("江西南昌", 20622),
    "济南": ("山东济南", 20567),
    "青岛": ("山东青岛", 20641),
    "郑州": ("河南郑州", 20793),
    "武汉": ("湖北武汉", 20712),
    "长沙": ("湖南长沙", 20474),
    "广州": ("广东广州", 20517),
    "深圳": ("广东深圳", 20667),
    "南宁": ("广西南宁", 20626),
    "海口": ("海南海口", 23639),
    "重庆": ("重庆", 20484),
    "成都": ("四川成都", 20480),
    "贵阳": ("贵州贵阳", 20519),
    "昆明": ("云南昆明", 20590),
    "西安": ("陕西西安", 20721),
    "兰州": ("甘肃兰州", 20592),
    "西宁": ("青海西宁", 20736),
    "银川": ("宁夏银川", 20761),
    "乌鲁木齐": ("新疆乌鲁木齐", 20704),
}
MAJOR_CITIES_FIRST_YEAR, MAJOR_CITIES_LAST_YEAR = 1995, 2020  # the CEADs years, and 2020 for a "now" point


def build_major_cities() -> tuple[pd.DataFrame, list[Path]]:
    """GDP (NBS, pre-census vintage) and UN WUP agglomeration population for the NBS major cities."""
    wup = _read_excel(WUP_FILE, sheet_name="Data", header=16)
    _require_columns(WUP_FILE, wup, ["City Code"])
    rows = []
    for nbs_name, (region, code) in MAJOR_CITIES.items():
        rows += [
            dict(
                region=region,
                year=year,
                variable="gdp",
                value=value,
                unit="100 million yuan (current)",
                source="nbs_major_cities",
                grade="measured",
            )
            for year, value in nbs_gdp(nbs_name).items()
        ]
        row = wup[wup["City Code"] == code]
        if len(row) != 1:
            raise DataError(f"{WUP_FILE}: city code {code} ({nbs_name}) not found once")
        for year in range(MAJOR_CITIES_FIRST_YEAR, MAJOR_CITIES_LAST_YEAR + 1):
            rows.append(
                dict(
                    region=region,
                    year=year,
                    variable="population_wup_agglomeration",
                    value=float(row.iloc[0][year]) / 1000.0,
                    unit="million people",
                    source="un_wup",
                    grade="measured" if year <= WUP_LAST_ESTIMATE_YEAR else "derived",
                )
            )
    return _frame(rows), [NBS_GDP_FILE, WUP_FILE]


# CEADs' 47 sectors grouped as the book's sector chapters use them (names compared without padding).
SECTOR_GROUPS = {
    "power_heat": ["Production and Supply of Electric Power, Steam and Hot Water"],
    "transport": ["Transportation, Storage, Post and Telecommunication Services"],
    "construction": ["Construction"],
    "agriculture": ["Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy"],
    "commercial_services": ["Wholesale, Retail Trade and Catering Services", "Others"],
    "residential": ["Urban", "Rural"],
}  # every other sector row (mining, manufacturing, gas and water supply) is industry


def _province_sheet(year: int, province: str = "Guangdong") -> pd.DataFrame:
    path = PROVINCE_DIR / f"ceads_30_provinces_co2_{year}.xlsx"
    sheet = _read_excel(path, sheet_name=f"{province}{year}", header=None)
    header = [str(h).strip() for h in sheet.iloc[0]]
    if header[-1].replace("_", " ") != "Scope 1 Total" or "Process" not in header:
        raise DataError(f"{path}: sheet {province}{year} does not end in Scope_1_Total or lacks Process")
    body = sheet.iloc[3:].copy()
    body.columns = ["sector", *header[1:]]
    body["sector"] = body["sector"].astype(str).str.strip()
    return body


def build_guangdong_sector_co2() -> tuple[pd.DataFrame, list[Path]]:
    """Guangdong scope-1 CO2 by sector group, 1997-2019 (a provincial proxy for Shenzhen's split)."""
    rows, inputs = [], []
    known = {s for names in SECTOR_GROUPS.values() for s in names}
    for path in sorted(PROVINCE_DIR.glob("ceads_30_provinces_co2_*.xlsx")):
        year = int(path.stem[-4:])
        body = _province_sheet(year)
        total_row, sectors = body.iloc[0], body.iloc[1:]
        if len(sectors) != 47:
            raise DataError(f"{path}: expected 47 sector rows for Guangdong{year}, found {len(sectors)}")
        scope1 = sectors.set_index("sector").iloc[:, -1].astype(float)
        process = sectors.set_index("sector")["Process"].astype(float)
        groups = {g: float(scope1[names].sum()) for g, names in SECTOR_GROUPS.items()}
        groups["industry_incl_process"] = float(scope1[[s for s in scope1.index if s not in known]].sum())
        groups["industrial_process"] = float(process.sum())
        groups["total"] = float(total_row.iloc[-1])
        for group, value in groups.items():
            rows.append(
                dict(
                    region="广东",
                    year=year,
                    variable=f"co2_{group}",
                    value=value,
                    unit="Mt CO2",
                    source="ceads_provinces",
                    grade="proxy",
                )
            )
        inputs.append(path)
    return _frame(rows), inputs


# CEADs' 17 fuels (and the process column) grouped as the city model needs them: vehicle fuels (gasoline,
# diesel) are kept apart so that the cars hidden in the residential and commercial rows can be moved to road
# transport; coal-derived fuels are one group.
FUEL_GROUPS = {
    "coal": [
        "Raw_Coal",
        "CleanedCoal",
        "Other_Washed_Coal",
        "Briquettes",
        "Coke",
        "Coke_Oven_Gas",
        "Other_Gas",
        "Other_Coking_Products",
    ],
    "gasoline": ["Gasoline"],
    "diesel": ["Diesel_Oil"],
    "kerosene": ["Kerosene"],
    "fuel_oil": ["Fuel_Oil"],
    "lpg": ["LPG"],
    "natural_gas": ["Natural_Gas"],
    "other_oil": ["Crude_Oil", "Refinery_Gas", "Other_Petroleum_Products"],
    "process": ["Process"],
}


def _fuel_key(name: str) -> str:
    return re.sub(r"[\s_]", "", str(name)).lower()


def build_guangdong_sector_fuel_co2() -> tuple[pd.DataFrame, list[Path]]:
    """Guangdong scope-1 CO2 by sector group and fuel group, 1997-2019 (variable '<sector>:<fuel>').
    Each sector's fuel groups add up to its scope-1 total (checked)."""
    rows, inputs = [], []
    known = {s for names in SECTOR_GROUPS.values() for s in names}
    for path in sorted(PROVINCE_DIR.glob("ceads_30_provinces_co2_*.xlsx")):
        year = int(path.stem[-4:])
        body = _province_sheet(year).iloc[1:].set_index("sector")
        body.columns = [_fuel_key(c) for c in body.columns]  # 'Raw Coal' (to 2017) and 'Raw_Coal' (2018-) alike
        missing = [f for names in FUEL_GROUPS.values() for f in names if _fuel_key(f) not in body.columns]
        if missing:
            raise DataError(f"{path}: sheet Guangdong{year} lacks fuel column(s) {missing}")
        industry = [s for s in body.index if s not in known]
        groups = {**SECTOR_GROUPS, "industry": industry}
        for sector, names in groups.items():
            part = body.loc[names]
            total = float(part.iloc[:, -1].astype(float).sum())
            summed = 0.0
            for fuel, columns in FUEL_GROUPS.items():
                value = float(part[[_fuel_key(c) for c in columns]].astype(float).to_numpy().sum())
                summed += value
                rows.append(
                    dict(
                        region="广东",
                        year=year,
                        variable=f"{sector}:{fuel}",
                        value=value,
                        unit="Mt CO2",
                        source="ceads_provinces",
                        grade="proxy",
                    )
                )
            if abs(summed - total) > 1e-6 * max(1.0, abs(total)):
                raise DataError(f"{path}: Guangdong{year} {sector}: fuel groups add to {summed:.6f}, not {total:.6f}")
        inputs.append(path)
    return _frame(rows), inputs


EI_FILE = locations.RAW / "energy_institute" / "energy_institute_statistical_review_2023_all_data.xlsx"
EI_SHEETS = {
    "Primary Energy Consumption": ("primary_energy", "EJ"),
    "CO2 Emissions from Energy": ("co2_energy", "Mt CO2"),
}


def build_china_energy() -> tuple[pd.DataFrame, list[Path]]:
    """China's primary energy and energy CO2 (Energy Institute): a national proxy series."""
    rows = []
    for sheet, (variable, unit) in EI_SHEETS.items():
        table = _read_excel(EI_FILE, sheet_name=sheet, header=None)
        china = table[table[0].astype(str).str.strip() == "China"]
        if len(china) != 1:
            raise DataError(f"{EI_FILE}: sheet {sheet!r} has no single 'China' row")
        for column in table.columns[1:]:
            year = table.at[2, column]
            if isinstance(year, float) and year.is_integer() and 1965 <= year <= 2100:
                rows.append(
                    dict(
                        region="中国",
                        year=int(year),
                        variable=variable,
                        value=float(china.iloc[0][column]),
                        unit=unit,
                        source="energy_institute",
                        grade="proxy",
                    )
                )
    return _frame(rows), [EI_FILE]


TARGET_FIGURES_FILE = locations.RAW / "official_points" / "shenzhen_target_figures_2019_2025.csv"


def _with_spec_files(inputs: list[Path], table: str) -> list[Path]:
    """``inputs`` followed by every other raw file the point specification reads for ``table``."""
    out = list(inputs)
    for spec in point_specs(table):
        if spec.file not in out:
            out.append(spec.file)
    return out


def _point(file: Path, pattern: str) -> float:
    """The number a point specification's pattern reads: the first group of its single match in ``file``."""
    text = file.read_text(encoding="utf-8")
    hits = list(re.finditer(pattern, text))
    if len(hits) != 1:
        raise DataError(f"{file}: pattern {pattern!r} matches {len(hits)} times (expected once)")
    return float(next(g for g in hits[0].groups() if g is not None))


def build_shenzhen_points() -> tuple[pd.DataFrame, list[Path]]:
    """Shenzhen point figures quoted in official sources and the press, each traced to its text."""
    rows, inputs = [], []
    for spec in point_specs("shenzhen_points"):
        rows.append(
            dict(
                region=SHENZHEN,
                year=spec.year,
                variable=spec.variable,
                value=_point(spec.file, spec.pattern) * spec.scale,
                unit=spec.unit,
                source=spec.file.parent.name,
                grade=spec.grade,
            )
        )
        if spec.file not in inputs:
            inputs.append(spec.file)
    return _frame(rows), inputs


ELECTRICITY_PARTS = {  # part of electricity use -> (its published use, share and growth in shenzhen_points)
    "total": ("electricity_consumption", None, "electricity_growth"),
    **{
        sector: (f"electricity_consumption_{sector}", f"electricity_share_{sector}", f"electricity_growth_{sector}")
        for sector in ("secondary", "tertiary", "residential")  # primary use (0.05-0.1 %) is left out
    },
}
BY_SHARE = "TWh (derived: the published total x the published share)"
BY_GROWTH = "TWh (derived: the next year's figure / (1 + its published growth))"


def build_shenzhen_electricity_sectors() -> tuple[pd.DataFrame, list[Path]]:
    """Shenzhen's electricity use in total and by sector (TWh): as published, else derived from a published
    share (sector = total x share) or from the next year's figure and its published growth."""
    points, inputs = build_shenzhen_points()
    value = points.set_index(["variable", "year"])["value"].to_dict()
    years = sorted({year for (variable, year) in value if variable.startswith("electricity_")})
    found: dict[tuple[str, int], tuple[float, str]] = {}  # (part, year) -> (TWh, unit)
    for part, (use, share, _) in ELECTRICITY_PARTS.items():
        for year in years:
            if (use, year) in value:
                found[(part, year)] = (value[(use, year)], "TWh")
            elif share and (share, year) in value and ("electricity_consumption", year) in value:
                found[(part, year)] = (value[("electricity_consumption", year)] * value[(share, year)] / 100, BY_SHARE)
    for part, (_, _, growth) in ELECTRICITY_PARTS.items():
        for year in years:
            if (part, year) in found and (part, year - 1) not in found and (growth, year) in value:
                found[(part, year - 1)] = (found[(part, year)][0] / (1 + value[(growth, year)] / 100), BY_GROWTH)
    rows = [
        dict(
            region=SHENZHEN,
            year=year,
            variable=f"electricity_{part}",
            value=float(twh) if unit == "TWh" else round(float(twh), 4),
            unit=unit,
            source="official_points",
            grade="official_point" if unit == "TWh" else "derived",
        )
        for (part, year), (twh, unit) in found.items()
    ]
    return _frame(rows), inputs


def build_grid_factors() -> tuple[pd.DataFrame, list[Path]]:
    """MEE/NBS average electricity CO2 factors (kg CO2/kWh): national, Southern regional grid and Guangdong."""
    table = read_checked(GRID_FACTORS_FILE, "raw", ["region", "basis", "year", "value"])
    grade = read_sidecar(GRID_FACTORS_FILE)["grade"]
    rows = []
    for i, r in enumerate(table.to_dict("records"), start=1):
        if r["basis"] not in GRID_FACTOR_BASES or not re.fullmatch(r"\d{4}", r["year"]):
            raise DataError(f"{GRID_FACTORS_FILE}: row {i}: unknown basis {r['basis']!r} or year {r['year']!r}")
        rows.append(
            dict(
                region=r["region"],
                year=int(r["year"]),
                variable=GRID_FACTOR_BASES[r["basis"]],
                value=float(r["value"]),
                unit="kg CO2 per kWh",
                source=GRID_FACTORS_FILE.parent.name,
                grade=grade,
            )
        )
    return _frame(rows), [GRID_FACTORS_FILE]


SHENZHEN_DISTRICTS = {
    440303: "罗湖区",
    440304: "福田区",
    440305: "南山区",
    440306: "宝安区",
    440307: "龙岗区",
    440308: "盐田区",
}  # Chen et al.'s codes: the six districts on pre-2016 boundaries (the whole city)


def build_county_co2() -> tuple[pd.DataFrame, list[Path]]:
    """Chen et al. 2020 county CO2 for Shenzhen's six districts and their sum, 1997-2017 (top-down)."""
    sheet = _read_excel(CHEN_FILE, sheet_name="Unit (Million tons)")
    years = [int(c[1:]) for c in sheet.columns if re.fullmatch(r"C\d{4}", str(c))]
    if not years:
        raise DataError(f"{CHEN_FILE}: no year columns C1997...C2017")
    _require_columns(CHEN_FILE, sheet, ["County Name"])
    codes = pd.to_numeric(sheet[sheet.columns[0]], errors="coerce")
    rows, total = [], {year: 0.0 for year in years}
    for code, name in SHENZHEN_DISTRICTS.items():
        hit = sheet[codes == code]
        if len(hit) != 1 or hit["County Name"].iloc[0] != name:
            raise DataError(f"{CHEN_FILE}: district {code} ({name}) not found once")
        for year in years:
            value = float(hit[f"C{year}"].iloc[0])
            if not math.isfinite(value):
                raise DataError(f"{CHEN_FILE}: district {code}, C{year} is empty")
            total[year] += value
            rows.append(
                dict(
                    region=name, year=year, variable="co2", value=value, unit="Mt CO2", source="chen2020", grade="proxy"
                )
            )
    for year, value in total.items():
        rows.append(
            dict(
                region=SHENZHEN,
                year=year,
                variable="co2_districts_sum",
                value=round(value, 6),
                unit="Mt CO2",
                source="chen2020",
                grade="proxy",
            )
        )
    return _frame(rows), [CHEN_FILE]


def build_carbon_monitor() -> tuple[pd.DataFrame, list[Path]]:
    """Guangdong's Carbon Monitor CO2: complete years (co2) and January-November of every year (co2_jan_nov).

    Levels differ from CEADs; the book uses only changes. January-November lets 2025 (which ends in November)
    be compared like with like.
    """
    df = pd.read_csv(CARBON_MONITOR_FILE, dtype={"province": str, "year_month": str})
    _require_columns(CARBON_MONITOR_FILE, df, ["province", "year_month", "co2_tonnes"])
    gd = df[df["province"] == "Guangdong"]
    if gd.empty or gd["year_month"].duplicated().any():
        raise DataError(f"{CARBON_MONITOR_FILE}: Guangdong rows missing or a month repeated")
    bad = gd.loc[~gd["year_month"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])"), "year_month"]
    if len(bad):
        raise DataError(f"{CARBON_MONITOR_FILE}: year_month {bad.iloc[0]!r} is not YYYY-MM")
    tonnes = pd.to_numeric(gd["co2_tonnes"], errors="raise").to_numpy()
    if not (tonnes > 0).all():
        raise DataError(f"{CARBON_MONITOR_FILE}: Guangdong has a month without a positive value")
    months = pd.DataFrame(
        {
            "year": gd["year_month"].str[:4].astype(int).to_numpy(),
            "month": gd["year_month"].str[5:].astype(int).to_numpy(),
            "t": tonnes,
        }
    )
    rows = []
    for year, part in months.sort_values(["year", "month"]).groupby("year"):
        present = set(part["month"])
        unit = "Mt CO2 (Carbon Monitor; not comparable in level with CEADs)"
        if present >= set(range(1, 12)):
            rows.append(
                dict(
                    region="广东",
                    year=int(year),
                    variable="co2_jan_nov",
                    value=round(float(part.loc[part["month"] <= 11, "t"].sum()) / 1e6, 4),
                    unit=unit.replace("Mt CO2", "Mt CO2 January-November"),
                    source="carbon_monitor",
                    grade="proxy",
                )
            )
        if present == set(range(1, 13)):
            rows.append(
                dict(
                    region="广东",
                    year=int(year),
                    variable="co2",
                    value=round(float(part["t"].sum()) / 1e6, 4),
                    unit=unit,
                    source="carbon_monitor",
                    grade="proxy",
                )
            )
    return _frame(rows), [CARBON_MONITOR_FILE]


CREA_SERIES = {  # Wind series name for Guangdong -> variable (year-to-date 万kWh)
    "Output: Thermal Power Generating Capacity: Guangdong: YTD": "generation_thermal",
    "Output: Hydro Power Generating Capacity: Guangdong: YTD": "generation_hydro",
    "Output: Nuclear Power: Guangdong: YTD": "generation_nuclear",
    "Power Generation: Wind Power: Guangdong: YTD": "generation_wind",
    "Output: Solar: Guangdong: YTD": "generation_solar",
    "Power Consumption: Guangdong: YTD": "electricity_consumption",
}
WAN_KWH_PER_TWH = 100_000  # 1 TWh = 1e9 kWh = 1e5 x 10 000 kWh


def build_guangdong_power() -> tuple[pd.DataFrame, list[Path]]:
    """Guangdong's electricity consumption and generation by source (TWh), from December year-to-date values.

    A zero is an unpublished month and stays a gap. ``generation_total`` adds the sources published that
    year and its unit names them (wind is not published after 2017).
    """
    table = pd.read_csv(CREA_FILE, header=None, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    names = table.index[table[0] == "Name"]
    if len(names) != 1:
        raise DataError(f"{CREA_FILE}: no single 'Name' header row")
    header = table.loc[names[0]]
    columns = {}
    for series, variable in CREA_SERIES.items():
        hit = [c for c in table.columns if header[c] == series]
        if len(hit) != 1:
            raise DataError(f"{CREA_FILE}: series {series!r} not found once")
        columns[variable] = hit[0]
    december = table[table[0].str.fullmatch(r"\d{4}-12")]
    rows = []
    for _, line in december.iterrows():
        year, parts = int(line[0][:4]), {}
        for variable, column in columns.items():
            text = line[column].strip().replace(",", "")
            try:
                value = float(text) if text else 0.0
            except ValueError:
                raise DataError(f"{CREA_FILE}: {line[0]}, {variable}: {text!r} is not a number") from None
            if value > 0:
                parts[variable] = round(value / WAN_KWH_PER_TWH, 4)
        for variable, value in parts.items():
            rows.append(
                dict(
                    region="广东",
                    year=year,
                    variable=variable,
                    value=value,
                    unit="TWh",
                    source="crea_power",
                    grade="proxy",
                )
            )
        sources = [v for v in CREA_SERIES.values() if v.startswith("generation_") and v in parts]
        if {"generation_thermal", "generation_hydro", "generation_nuclear"} <= set(sources):
            names_ = ", ".join(v.removeprefix("generation_") for v in sources)
            rows.append(
                dict(
                    region="广东",
                    year=year,
                    variable="generation_total",
                    value=round(sum(parts[v] for v in sources), 4),
                    unit=f"TWh (sum of {names_}; enterprises above designated size)",
                    source="crea_power",
                    grade="proxy",
                )
            )
    return _frame(rows), [CREA_FILE]


BUILDERS: dict[str, Callable[[], tuple[pd.DataFrame, list[Path]]]] = {
    "city_co2": build_city_co2,
    "shenzhen_co2_cmcc": build_shenzhen_co2_cmcc,
    "shenzhen_economy": build_shenzhen_economy,
    "shenzhen_population": build_shenzhen_population,
    "guangdong_sector_co2": build_guangdong_sector_co2,
    "guangdong_sector_fuel_co2": build_guangdong_sector_fuel_co2,
    "shenzhen_points": build_shenzhen_points,
    "china_energy": build_china_energy,
    "guangdong_power": build_guangdong_power,
    "carbon_monitor": build_carbon_monitor,
    "county_co2": build_county_co2,
    "major_cities": build_major_cities,
    "shenzhen_electricity_sectors": build_shenzhen_electricity_sectors,
    "grid_factors": build_grid_factors,
}
assert set(BUILDERS) == set(TABLES), "every table in carbonpeak.data.TABLES needs a builder"

COLUMN_DOCS = {
    "region": "CEADs city name (Shenzhen = 广东深圳), 广东 for Guangdong province, 中国 for China, 南方区域 for the "
    "Southern China regional grid",
    "year": "calendar year",
    "variable": "what is measured",
    "value": "the number, in `unit`",
    "unit": "unit of `value`",
    "source": "raw source folder under data/raw/",
    "grade": "measured | official_point | proxy | derived | assumption",
}


RESTORE = "restore it (git checkout -- data/raw) or put back the file its sidecar describes"


def check_raw_files() -> None:
    """Every raw file has a valid sidecar with its md5, and every sidecar has its file, before anything is built."""
    for side in sorted(locations.RAW.glob("*/*.meta.yml")):
        data_file = side.with_name(side.name[: -len(".meta.yml")])
        if not data_file.exists():
            raise DataError(f"{data_file}: raw file missing (its sidecar {side.name} is there); {RESTORE}")
    for path in raw_files():
        if not sidecar_path(path).exists():
            raise DataError(f"{path}: raw file without a sidecar {sidecar_path(path).name}; add one (see README.md)")
        try:
            validate_sidecar(path, "raw")
        except DataError as exc:
            raise DataError(f"{one_line(exc)}; {RESTORE}") from None


def build_table(name: str) -> tuple[pd.DataFrame, list[Path]]:
    """Run the builder of table ``name``; any failure becomes a DataError naming the table and the cause."""
    try:
        df, inputs = BUILDERS[name]()
    except CarbonPeakError:
        raise
    except FileNotFoundError as exc:
        raise DataError(f"{exc.filename}: raw file missing (needed for table '{name}'); {RESTORE}") from None
    except Exception as exc:  # a corrupt raw file surfaces as whatever its reader raises
        raise DataError(
            f"table '{name}' cannot be built from data/raw ({type(exc).__name__}: {one_line(exc)[:300]}); "
            f"check its raw files, or {RESTORE}"
        ) from None
    for path in inputs:
        validate_sidecar(path, "raw")
    return df, inputs


def write_table(name: str, out_dir: Path, built: tuple[pd.DataFrame, list[Path]] | None = None) -> Path:
    """Write table ``name`` (built now unless ``built`` is given) into ``out_dir`` as CSV + sidecar, and read
    it back through the loader's schema checks; returns the CSV path."""
    df, inputs = built if built is not None else build_table(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / f"{name}.csv"
    df.to_csv(csv_path, index=False, lineterminator="\n")
    meta = {
        "title": TABLES[name],
        "description": f"Tidy long table built from data/raw by carbonpeak.data.builders.{BUILDERS[name].__name__}.",
        "built_by": f"carbonpeak.data.builders.{BUILDERS[name].__name__} (make data)",
        "inputs": [{"path": str(p.relative_to(locations.ROOT)), "md5": md5sum(p)} for p in inputs],
        "columns": COLUMN_DOCS,
        "grades": sorted(df["grade"].unique()),
        "rows": int(len(df)),
        "md5": md5sum(csv_path),
    }
    (out_dir / f"{name}.csv.meta.yml").write_text(
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )
    read_series_csv(csv_path)
    return csv_path


def build_all(out_dir: Path | None = None, echo: Callable[[str], None] = print, force: bool = False) -> list[Path]:
    """Every table into ``out_dir`` (default data/processed/), all or nothing; the folder is opened and locked
    before the build starts (``files.open_output``)."""
    home = locations.PROCESSED
    out_dir = files.output_folder(out_dir, default=home, home=home, force=force)
    check_raw_files()
    with files.open_output(out_dir, home=home, force=force) as output:
        built = {name: build_table(name) for name in TABLES}
        with output.staged() as staging:
            for name in TABLES:
                write_table(name, staging, built[name])
    written = [out_dir / f"{name}.csv" for name in TABLES]
    for path in written:
        echo(f"built {path.relative_to(locations.ROOT) if path.is_relative_to(locations.ROOT) else path}")
    return written
