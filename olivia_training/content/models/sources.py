"""exercises/sources.yaml: the bibliography every notebook's "Sources" section draws on."""

from __future__ import annotations

from olivia_training.content.base import ContentModel, Id, Text, by_id

FILE = "sources.yaml"


class Source(ContentModel):
    id: Id
    author: Text
    year: Text
    title: Text
    published: Text
    note: str = ""

    def citation(self) -> str:
        return f"{self.author} ({self.year})"


class Model(ContentModel):
    sources: list[Source]

    def get(self, source_id: str) -> Source:
        return by_id(self.sources, source_id, "source")
