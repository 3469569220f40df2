"""exercises/sources.yaml: the bibliography every notebook's "Sources" section draws on."""

from __future__ import annotations

from olivia_training.content.base import ContentModel, Id, Text

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
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)
