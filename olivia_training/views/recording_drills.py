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

from olivia_training.content import load
from olivia_training.content.models.recording_drills import SORT_CATEGORIES
from olivia_training.domain.personal_data import find_personal_data, redact
from olivia_training.html import macro, mark_spans
from olivia_training.views.base import ExerciseView

HIDDEN = "\u2022"  # what personal data is shown as in the marked copy

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
    return macro(
        "recording_drills", "feedback",
        noun=noun, version=version, personal=personal, feedback=lines, empty=review.empty,
        criteria=[(labels[k], v) for k, v in review.to_dict()["criteria"].items()],
        findings=findings, marked=marked,
    )


class RecordingDrill(ExerciseView):
    """One drill: the illustrative account, a text area, Review, and coaching beside it."""

    def __init__(self, drill_id: str, *, content=None, store=None):
        super().__init__(f"recording-{drill_id}", store)
        self.content = content
        model = load("recording_drills", content)
        self.drill = model.drill(drill_id)
        self.audience = "child" if self.drill.kind == "to_child" else "record"
        self.checklist = getattr(model.checklist, self.audience)
        self.noun = {"record": "record", "rationale": "rationale", "to_child": "writing"}[self.drill.kind]
        self.reviews = 0
        self._last_saved = None

    # -- printable worksheet ---------------------------------------------------------------
    def _render(self, facilitator: bool, writing: bool) -> str:
        label = {"record": "Your record", "rationale": "Your rewritten rationale",
                 "to_child": "Your record, written to Olivia"}[self.drill.kind]
        return macro("recording_drills", "drill", drill=self.drill, facilitator=facilitator,
                     writing=writing, writing_label=label, checklist=self.checklist)

    def html(self, facilitator: bool = False) -> str:
        return self._render(facilitator, writing=True)

    def plain_text(self) -> str:
        return f"Recording drill: {self.drill.title} (illustrative)"

    # -- live widget ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        text = str(self.saved(dict).get("text", ""))
        intro = w.HTML(self._render(False, writing=False))
        self.text = self.answer_box(
            text, lines=self.drill.lines, classes=("olivia-record",),
            placeholder="Write here. Press Review for coaching; revise and review again as often "
                        "as you like. Your writing saves when you click away or press Review.",
            description=f"{self.noun[:1].upper()}{self.noun[1:]}:")
        self.button = self.save_button(self.review, description="Review", icon="check",
                                       tooltip=f"Review my {self.noun} and show coaching")
        self.button.add_class("olivia-review")
        self.feedback = w.HTML(macro("recording_drills", "feedback_empty", noun=self.noun))
        self.feedback.add_class("olivia-feedback-panel")
        if text:
            self.show_saved_earlier()
            self._last_saved = text
        self.text.observe(self._on_change, names="value")
        column = {"flex": "1 1 22rem", "min_width": "16rem"}
        left = w.VBox([self.text, self.save_row(self.button)], layout=w.Layout(**column))
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
        self.save(value, note="with the personal data removed" if found else "")
        self._last_saved = text

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


class SortExercise(ExerciseView):
    """Sort statements from an illustrative pre-proceedings meeting, then read coaching."""

    def __init__(self, *, content=None, store=None):
        self.sort_model = load("recording_drills", content).sort
        super().__init__(f"recording-{self.sort_model.id}", store)

    def _categories(self):
        notes = {c.category: c.meaning for c in self.sort_model.categories}
        return [{"key": k, "label": label, "meaning": notes[k]} for k, label in SORT_CATEGORIES.items()]

    def html(self, facilitator: bool = False) -> str:
        return macro("recording_drills", "sort", sort=self.sort_model,
                     statements=self.sort_model.statements, categories=self._categories(),
                     facilitator=facilitator, key_labels=SORT_CATEGORIES)

    def plain_text(self) -> str:
        return f"Sort exercise: {self.sort_model.title} (illustrative)"

    def build(self):
        import ipywidgets as w

        saved = self.saved(dict)
        options = [("Choose…", "")] + [(label, key) for key, label in SORT_CATEGORIES.items()]
        intro = macro("recording_drills", "sort_intro", sort=self.sort_model,
                      categories=self._categories())
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
            rows.append(w.HTML(macro("recording_drills", "statement", number=i, text=statement.text)))
            rows.append(dropdown)
        self.button = self.save_button(self.check, description="Check my sort", icon="check",
                                       tooltip="Check my sort and show coaching")
        self.button.add_class("olivia-review")
        self.feedback = w.HTML("")
        self.feedback.add_class("olivia-feedback-panel")
        if saved:
            self.show_saved_earlier()
        rows += [self.save_row(self.button), self.feedback]
        box = w.VBox(rows, layout=w.Layout(width="100%"))
        box.add_class("olivia-sort-widget")
        return box

    def answers(self) -> dict[str, str]:
        return {sid: dropdown.value for sid, dropdown in self.choices.items() if dropdown.value}

    def _save_choices(self) -> None:
        self.save(self.answers())

    def check(self):
        """Save the sort, then coach on it from the key; None where the key is withheld."""
        from olivia_training.domain.recording_drills.sort import check_sort

        self._save_choices()
        results = []

        def coaching() -> str:
            results.append(check_sort(self.sort_model, self.answers()))
            return macro("recording_drills", "sort_feedback", feedback=results[0].feedback)

        self.feedback.value = self.keyed_feedback(coaching)
        return results[0] if results else None


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
    return Html(macro("recording_drills", "plo_note", note=note), plain=note)
