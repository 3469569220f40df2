"""exercises/slides.yaml: the words that stand only on the facilitator's slide deck.

Everything else on the slides comes from the other content files and the notebooks. Any
field here that starts with facilitator_ becomes speaker notes, never a slide's face.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import PositiveInt

from olivia_training.content.base import ContentModel, Ref, Text
from olivia_training.content.loader import ContentError

FILE = "slides.yaml"


class Slide(ContentModel):
    title: Text
    points: list[Text] = []
    facilitator_notes: str = ""


class Background(Slide):
    pages: list[PositiveInt]  # the briefing's pages to quote, in page order
    note: str = ""


class Picture(ContentModel):
    # timeline: the chronology's timeline (chronology.py); referral-route: the route to the
    # Sunrise Complex Safeguarding Team in local_details.yaml.
    id: Literal["timeline", "referral-route"]
    notebook: Annotated[str, Ref("programme")]
    title: Text
    caption: Text


class Model(ContentModel):
    title_note: Text
    content_note: Slide
    background: Background
    questions: Slide
    evaluation: Slide
    close: Slide
    steps_in_the_notebook: Text
    pictures: list[Picture] = []


def extra_checks(model: Model, get):
    try:
        numbers = {p.number for p in get("briefing").model.pages}
    except ContentError:  # reported against briefing.yaml itself
        return
    for i, page in enumerate(model.background.pages):
        if page not in numbers:
            yield ("background", "pages", i), f"the briefing has no page {page}"
