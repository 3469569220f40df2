"""Notebook 01: the chronology explorer, the briefing's own words, and the two exercises.

The explorer's live widget filters the entries by theme, agency and provenance; its cards,
timeline and "who was involved when" table follow the filters. Its printable rendering
(the handouts) is every entry, the timeline and the table. Facilitator notes reach only
`html(facilitator=True)`: the cards and the participant HTML are drawn from the
chronology DataFrame, which does not hold them.
"""

from __future__ import annotations

from markupsafe import Markup

from olivia_training.content import load
from olivia_training.content.models.chronology import (
    AGENCIES,
    PACK_CAPTIONS,
    STAGE_LABELS,
    STAGES,
    THEMES,
    Captions,
)
from olivia_training.domain import chronology as chron
from olivia_training.html import macro
from olivia_training.printable import FigureBlock, Html
from olivia_training.views.base import ExerciseView
from olivia_training.views.freetext import FreeText

EXPLORER_ID = "chronology-explorer"
ALL = "all"
PROVENANCE_CHOICES = (("All entries", ALL), ("From the briefing", "briefing"),
                      ("Illustrative", "illustrative"))


def timeline_figure(df, captions: Captions = PACK_CAPTIONS) -> FigureBlock:
    """The timeline as printable HTML, with alt text written from the same rows."""
    return FigureBlock(chron.draw_timeline(df, captions.legend), alt=chron.timeline_alt(df),
                       caption=captions.timeline)


def records(df) -> list[dict]:
    """Rows as plain dicts for the templates, with display labels for agencies and themes."""
    out = []
    for row in df.to_dict("records"):
        row["stage"] = str(row["stage"])
        row["agency_labels"] = [chron.agency_label(a) for a in row["agencies"]]
        row["theme_labels"] = [chron.theme_label(t) for t in row["themes"]]
        out.append(row)
    return out


def summary(df, total: int | None = None) -> str:
    """One sentence on what is shown: how many entries, and where they come from."""
    if df.empty:
        return "No entries match these filters."
    briefing = int((df["provenance"] == "briefing").sum())
    illustrative = len(df) - briefing
    count = f"Showing {len(df)} of {total}" if total is not None else str(len(df))
    noun = "entry" if len(df) == 1 and total is None else "entries"
    parts = [f"{briefing} from the briefing"] if briefing else []
    if illustrative:
        parts.append(f"{illustrative} illustrative (written for this training)")
    text = f"{count} {noun}: {' and '.join(parts)}."
    assumptions = int(df["training_assumption"].sum())
    if assumptions:
        text += (f" {assumptions} of the illustrative entries {'is a' if assumptions == 1 else 'are'} "
                 f"training assumption{'' if assumptions == 1 else 's'}: the briefing raises these "
                 "matters for the whole system, but does not say they happened to Olivia.")
    return text


def matrix_html(df) -> str:
    matrix = chron.agency_stage_matrix(df, entries=True)
    rows = [{"agency": chron.agency_label(agency), "cells": list(matrix.loc[agency])}
            for agency in matrix.index]
    return macro("chronology", "matrix", rows=rows, stage_labels=[STAGE_LABELS[s] for s in STAGES])


def cards_html(df, captions: Captions = PACK_CAPTIONS) -> str:
    return macro("chronology", "cards", entries=records(df), stage_note=captions.stage_placed)


class ChronologyExplorer(ExerciseView):
    """Filter Olivia's chronology; see the cards, the timeline and who was involved when."""

    def __init__(self, content=None, store=None):
        super().__init__(EXPLORER_ID, store)
        self.content = content
        self.df = chron.load_chronology(content)
        self.captions = load("chronology", content).captions
        self._figures: dict[tuple[int, ...], str] = {}

    # -- printable ----------------------------------------------------------------------
    def figure_html(self, df) -> str:
        """The timeline for these rows, drawn once per distinct selection."""
        key = tuple(df["number"])
        if key not in self._figures:
            self._figures[key] = timeline_figure(df, self.captions).html()
        return self._figures[key]

    def html(self, facilitator: bool = False) -> str:
        notes = chron.facilitator_notes(self.content) if facilitator else {}
        return macro("chronology", "worksheet", entries=records(self.df), summary=summary(self.df),
                     figure=Markup(self.figure_html(self.df)), matrix=Markup(matrix_html(self.df)),
                     facilitator=facilitator, notes=notes, stage_note=self.captions.stage_placed)

    def plain_text(self) -> str:
        return f"Olivia's chronology. {summary(self.df)}"

    # -- live ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        wide = {"description_width": "initial"}
        present_themes = {t for values in self.df["themes"] for t in values}
        present_agencies = {a for values in self.df["agencies"] for a in values}
        self.provenance = w.ToggleButtons(
            options=list(PROVENANCE_CHOICES), value=ALL, description="Show:", style=wide,
            tooltips=["Every entry", "Only what the briefing says",
                      "Only entries written for this training"])
        self.themes = w.SelectMultiple(
            options=[(chron.theme_label(t), t) for t in THEMES if t in present_themes],
            rows=8, description="Themes:", style=wide, layout=w.Layout(width="26rem"))
        self.agencies = w.SelectMultiple(
            options=[(chron.agency_label(a), a) for a in AGENCIES if a in present_agencies],
            rows=8, description="Agencies:", style=wide, layout=w.Layout(width="26rem"))
        self.clear = w.Button(description="Clear filters", icon="times",
                              tooltip="Show every entry again")
        hint = w.HTML(macro("chronology", "filter_hint"))
        self.summary = w.HTML()
        self.timeline = w.HTML()
        self.matrix = w.HTML()
        self.cards = w.HTML()
        for control in (self.provenance, self.themes, self.agencies):
            control.observe(lambda _change: self.refresh(), names="value")
        self.clear.on_click(lambda _button: self.reset())
        self.refresh()

        def heading(text: str):
            return w.HTML(macro("chronology", "heading", text=text))

        return w.VBox([
            heading("Filter the chronology"),
            self.provenance,
            w.HBox([self.themes, self.agencies], layout=w.Layout(flex_flow="row wrap")),
            hint, self.clear, self.summary,
            heading("Timeline: who was involved when"), self.timeline, self.matrix,
            heading("The entries"), self.cards,
        ], layout=w.Layout(width="100%"))

    def filtered(self):
        return chron.filter_chronology(self.df, themes=list(self.themes.value),
                                       agencies=list(self.agencies.value),
                                       provenance=self.provenance.value)

    def reset(self) -> None:
        self.themes.value = ()
        self.agencies.value = ()
        self.provenance.value = ALL

    def refresh(self) -> None:
        df = self.filtered()
        # The quick parts first: each assignment reaches the page as soon as it is made.
        self.summary.value = macro("chronology", "shown", summary=summary(df, total=len(self.df)))
        self.cards.value = cards_html(df, self.captions)
        self.matrix.value = matrix_html(df)
        self.timeline.value = self.figure_html(df)


def explorer(content=None) -> ChronologyExplorer:
    return ChronologyExplorer(content)


def briefing_words(entry_id: str = "b-coerced", content=None) -> Html:
    """A briefing entry's quote, labelled as the briefing's own words."""
    df = chron.load_chronology(content)
    row = df.loc[df["id"] == entry_id].iloc[0]
    if row["provenance"] != "briefing":
        raise ValueError(f"{entry_id} is not a briefing entry")
    return Html(macro("chronology", "briefing_words", source=row["source"]),
                plain=f"From the briefing: {row['source']}")


def exercise(exercise_id: str, content=None, store=None) -> FreeText:
    """One of the chronology's free-text exercises, from exercises/chronology.yaml."""
    item = load("chronology", content).exercise(exercise_id)
    return FreeText.from_content(item, store=store)
