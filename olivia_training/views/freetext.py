"""A free-text answer: the workhorse of reflection and discussion exercises."""

from __future__ import annotations

from olivia_training.html import esc, render
from olivia_training.views.base import ExerciseView


class FreeText(ExerciseView):
    def __init__(self, exercise_id: str, prompt: str, *, lines: int = 5,
                 facilitator_note: str = "", store=None):
        super().__init__(exercise_id, store)
        self.prompt = prompt
        self.lines = lines
        self.facilitator_note = facilitator_note

    def build(self):
        import ipywidgets as w

        saved = self.store.load(self.exercise_id, default="")
        self.text = w.Textarea(
            value=saved if isinstance(saved, str) else "",
            placeholder="Type your answer here. It saves when you click away or press Save.",
            continuous_update=False,
            layout=w.Layout(width="100%", height=f"{max(self.lines, 3) * 1.6}em"),
            description="",
        )
        self.text.add_class("olivia-answer")
        self.button = w.Button(description="Save", button_style="primary", icon="save",
                               tooltip="Save your answer")
        self.text.observe(lambda change: self.save(change["new"]), names="value")
        self.button.on_click(lambda _: self.save(self.text.value))
        if saved:
            self.show_saved_earlier()
        label = w.HTML(f"<p><strong>{esc(self.prompt)}</strong></p>")
        return w.VBox([label, self.text, w.HBox([self.button, self.status])],
                      layout=w.Layout(width="100%"))

    def html(self, facilitator: bool = False) -> str:
        return render("fragments/freetext.html.j2", prompt=self.prompt, lines=self.lines,
                      facilitator=facilitator, note=self.facilitator_note)

    def plain_text(self) -> str:
        return f"Exercise: {self.prompt}"
