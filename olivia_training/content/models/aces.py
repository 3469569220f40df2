"""exercises/aces.yaml: Adverse Childhood Experiences (ACEs) as a lens, never as a score.

Holds the ten ACE categories (with their sources), the wider adversities the original
study left out, the "spot the ACEs" set over Olivia's chronology (its key is
facilitator-only), the rows of the "adversity across childhood" strip plot, the
two-children-same-count exercise and the protective factors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from olivia_training.content.base import ContentModel, FreeTextPrompt, Id, Ref, Text, by_id
from olivia_training.content.models.chronology import Theme

FILE = "aces.yaml"
ORIGINAL_COUNT = 10


class Category(ContentModel):
    """One of the ten categories of the ACE Study's later, ten-item list."""

    id: Id
    name: Text
    group: Literal["abuse", "neglect", "household"]
    description: Text
    in_1998_paper: bool
    original_wording: str = ""
    sources: Annotated[list[str], Ref("sources")]


class WiderAdversity(ContentModel):
    """An adversity beyond the original study's categories (always labelled so)."""

    id: Id
    name: Text
    description: Text
    sources: Annotated[list[str], Ref("sources")] = []


class KeyItem(ContentModel):
    """One point of the key. Any one of `categories` agrees with it (e.g. either neglect)."""

    categories: list[Id]
    reason: Text


class AddedReason(ContentModel):
    """Why the key leaves out a category that participants often add."""

    category: Id
    reason: Text


class SpotItem(ContentModel):
    entry: Annotated[str, Ref("chronology")]
    facilitator_key: list[KeyItem] = []
    # When the key is empty: why this entry has no category.
    facilitator_empty_reason: str = ""
    facilitator_added: list[AddedReason] = []


# The defaults of fields added after the first release are the pack's own words, so an
# adapted copy written before them still validates and reads the same.
GENERIC_ADDED_REASON = (
    "The key does not tag this here. If something in the entry points to it, say what in the "
    "discussion: the key is a starting point, not the last word."
)
STRIP_CAPTION = ("Each marker is one chronology entry whose themes link to an ACE category. Grey "
                 "rows marked \"(no entry)\" are categories the records are silent on. The plot "
                 "shows where the records speak; it is not a count of harm and predicts nothing.")


class Spot(ContentModel):
    id: Id
    instruction: Text
    items: list[SpotItem]
    facilitator_discussion: str = ""
    # Feedback on a tag the key neither has nor explains in `facilitator_added`.
    generic_added_reason: Text = GENERIC_ADDED_REASON


class StripRow(ContentModel):
    """A row of the strip plot: the chronology entries whose themes (or ids) show it."""

    id: Id
    label: Text
    categories: list[Id]
    themes: list[Theme] = []
    entries: Annotated[list[str], Ref("chronology")] = []


class Child(ContentModel):
    """An invented child for the same-count exercise: not Olivia, not a real child."""

    id: Id
    name: Text
    age: Text
    provenance: Literal["illustrative"]
    categories: list[Id]
    life: list[Text]
    around: list[Text]


class Prompt(ContentModel):
    id: Id
    text: Text
    lines: int = 4


class SameCount(ContentModel):
    id: Id
    instruction: Text
    children: list[Child]
    prompts: list[Prompt]
    facilitator_discussion: str = ""


class ProtectiveFactor(ContentModel):
    id: Id
    name: Text
    question: Text


class Reflection(FreeTextPrompt):
    """A reflection at the end of notebook 02."""


class Model(ContentModel):
    categories: list[Category]
    wider: list[WiderAdversity]
    spot: Spot
    strip_rows: list[StripRow]
    same_count: SameCount
    protective_factors: list[ProtectiveFactor]
    reflections: list[Reflection]
    strip_caption: Text = STRIP_CAPTION

    def names(self) -> dict[str, str]:
        """Category and wider-adversity id -> name, in list order."""
        return {c.id: c.name for c in [*self.categories, *self.wider]}

    def is_wider(self, category_id: str) -> bool:
        return any(w.id == category_id for w in self.wider)

    def reflection(self, reflection_id: str) -> Reflection:
        return by_id(self.reflections, reflection_id, "reflection")


def extra_checks(model: Model, get):
    if len(model.categories) != ORIGINAL_COUNT:
        yield (("categories",),
               f"the ACE list has {ORIGINAL_COUNT} categories, not {len(model.categories)}; "
               "put any other adversity under 'wider'")
    known = model.names()
    ten = {c.id for c in model.categories}
    for i, wider in enumerate(model.wider):
        if wider.id in ten:
            yield ("wider", i, "id"), f"'{wider.id}' is already one of the ten categories"

    def unknown(category_id: str) -> str:
        return f"'{category_id}' is not a category or wider adversity in aces.yaml"

    seen_entries: dict[str, int] = {}
    for i, item in enumerate(model.spot.items):
        loc = ("spot", "items", i)
        if item.entry in seen_entries:
            yield (*loc, "entry"), (f"entry '{item.entry}' is already in the set "
                                    f"(spot.items[{seen_entries[item.entry]}])")
        seen_entries.setdefault(item.entry, i)
        keyed: set[str] = set()
        for k, key in enumerate(item.facilitator_key):
            if not key.categories:
                yield (*loc, "facilitator_key", k, "categories"), "must not be empty"
            for c, category in enumerate(key.categories):
                if category not in known:
                    yield (*loc, "facilitator_key", k, "categories", c), unknown(category)
                elif category in keyed:
                    yield ((*loc, "facilitator_key", k, "categories", c),
                           f"'{category}' is in this entry's key twice")
                keyed.add(category)
        if not item.facilitator_key and not item.facilitator_empty_reason.strip():
            yield ((*loc, "facilitator_empty_reason"),
                   "an entry with no category in its key needs a one-line reason why")
        for a, added in enumerate(item.facilitator_added):
            if added.category not in known:
                yield (*loc, "facilitator_added", a, "category"), unknown(added.category)
            elif added.category in keyed:
                yield ((*loc, "facilitator_added", a, "category"),
                       f"'{added.category}' is in the key, so it cannot also be an added tag")

    for r, row in enumerate(model.strip_rows):
        if not row.categories:
            yield ("strip_rows", r, "categories"), "must not be empty"
        for c, category in enumerate(row.categories):
            if category not in known:
                yield ("strip_rows", r, "categories", c), unknown(category)
        if not row.themes and not row.entries:
            yield ("strip_rows", r), "a row needs themes or entries to draw from"

    counts = []
    for i, child in enumerate(model.same_count.children):
        for c, category in enumerate(child.categories):
            if category not in ten:
                yield (("same_count", "children", i, "categories", c),
                       f"'{category}' is not one of the ten categories (the count is of the ten)")
        if len(set(child.categories)) != len(child.categories):
            yield ("same_count", "children", i, "categories"), "a category is listed twice"
        counts.append(len(child.categories))
    if len(counts) < 2:
        yield ("same_count", "children"), "the exercise needs at least two children"
    elif len(set(counts)) > 1:
        listed = ", ".join(f"{c.id} has {n}" for c, n in zip(model.same_count.children, counts,
                                                             strict=True))
        yield ("same_count", "children"), f"the children must have the same count ({listed})"
