"""The figures behind a run's budget (carbonpeak.runner.budget), measured again: bytes and seconds per cell
of the city model (scenarios x draws x years, with the peak tables and quantiles a chapter makes) and of the
Sobol design, beside the constants the runner estimates with. Not a test: it prints figures.

Memory is what Python allocates (tracemalloc's peak); time is the median of --repeat runs.
Usage: python benchmarks/budget_benchmark.py [--draws 10000] [--sobol-base 256] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools

from timing import timed

from carbonpeak.constants import BASE_YEAR, SEED
from carbonpeak.inputs import scenarios
from carbonpeak.model import core, outcomes, runs, summary, synthesis
from carbonpeak.runner import budget


def monte_carlo(names: list[str], draws: int, horizon: int) -> None:
    ens = runs.run([scenarios.load(n) for n in names], draws, SEED, horizon)
    outcomes.peak_table(ens.results, horizon)
    summary.city_paths(ens, [0.8, 0.95])


def sobol(base: int, horizon: int) -> None:
    synthesis.sobol_indices([scenarios.load("baseline")], "baseline", base, SEED, horizon, 5, 2005, "keep")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--sobol-base", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs.calibration()
    per_cell = 8 * budget.arrays_per_run() * budget.TRANSIENT
    print(f"Estimate: {per_cell:.0f} B a cell ({budget.arrays_per_run()} arrays x 8 B x {budget.TRANSIENT})")
    for names, horizon in ((["baseline"], 2035), (["baseline", "plan", "accelerated"], 2035), (["baseline"], 2060)):
        cells = len(names) * args.draws * (horizon - BASE_YEAR + 1)
        run = functools.partial(monte_carlo, names, args.draws, horizon)
        memory = budget.peak_allocation(run) / cells
        seconds = timed(run, args.repeat)
        print(
            f"  Monte Carlo {len(names)} scenario(s) x {args.draws} draws to {horizon}: {memory:5.0f} B a cell "
            f"(estimate {per_cell:.0f}), {seconds / cells * 1e6:5.2f} us a cell (estimate "
            f"{budget.SECONDS_PER_CELL * 1e6:.2f})"
        )
    cells = args.sobol_base * (len(core.ALL_NAMES) + 2) * (2035 - BASE_YEAR + 1)
    memory = budget.peak_allocation(lambda: sobol(args.sobol_base, 2035)) / cells
    seconds = timed(lambda: sobol(args.sobol_base, 2035), args.repeat)
    print(
        f"  Sobol design, base {args.sobol_base}: {memory:5.0f} B a cell (estimate {per_cell:.0f}), "
        f"{seconds / cells * 1e6:5.2f} us a cell (estimate {budget.SOBOL_SECONDS_PER_CELL * 1e6:.2f})"
    )


if __name__ == "__main__":
    main()
