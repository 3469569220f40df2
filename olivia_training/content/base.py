"""Building blocks for content models.

Every content file is a pydantic model that forbids unknown fields, so a typo in a
facilitator's edit is caught by `olivia-training check` instead of silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
ProvenanceKind = Literal["briefing", "illustrative"]

FACILITATOR_PREFIX = "facilitator_"


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value(s) must be an id defined in another content file.

    `target` is the file stem, e.g. Ref("chronology"); the check collects every `id`
    found anywhere in that file.
    """

    target: str


def by_id(items, item_id: str, what: str):
    """The item with this id; a KeyError that names the known ids otherwise."""
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(item.id for item in items)
    raise KeyError(f"no {what} {item_id!r}; known: {known}")


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def participant_view(self) -> dict:
        """This item as a dict with every `facilitator_` field removed, recursively.

        Views render participant worksheets from this, so keys cannot leak by accident.
        """
        return _strip_facilitator(self.model_dump())

    def for_edition(self, facilitator: bool) -> dict:
        """This item's data for one edition: everything for the facilitator, and the
        `participant_view()` (no `facilitator_` field) for everyone else."""
        return self.model_dump() if facilitator else self.participant_view()


def _strip_facilitator(value):
    if isinstance(value, dict):
        return {
            k: _strip_facilitator(v)
            for k, v in value.items()
            if not k.startswith(FACILITATOR_PREFIX)
        }
    if isinstance(value, list):
        return [_strip_facilitator(v) for v in value]
    return value


class Provenanced(ContentModel):
    """An item that speaks about Olivia: either quoted from the briefing or illustrative.

    A `briefing` item carries a `source` quote that must stand verbatim in the briefing;
    the check enforces it (see content/checks.py).
    """

    provenance: ProvenanceKind
    source: str = ""

    @property
    def is_illustrative(self) -> bool:
        return self.provenance == "illustrative"
