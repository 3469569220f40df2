"""Building blocks for content models.

Every content file is a pydantic model that forbids unknown fields, so a typo in a
facilitator's edit is caught by `olivia-training check` instead of silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, create_model, model_validator

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


# -- the participant edition (JupyterHub: `olivia-training participant-wheel`) -----------------
# Its content files carry no `facilitator_` field at all. They validate with this context
# key set, and each withheld field reads as WITHHELD, which refuses every use (KeyWithheld),
# so code that needs a key fails loudly instead of giving a participant wrong feedback.
PARTICIPANT_EDITION = "participant_edition"


class KeyWithheld(LookupError):
    """A `facilitator_` field was used in the participant edition, which does not carry it."""


class _Withheld:
    __slots__ = ("field",)

    def __init__(self, field: str):
        self.field = field

    def __repr__(self) -> str:
        return f"<withheld {self.field}>"

    def _refuse(self, *_args, **_kwargs):
        raise KeyWithheld(f"{self.field} is not in the participant edition")

    __bool__ = __iter__ = __len__ = __str__ = __format__ = __getitem__ = __contains__ = _refuse
    # Comparing is using it too: `answer == key` would otherwise be quietly False, and a
    # participant would be told a myth is a fact.
    __eq__ = __ne__ = __hash__ = _refuse

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        self._refuse()


def is_withheld(value: Any) -> bool:
    return isinstance(value, _Withheld)


@cache
def _participant_variant(cls: type) -> type:
    """`cls` with each facilitator_ field optional and WITHHELD: a subclass, so isinstance holds."""
    fields = {n: (Any, _Withheld(n)) for n in cls.model_fields if n.startswith(FACILITATOR_PREFIX)}
    variant = create_model(cls.__name__, __base__=cls, __module__=cls.__module__, **fields)
    variant._olivia_variant = True
    return variant


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _participant_edition(cls, data, handler, info):
        if (not (info.context or {}).get(PARTICIPANT_EDITION) or getattr(cls, "_olivia_variant", False)
                or not any(n.startswith(FACILITATOR_PREFIX) for n in cls.model_fields)):
            return handler(data)
        if isinstance(data, dict):
            stray = sorted(k for k in data if str(k).startswith(FACILITATOR_PREFIX))
            if stray:
                raise ValueError(f"{stray[0]}: the participant edition carries no facilitator_ fields")
        return _participant_variant(cls).model_validate(data, context=info.context)

    def participant_view(self) -> dict:
        """This item as a dict with every `facilitator_` field removed, recursively.

        Views render participant worksheets from this, so keys cannot leak by accident.
        """
        # warnings=False: in the participant edition a withheld field is not of its declared
        # type; it is stripped here anyway.
        return _strip_facilitator(self.model_dump(warnings=False))

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


class FreeTextPrompt(ContentModel):
    """A free-text exercise: the prompt, the lines to leave on paper, a note for facilitators.

    `id` is also the id the participant's answer is saved under, so changing it in an
    adapted copy starts a fresh answer."""

    id: Id
    prompt: Text
    lines: int = 5
    facilitator_note: str = ""


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
