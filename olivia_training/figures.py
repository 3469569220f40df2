"""Matplotlib helpers shared by the domain and the reports: the palette and a new figure.

Draw on a `matplotlib.figure.Figure` (no pyplot, so nothing else displays it). To show one,
wrap it in `olivia_training.printable.FigureBlock(fig, alt=...)` in a view or report: the alt
text should be generated from the data that drew the figure, so it says what the picture
says. This module imports nothing from the pack, so the domain may use it.
"""

from __future__ import annotations

import base64
import io

# Okabe-Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def new_figure(width: float = 8.0, height: float = 4.0):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def png_base64(fig, dpi: int = 110) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
