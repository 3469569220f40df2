"""A free-text answer: the workhorse of reflection and discussion exercises."""

from __future__ import annotations

from olivia_training.html import macro
from olivia_training.views.base import ExerciseView


class FreeText(ExerciseView):
    def __init__(self, exercise_id: str, prompt: str, *, lines: int = 5,
                 facilitator_note: str = "", store=None):
        super().__init__(exercise_id, store)
        self.prompt = prompt
        self.lines = lines
        self.facilitator_note = facilitator_note

    @classmethod
    def from_content(cls, item, store=None) -> FreeText:
        """The exercise for a `FreeTextPrompt` from the content (its id is the answer's id)."""
        return cls(item.id, item.prompt, lines=item.lines, facilitator_note=item.facilitator_note,
                   store=store)

    def build(self):
        import ipywidgets as w

        saved = self.saved(str)
        self.text = self.answer_box(saved, lines=self.lines,
                                    on_change=lambda: self.save(self.text.value))
        self.button = self.save_button(lambda: self.save(self.text.value))
        if saved:
            self.show_saved_earlier()
        label = w.HTML(macro("macros", "prompt", text=self.prompt))
        return w.VBox([label, self.text, self.save_row(self.button)], layout=w.Layout(width="100%"))

    def html(self, facilitator: bool = False) -> str:
        return macro("macros", "freetext", prompt=self.prompt, lines=self.lines,
                     facilitator=facilitator, note=self.facilitator_note)

    def plain_text(self) -> str:
        return f"Exercise: {self.prompt}"
