"""Notebook 07, "What does this mean for me?": reflection, actions and the evaluation.

- `question(id)`: one of the briefing's four questions, quoted, with a reflective answer,
  the "after" confidence rating and one concrete action (what, by when, with whom).
- `confidence_summary()`: the participant's own before and after ratings, as a chart with
  alt text and a table; it redraws whenever a rating is saved.
- `evaluation_comments()`, `notebooks_completed()`: what the anonymous evaluation may carry;
  comments only when the participant ticks the box to share them.
- `export_panel()`: buttons that write the CPD record and the evaluation file into the
  workshop folder, for people who would rather not type a command.

Text fields save when they lose focus (or on Enter) and on Save; every view shows
"Saved" and reloads its answer when the notebook is run again.
"""

from __future__ import annotations

from olivia_training.domain.personal_data import redact
from olivia_training.html import macro
from olivia_training.reports.answers import (
    COMMENTS_ID,
    NOT_RATED,
    NOTEBOOKS_ID,
    SESSION_ID,
    Action,
    Comments,
    ReflectionAnswer,
    confidence_id,
    notebook_numbers,
    pack_notebooks,
    rating,
    reflection_id,
)
from olivia_training.views.base import SAVE_HINT, ExerciseView
from olivia_training.views.confidence import ConfidenceRating, on_rating_saved


def _load(stem: str, content=None):
    from olivia_training.content import load

    return load(stem, content)


def _line(value: str, description: str, name: str, placeholder: str = ""):
    """A one-line field with its label above it (`olivia-field`), saved on blur."""
    import ipywidgets as w

    field = w.Text(value=value, continuous_update=False, description=description,
                   placeholder=placeholder, style={"description_width": "initial"},
                   layout=w.Layout(width="100%"))
    field.add_class("olivia-field")
    field.add_class(name)
    return field


def personal_data_message(texts: list[str]) -> str:
    """The pack's warning, naming only the kinds found, never the text itself."""
    kinds: list[str] = []
    for text in texts:
        kinds += [k for k in redact(text)[1] if k not in kinds]
    if not kinds:
        return ""
    return (f"This looks as if it may contain real personal data ({', '.join(kinds)}). Use only the "
            "training case: please remove details of children, families or colleagues you work with. "
            "Your CPD record and the evaluation leave such text out.")


class Reflection(ExerciseView):
    """One of the four questions: reflection, "after" confidence, one concrete action."""

    def __init__(self, question_id: str, *, content=None, store=None):
        super().__init__(reflection_id(question_id), store)
        workshop = _load("workshop", content)
        ids = [q.id for q in workshop.questions]
        if question_id not in ids:
            raise KeyError(f"no question {question_id!r} in workshop.yaml; known: {', '.join(ids)}")
        self.number = ids.index(question_id) + 1
        self.question = workshop.questions[self.number - 1]
        self.prompts = _load("reflection", content).for_question(question_id)
        self.rating = ConfidenceRating(question_id, "after", store=self.store)

    def _intro(self) -> dict:
        return {"quote": self.question.source,
                "prompts": self.prompts.prompts if self.prompts else [],
                "example": self.prompts.action_example if self.prompts else ""}

    def build(self):
        import ipywidgets as w

        saved = ReflectionAnswer.from_value(self.store.load(self.exercise_id))
        self.text = self.answer_box(saved.text, lines=6, description="My reflection",
                                    placeholder=f"Type your reflection here. {SAVE_HINT}",
                                    classes=("olivia-reflection-text",))
        self.what = _line(saved.action.what, "One thing I will do", "olivia-action-what")
        self.by_when = _line(saved.action.by_when, "By when", "olivia-action-when")
        self.with_whom = _line(saved.action.with_whom, "With whom", "olivia-action-who")
        for field in (self.text, self.what, self.by_when, self.with_whom):
            field.observe(lambda _change: self.save_answer(), names="value")
        self.button = self.save_button(self.save_answer, tooltip="Save your reflection and action")
        self.warning = w.HTML("")
        self.warning.add_class("olivia-pd-live")
        if not saved.empty:
            self.show_saved_earlier()
            self._warn(saved)
        action_title = w.HTML(macro("reflection", "action_title"))
        intro = w.HTML(macro("reflection", "intro", **self._intro()))
        box = w.VBox([intro, self.text, self.rating.build(), action_title, self.what, self.by_when,
                      self.with_whom, self.save_row(self.button), self.warning],
                     layout=w.Layout(width="100%"))
        box.add_class("olivia-reflection")
        box.add_class(f"olivia-id-{self.exercise_id}")
        return box

    def current(self) -> ReflectionAnswer:
        return ReflectionAnswer(self.text.value.strip(), Action(
            self.what.value.strip(), self.by_when.value.strip(), self.with_whom.value.strip()))

    def save_answer(self) -> None:
        answer = self.current()
        self.save(answer.to_value())
        self._warn(answer)

    def _warn(self, answer: ReflectionAnswer) -> None:
        self.warning.value = macro("reflection", "personal_data_warning",
                                   message=personal_data_message(answer.texts()))

    def html(self, facilitator: bool = False) -> str:
        note = self.prompts.facilitator_note if (facilitator and self.prompts) else ""
        return macro("reflection", "worksheet", **self._intro(), facilitator=facilitator, note=note)

    def plain_text(self) -> str:
        return f"Question {self.number}: {self.question.source}"


class ConfidenceSummary(ExerciseView):
    """The participant's own before and after ratings: a chart (alt text) and a table."""

    def __init__(self, *, content=None, store=None):
        super().__init__("confidence-summary", store)  # shows answers; saves nothing
        self.questions = _load("workshop", content).questions

    def rows(self) -> list[tuple[str, int | None, int | None]]:
        return [(q.short, rating(self.store.load(confidence_id("before", q.id))),
                 rating(self.store.load(confidence_id("after", q.id)))) for q in self.questions]

    def summary_html(self) -> str:
        rows = self.rows()
        chart = None
        if any(b is not None or a is not None for _, b, a in rows):
            from olivia_training.reports.charts import participant_chart

            chart = participant_chart(rows)
        table = [{"short": short, "before": b if b is not None else NOT_RATED,
                  "after": a if a is not None else NOT_RATED,
                  "change": f"{a - b:+d}".replace("-", "\u2212") if a is not None and b is not None else ""}
                 for short, b, a in rows]
        return macro("reflection", "confidence_summary", chart=chart.html() if chart else "",
                     rows=table, rated=chart is not None)

    def build(self):
        import ipywidgets as w

        self.view = w.HTML(self.summary_html())
        self.view.add_class("olivia-summary-view")
        button = w.Button(description="Update the summary", icon="refresh",
                          tooltip="Draw the summary again from your saved ratings",
                          layout=w.Layout(width="auto"))
        button.add_class("olivia-summary-update")
        button.on_click(lambda _: self.refresh())
        on_rating_saved(self.refresh)
        box = w.VBox([self.view, button], layout=w.Layout(width="100%"))
        box.add_class("olivia-summary")
        return box

    def refresh(self) -> None:
        self.view.value = self.summary_html()

    def html(self, facilitator: bool = False) -> str:
        return self.summary_html()

    def plain_text(self) -> str:
        return "; ".join(f"{s}: before {b or NOT_RATED}, after {a or NOT_RATED}" for s, b, a in self.rows())


class EvaluationComments(ExerciseView):
    """Comments for the facilitators, shared in the anonymous evaluation only if ticked."""

    SHARE_LABEL = "Share these comments, without my name, in the anonymous evaluation"

    def __init__(self, store=None):
        super().__init__(COMMENTS_ID, store)

    def build(self):
        import ipywidgets as w

        saved = Comments.from_value(self.store.load(self.exercise_id))
        self.text = self.answer_box(saved.text, lines=4, description="My comments on the workshop",
                                    placeholder=f"What worked, what could be better? {SAVE_HINT}",
                                    classes=("olivia-comments-text",), on_change=self.save_comments)
        self.share = w.Checkbox(value=saved.share, description=self.SHARE_LABEL, indent=False,
                                layout=w.Layout(width="auto"))
        self.share.add_class("olivia-share")
        self.share.observe(lambda _c: self.save_comments(), names="value")
        button = self.save_button(self.save_comments, tooltip="Save your comments")
        self.warning = w.HTML("")
        if saved.text or saved.share:
            self.show_saved_earlier()
        box = w.VBox([self.text, self.share, self.save_row(button), self.warning],
                     layout=w.Layout(width="100%"))
        box.add_class("olivia-evaluation-comments")
        return box

    def save_comments(self) -> None:
        text = self.text.value.strip()
        self.save({"text": text, "share": bool(self.share.value)})
        self.warning.value = macro("reflection", "personal_data_warning",
                                   message=personal_data_message([text]))

    def html(self, facilitator: bool = False) -> str:
        return macro("reflection", "comments", share_label=self.SHARE_LABEL)


class NotebooksCompleted(ExerciseView):
    """Which notebooks the participant worked through, for the evaluation."""

    def __init__(self, store=None, notebooks: list[tuple[str, str]] | None = None):
        super().__init__(NOTEBOOKS_ID, store)
        self.notebooks = notebooks if notebooks is not None else pack_notebooks()

    def build(self):
        import ipywidgets as w

        ticked = set(notebook_numbers(self.store.load(self.exercise_id)))
        self.boxes = {}
        for number, title in self.notebooks:
            box = w.Checkbox(value=number in ticked, description=f"{number}: {title}", indent=False,
                             layout=w.Layout(width="auto"))
            box.add_class("olivia-notebook-done")
            box.observe(lambda _c: self.save_ticks(), names="value")
            self.boxes[number] = box
        if ticked:
            self.show_saved_earlier()
        box = w.VBox([*self.boxes.values(), self.status], layout=w.Layout(width="100%"))
        box.add_class("olivia-notebooks-completed")
        return box

    def save_ticks(self) -> None:
        self.save(sorted(n for n, box in self.boxes.items() if box.value))

    def html(self, facilitator: bool = False) -> str:
        return macro("reflection", "notebooks", notebooks=self.notebooks)


class ExportPanel(ExerciseView):
    """Buttons that write the CPD record and the evaluation file into the workshop folder."""

    def __init__(self, *, content=None, store=None):
        super().__init__("export-panel", store)  # its only saved answer is the session code
        self.content = content

    def build(self):
        import ipywidgets as w

        saved = self.store.load(SESSION_ID)
        self.session = _line(saved if isinstance(saved, str) else "",
                             "Session code (from your facilitator)", "olivia-session-code",
                             placeholder="for example ROCH-0312")
        self.session.observe(lambda _c: self._save_session(), names="value")
        self.cpd_button = w.Button(description="Make my CPD record", icon="file",
                                   button_style="primary", layout=w.Layout(width="auto"))
        self.cpd_button.add_class("olivia-make-cpd")
        self.cpd_button.on_click(lambda _: self.make_cpd())
        self.eval_button = w.Button(description="Make my evaluation file", icon="file",
                                    layout=w.Layout(width="auto"))
        self.eval_button.add_class("olivia-make-evaluation")
        self.eval_button.on_click(lambda _: self.make_evaluation())
        buttons = [self.cpd_button, self.eval_button]
        from olivia_training.reports import hub_client

        if hub_client.available():  # on a workshop hub only: see olivia_training/hub
            send = w.Button(description="Send my anonymous evaluation to the facilitator",
                            icon="paper-plane", layout=w.Layout(width="auto"))
            send.add_class("olivia-send-evaluation")
            send.on_click(lambda _: self.send_evaluation())
            buttons.append(send)
        self.message = w.HTML("")
        self.message.add_class("olivia-export-message")
        box = w.VBox([self.session, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")),
                      self.message], layout=w.Layout(width="100%"))
        box.add_class("olivia-export")
        return box

    def _save_session(self) -> None:
        from olivia_training.reports.evaluation import normalise_session

        try:
            normalise_session(self.session.value)
        except ValueError as exc:
            self._say(f"Session code not saved: {exc}.", ok=False)
            return
        self.store.save(SESSION_ID, self.session.value.strip())

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.value = macro("reflection", "message", text=text, ok=ok)

    def make_cpd(self) -> None:
        from olivia_training.reports.files import write_cpd_record

        try:
            written = write_cpd_record(self.store, content=self.content)
        except OSError as exc:
            self._say(f"Could not write your CPD record: {exc.strerror or exc}.", ok=False)
            return
        record = written.report
        text = (f"Your CPD record is in your workshop folder as {written.path.name} "
                f"({record.completed} of {len(record.questions)} reflections completed). In the file "
                "browser on the left, right-click it and choose Download, then open it in your web "
                "browser to read, print or save it as a PDF.")
        if record.warning_kinds:
            text += f" Text that looks like {', '.join(record.warning_kinds)} was left out of it."
        self._say(" ".join([text, *written.warnings]))

    def make_evaluation(self) -> None:
        from olivia_training.reports.evaluation import BadSession
        from olivia_training.reports.files import write_evaluation

        try:
            written = write_evaluation(self.store, session=self.session.value, content=self.content)
        except BadSession as exc:
            self._say(f"Check the session code: {exc}.", ok=False)
            return
        except OSError as exc:
            self._say(f"Could not write your evaluation: {exc.strerror or exc}.", ok=False)
            return
        self._say(" ".join([f"Your anonymous evaluation is in your workshop folder as {written.path.name}. "
                            "Download it the same way and give it to your facilitator as they ask.",
                            *written.report.notes, *written.warnings]))

    def send_evaluation(self) -> None:
        """The same JSON as `make_evaluation`, sent to the hub's cohort view (it replaces any
        earlier one); only the participant's press of the button sends it."""
        from olivia_training.reports import hub_client
        from olivia_training.reports.evaluation import BadSession
        from olivia_training.reports.files import participant_evaluation

        try:
            export, warnings = participant_evaluation(self.store, session=self.session.value,
                                                      content=self.content)
        except BadSession as exc:
            self._say(f"Check the session code: {exc}.", ok=False)
            return
        sent = hub_client.send_evaluation(export.data)
        self._say(" ".join([sent.message, *export.notes, *warnings]), ok=sent.ok)

    def html(self, facilitator: bool = False) -> str:
        return macro("reflection", "export")


# -- the one-line calls notebook 07 makes --------------------------------------------------
def question(question_id: str, content=None) -> Reflection:
    return Reflection(question_id, content=content)


def confidence_summary(content=None) -> ConfidenceSummary:
    return ConfidenceSummary(content=content)


def evaluation_comments() -> EvaluationComments:
    return EvaluationComments()


def notebooks_completed() -> NotebooksCompleted:
    return NotebooksCompleted()


def export_panel(content=None) -> ExportPanel:
    return ExportPanel(content=content)
