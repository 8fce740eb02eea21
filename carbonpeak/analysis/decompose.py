"""Kaya identity and additive LMDI decomposition (Ang 2004; LMDI-I, exact and without residual).

For a quantity that is a product of factors, V = x1 * x2 * ... * xn, the change from period 0 to period T
splits exactly into one effect per factor:

    effect_k = L(V_T, V_0) * ln(x_k,T / x_k,0),   L(a, b) = (a - b) / (ln a - ln b),  L(a, a) = a.

For a sum over groups (sectors), effects are summed over the groups. Zeros follow Ang & Liu (2007): the
logarithmic mean with a zero argument is taken as its limit, 0, so a group that is zero in one period
contributes its whole change through a factor that is zero there, and the decomposition stays exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.errors import ModelError


def logmean(a, b):
    """Logarithmic mean, elementwise: L(a, b), with L(a, a) = a and L(a, 0) = L(0, b) = 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if (a < 0).any() or (b < 0).any():
        raise ModelError("LMDI needs non-negative values")
    out = np.zeros(np.broadcast(a, b).shape)
    both = (a > 0) & (b > 0)
    same = both & np.isclose(a, b, rtol=1e-12, atol=0)
    diff = both & ~same
    out[same] = np.broadcast_to(a, out.shape)[same]
    aa, bb = np.broadcast_to(a, out.shape)[diff], np.broadcast_to(b, out.shape)[diff]
    out[diff] = (aa - bb) / (np.log(aa) - np.log(bb))
    return out


def lmdi(start: pd.DataFrame, end: pd.DataFrame) -> pd.Series:
    """Additive LMDI-I effects of each factor (columns) on the change of sum over groups (rows) of the
    product of the factors. Returns one effect per factor; they add up to the change exactly."""
    if list(start.columns) != list(end.columns) or list(start.index) != list(end.index):
        raise ModelError("start and end need the same factors (columns) and groups (rows)")
    x0, x1 = start.to_numpy(dtype=float), end.to_numpy(dtype=float)
    if not (np.isfinite(x0).all() and np.isfinite(x1).all()):
        raise ModelError("LMDI factors must be finite")
    v0, v1 = x0.prod(axis=1), x1.prod(axis=1)
    weight = logmean(v1, v0)
    effects = np.zeros(x0.shape[1])
    for k in range(x0.shape[1]):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((x0[:, k] > 0) & (x1[:, k] > 0), np.log(x1[:, k] / x0[:, k]), 0.0)
        effects[k] = float(np.sum(weight * ratio))
    # a group that vanishes or appears: its whole change goes to the factor that is zero in one period
    for g in np.nonzero((v0 == 0) ^ (v1 == 0))[0]:
        zero_in = x0[g] if v0[g] == 0 else x1[g]
        k = int(np.nonzero(zero_in == 0)[0][0])
        effects[k] += v1[g] - v0[g]
    return pd.Series(effects, index=start.columns, name="effect")


def lmdi_per_draw(total: np.ndarray, factors: dict[str, np.ndarray], i: int, j: int) -> dict[str, np.ndarray]:
    """Additive LMDI-I effects of each factor, draw by draw, on the change of ``total`` from column ``i`` to
    column ``j`` (arrays of draws x years; ``total`` is the product of the factors, a single group). The
    effects of a draw add up to its change exactly; the values in both columns must be positive."""
    ends = [x[:, [i, j]] for x in (total, *factors.values())]
    if any(not (np.isfinite(x).all() and (x > 0).all()) for x in ends):
        raise ModelError("LMDI per draw needs finite, positive totals and factors")
    weight = logmean(total[:, j], total[:, i])
    return {k: weight * np.log(x[:, j] / x[:, i]) for k, x in factors.items()}
