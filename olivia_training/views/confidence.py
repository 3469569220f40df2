"""Confidence ratings, 1 to 5, for the briefing's four "What does this mean for me?" questions.

Notebook 00 asks for the "before" ratings (`before()`); notebook 07 asks for the "after"
ones inside each reflection. The rating is a row of real radio buttons: Tab reaches the
group, the arrow keys move between 1 and 5, and a screen reader announces each label. A
choice saves at once and shows "Saved"; running the notebook again reloads it.

The printable worksheet has five tick boxes per question.
"""

from __future__ import annotations

import weakref

from olivia_training.html import macro
from olivia_training.reports.answers import SCALE, SCALE_WORDS, confidence_id, rating
from olivia_training.views.base import ExerciseView

OPTIONS = [(f"{n} ({SCALE_WORDS[n]})" if n in (1, 5) else str(n), n) for n in SCALE]
PHASE_LABELS = {"before": "My confidence before the workshop",
                "after": "My confidence now, after the workshop"}
SCALE_NOTE = "1 means not at all confident, 5 means very confident. There is no right answer."

# Callbacks told when any rating is saved in this kernel, so a summary can redraw itself.
_listeners: list[weakref.WeakMethod] = []


def on_rating_saved(method) -> None:
    """Register a bound method, called with no arguments after every saved rating."""
    _listeners.append(weakref.WeakMethod(method))


def _notify() -> None:
    for ref in list(_listeners):
        method = ref()
        if method is None:
            _listeners.remove(ref)
        else:
            method()


def _questions(content=None):
    from olivia_training.content import load

    return load("workshop", content).questions


class ConfidenceRating(ExerciseView):
    """One question's rating, for one phase ("before" or "after")."""

    def __init__(self, question_id: str, phase: str, *, label: str = "", prompt: str = "",
                 store=None):
        super().__init__(confidence_id(phase, question_id), store)
        self.question_id = question_id
        self.phase = phase
        self.label = label or PHASE_LABELS[phase]
        self.prompt = prompt

    def build(self):
        """The radio buttons and their "Saved" state. A composite view calls this directly
        (not `.widget`), so only the outer box counts as the exercise."""
        import ipywidgets as w

        saved = rating(self.store.load(self.exercise_id))
        self.radio = w.RadioButtons(
            options=OPTIONS, value=saved, orientation="horizontal",
            description=self.label, style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="100%"),
        )
        for name in ("olivia-rating", f"olivia-rating-{self.phase}", f"olivia-id-{self.exercise_id}"):
            self.radio.add_class(name)
        self.radio.observe(self._changed, names="value")
        self.status.add_class("olivia-status")
        if saved is not None:
            self.show_saved_earlier()
        box = w.HBox([self.radio, self.status], layout=w.Layout(flex_flow="row wrap",
                                                                 align_items="center"))
        box.add_class("olivia-confidence")
        return box

    def _changed(self, change) -> None:
        if change["new"] is None:
            return
        self.save(int(change["new"]))
        _notify()

    def html(self, facilitator: bool = False) -> str:
        return macro("confidence", "worksheet", ratings=[
            {"label": self.label, "prompt": self.prompt, "quote": "", "short": ""}],
            scale=SCALE, words=SCALE_WORDS, note="")

    def plain_text(self) -> str:
        return f"Confidence rating ({self.phase}): {self.prompt or self.question_id}"


class ConfidenceRatings(ExerciseView):
    """All four questions, each quoted from the briefing, with a rating for one phase."""

    def __init__(self, phase: str, *, content=None, store=None):
        super().__init__(f"confidence-{phase}", store)  # a group: it saves nothing itself
        self.phase = phase
        self.questions = _questions(content)
        self.ratings = [ConfidenceRating(q.id, phase, label="My confidence", prompt=q.source,
                                         store=self.store) for q in self.questions]

    def build(self):
        import ipywidgets as w

        children = [w.HTML(macro("confidence", "scale_note", note=SCALE_NOTE))]
        for number, (q, view) in enumerate(zip(self.questions, self.ratings, strict=True), start=1):
            quote = macro("confidence", "question", number=number, short=q.short, quote=q.source)
            children += [w.HTML(quote), view.build()]
        box = w.VBox(children, layout=w.Layout(width="100%"))
        box.add_class("olivia-confidence-set")
        box.add_class(f"olivia-confidence-{self.phase}")
        return box

    def html(self, facilitator: bool = False) -> str:
        rows = [{"label": "My confidence", "prompt": "", "quote": q.source, "short": q.short}
                for q in self.questions]
        return macro("confidence", "worksheet", ratings=rows, scale=SCALE, words=SCALE_WORDS,
                     note=SCALE_NOTE)

    def plain_text(self) -> str:
        return f"Confidence ratings ({self.phase}) for the briefing's four questions"


def before(content=None, store=None) -> ConfidenceRatings:
    """Notebook 00: how confident are you, before the workshop?"""
    return ConfidenceRatings("before", content=content, store=store)
