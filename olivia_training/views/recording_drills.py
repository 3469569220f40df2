"""The Voice of the Child drills: write a record, press Review, read the coaching, revise.

Notebook 04 calls these as one-liners:

    import olivia_training.views.recording_drills as rec
    rec.drill("after-missing")
    rec.sort()

Every version is saved through `ResponseStore` (when Review is pressed, and when the text
area loses focus). Anything that looks like real personal data is removed from the saved
text and hidden in the marked copy; only the live text area holds what was typed.
Participant text is always escaped (`html.mark_spans`, Jinja autoescape).
"""

from __future__ import annotations

from markupsafe import escape

from olivia_training.content import load
from olivia_training.content.models.recording_drills import SORT_CATEGORIES
from olivia_training.domain.personal_data import find_personal_data, redact
from olivia_training.html import mark_spans, render
from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
from olivia_training.views.base import ExerciseView

HIDDEN = "\u2022"  # what personal data is shown as in the marked copy

CHECKLIST = {
    "record": [
        "I quoted Olivia's own words, in quotation marks, and said who said them.",
        "I recorded what Olivia wants, wishes, fears or feels.",
        "I kept what I saw and heard apart from my opinion, and gave the basis for my opinion.",
        "I said what this means for Olivia: the impact, the risk and what she needs.",
        "I said who will do what, and by when.",
        "I used plain words and spelled out any acronym.",
        "I described what adults did, without blaming Olivia.",
    ],
    "child": [
        "I wrote to Olivia, in words she would use, with no acronyms.",
        "I showed that I heard her, using her own words.",
        "I said what she wants and feels, and what I will do with it.",
        "I said what happened and why, without judging her or her family.",
        "I told her what happens next, who will do it, and when.",
    ],
}


def hide(text: str, found) -> str:
    """`text` with personal data replaced character for character, so offsets still hold."""
    chars = list(text)
    for item in found:
        for i in range(item.start, item.end):
            if not chars[i].isspace():
                chars[i] = HIDDEN
    return "".join(chars)


def feedback_html(text: str, review, *, noun: str = "record", version: int = 0) -> str:
    """The coaching panel for one review: escaped text, marked phrases, suggestions."""
    from olivia_training.domain.recording_drills.coaching import personal_data_message
    from olivia_training.domain.recording_drills.review import CRITERION_LABELS

    personal = personal_data_message(review) if review.personal_data else ""
    lines = [line for line in review.feedback if line != personal]
    findings = [{"label": f'"{f.text}": {f.category}. Try instead: {f.suggestion}. ({f.source})'}
                for f in review.language]
    findings += [{"label": f'"{f.text}": opinion written as fact. Instead, {f.suggestion}.'}
                 for f in review.assumptions]
    findings += [{"label": f'"{f.text}": spell it out ({f.meaning}).'} for f in review.jargon]
    findings += [{"label": f"Hidden: this looks like {p.label}. Use only the training case."}
                 for p in review.personal_data]
    shown = hide(text, review.personal_data)
    marked = mark_spans(shown, review.highlights()) if findings else ""
    labels = dict(CRITERION_LABELS)
    labels["child_voice"] = "Olivia's own words, in quotation marks"
    return render(
        "fragments/recording_feedback.html.j2",
        noun=noun, version=version, personal=personal, feedback=lines, empty=review.empty,
        criteria=[(labels[k], v) for k, v in review.to_dict()["criteria"].items()],
        findings=findings, marked=marked,
    )


class RecordingDrill(ExerciseView):
    """One drill: the illustrative account, a text area, Review, and coaching beside it."""

    def __init__(self, drill_id: str, *, content=None, store=None):
        super().__init__(f"recording-{drill_id}", store)
        self.content = content
        self.drill = load("recording_drills", content).drill(drill_id)
        self.audience = "child" if self.drill.kind == "to_child" else "record"
        self.noun = {"record": "record", "rationale": "rationale", "to_child": "writing"}[self.drill.kind]
        self.reviews = 0
        self._last_saved = None

    # -- printable worksheet ---------------------------------------------------------------
    def _render(self, facilitator: bool, writing: bool) -> str:
        label = {"record": "Your record", "rationale": "Your rewritten rationale",
                 "to_child": "Your record, written to Olivia"}[self.drill.kind]
        return render("fragments/recording_drill.html.j2", drill=self.drill, facilitator=facilitator,
                      writing=writing, writing_label=label, checklist=CHECKLIST[self.audience],
                      assumption_label=TRAINING_ASSUMPTION_LABEL)

    def html(self, facilitator: bool = False) -> str:
        return self._render(facilitator, writing=True)

    def plain_text(self) -> str:
        return f"Recording drill: {self.drill.title} (illustrative)"

    # -- live widget ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        saved = self.store.load(self.exercise_id, default=None)
        text = saved.get("text", "") if isinstance(saved, dict) else ""
        intro = w.HTML(self._render(False, writing=False))
        self.text = w.Textarea(
            value=text,
            placeholder="Write here. Press Review for coaching; revise and review again as often "
                        "as you like. Your writing saves when you click away or press Review.",
            continuous_update=False,
            description=f"{self.noun[:1].upper()}{self.noun[1:]}:",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", height=f"{max(self.drill.lines, 8) * 1.5}em"),
        )
        self.text.add_class("olivia-record")
        self.button = w.Button(description="Review", button_style="primary", icon="check",
                               tooltip=f"Review my {self.noun} and show coaching")
        self.button.add_class("olivia-review")
        self.feedback = w.HTML(
            '<div class="olivia-feedback olivia-feedback-empty" role="status" aria-live="polite">'
            f"<p>Coaching on your {escape(self.noun)} appears here when you press Review.</p></div>"
        )
        self.feedback.add_class("olivia-feedback-panel")
        if text:
            self.show_saved_earlier()
            self._last_saved = text
        self.text.observe(self._on_change, names="value")
        self.button.on_click(self._on_review)
        column = {"flex": "1 1 22rem", "min_width": "16rem"}
        left = w.VBox([self.text, w.HBox([self.button, self.status])], layout=w.Layout(**column))
        right = w.VBox([self.feedback], layout=w.Layout(**column))
        row = w.HBox([left, right], layout=w.Layout(flex_flow="row wrap", width="100%",
                                                    grid_gap="1rem"))
        box = w.VBox([intro, row], layout=w.Layout(width="100%"))
        box.add_class("olivia-drill-widget")
        return box

    def _save_text(self, text: str, review=None) -> None:
        found = find_personal_data(text)
        value = {"text": redact(text, found)[0], "reviewed": review is not None,
                 "review": review.summary() if review is not None else None}
        self.save(value)
        self._last_saved = text
        if found:
            self.status.value = self.status.value.replace(
                "</span>", ", with the personal data removed</span>")

    def _on_change(self, change) -> None:
        if change["new"] != self._last_saved:
            self._save_text(change["new"])

    def review(self, text: str | None = None):
        """Review the text area's text (or `text`), show the coaching, save this version."""
        from olivia_training.domain.recording_drills import review_record

        text = self.text.value if text is None else text
        result = review_record(text, audience=self.audience, content=self.content)
        self.reviews += 1
        self.feedback.value = feedback_html(text, result, noun=self.noun, version=self.reviews)
        self._save_text(text, result)
        return result

    def _on_review(self, _button) -> None:
        self.review()


class SortExercise(ExerciseView):
    """Sort statements from an illustrative pre-proceedings meeting, then read coaching."""

    def __init__(self, *, content=None, store=None):
        self.sort_model = load("recording_drills", content).sort
        super().__init__(f"recording-{self.sort_model.id}", store)

    def _categories(self):
        notes = {c.category: c.meaning for c in self.sort_model.categories}
        return [{"key": k, "label": label, "meaning": notes[k]} for k, label in SORT_CATEGORIES.items()]

    def html(self, facilitator: bool = False) -> str:
        return render("fragments/recording_sort.html.j2", sort=self.sort_model,
                      statements=self.sort_model.statements, categories=self._categories(),
                      facilitator=facilitator, key_labels=SORT_CATEGORIES,
                      assumption_label=TRAINING_ASSUMPTION_LABEL)

    def plain_text(self) -> str:
        return f"Sort exercise: {self.sort_model.title} (illustrative)"

    def build(self):
        import ipywidgets as w

        saved = self.store.load(self.exercise_id, default=None)
        saved = saved if isinstance(saved, dict) else {}
        options = [("Choose…", "")] + [(label, key) for key, label in SORT_CATEGORIES.items()]
        intro = render("fragments/recording_sort_intro.html.j2", sort=self.sort_model,
                       categories=self._categories(), assumption_label=TRAINING_ASSUMPTION_LABEL)
        rows = [w.HTML(intro)]
        self.choices = {}
        for i, statement in enumerate(self.sort_model.statements, 1):
            value = saved.get(statement.id, "")
            dropdown = w.Dropdown(
                options=options, value=value if value in SORT_CATEGORIES else "",
                description=f"Statement {i}:", style={"description_width": "initial"},
                layout=w.Layout(width="max-content"),
            )
            dropdown.add_class("olivia-sort-choice")
            dropdown.observe(lambda _change: self._save_choices(), names="value")
            self.choices[statement.id] = dropdown
            rows.append(w.HTML(f'<p class="olivia-statement"><strong>{i}.</strong> '
                               f"{escape(statement.text)}</p>"))
            rows.append(dropdown)
        self.button = w.Button(description="Check my sort", button_style="primary", icon="check",
                               tooltip="Check my sort and show coaching")
        self.button.add_class("olivia-review")
        self.feedback = w.HTML("")
        self.feedback.add_class("olivia-feedback-panel")
        self.button.on_click(lambda _button: self.check())
        if saved:
            self.show_saved_earlier()
        rows += [w.HBox([self.button, self.status]), self.feedback]
        box = w.VBox(rows, layout=w.Layout(width="100%"))
        box.add_class("olivia-sort-widget")
        return box

    def answers(self) -> dict[str, str]:
        return {sid: dropdown.value for sid, dropdown in self.choices.items() if dropdown.value}

    def _save_choices(self) -> None:
        self.save(self.answers())

    def check(self):
        from olivia_training.domain.recording_drills.sort import check_sort

        result = check_sort(self.sort_model, self.answers())
        self.feedback.value = render("fragments/recording_sort_feedback.html.j2",
                                     feedback=result.feedback)
        self._save_choices()
        return result


def drill(drill_id: str, content=None) -> RecordingDrill:
    """A recording drill from exercises/recording_drills.yaml."""
    return RecordingDrill(drill_id, content=content)


def sort(content=None) -> SortExercise:
    """The fact, reported information, opinion or assumption sort."""
    return SortExercise(content=content)


def plo_note(content=None):
    """The note on "Public Law Order" (the briefing's words) and the Public Law Outline."""
    from olivia_training.printable import Html

    note = load("recording_drills", content).plo_note
    return Html(f'<div class="olivia-block olivia-confirm"><p><strong>A note on "PLO".</strong> '
                f"{escape(note)}</p></div>", plain=note)
