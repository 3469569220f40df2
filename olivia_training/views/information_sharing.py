"""Notebook 06: sharing information about a risky adult (Finding 3).

`sharing.exercise()` shows each agency's piece of the picture about an adult man; the
participant ticks who it should go to and chooses when, and asks for feedback. The whole
exercise is a training assumption and says so wherever it is shown.
`sharing.unlawfully_at_large()` explains the term and shows the local arrangements to confirm.
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.domain import information_sharing as logic
from olivia_training.html import macro
from olivia_training.printable import Html
from olivia_training.views.base import ExerciseView

EXERCISE_ID = "06-sharing-risky-adult"


class SharingExercise(ExerciseView):
    def __init__(self, exercise_id: str = EXERCISE_ID, *, content=None, store=None):
        super().__init__(exercise_id, store)
        self.model = load("information_sharing", content)
        entries = {e.id: e for e in load("chronology", content).entries}
        self.where = {p.id: entries[p.chronology].title for p in self.model.pieces}
        self.answers: dict[str, dict] = {k: v for k, v in self.saved(dict).items()
                                         if isinstance(v, dict)}

    # -- paper ---------------------------------------------------------------------------
    def html(self, facilitator: bool = False) -> str:
        m = self.model
        data = m.for_edition(facilitator)
        pieces = []
        for piece, row in zip(m.pieces, data["pieces"], strict=True):
            row.update(agency_name=m.agency(piece.agency).name, where=self.where[piece.id],
                       others=[a.name for a in m.agencies if a.id != piece.agency])
            if facilitator:
                once = piece.facilitator_once
                row.update(share_with_names=[m.agency(a).name for a in piece.facilitator_share_with],
                           when_label=m.timing(piece.facilitator_when).label,
                           once_names=[m.agency(a).name for a in once.share_with] if once else [],
                           once_condition=once.condition if once else "",
                           once_why=once.why if once else "")
            pieces.append(row)
        return macro("information_sharing", "worksheet", m=data, pieces=pieces,
                     timings=[t.label for t in m.timings], facilitator=facilitator)

    def plain_text(self) -> str:
        return f"Exercise: {self.model.title}"

    # -- answers -------------------------------------------------------------------------
    def answer(self, piece_id: str, share_with: list[str], when: str | None) -> None:
        self.answers[piece_id] = {"share_with": list(share_with), "when": when}
        self.save(self.answers)

    def feedback_html(self, piece_id: str) -> str:
        saved = self.answers.get(piece_id, {})
        fb = logic.sharing_feedback(self.model, piece_id, saved.get("share_with", []), saved.get("when"))
        return macro("information_sharing", "feedback", fb=fb)

    def build(self):
        import ipywidgets as w

        m = self.model
        head = w.HTML(macro("information_sharing", "head", m=m))
        rows = []
        self.ticks: dict[str, dict[str, w.Checkbox]] = {}
        self.when: dict[str, w.RadioButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        for n, piece in enumerate(m.pieces, 1):
            saved = self.answers.get(piece.id, {})
            text = w.HTML(macro("information_sharing", "piece", number=n,
                                agency_name=m.agency(piece.agency).name, piece=piece))
            boxes = {}
            for agency in m.agencies:
                if agency.id == piece.agency:
                    continue
                box = w.Checkbox(value=agency.id in saved.get("share_with", []), description=agency.name,
                                 indent=False, layout=w.Layout(width="100%", height="auto"))
                box.add_class("olivia-tick")
                box.observe(lambda _c, pid=piece.id: self._changed(pid), names="value")
                boxes[agency.id] = box
            when = w.RadioButtons(options=[(t.label, t.id) for t in m.timings], value=saved.get("when"),
                                  description="When:", style={"description_width": "initial"})
            when.add_class("olivia-answer-choice")
            when.observe(lambda _c, pid=piece.id: self._changed(pid), names="value")
            check = w.Button(description="Show feedback on this piece", icon="comment",
                             layout=w.Layout(width="auto"))
            check.add_class("olivia-check")
            feedback = w.HTML("")
            feedback.add_class("olivia-feedback-area")
            check.on_click(lambda _b, pid=piece.id: self._show(pid))
            self.ticks[piece.id], self.when[piece.id], self.feedback[piece.id] = boxes, when, feedback
            row = w.VBox([text, *boxes.values(), when, check, feedback])
            row.add_class("olivia-piece")
            rows.append(row)
        if self.answers:
            self.show_saved_earlier()
        self.closing = w.HTML("")
        box = w.VBox([head, *rows, self.closing, self.status], layout=w.Layout(width="100%"))
        return box

    def _changed(self, piece_id: str) -> None:
        chosen = [a for a, box in self.ticks[piece_id].items() if box.value]
        self.answer(piece_id, chosen, self.when[piece_id].value)
        if self.feedback[piece_id].value:
            self._show(piece_id)

    def _show(self, piece_id: str) -> None:
        if piece_id not in self.answers:
            self.answer(piece_id, [], None)
        self.feedback[piece_id].value = self.keyed_feedback(lambda: self.feedback_html(piece_id))
        self.closing.value = macro("information_sharing", "closing", closing=self.model.closing)


def exercise(content=None, store=None) -> SharingExercise:
    return SharingExercise(content=content, store=store)


def unlawfully_at_large(content=None) -> Html:
    """What "unlawfully at large" means, and the local arrangements to confirm (Finding 3)."""
    m = load("information_sharing", content)
    local = load("local_details", content)
    sources = load("sources", content)
    legal = [sources.get(i) for i in m.sources]
    citations = "; ".join(f"{s.title} ({s.author}, {s.year})" for s in legal)

    def html(facilitator: bool) -> str:
        data = local.for_edition(facilitator)
        return macro("information_sharing", "law", text=m.unlawfully_at_large, citations=citations,
                     warrants=data["warrants"], facilitator=facilitator)

    return Html(html(False), html(True), plain=m.unlawfully_at_large)
