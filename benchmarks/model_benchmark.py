"""City-model timing: 10 000 draws x every sector x 2010-2035 (the hindcast from 2010 to 2024 and the
projection 2019-2035), with the structural discrepancy and the records' deviation, in-process; and the
explorer's grid (every slider setting x 1000 draws). Not a test: it prints figures beside a measured floor.

- floor: drawing every named assumption alone (numpy, seeded), the least any run must do;
- cold: the first run in the process (the base year, the panel's deviation and the level filter are
  estimated from data/);
- warm: a whole run again (draws, projection with the discrepancy, hindcast) plus both peak rules on both
  boundaries.

Target: under 1 second for one scenario on a 2-core machine. Each figure is the median of --repeat runs.
Usage: python benchmarks/model_benchmark.py [--draws 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import time

from timing import timed

from carbonpeak import cache
from carbonpeak.inputs import scenarios
from carbonpeak.model import core, grid, hindcast, outcomes, runs


def whole_run(scenario, n: int, seed: int, horizon: int) -> None:
    result = runs.run([scenario], n, seed, horizon).results[scenario.name]
    hindcast.run(2010, scenario, n, seed, runs.milestones())
    for boundary in outcomes.BOUNDARIES:
        for rule in outcomes.RULES:
            outcomes.apply_rule(result, boundary, rule)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ[cache.ENV] = cache.OFF  # every figure computes: none is a read of the run cache
    n, seed, horizon = args.draws, 20231007, 2035
    baseline = scenarios.load("baseline")
    floor = timed(lambda: baseline.inputs().draw(n, seed), args.repeat)
    start = time.perf_counter()
    whole_run(baseline, n, seed, horizon)
    cold = time.perf_counter() - start
    print(f"City model, {n} draws x {len(core.PARTS)} parts + imported electricity x 2010-{horizon}")
    print(f"  floor (drawing {len(core.ALL_NAMES)} assumptions)   {floor:7.3f} s")
    print(f"  baseline, cold (first in process)      {cold:7.3f} s  ({cold / floor:5.1f}x floor)")
    for name in scenarios.available():
        s = scenarios.load(name)
        warm = timed(lambda s=s: whole_run(s, n, seed, horizon), args.repeat)
        flag = "meets" if warm < 1.0 else "MISSES"
        print(
            f"  {name:<12} warm, whole run + rules  {warm:7.3f} s  ({warm / floor:5.1f}x floor; {flag} the 1 s target)"
        )
    start = time.perf_counter()
    g = grid.compute("baseline", 1000, seed, horizon)
    took = time.perf_counter() - start
    per_setting = took / len(g.positions)
    print(
        f"  explorer grid, {len(g.positions)} settings x 1000 draws  {took:7.1f} s  "
        f"({per_setting * 1000:.0f} ms a setting; {per_setting / (floor / 10):5.1f}x the floor of 1000 draws)"
    )


if __name__ == "__main__":
    main()
