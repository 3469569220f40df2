"""Anything a notebook displays that must also print: one HTML for each edition.

`_repr_mimebundle_` gives the participant HTML as `text/html`. During a handout build
(OLIVIA_BUILD=1) it adds the facilitator HTML under its own MIME type, which the build
promotes in the facilitator edition and deletes from the participant edition. Live
notebooks never carry facilitator material in their outputs.
"""

from __future__ import annotations

import os

from markupsafe import Markup, escape

from olivia_training.figures import png_base64
from olivia_training.html import pack_css

FACILITATOR_MIME = "application/vnd.olivia.facilitator+html"
BUILD_ENV = "OLIVIA_BUILD"


def building() -> bool:
    return os.environ.get(BUILD_ENV) == "1"


class Printable:
    def html(self, facilitator: bool = False) -> str:
        raise NotImplementedError

    def plain_text(self) -> str:
        return type(self).__name__

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": self.plain_text(), "text/html": self.html(False)}
        if building():
            data[FACILITATOR_MIME] = self.html(True)
        return data


class Html(Printable):
    def __init__(self, participant: str, facilitator: str | None = None, plain: str = ""):
        self._participant = participant
        self._facilitator = participant if facilitator is None else facilitator
        self._plain = plain or "(formatted content)"

    def html(self, facilitator: bool = False) -> str:
        return self._facilitator if facilitator else self._participant

    def plain_text(self) -> str:
        return self._plain


class Style(Printable):
    """The pack's stylesheet, for JupyterLab. Handouts inline it in their template."""

    def html(self, facilitator: bool = False) -> str:
        return f"<style>{pack_css()}</style>"

    def plain_text(self) -> str:
        return ""


class FigureBlock(Printable):
    """A matplotlib figure as printable HTML, with required alt text (see figures.py)."""

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
