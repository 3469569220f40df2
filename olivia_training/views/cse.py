"""Notebook 05: recognising child sexual exploitation (CSE) and the referral route.

One-line calls for the notebook (`from olivia_training.views import cse`):
`cse.briefing_points(...)`, `cse.definition()`, `cse.indicator_cards()`, `cse.indicators()`,
`cse.myths_quiz()`, `cse.sunrise()`, `cse.referral_route()`, `cse.local_support()`.

Participant worksheets are rendered from `participant_view()` data, so an answer key cannot
reach them. The live widgets show feedback from the key only after the participant answers.
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.diagrams import FlowBox, describe, flow_svg
from olivia_training.domain import cse as logic
from olivia_training.html import macro
from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
from olivia_training.printable import Html
from olivia_training.views.base import ExerciseView

CARDS_ID = "05-cse-indicators"
MYTHS_ID = "05-cse-myths"


# -- static blocks ---------------------------------------------------------------------------
def briefing_points(*ids: str, content=None) -> Html:
    """Findings and "What does this mean for me?" questions, quoted from the briefing."""
    workshop = load("workshop", content)
    briefing = load("briefing", content)
    items = []
    for item_id in ids:
        finding = next((f for f in workshop.findings if f.id == item_id), None)
        if finding is not None:
            bullets = []
            if finding.continues_in_list:  # quote the list its sentence runs on into
                page = next(p for p in briefing.pages if p.number == finding.page)
                bullets = [i for b in page.blocks if b.kind == "bullets" for i in b.items]
            items.append({"heading": f"Finding {finding.number}", "page": finding.page,
                          "text": finding.source, "bullets": bullets})
            continue
        question = next(q for q in workshop.questions if q.id == item_id)
        items.append({"heading": "What does this mean for me?", "page": question.page,
                      "text": question.source, "bullets": []})
    plain = "\n".join(i["text"] for i in items)
    return Html(macro("cse", "briefing_points", items=items), plain=plain)


def definition(content=None) -> Html:
    model = load("cse", content)
    source = load("sources", content).get(model.definition.source_id)
    return Html(macro("cse", "definition", definition=model.definition, source=source),
                plain=model.definition.quote)


def indicators(content=None) -> Html:
    model = load("cse", content)
    return Html(macro("cse", "indicators", indicators=model.indicators,
                      indicators_source=model.indicators_source, curiosity=model.curiosity),
                plain="\n".join(i.label for i in model.indicators))


def _where(entries) -> str:
    return "; ".join(e.title + (f" (age {e.age})" if e.age else "") for e in entries)


def card_place(card, chronology) -> tuple[str, str]:
    """Where a card is set in the chronology, and its training-assumption label ('' if none).

    The label is derived from the entries the card refers to, the same way the escalation
    scenarios derive theirs.
    """
    where = _where([chronology.entry(i) for i in card.chronology])
    label = TRAINING_ASSUMPTION_LABEL if chronology.rests_on_assumption(card.chronology) else ""
    return where, label


def cards_html(model, chronology, facilitator: bool) -> str:
    cards = []
    for card in model.cards:
        data = card.for_edition(facilitator)
        data["where"], data["assumption"] = card_place(card, chronology)
        if facilitator:
            for obs, row in zip(card.observations, data["observations"], strict=True):
                if obs.is_indicator:
                    indicator = model.indicator(obs.facilitator_indicator)
                    row.update(indicator=indicator.label, why=obs.facilitator_note or indicator.why)
                else:
                    row.update(indicator="", why=obs.facilitator_note)
        cards.append(data)
    return macro("cse", "cards", cards=cards, facilitator=facilitator)


def _referral_boxes(local) -> list[FlowBox]:
    return [FlowBox(s.label, "", s.confirm_locally) for s in local.referral_route.steps]


def referral_route(content=None) -> Html:
    """The route from a concern to a strategy discussion: a diagram and its text equivalent."""
    local = load("local_details", content)
    boxes = _referral_boxes(local)
    title = f"{local.referral_route.title}: the referral route"
    svg = flow_svg(boxes, title=title, description=describe(boxes), key="referral-route")

    def html(facilitator: bool) -> str:
        data = local.for_edition(facilitator)
        return macro("local_details", "route", svg=svg, route=data["referral_route"],
                     area=local.area, facilitator=facilitator)

    return Html(html(False), html(True), plain=describe(boxes))


def sunrise(content=None) -> Html:
    """What the Sunrise Complex Safeguarding Team is, and what to confirm about reaching it."""
    local = load("local_details", content)
    source = load("sources", content).get(local.sunrise.description_source)

    def html(facilitator: bool) -> str:
        data = local.for_edition(facilitator)
        return macro("local_details", "sunrise", sunrise=data["sunrise"],
                     citation=f"{source.author} ({source.year})", facilitator=facilitator)

    return Html(html(False), html(True), plain=local.sunrise.name)


def local_support(content=None) -> Html:
    local = load("local_details", content)

    def html(facilitator: bool) -> str:
        data = local.for_edition(facilitator)
        return macro("local_details", "support", items=data["support"], facilitator=facilitator)

    return Html(html(False), html(True), plain="\n".join(d.label for d in local.support))


# -- the indicator cards ---------------------------------------------------------------------
class IndicatorCards(ExerciseView):
    """One card at a time: tick what you notice, then ask for feedback."""

    def __init__(self, exercise_id: str = CARDS_ID, *, content=None, store=None):
        super().__init__(exercise_id, store)
        self.model = load("cse", content)
        self.chronology = load("chronology", content)
        self.ticks: dict[str, list[str]] = {
            k: list(v) for k, v in self.saved(dict).items() if isinstance(v, list)
        }

    def html(self, facilitator: bool = False) -> str:
        return cards_html(self.model, self.chronology, facilitator)

    def plain_text(self) -> str:
        return "Exercise: indicator cards"

    def feedback_html(self, card_id: str) -> str:
        fb = logic.indicator_feedback(self.model, card_id, self.ticks.get(card_id, []))
        return macro("cse", "card_feedback", fb=fb)

    def set_ticks(self, card_id: str, ticked: list[str]) -> None:
        self.ticks[card_id] = ticked
        self.save(self.ticks)

    def build(self):
        import ipywidgets as w

        panels = []
        self.boxes: dict[str, list] = {}
        self.feedback: dict[str, w.HTML] = {}
        for n, card in enumerate(self.model.cards, 1):
            where, assumption = card_place(card, self.chronology)
            head = w.HTML(macro("cse", "card_head", card=card, number=n, total=len(self.model.cards),
                                where=where, assumption=assumption))
            boxes = []
            for obs in card.observations:
                box = w.Checkbox(value=obs.id in self.ticks.get(card.id, []), description=obs.text,
                                 indent=False, layout=w.Layout(width="100%", height="auto"))
                box.add_class("olivia-tick")
                box.observe(lambda _c, card_id=card.id: self._ticked(card_id), names="value")
                boxes.append(box)
            self.boxes[card.id] = boxes
            check = w.Button(description="Show feedback on this card", icon="comment",
                             tooltip="Compare your ticks with the commonly listed indicators",
                             layout=w.Layout(width="auto"))
            check.add_class("olivia-check")
            feedback = w.HTML("")
            feedback.add_class("olivia-feedback-area")
            self.feedback[card.id] = feedback
            check.on_click(lambda _b, card_id=card.id: self._show(card_id))
            panel = w.VBox([head, *boxes, check, feedback])
            panel.add_class("olivia-cse-card")
            panels.append(panel)
        self.stack = w.Stack(panels, selected_index=0)
        self.prev = w.Button(description="Previous card", icon="arrow-left", disabled=True,
                             layout=w.Layout(width="auto"))
        self.next = w.Button(description="Next card", icon="arrow-right", layout=w.Layout(width="auto"))
        self.prev.add_class("olivia-prev")
        self.next.add_class("olivia-next")
        self.prev.on_click(lambda _b: self._go(-1))
        self.next.on_click(lambda _b: self._go(1))
        if self.ticks:
            self.show_saved_earlier()
        intro = w.HTML(macro("cse", "cards_intro"))
        box = w.VBox([intro, self.stack, w.HBox([self.prev, self.next, self.status])],
                     layout=w.Layout(width="100%"))
        return box

    def _record(self, card_id: str) -> None:
        card = self.model.card(card_id)
        ticked = [o.id for o, b in zip(card.observations, self.boxes[card_id], strict=True) if b.value]
        self.set_ticks(card_id, ticked)

    def _ticked(self, card_id: str) -> None:
        self._record(card_id)
        if self.feedback[card_id].value:
            self._feedback(card_id)

    def _show(self, card_id: str) -> None:
        self._record(card_id)  # saved before any feedback, even with nothing ticked
        self._feedback(card_id)

    def _feedback(self, card_id: str) -> None:
        self.feedback[card_id].value = self.keyed_feedback(lambda: self.feedback_html(card_id))

    def _go(self, step: int) -> None:
        index = max(0, min(len(self.model.cards) - 1, self.stack.selected_index + step))
        self.stack.selected_index = index
        self.prev.disabled = index == 0
        self.next.disabled = index == len(self.model.cards) - 1


def indicator_cards(content=None, store=None) -> IndicatorCards:
    return IndicatorCards(content=content, store=store)


# -- the myths-and-facts quiz ----------------------------------------------------------------
class MythsQuiz(ExerciseView):
    def __init__(self, exercise_id: str = MYTHS_ID, *, content=None, store=None):
        super().__init__(exercise_id, store)
        self.model = load("cse", content)
        self.answers: dict[str, str] = {
            k: v for k, v in self.saved(dict).items() if isinstance(v, str) and v in logic.ANSWERS
        }

    def html(self, facilitator: bool = False) -> str:
        myths = [m.for_edition(facilitator) for m in self.model.myths]
        return macro("cse", "myths", myths=myths, facilitator=facilitator)

    def plain_text(self) -> str:
        return "Exercise: myths and facts"

    def feedback_html(self, item_id: str) -> str:
        item = next(m for m in self.model.myths if m.id == item_id)
        return macro("cse", "myth_feedback", fb=logic.quiz_feedback(item, self.answers[item_id]))

    def answer(self, item_id: str, value: str) -> None:
        self.answers[item_id] = value
        self.save(self.answers)

    def build(self):
        import ipywidgets as w

        rows = []
        self.feedback: dict[str, w.HTML] = {}
        self.radios: dict[str, w.RadioButtons] = {}
        for n, item in enumerate(self.model.myths, 1):
            text = w.HTML(macro("cse", "myth", number=n, item=item))
            radio = w.RadioButtons(options=[(label, key) for key, label in logic.ANSWERS.items()],
                                   value=self.answers.get(item.id), description="Your answer:",
                                   style={"description_width": "initial"})
            radio.add_class("olivia-answer-choice")
            feedback = w.HTML(self.keyed_feedback(lambda item_id=item.id: self.feedback_html(item_id))
                              if item.id in self.answers else "")
            feedback.add_class("olivia-feedback-area")
            radio.observe(lambda c, item_id=item.id: self._answered(item_id, c["new"]), names="value")
            self.feedback[item.id] = feedback
            self.radios[item.id] = radio
            row = w.VBox([text, radio, feedback])
            row.add_class("olivia-myth")
            rows.append(row)
        if self.answers:
            self.show_saved_earlier()
        box = w.VBox([*rows, self.status], layout=w.Layout(width="100%"))
        return box

    def _answered(self, item_id: str, value) -> None:
        if value not in logic.ANSWERS:
            return
        self.answer(item_id, value)
        self.feedback[item_id].value = self.keyed_feedback(lambda: self.feedback_html(item_id))


def myths_quiz(content=None, store=None) -> MythsQuiz:
    return MythsQuiz(content=content, store=store)


def local_route_notes(content=None, store=None):
    """Free text: the participant writes down their own route, or who they will ask."""
    from olivia_training.views.freetext import FreeText

    return FreeText.from_content(load("cse", content).local_route, store=store)
