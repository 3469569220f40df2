"""How the reports write numbers, shared by the cohort report's tables and the charts' alt text.

Its own module so that `charts` and `cohort` both depend on it instead of on each other.
"""

from __future__ import annotations


def fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "no ratings"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace("-", "\u2212")  # a real minus sign reads better, and aloud
