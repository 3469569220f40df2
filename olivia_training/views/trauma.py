"""Notebook 03's exercises: the definition and principles, scenario cards, the rewrite.

Each function is a one-line call for the notebook and returns a Printable: a live widget
in JupyterLab, a worksheet in the handouts. Participant worksheets are rendered from
`participant_view()` data, so no `facilitator_` field can reach them.
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.domain import trauma as logic
from olivia_training.html import macro
from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
from olivia_training.printable import Html
from olivia_training.views.aces import short_cite
from olivia_training.views.base import ExerciseView
from olivia_training.views.freetext import FreeText


def _cite(source_id: str, content=None) -> tuple[str, str]:
    source = load("sources", content).get(source_id)
    return short_cite(source), source.title


# -- the definition, the principles, the four Rs --------------------------------------------

def definition(content=None) -> Html:
    model = load("trauma", content)
    cite, title = _cite(model.definition.source, content)
    return Html(macro("trauma", "definition", definition=model.definition, cite=cite, title=title),
                plain=model.definition.quote)


def principles(content=None) -> Html:
    model = load("trauma", content)
    cite, _ = _cite(model.definition.source, content)
    return Html(macro("trauma", "principles", principles=model.principles, cite=cite),
                plain="\n".join(p.name for p in model.principles))


def four_rs(content=None) -> Html:
    model = load("trauma", content)
    cite, _ = _cite("samhsa-2014", content)
    return Html(macro("trauma", "four_rs", four_rs=model.four_rs, cite=cite,
                      samhsa_principles=model.samhsa_principles),
                plain="\n".join(r.name for r in model.four_rs))


# -- exercise: scenario cards --------------------------------------------------------------

class ScenarioCards(ExerciseView):
    """Choose a response on each card; the debrief says what each honours and breaks."""

    def __init__(self, content=None, store=None):
        self.model = load("trauma", content)
        self.names = self.model.principle_names()
        chronology = load("chronology", content)
        # Each card's training-assumption label, derived from the entries it is set at.
        self.assumption = {
            s.id: TRAINING_ASSUMPTION_LABEL if chronology.rests_on_assumption(s.chronology) else ""
            for s in self.model.scenarios}
        super().__init__(self.model.scenarios_id, store)

    def _card(self, scenario, facilitator: bool) -> dict:
        card = scenario.for_edition(facilitator)
        card["assumption"] = self.assumption[scenario.id]
        return card

    def html(self, facilitator: bool = False) -> str:
        cards = []
        for scenario in self.model.scenarios:
            card = self._card(scenario, facilitator)
            card["debrief"] = logic.debrief(scenario, None, self.names)
            if facilitator:
                card["best"] = next(r.id for r in scenario.responses if r.facilitator_best)
                card["discussion"] = scenario.facilitator_discussion
            cards.append(card)
        return macro("trauma", "scenarios", cards=cards, facilitator=facilitator)

    def plain_text(self) -> str:
        return f"Exercise: {len(self.model.scenarios)} scenario cards"

    def debrief_html(self, scenario_id: str, chosen: str) -> str:
        scenario = self.model.scenario(scenario_id)
        return macro("trauma", "debrief", advice=logic.choice_feedback(scenario, chosen, self.names),
                     items=logic.debrief(scenario, chosen, self.names))

    def current(self) -> dict[str, str]:
        return {sid: radio.value for sid, radio in self.radios.items() if radio.value is not None}

    def _save(self, scenario_id: str) -> None:
        self.save(self.current(), item=self.card_status[scenario_id])

    def _show(self, scenario_id: str) -> None:
        chosen = self.radios[scenario_id].value
        if chosen is None:
            self.debriefs[scenario_id].value = macro("trauma", "choose_first")
            return
        self._save(scenario_id)
        self.debriefs[scenario_id].value = self.keyed_feedback(lambda: self.debrief_html(scenario_id, chosen))

    def _radio(self, scenario, chosen):
        import ipywidgets as w

        options = [(f"{logic.letter(i)}. {r.text}", r.id) for i, r in enumerate(scenario.responses)]
        radio = w.RadioButtons(options=options,
                               value=chosen if chosen in {r.id for r in scenario.responses} else None,
                               description="", layout=w.Layout(width="100%"))
        radio.add_class("olivia-response-choices")
        radio.observe(lambda _change: self._save(scenario.id), names="value")
        self.radios[scenario.id] = radio
        return radio

    def build(self):
        saved = self.saved(dict)
        self.radios = {}
        items = [(scenario.id,
                  macro("trauma", "card", card=self._card(scenario, False), number=number),
                  self._radio(scenario, saved.get(scenario.id)))
                 for number, scenario in enumerate(self.model.scenarios, start=1)]
        box, self.card_status, self.debriefs = self.item_cards(
            items, label=lambda n: f"Show the debrief for card {n}", icon="comments",
            tooltip="See what each response honours and breaks", on_click=self._show, saved=saved)
        return box


def scenario_cards(content=None, store=None) -> ScenarioCards:
    return ScenarioCards(content, store)


# -- exercise: rewrite the response ---------------------------------------------------------

REWRITE_LINES = 8  # a few sentences spoken to Olivia


class Rewrite(ExerciseView):
    def __init__(self, content=None, store=None):
        self.model = load("trauma", content)
        self.rewrite = self.model.rewrite
        super().__init__(self.rewrite.id, store)

    def html(self, facilitator: bool = False) -> str:
        data = self.rewrite.for_edition(facilitator)
        return macro("trauma", "rewrite", rewrite=data, facilitator=facilitator, lines=REWRITE_LINES,
                     model_answer=self.rewrite.facilitator_model_answer if facilitator else "",
                     note=self.rewrite.facilitator_note if facilitator else "")

    def plain_text(self) -> str:
        return f"Exercise: rewrite the response ({self.rewrite.title})"

    def feedback_html(self, text: str) -> str:
        coaching = logic.rewrite_feedback(text, self.rewrite.checks, self.rewrite.poor_response)
        return macro("trauma", "feedback", advice=coaching)

    def _check(self) -> None:
        self.save(self.text.value)
        self.feedback.value = self.feedback_html(self.text.value)

    def build(self):
        import ipywidgets as w

        saved = self.saved(str)
        header = w.HTML(macro("trauma", "rewrite_intro", rewrite=self.rewrite.participant_view()))
        self.text = self.answer_box(
            saved, lines=REWRITE_LINES, on_change=lambda: self.save(self.text.value),
            placeholder="Write what you would say to Olivia. It saves when you click away from "
                        "the box, or press the button.")
        button = self.save_button(self._check, description="Save and check my rewrite",
                                  icon="check",
                                  tooltip="Save, then see coaching against the six principles")
        self.feedback = w.HTML()
        if saved:
            self.show_saved_earlier()
        return w.VBox([header, self.text, self.save_row(button), self.feedback],
                      layout=w.Layout(width="100%"))


def rewrite(content=None, store=None) -> Rewrite:
    return Rewrite(content, store)


def reflection(reflection_id: str, content=None, store=None) -> FreeText:
    item = load("trauma", content).reflection(reflection_id)
    return FreeText.from_content(item, store=store)
