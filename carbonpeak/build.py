"""Build data/processed/ from data/raw/ (``make data`` / ``carbonpeak data``).

One function per processed table; each returns a tidy long DataFrame in the schema of
``carbonpeak.data.SERIES_COLUMNS`` plus the raw files it read. ``build_all`` writes every table and its
sidecar. The output is deterministic: same raw files, same bytes.

All or nothing: ``build_all`` first checks every raw file against its sidecar (present, md5), then builds
every table in memory, then writes them all into a staging copy of the output folder, reads each back with
the loader's schema checks, and only then replaces the folder (``carbonpeak.files.staged``). A missing or
corrupt raw file, or a builder that fails, leaves data/processed/ exactly as it was.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml

from . import files, paths
from .data import KEY, SERIES_COLUMNS, TABLES, read_series_csv
from .errors import CarbonPeakError, DataError, one_line
from .metadata import md5sum, sidecar_path, validate_sidecar

SHENZHEN = "广东深圳"
CEADS_CITY_FILE = paths.RAW / "ceads_city" / "ceads_290_cities_co2_1997_2019.xlsx"
CMCC_FILE = paths.RAW / "cmcc" / "cmcc_huo2022_annual_totals_shenzhen_guangzhou_dongguan_2020_2021.csv"
NBS_GDP_FILE = paths.RAW / "nbs_major_cities" / "nbs_major_cities_gdp_1999_2018.xls"
NBS_VA_FILE = paths.RAW / "nbs_major_cities" / "nbs_major_cities_shenzhen_gdp_valueadded_2001_2017.csv"
WUP_FILE = paths.RAW / "un_wup" / "un_wup2018_F22_cities_over_300k_annual.xlsx"
OFFICIAL_FILE = paths.RAW / "official_points" / "shenzhen_quoted_official_figures.csv"
PROVINCE_DIR = paths.RAW / "ceads_provinces"

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
    rows = [dict(region=r.city, year=int(r.year), variable="co2", value=float(r.emission), unit="Mt CO2",
                 source="ceads_city", grade="measured") for r in vec.itertuples(index=False)]
    return _frame(rows), [CEADS_CITY_FILE]


def build_shenzhen_co2_cmcc() -> tuple[pd.DataFrame, list[Path]]:
    df = pd.read_csv(CMCC_FILE)
    _require_columns(CMCC_FILE, df, ["city", "year", "total_emissions_MtCO2"])
    df = df[df["city"] == "Shenzhen"]
    rows = [dict(region=SHENZHEN, year=int(r.year), variable="co2", value=float(r.total_emissions_MtCO2),
                 unit="Mt CO2", source="cmcc", grade="measured") for r in df.itertuples(index=False)]
    return _frame(rows), [CMCC_FILE]


def _official_row(indicator: str, year: str) -> pd.Series:
    df = pd.read_csv(OFFICIAL_FILE, dtype=str)
    hit = df[(df["indicator"] == indicator) & (df["year"] == year)]
    if len(hit) != 1:
        raise DataError(f"{OFFICIAL_FILE}: expected one row for indicator={indicator!r}, year={year!r}; found {len(hit)}")
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
    rows = [dict(region=SHENZHEN, year=year, variable="gdp", value=value, unit="100 million yuan (current)",
                 source="nbs_major_cities", grade="measured") for year, value in nbs_gdp().items()]
    va = pd.read_csv(NBS_VA_FILE)
    columns = {"第一产业增加值(亿元)": "va_primary", "第二产业增加值(亿元)": "va_secondary",
               "第三产业增加值(亿元)": "va_tertiary"}
    _require_columns(NBS_VA_FILE, va, ["year", *columns])
    for column, variable in columns.items():
        for year, value in va[["year", column]].dropna().itertuples(index=False):
            rows.append(dict(region=SHENZHEN, year=int(year), variable=variable, value=float(value),
                             unit="100 million yuan (current)", source="nbs_major_cities", grade="measured"))
    # 2022 statistical bulletin: GDP in the value column, sector value added quoted in the note.
    bulletin = _official_row("GDP (current prices)", "2022")
    rows.append(dict(region=SHENZHEN, year=2022, variable="gdp", value=float(bulletin["value"]),
                     unit="100 million yuan (current)", source="official_points", grade="official_point"))
    match = re.search(r"primary ([\d.]+) / secondary ([\d.]+) / tertiary ([\d.]+)", bulletin["reliability_note"])
    if not match:
        raise DataError(f"{OFFICIAL_FILE}: 2022 GDP row no longer quotes primary/secondary/tertiary value added")
    for variable, text in zip(("va_primary", "va_secondary", "va_tertiary"), match.groups()):
        rows.append(dict(region=SHENZHEN, year=2022, variable=variable, value=float(text),
                         unit="100 million yuan (current)", source="official_points", grade="official_point"))
    return _frame(rows), [NBS_GDP_FILE, NBS_VA_FILE, OFFICIAL_FILE]


def build_shenzhen_population() -> tuple[pd.DataFrame, list[Path]]:
    wup = _read_excel(WUP_FILE, sheet_name="Data", header=16)
    _require_columns(WUP_FILE, wup, ["City Code"])
    row = wup[wup["City Code"] == WUP_SHENZHEN_CODE]
    if len(row) != 1:
        raise DataError(f"{WUP_FILE}: city code {WUP_SHENZHEN_CODE} (Shenzhen) not found once")
    rows = []
    for column in wup.columns:
        if isinstance(column, int):
            grade = "measured" if column <= WUP_LAST_ESTIMATE_YEAR else "derived"
            rows.append(dict(region=SHENZHEN, year=column, variable="population_wup_agglomeration",
                             value=float(row.iloc[0][column]) / 1000.0, unit="million people",
                             source="un_wup", grade=grade))
    for year in ("2020", "2021"):
        official = _official_row("Permanent resident population (year-end)", year)
        rows.append(dict(region=SHENZHEN, year=int(year), variable="population_resident",
                         value=float(official["value"]) / 100.0, unit="million people",
                         source="official_points", grade="official_point"))
    return _frame(rows), [WUP_FILE, OFFICIAL_FILE]


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
            rows.append(dict(region="广东", year=year, variable=f"co2_{group}", value=value, unit="Mt CO2",
                             source="ceads_provinces", grade="proxy"))
        inputs.append(path)
    return _frame(rows), inputs


EI_FILE = paths.RAW / "energy_institute" / "energy_institute_statistical_review_2023_all_data.xlsx"
EI_SHEETS = {"Primary Energy Consumption": ("primary_energy", "EJ"),
             "CO2 Emissions from Energy": ("co2_energy", "Mt CO2")}


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
                rows.append(dict(region="中国", year=int(year), variable=variable,
                                 value=float(china.iloc[0][column]), unit=unit, source="energy_institute", grade="proxy"))
    return _frame(rows), [EI_FILE]


PRESS_DIR = paths.RAW / "press"
FORUM_2022 = PRESS_DIR / "longgang_media_2022-12-12_carbon_forum.txt"
GREEN_2023 = PRESS_DIR / "southern_finance_2023-12-02_green_report.txt"

# Point figures: (variable, year, unit, file, pattern, scale). The pattern must match the file's text
# exactly once; its first group is the number, multiplied by scale (e.g. 万吨 -> million tonnes: 0.01).
POINTS = [
    ("electricity_consumption", 2021, "TWh", OFFICIAL_FILE, r"Total electricity consumption \(全社会用电量\),2021,([\d.]+),TWh", 1),
    ("electricity_consumption", 2023, "TWh", OFFICIAL_FILE, r"Total electricity consumption,2023,([\d.]+),TWh", 1),
    ("electricity_growth", 2021, "% on the year before", OFFICIAL_FILE, r"via Xinhua, 2022-01-05 \(\+([\d.]+)% y/y\)", 1),
    ("electricity_growth", 2023, "% on the year before", OFFICIAL_FILE, r"2024-01-16 \(\+([\d.]+)% y/y\)", 1),
    ("electricity_share_secondary", 2023, "%", OFFICIAL_FILE, r"shares: secondary ([\d.]+)%", 1),
    ("electricity_share_tertiary", 2023, "%", OFFICIAL_FILE, r"tertiary ([\d.]+)%, residential", 1),
    ("electricity_share_residential", 2023, "%", OFFICIAL_FILE, r"tertiary [\d.]+%, residential ([\d.]+)%", 1),
    ("energy_intensity", 2010, "tce per 10 000 yuan", OFFICIAL_FILE, r"Energy intensity base \(12th FYP decomposition\),2010,([\d.]+),", 1),
    ("energy_intensity_change_5yr", 2020, "% change over 2016-2020", OFFICIAL_FILE, r"Energy intensity change over 13th FYP,2016-2020,(-[\d.]+),%", 1),
    ("non_fossil_share_electricity", 2020, "%", OFFICIAL_FILE, r"Non-fossil share of electricity supplied,2020,([\d.]+),%", 1),
    ("import_share_electricity", 2020, "%", OFFICIAL_FILE, r"\(外来电量\),c.2020,about ([\d.]+),%", 1),
    ("electricity_intensity", 2010, "kWh per 10 000 yuan", OFFICIAL_FILE, r"Electricity intensity,2010 / 2020,([\d.]+) / ", 1),
    ("electricity_intensity", 2020, "kWh per 10 000 yuan", OFFICIAL_FILE, r"Electricity intensity,2010 / 2020,[\d.]+ / ~([\d.]+),", 1),
    ("clean_share_local_capacity", 2020, "%", OFFICIAL_FILE, r"share of local installed power capacity,2020,([\d.]+),%", 1),
    ("industry_va_above_scale", 2021, "100 million yuan (current)", FORUM_2022, r"规模以上工业单位增加值([\d.]+)亿元", 1),
    ("industry_energy_above_scale", 2021, "million tce", FORUM_2022, r"规模以上工业综合能源消费量([\d.]+)万吨标准煤", 0.01),
    ("industry_energy_intensity_above_scale", 2021, "tce per 10 000 yuan", FORUM_2022, r"规模以上工业单位增加值能耗([\d.]+)吨标准煤/万元", 1),
    ("industry_energy_intensity_change_5yr", 2020, "% change over 2016-2020", FORUM_2022, r"万元工业增加值能耗、用水量累计分别下降([\d.]+)%", -1),
    ("industry_va", 2022, "100 million yuan (current)", OFFICIAL_FILE, r"Industrial value added \(全口径\),2022,([\d.]+),", 1),
    ("nev_stock", 2016, "vehicles", OFFICIAL_FILE, r"transport,NEV stock,2016,(\d+),vehicles", 1),
    ("nev_promoted_cumulative", 2020, "vehicles (mid-year)", OFFICIAL_FILE, r"Cumulative NEVs promoted,mid-2020,(\d+),", 1),
    ("nev_promoted_cumulative", 2021, "vehicles", FORUM_2022, r"累计推广应用新能源汽车([\d.]+)万辆", 10_000),
    ("nev_stock", 2024, "vehicles (October)", OFFICIAL_FILE, r"Oct-2024,>([\d.]+) million;", 1_000_000),
    ("nev_share_of_stock", 2024, "% (October)", OFFICIAL_FILE, r"Oct-2024,>[\d.]+ million; ([\d.]+)%;", 1),
    ("nev_share_of_new_cars", 2023, "%", OFFICIAL_FILE, r"NEV share of new-car sales ([\d.]+)% \(2023\)", 1),
    ("nev_share_of_new_cars", 2024, "% (January-October)", OFFICIAL_FILE, r"NEV share of new cars Jan-Oct 2024 ([\d.]+)%", 1),
    ("motor_vehicle_stock", 2018, "vehicles (more than)", OFFICIAL_FILE, r"Motor vehicle stock,2018,>([\d.]+) million", 1_000_000),
    ("chargers", 2021, "charging piles (more than)", FORUM_2022, r"建成充电桩超过([\d.]+)万个", 10_000),
    ("chargers", 2023, "charging piles", OFFICIAL_FILE, r"Cumulative charging piles; new in 2023,2023,(\d+);", 1),
    ("chargers", 2024, "charging facilities (October, more than)", OFFICIAL_FILE, r"27.4%; >(\d+),vehicles", 1),
    ("rail_length", 2018, "km (metro only)", OFFICIAL_FILE, r"Metro length,2018,(\d+),km", 1),
    ("rail_length", 2021, "km (metro and tram, year-end)", OFFICIAL_FILE, r"\(end-2021\),(\d+),km", 1),
    ("green_building_area", 2012, "million m2 (built and under construction)", OFFICIAL_FILE, r"2012,110 projects / ([\d.]+) Mm2", 1),
    ("green_building_area", 2021, "million m2 (more than)", OFFICIAL_FILE, r"2021,1521 / >([\d.]+) million", 1),
    ("green_building_area", 2022, "million m2 (more than)", GREEN_2023, r"绿色建筑总面积超过([\d.]+)亿平方米", 100),
    ("green_building_added", 2022, "million m2", GREEN_2023, r"新增绿色建筑([\d.]+)万平方米", 0.01),
    ("forest_cover", 2012, "% (about 2012)", OFFICIAL_FILE, r"c.2012,([\d.]+)%; 8.09万ha", 1),
    ("forest_cover", 2017, "% (April)", OFFICIAL_FILE, r"Forest coverage,Apr-2017,([\d.]+),%", 1),
    ("forest_cover", 2018, "%", OFFICIAL_FILE, r"park green per capita,2018,([\d.]+);", 1),
    ("forest_area", 2012, "thousand ha (about 2012)", OFFICIAL_FILE, r"41.48%; ([\d.]+)万ha", 10),
    ("forest_stock", 2012, "million m3 (about 2012)", OFFICIAL_FILE, r"万ha; ([\d.]+)万m3", 0.01),
    ("forest_carbon_stock", 2012, "Mt (about 2012; carbon or CO2 not stated)", OFFICIAL_FILE, r"万m3; ([\d.]+)万t", 0.01),
    ("green_coverage_built_up", 2018, "%", OFFICIAL_FILE, r"2018,40.68; ([\d.]+);", 1),
    ("mangrove_area", 2022, "ha (about 2022, excluding the Shenzhen-Shanwei zone)", OFFICIAL_FILE, r"Mangrove area \(excl. Shenzhen-Shanwei\),c.2022,([\d.]+),ha", 1),
    ("mangrove_planted_14fyp", 2022, "ha (so far)", OFFICIAL_FILE, r"14th FYP planted ([\d.]+) ha", 1),
    ("mangrove_restored_14fyp", 2022, "ha (so far)", OFFICIAL_FILE, r"restored ([\d.]+) ha", 1),
]


def _point(file: Path, pattern: str) -> float:
    text = file.read_text(encoding="utf-8")
    hits = list(re.finditer(pattern, text))
    if len(hits) != 1:
        raise DataError(f"{file}: pattern {pattern!r} matches {len(hits)} times (expected once)")
    return float(next(g for g in hits[0].groups() if g is not None))


def build_shenzhen_points() -> tuple[pd.DataFrame, list[Path]]:
    """Shenzhen point figures quoted in official sources and the press, each traced to its text."""
    rows, inputs = [], []
    for variable, year, unit, file, pattern, scale in POINTS:
        rows.append(dict(region=SHENZHEN, year=year, variable=variable, value=_point(file, pattern) * scale,
                         unit=unit, source=file.parent.name, grade="official_point"))
        if file not in inputs:
            inputs.append(file)
    return _frame(rows), inputs


BUILDERS: dict[str, Callable[[], tuple[pd.DataFrame, list[Path]]]] = {
    "city_co2": build_city_co2,
    "shenzhen_co2_cmcc": build_shenzhen_co2_cmcc,
    "shenzhen_economy": build_shenzhen_economy,
    "shenzhen_population": build_shenzhen_population,
    "guangdong_sector_co2": build_guangdong_sector_co2,
    "shenzhen_points": build_shenzhen_points,
    "china_energy": build_china_energy,
}
assert set(BUILDERS) == set(TABLES), "every table in carbonpeak.data.TABLES needs a builder"

COLUMN_DOCS = {
    "region": "CEADs city name (Shenzhen = 广东深圳), 广东 for Guangdong province, 中国 for China",
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
    from .metadata import raw_files

    for side in sorted(paths.RAW.glob("*/*.meta.yml")):
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
        raise DataError(f"table '{name}' cannot be built from data/raw ({type(exc).__name__}: {one_line(exc)[:300]}); "
                        f"check its raw files, or {RESTORE}") from None
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
        "description": f"Tidy long table built from data/raw by carbonpeak.build.{BUILDERS[name].__name__}.",
        "built_by": f"carbonpeak.build.{BUILDERS[name].__name__} (make data)",
        "inputs": [{"path": str(p.relative_to(paths.ROOT)), "md5": md5sum(p)} for p in inputs],
        "columns": COLUMN_DOCS,
        "grades": sorted(df["grade"].unique()),
        "rows": int(len(df)),
        "md5": md5sum(csv_path),
    }
    (out_dir / f"{name}.csv.meta.yml").write_text(
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    read_series_csv(csv_path)
    return csv_path


def build_all(out_dir: Path | None = None, echo: Callable[[str], None] = print) -> list[Path]:
    """Every table into ``out_dir`` (default data/processed/), all or nothing."""
    out_dir = files.output_folder(out_dir, default=paths.PROCESSED, home=paths.PROCESSED)
    check_raw_files()
    built = {name: build_table(name) for name in TABLES}
    files.prepare_output(out_dir)
    with files.staged(out_dir) as staging:
        for name in TABLES:
            write_table(name, staging, built[name])
    written = [out_dir / f"{name}.csv" for name in TABLES]
    for path in written:
        echo(f"built {path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path}")
    return written
