"""exercises/briefing.yaml: the published learning briefing, verbatim, in page order."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from olivia_training.content.base import ContentModel, Text

FILE = "briefing.yaml"


class Block(ContentModel):
    kind: Literal["paragraph", "bullets"]
    text: str = ""
    items: list[Text] = []

    @model_validator(mode="after")
    def _one_shape(self):
        if self.kind == "paragraph" and (not self.text or self.items):
            raise ValueError("a paragraph has text and no items")
        if self.kind == "bullets" and (not self.items or self.text):
            raise ValueError("a bullet list has items and no text")
        return self

    def plain(self) -> str:
        return self.text if self.kind == "paragraph" else "\n".join(self.items)


class Page(ContentModel):
    number: int
    heading: Text
    blocks: list[Block]


class Model(ContentModel):
    title: Text
    subtitle: Text
    publisher: Text
    attribution: Text
    page_order_note: str = ""
    pages: list[Page]

    def full_text(self) -> str:
        parts = [self.title, self.subtitle]
        for page in sorted(self.pages, key=lambda p: p.number):
            parts.append(page.heading)
            parts.extend(block.plain() for block in page.blocks)
        return "\n\n".join(parts)


def extra_checks(model: Model, get):
    numbers = [p.number for p in model.pages]
    for i, n in enumerate(numbers):
        if numbers.count(n) > 1:
            yield ("pages", i, "number"), f"page {n} appears more than once"
