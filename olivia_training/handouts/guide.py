"""The facilitator guide, rendered into the facilitator edition only.

Filled in by the facilitator-guide work; until then there are no guide pages.
"""

from __future__ import annotations

from pathlib import Path

from olivia_training.handouts.site import Page


def build_guide(out: Path, *, content: Path, built: str, attribution: str) -> list[Page]:
    return []
