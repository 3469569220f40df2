"""Figures with real alt text, as printable HTML.

Draw on a `matplotlib.figure.Figure` (no pyplot, so nothing else displays it), then wrap it
in `FigureBlock(fig, alt=...)`. The alt text should be generated from the data that drew the
figure, so it says what the picture says.
"""

from __future__ import annotations

import base64
import io

from markupsafe import Markup, escape

from olivia_training.printable import Printable

# Okabe-Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def new_figure(width: float = 8.0, height: float = 4.0):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def png_base64(fig, dpi: int = 110) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


class FigureBlock(Printable):
    def __init__(self, fig, alt: str, caption: str = "", long_description: str = ""):
        if not alt.strip():
            raise ValueError("a figure needs alt text")
        self.alt = alt
        self.caption = caption
        self.long_description = long_description
        self._png = png_base64(fig)

    def html(self, facilitator: bool = False) -> str:
        parts = [Markup('<figure class="olivia-figure"><img src="data:image/png;base64,{}" alt="{}">')
                 .format(self._png, self.alt)]
        if self.caption:
            parts.append(Markup("<figcaption>{}</figcaption>").format(self.caption))
        parts.append(Markup("</figure>"))
        if self.long_description:
            # Visible, not folded away: it must print too.
            parts.append(Markup('<p class="olivia-small"><strong>Text description:</strong> {}</p>')
                         .format(self.long_description))
        return str(Markup("").join(parts))

    def plain_text(self) -> str:
        return f"Figure: {escape(self.alt)}"
