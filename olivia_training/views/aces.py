"""Notebook 02's exercises: the ACE categories, spot the ACEs, the strip plot, same count.

Each function is a one-line call for the notebook and returns a Printable: a live widget
in JupyterLab, a worksheet in the handouts. Participant worksheets are rendered from
`participant_view()` data, so no `facilitator_` field can reach them.
"""

from __future__ import annotations

import re

from olivia_training.content import load
from olivia_training.content.models.aces import STRIP_CAPTION
from olivia_training.domain import aces as logic
from olivia_training.html import macro
from olivia_training.printable import FigureBlock, Html
from olivia_training.views.base import ExerciseView
from olivia_training.views.freetext import FreeText

_SURNAME_INITIALS = re.compile(r"^([A-Z][\w'-]+) [A-Z]{1,3}\b")


def short_cite(source) -> str:
    """'Felitti et al., 1998' for a paper; the publisher's name for an organisation."""
    match = _SURNAME_INITIALS.match(source.author)
    if not match:
        return f"{source.author}, {source.year}"
    return f"{match.group(1)}{' et al.' if ',' in source.author else ''}, {source.year}"


def _cites(ids, sources) -> str:
    return "; ".join(short_cite(sources.get(i)) for i in ids)


def _stage_label(entry) -> str:
    from olivia_training.content.models.chronology import STAGE_LABELS

    return STAGE_LABELS[entry.stage]


def _entry_data(entry, facilitator: bool) -> dict:
    data = entry.for_edition(facilitator)
    data["stage_source"] = entry.stage_source
    return data


def _tick_names(model) -> list[str]:
    return [c.name for c in model.categories] + [f"{w.name} (wider adversity)" for w in model.wider]


# -- the categories ------------------------------------------------------------------------

def categories(content=None) -> Html:
    """The ten categories with their sources, then the wider adversities, marked as such."""
    model = load("aces", content)
    sources = load("sources", content)
    cats = [{**c.model_dump(), "cites": _cites(c.sources, sources)} for c in model.categories]
    wider = [{**w.model_dump(), "cites": _cites(w.sources, sources)} for w in model.wider]
    plain = "\n".join(c.name for c in model.categories)
    return Html(macro("aces", "categories", categories=cats, wider=wider),
                plain=plain)


# -- exercise: spot the ACEs ----------------------------------------------------------------

class SpotTheAces(ExerciseView):
    """Tick the categories seen in each chronology entry; feedback compares with the key."""

    def __init__(self, content=None, store=None):
        self.model = load("aces", content)
        chronology = load("chronology", content)
        self.entries = {e.id: e for e in chronology.entries}
        self.names = self.model.names()
        super().__init__(self.model.spot.id, store)

    # -- worksheet ------------------------------------------------------------------------
    def html(self, facilitator: bool = False) -> str:
        spot = self.model.spot
        items = []
        for item in spot.items:
            entry = self.entries[item.entry]
            row = {"entry": _entry_data(entry, facilitator), "stage_label": _stage_label(entry)}
            if facilitator:
                comparison = logic.compare_item(item, [], self.names)
                row["key"] = [{"label": t.label, "reason": t.reason} for t in comparison.missed]
                row["empty_reason"] = item.facilitator_empty_reason
                row["added"] = [{"label": self.names[a.category], "reason": a.reason}
                                for a in item.facilitator_added]
            items.append(row)
        return macro("aces", "spot", instruction=spot.instruction, items=items,
                     tick_names=_tick_names(self.model), facilitator=facilitator,
                     discussion=spot.facilitator_discussion if facilitator else "")

    def plain_text(self) -> str:
        return f"Exercise: spot the ACEs in {len(self.model.spot.items)} chronology entries"

    # -- live widget ----------------------------------------------------------------------
    def current(self) -> dict[str, list[str]]:
        return {entry_id: [c for c, box in boxes.items() if box.value]
                for entry_id, boxes in self.boxes.items()}

    def feedback_html(self, entry_id: str, tags) -> str:
        item = next(i for i in self.model.spot.items if i.entry == entry_id)
        comparison = logic.compare_item(item, tags, self.names, self.model.spot.generic_added_reason)
        return macro("aces", "feedback", advice=logic.coaching(comparison))

    def _save(self, entry_id: str) -> None:
        self.save(self.current(), item=self.entry_status[entry_id])

    def _check(self, entry_id: str) -> None:
        self._save(entry_id)
        tags = self.current()[entry_id]
        self.feedback[entry_id].value = self.keyed_feedback(lambda: self.feedback_html(entry_id, tags))

    def _tag_grid(self, entry_id: str, chosen: set[str]):
        """The categories as tick boxes, column by column as on the printed worksheet (tab
        order follows the list)."""
        import ipywidgets as w

        boxes = {}
        for category_id, label in zip(self.names, _tick_names(self.model), strict=True):
            box = w.Checkbox(value=category_id in chosen, description=label, indent=False,
                             layout=w.Layout(width="auto"))
            box.observe(lambda _change: self._save(entry_id), names="value")
            boxes[category_id] = box
        self.boxes[entry_id] = boxes
        rows = (len(boxes) + 1) // 2
        grid = w.GridBox(list(boxes.values()),
                         layout=w.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))",
                                         grid_template_rows=f"repeat({rows}, auto)",
                                         grid_auto_flow="column", width="100%"))
        grid.add_class("olivia-ace-tags")
        return grid

    def build(self):
        import ipywidgets as w

        saved = self.saved(dict)
        self.boxes: dict[str, dict] = {}
        items = []
        for number, item in enumerate(self.model.spot.items, start=1):
            entry = self.entries[item.entry]
            header = macro("aces", "entry", entry=_entry_data(entry, False),
                           number=number, stage_label=_stage_label(entry))
            items.append((item.entry, header, self._tag_grid(item.entry, set(saved.get(item.entry, [])))))
        intro = w.HTML(macro("aces", "intro", instruction=self.model.spot.instruction))
        box, self.entry_status, self.feedback = self.item_cards(
            items, label=lambda n: f"Check my tags for entry {n}", icon="check",
            tooltip="Compare your tags with the facilitator's key", on_click=self._check,
            saved=saved, intro=[intro])
        return box


def spot_the_aces(content=None, store=None) -> SpotTheAces:
    return SpotTheAces(content, store)


# -- the strip plot -------------------------------------------------------------------------

def strip_plot(content=None):
    """Adversity across Olivia's childhood, by life stage, with alt text from the data."""
    model = load("aces", content)
    return strip_block(logic.strip_data(load("chronology", content), model), model.strip_caption)


def strip_block(data: logic.StripData, caption: str = STRIP_CAPTION) -> FigureBlock:
    """The strip plot as a printable figure, with alt text and a long description."""
    return FigureBlock(logic.strip_figure(data), alt=logic.strip_alt_text(data),
                       caption=caption, long_description=logic.strip_description(data))


# -- exercise: two children, the same count ------------------------------------------------

class SameCount(ExerciseView):
    def __init__(self, content=None, store=None):
        self.model = load("aces", content)
        super().__init__(self.model.same_count.id, store)

    def _children(self) -> list[dict]:
        names = self.model.names()
        out = []
        for child in self.model.same_count.children:
            listed = [names[c] for c in child.categories]
            listed = listed[:1] + [logic.lower_first(n) for n in listed[1:]]
            out.append({**child.model_dump(), "category_names": listed})
        return out

    def html(self, facilitator: bool = False) -> str:
        exercise = self.model.same_count
        return macro("aces", "same_count", instruction=exercise.instruction,
                     children=self._children(), prompts=exercise.prompts,
                     facilitator=facilitator,
                     discussion=exercise.facilitator_discussion if facilitator else "")

    def plain_text(self) -> str:
        return "Exercise: two children, the same count"

    def build(self):
        import ipywidgets as w

        exercise = self.model.same_count
        saved = self.saved(dict)
        header = w.HTML(macro("aces", "children", instruction=exercise.instruction,
                              children=self._children()))
        self.texts = {}
        rows = [header]
        for prompt in exercise.prompts:
            label = w.HTML(macro("macros", "prompt", text=prompt.text))
            text = self.answer_box(str(saved.get(prompt.id, "")), lines=prompt.lines,
                                   on_change=self._save)
            self.texts[prompt.id] = text
            rows += [label, text]
        if saved:
            self.show_saved_earlier()
        rows.append(self.save_row(self.save_button(self._save, tooltip="Save your answers")))
        return w.VBox(rows, layout=w.Layout(width="100%"))

    def _save(self) -> None:
        self.save({k: t.value for k, t in self.texts.items()})


def same_count(content=None, store=None) -> SameCount:
    return SameCount(content, store)


# -- protective factors --------------------------------------------------------------------

def protective_factors(content=None) -> Html:
    model = load("aces", content)
    return Html(macro("aces", "protective", factors=model.protective_factors),
                plain="\n".join(f.name for f in model.protective_factors))


def reflection(reflection_id: str, content=None, store=None) -> FreeText:
    item = load("aces", content).reflection(reflection_id)
    return FreeText.from_content(item, store=store)
