"""Notebook 03's exercises: the definition and principles, scenario cards, the rewrite.

Each function is a one-line call for the notebook and returns a Printable: a live widget
in JupyterLab, a worksheet in the handouts. Participant worksheets are rendered from
`participant_view()` data, so no `facilitator_` field can reach them.
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.domain import trauma as logic
from olivia_training.html import render
from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
from olivia_training.printable import Html
from olivia_training.views.aces import short_cite
from olivia_training.views.base import SAVED_EARLIER, ExerciseView
from olivia_training.views.freetext import FreeText


def _cite(source_id: str, content=None) -> tuple[str, str]:
    source = load("sources", content).get(source_id)
    return short_cite(source), source.title


# -- the definition, the principles, the four Rs --------------------------------------------

def definition(content=None) -> Html:
    model = load("trauma", content)
    cite, title = _cite(model.definition.source, content)
    return Html(render("fragments/trauma_definition.html.j2", definition=model.definition,
                       cite=cite, title=title),
                plain=model.definition.quote)


def principles(content=None) -> Html:
    model = load("trauma", content)
    cite, _ = _cite(model.definition.source, content)
    return Html(render("fragments/trauma_principles.html.j2", principles=model.principles, cite=cite),
                plain="\n".join(p.name for p in model.principles))


def four_rs(content=None) -> Html:
    model = load("trauma", content)
    cite, _ = _cite("samhsa-2014", content)
    return Html(render("fragments/trauma_samhsa.html.j2", four_rs=model.four_rs, cite=cite,
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
        return render("fragments/trauma_scenarios.html.j2", cards=cards, facilitator=facilitator)

    def plain_text(self) -> str:
        return f"Exercise: {len(self.model.scenarios)} scenario cards"

    def saved_choices(self) -> dict[str, str]:
        saved = self.store.load(self.exercise_id, default={})
        return saved if isinstance(saved, dict) else {}

    def debrief_html(self, scenario_id: str, chosen: str) -> str:
        scenario = self.model.scenario(scenario_id)
        return render("fragments/trauma_debrief.html.j2",
                      coaching=logic.choice_feedback(scenario, chosen, self.names),
                      items=logic.debrief(scenario, chosen, self.names))

    def current(self) -> dict[str, str]:
        return {sid: radio.value for sid, radio in self.radios.items() if radio.value is not None}

    def _save(self, scenario_id: str) -> None:
        self.save(self.current())
        self.card_status[scenario_id].value = self.status.value.replace(' role="status"', "")

    def _show(self, scenario_id: str) -> None:
        chosen = self.radios[scenario_id].value
        if chosen is None:
            self.debriefs[scenario_id].value = (
                '<p class="olivia-warning">Choose a response first, then show the debrief.</p>')
            return
        self._save(scenario_id)
        self.debriefs[scenario_id].value = self.debrief_html(scenario_id, chosen)

    def build(self):
        import ipywidgets as w

        saved = self.saved_choices()
        self.radios: dict[str, w.RadioButtons] = {}
        self.debriefs: dict[str, w.HTML] = {}
        self.card_status: dict[str, w.HTML] = {}
        cards = []
        for number, scenario in enumerate(self.model.scenarios, start=1):
            options = [(f"{logic.letter(i)}. {r.text}", r.id) for i, r in enumerate(scenario.responses)]
            chosen = saved.get(scenario.id)
            radio = w.RadioButtons(options=options,
                                   value=chosen if chosen in {r.id for r in scenario.responses} else None,
                                   description="", layout=w.Layout(width="100%"))
            radio.add_class("olivia-response-choices")
            radio.observe(lambda _change, s=scenario.id: self._save(s), names="value")
            self.radios[scenario.id] = radio
            button = w.Button(description=f"Show the debrief for card {number}", icon="comments",
                              button_style="primary", layout=w.Layout(width="auto"),
                              tooltip="See what each response honours and breaks")
            button.on_click(lambda _b, s=scenario.id: self._show(s))
            self.debriefs[scenario.id] = w.HTML()
            self.card_status[scenario.id] = w.HTML(layout=w.Layout(min_height="1.5em"))
            if scenario.id in saved:
                self.card_status[scenario.id].value = SAVED_EARLIER
            header = w.HTML(render("fragments/trauma_card.html.j2",
                                   card=self._card(scenario, False), number=number))
            card = w.VBox([header, radio, w.HBox([button, self.card_status[scenario.id]]),
                           self.debriefs[scenario.id]], layout=w.Layout(width="100%"))
            card.add_class("olivia-entry-card")
            cards.append(card)
        cards.append(self.status)
        return w.VBox(cards, layout=w.Layout(width="100%"))


def scenario_cards(content=None, store=None) -> ScenarioCards:
    return ScenarioCards(content, store)


# -- exercise: rewrite the response ---------------------------------------------------------

class Rewrite(ExerciseView):
    def __init__(self, content=None, store=None):
        self.model = load("trauma", content)
        self.rewrite = self.model.rewrite
        super().__init__(self.rewrite.id, store)

    def html(self, facilitator: bool = False) -> str:
        data = self.rewrite.for_edition(facilitator)
        return render("fragments/trauma_rewrite.html.j2", rewrite=data, facilitator=facilitator,
                      model_answer=self.rewrite.facilitator_model_answer if facilitator else "",
                      note=self.rewrite.facilitator_note if facilitator else "")

    def plain_text(self) -> str:
        return f"Exercise: rewrite the response ({self.rewrite.title})"

    def feedback_html(self, text: str) -> str:
        coaching = logic.rewrite_feedback(text, self.rewrite.checks, self.rewrite.poor_response)
        return render("fragments/trauma_feedback.html.j2", coaching=coaching)

    def _check(self) -> None:
        self.save(self.text.value)
        self.feedback.value = self.feedback_html(self.text.value)

    def build(self):
        import ipywidgets as w

        saved = self.store.load(self.exercise_id, default="")
        header = w.HTML(render("fragments/trauma_rewrite_intro.html.j2",
                               rewrite=self.rewrite.participant_view()))
        self.text = w.Textarea(value=saved if isinstance(saved, str) else "",
                               placeholder="Write what you would say to Olivia. It saves when you "
                                           "click away or press the button.",
                               continuous_update=False,
                               layout=w.Layout(width="100%", height="12em"))
        self.text.add_class("olivia-answer")
        self.text.observe(lambda change: self.save(change["new"]), names="value")
        button = w.Button(description="Save and check my rewrite", icon="check",
                          button_style="primary", layout=w.Layout(width="auto"),
                          tooltip="Save, then see coaching against the six principles")
        button.on_click(lambda _b: self._check())
        self.feedback = w.HTML()
        if saved:
            self.show_saved_earlier()
        return w.VBox([header, self.text, w.HBox([button, self.status]), self.feedback],
                      layout=w.Layout(width="100%"))


def rewrite(content=None, store=None) -> Rewrite:
    return Rewrite(content, store)


def reflection(reflection_id: str, content=None, store=None) -> FreeText:
    item = load("trauma", content).reflection(reflection_id)
    return FreeText(item.id, item.prompt, lines=item.lines, facilitator_note=item.facilitator_note,
                    store=store)
