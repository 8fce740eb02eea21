"""The backtest appendix's words: its key findings, the aims its default method is held to, and a method's name
and description in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import accuracy, projections
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings

M = messages.text
ACCURACY_AIM = 0.05  # the default's median MASE at least 5 % below naive's
CALIBRATION_AIM = (0.75, 0.85)  # 80 % intervals covering 75-85 % of outcomes


def method_name(method: str, lang: str) -> str:
    """A method's short name in the page's language (its code in English: naive, mean3, ...)."""
    return M(f"backtest.method.{method}", lang)


def method_label(method: str, lang: str) -> str:
    """A method's description in the page's language (accuracy.LABELS in English)."""
    return M(f"backtest.description.{method}", lang)


def _aims(board: pd.DataFrame) -> tuple[dict, float, float, float]:
    """The headline numbers, the default's gain over naive and the calibration aim's bounds."""
    H = accuracy.headline(board)
    low, high = CALIBRATION_AIM
    return H, 1 - H["best_mase"] / H["naive_mase"], low, high


def key_findings(board: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the appendix finds, in the leaderboard's numbers: the best record, its calibration, and whether the
    default meets the two aims."""
    H, gain, low, high = _aims(board)
    calibrated = low <= H["cal_80"] <= high
    return KeyFindings(
        [
            M(
                "backtest.finding.best",
                lang,
                best=method_label(H["best"], lang),
                mase=H["best_mase"],
                forecasts=H["forecasts"],
                runner_up=method_label(H["runner_up"], lang),
                runner_up_mase=H["runner_up_mase"],
                default=method_name(projections.DEFAULT_METHOD, lang),
            ),
            M("backtest.finding.calibration", lang, **H),
            M(
                "backtest.finding.accuracy",
                lang,
                aim=ACCURACY_AIM,
                mase=H["best_mase"],
                naive=H["naive_mase"],
                gain=gain,
                verdict=M(f"backtest.finding.accuracy_{'met' if gain >= ACCURACY_AIM else 'not_met'}", lang),
            ),
            M(
                "backtest.finding.calibration_aim",
                lang,
                low=low,
                high=high,
                cal_80=H["cal_80"],
                verdict=M(f"backtest.finding.{'met' if calibrated else 'not_met'}", lang),
            ),
        ],
        label=M("common.findings.label", lang),
    )


def aims_markdown(board: pd.DataFrame, lang: str = "en") -> str:
    """The two aims the book set its default method, and whether the record meets them (markdown)."""
    H, gain, low, high = _aims(board)
    return (
        M("backtest.aims.accuracy", lang, mase=H["best_mase"], naive=H["naive_mase"], gain=gain)
        + M(f"backtest.aims.accuracy_{'met' if gain >= ACCURACY_AIM else 'not_met'}", lang)
        + M("backtest.aims.calibration", lang, **H)
        + M(f"backtest.aims.{'met' if low <= H['cal_80'] <= high else 'not_met'}", lang)
    )
