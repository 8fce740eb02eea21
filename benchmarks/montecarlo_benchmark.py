"""Monte Carlo timing: 10 000 draws x every sector x 2005-2035, in-process. Not a test: it prints figures.

- floor: drawing the assumptions alone (numpy, seeded), the least any simulation must do;
- cold: the first simulation in the process (the NEV diffusion fits per saturation level are computed);
- warm: the same again with those fits cached, plus the peak rule on both boundaries.

Target: under 1 second for one scenario on a 2-core machine. Each figure is the median of --repeat runs.
Usage: python benchmarks/montecarlo_benchmark.py [--draws 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time

from timing import timed

from carbonpeak import montecarlo as mc
from carbonpeak import scenarios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, seed, horizon = args.draws, 20231007, 2035
    baseline = scenarios.load("baseline")

    def simulate_and_peak(s):
        for _ in mc.peak_results([mc.simulate(s, n, seed, horizon)], 5):
            pass

    floor = timed(lambda: scenarios.sample(baseline, mc.DRAWN, n, seed), args.repeat)
    start = time.perf_counter()
    simulate_and_peak(baseline)
    cold = time.perf_counter() - start
    print(f"Monte Carlo, {n} draws x {len(mc.SECTORS)} sectors + imported electricity x 2005-{horizon}")
    print(f"  floor (drawing {len(mc.DRAWN)} assumptions)   {floor:7.3f} s")
    print(f"  baseline, cold (first in process)     {cold:7.3f} s  ({cold / floor:5.1f}x floor)")
    for name in scenarios.available():
        s = scenarios.load(name)
        warm = timed(lambda: simulate_and_peak(s), args.repeat)
        flag = "meets" if warm < 1.0 else "MISSES"
        print(f"  {name:<12} warm + peak rule       {warm:7.3f} s  ({warm / floor:5.1f}x floor; {flag} the 1 s target)")


if __name__ == "__main__":
    main()
