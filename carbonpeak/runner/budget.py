"""What a run will cost, estimated before its kernel starts, and whether its city model stays finite.

Size. A chapter's memory and time grow with the cells of the city model's arrays: scenarios x draws x
years for the Monte Carlo, plus sobol_base x (assumptions + 2) x years for the Sobol design of the
synthesis and answer pages. Each cell holds one float64 in each of the model's output arrays
(``arrays_per_run``, counted on a two-draw run, so a new output is counted by itself); a run's transient
arrays and the peak tables add ``TRANSIENT`` on top. A run whose estimate exceeds ``MEMORY_BUDGET`` or
``TIME_BUDGET`` is refused (exit 2) with the estimate and the parameter to lower. The seconds per cell and
``TRANSIENT`` are measured (``benchmarks/budget_benchmark.py`` measures them again and compares), and
``tests/runner/test_budget.py`` checks that the estimate bounds the memory a run really allocates.

Finite. A scenario file may set its own range for an assumption; one wide enough makes finite values
overflow when they compound (a growth rate of 10^10 a year). Before the kernel starts, every scenario of
the run goes through the model at its extremes -- all assumptions at the bottom or the top of their
ranges, and each one alone at either end -- and a scenario whose CO2, energy or electricity is not finite
there is refused, naming the file and the override.
"""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from carbonpeak.constants import BASE_YEAR
from carbonpeak.errors import BudgetError, ModelError, ParameterError
from carbonpeak.inputs import scenarios as scenario_files
from carbonpeak.model import core, draws, runs

MEMORY_BUDGET = 3 * 2**30  # bytes: what a chapter's kernel may use on a 2-core, 7 GB CI machine
TIME_BUDGET = 20 * 60  # seconds of model and Sobol work per chapter
KERNEL_BYTES = 256 * 2**20  # a kernel with pandas, altair, statsmodels, SALib and the pages loaded (measured 200 MB)
TRANSIENT = 2.0  # peak over held bytes while a scenario runs or the Sobol design is analysed (measured 1.45-1.8)
SECONDS_PER_CELL = 4e-6  # the Monte Carlo with its peak tables and quantiles (measured 1.6-3.4 us a cell)
SOBOL_SECONDS_PER_CELL = 20e-6  # Sobol runs and SALib's bootstrap of the indices (measured 4.6-18 us a cell)
DEFAULT_HORIZON = 2035


@cache
def arrays_per_run() -> int:
    """How many draws x years arrays one scenario's result holds (counted on a two-draw run)."""
    result = runs.run([scenario_files.load("baseline")], 2, 0, BASE_YEAR + 2).results["baseline"]

    def count(item) -> int:
        if isinstance(item, np.ndarray):
            return int(item.ndim == 2 and item.shape[0] == 2)
        if isinstance(item, dict):
            return sum(count(v) for v in item.values())
        if dataclasses.is_dataclass(item):
            return sum(count(getattr(item, f.name)) for f in dataclasses.fields(item))
        return 0

    return count(result)


@dataclass(frozen=True)
class Estimate:
    """A run's size: its model cells, its Sobol cells, and the memory (bytes) and time (seconds) they need."""

    scenarios: int
    draws: int
    years: int
    model_cells: int
    sobol_cells: int

    @property
    def bytes_per_cell(self) -> float:
        return 8 * arrays_per_run() * TRANSIENT

    @property
    def memory(self) -> float:
        return KERNEL_BYTES + self.bytes_per_cell * (self.model_cells + self.sobol_cells)

    @property
    def seconds(self) -> float:
        return SECONDS_PER_CELL * self.model_cells + SOBOL_SECONDS_PER_CELL * self.sobol_cells


def estimate(values: dict) -> Estimate | None:
    """The size of a chapter run with parameters ``values`` (None for a chapter without Monte Carlo draws)."""
    if "draws" not in values:
        return None
    scenarios = len(str(values["scenarios"]).split(",")) if "scenarios" in values else 1
    years = int(values.get("horizon_end", DEFAULT_HORIZON)) - BASE_YEAR + 1
    sobol = int(values["sobol_base"]) * (len(core.ALL_NAMES) + 2) * years if "sobol_base" in values else 0
    return Estimate(scenarios, int(values["draws"]), years, scenarios * int(values["draws"]) * years, sobol)


def peak_allocation(compute: Callable[[], object]) -> int:
    """The most memory ``compute`` holds at once, in bytes (Python's allocator, as tracemalloc counts it): what
    the estimate must bound."""
    tracemalloc.start()
    try:
        compute()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _gb(size: float) -> str:
    return f"{size / 2**30:.1f} GB"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} minutes" if seconds >= 90 else f"{seconds:.0f} s"


def _advice(e: Estimate, values: dict, over_memory: bool) -> str:
    """Which parameter to lower, and to what, for the larger of the two terms."""
    if e.sobol_cells > e.model_cells:
        return "lower sobol_base (a power of 2)"
    if over_memory:
        room = (MEMORY_BUDGET - KERNEL_BYTES) / e.bytes_per_cell - e.sobol_cells
    else:
        room = (TIME_BUDGET - SOBOL_SECONDS_PER_CELL * e.sobol_cells) / SECONDS_PER_CELL
    most = int(max(room, 0) / (e.scenarios * e.years)) // 1000 * 1000
    scenarios = " or the number of scenarios" if "scenarios" in values else ""
    return f"lower draws (at most about {most:,} here){scenarios}, or horizon_end"


def check(chapter: str, values: dict) -> None:
    """Refuse (BudgetError) a run of ``chapter`` with ``values`` whose estimate exceeds the budget, and one
    whose scenarios make the city model overflow."""
    e = estimate(values)
    if e is None:
        return
    size = f"{e.scenarios} scenario(s) x {e.draws:,} draws x {e.years} years"
    if e.sobol_cells:
        size += f", and a Sobol design of {e.sobol_cells // e.years:,} model runs"
    for over, what, limit in (
        (e.memory > MEMORY_BUDGET, f"about {_gb(e.memory)} of memory", f"the budget is {_gb(MEMORY_BUDGET)}"),
        (e.seconds > TIME_BUDGET, f"about {_minutes(e.seconds)}", f"the budget is {_minutes(TIME_BUDGET)}"),
    ):
        if over:
            raise BudgetError(
                f"chapter '{chapter}' would need {what} ({size}); {limit}: "
                f"{_advice(e, values, over_memory='memory' in what)}"
            )
    if "scenarios" in values:
        for item in str(values["scenarios"]).split(","):
            check_finite(scenario_files.load(item.strip()), int(values.get("horizon_end", DEFAULT_HORIZON)))


def _extremes(settings: dict) -> tuple[list[str], dict]:
    """Draw values at the extremes: row 0 every assumption at its low, row 1 at its high, then each one alone
    at its low and its high with the others at their stated values (the split triangular's 0, 1 and 0.5)."""
    names = sorted(settings)
    u = {name: np.full(2 + 2 * len(names), 0.5) for name in names}
    for i, name in enumerate(names):
        u[name][[0, 2 + 2 * i]] = 0.0
        u[name][[1, 3 + 2 * i]] = 1.0
    return names, draws.values(settings, u)


@dataclass(frozen=True)
class _AtExtremes:
    """A scenario whose draws are ``values`` (the extremes): run through ``runs.compute`` like any scenario, so
    the check sees the model exactly as a chapter runs it, with whatever else a run adds to the draws."""

    name: str
    values: dict

    def inputs(self, extra=None):
        return self

    def draw(self, n: int, seed: int) -> dict:
        return self.values


def check_finite(scenario, horizon_end: int) -> None:
    """Refuse a scenario whose ranges make the city model's CO2, energy use or electricity non-finite."""
    names, values = _extremes(scenario.settings())
    rows = len(values[names[0]])
    try:
        with np.errstate(all="ignore"):
            result = runs.compute([_AtExtremes(scenario.name, values)], rows, 0, horizon_end)[scenario.name]
    except ModelError:
        return  # the extremes break a model check the draws may not reach; the run itself reports it
    outputs = [result.territorial, result.imported, result.energy, *result.demand.values(), *result.supply.values()]
    bad = np.zeros(rows, dtype=bool)
    for array in outputs:
        bad |= ~np.isfinite(array).all(axis=1)
    if not bad.any():
        return
    culprits = [name for i, name in enumerate(names) if bad[2 + 2 * i] or bad[3 + 2 * i]]
    alone = bool(culprits)
    if not alone:  # only together: name the override that alone moves the results furthest
        size = np.zeros(rows)
        for array in outputs:
            size = np.maximum(size, np.nanmax(np.abs(np.where(np.isfinite(array), array, 0.0)), axis=1))
        culprits = [max(names, key=lambda n: max(size[2 + 2 * names.index(n)], size[3 + 2 * names.index(n)]))]
    for link in reversed(scenario.chain()):
        hit = [name for name in culprits if name in link.overrides]
        if hit:
            how = "at the ends of its range" if alone else "with the other ranges' ends, its range"
            raise ParameterError(
                f"{link.path}: 'overrides.{hit[0]}' is refused: {how} makes the city model's results "
                f"overflow (become infinite) by {horizon_end}; narrow the range"
            )
    raise ParameterError(
        f"{scenario.path}: the ranges of its overrides together make the city model's results overflow "
        f"(become infinite) by {horizon_end}; narrow them"
    )
