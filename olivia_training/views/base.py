"""The base every exercise widget shares: a live widget, a worksheet, and saving.

JupyterLab shows the widget (`application/vnd.jupyter.widget-view+json`); the handout
build keeps only the printable worksheet (`text/html`).
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from olivia_training.printable import FACILITATOR_MIME, Printable
from olivia_training.responses import ResponseStore

SAVED_EARLIER = '<span class="olivia-saved" role="status">Saved earlier</span>'


class ExerciseView(Printable):
    exercise_id: str = ""

    def __init__(self, exercise_id: str, store: ResponseStore | None = None):
        self.exercise_id = exercise_id
        self.store = store if store is not None else ResponseStore()

    def build(self):
        raise NotImplementedError

    @cached_property
    def widget(self):
        root = self.build()
        # Lets tests (and people inspecting the page) find every live exercise.
        if hasattr(root, "add_class"):
            root.add_class("olivia-exercise")
        return root

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = super()._repr_mimebundle_(include, exclude)
        # The worksheet is marked, so a page showing it instead of the widget is detectable.
        for key in ("text/html", FACILITATOR_MIME):
            if key in data:
                data[key] = (f'<div class="olivia-exercise-print" data-olivia-exercise='
                             f'"{self.exercise_id}">{data[key]}</div>')
        widget_data = self.widget._repr_mimebundle_()
        if isinstance(widget_data, tuple):
            widget_data = widget_data[0]
        data.update({k: v for k, v in widget_data.items() if k != "text/plain"})
        return data

    # -- saving state, shown to the participant -----------------------------------------
    @cached_property
    def status(self):
        import ipywidgets as w

        return w.HTML(value="", layout=w.Layout(min_height="1.5em"))

    def show_saved_earlier(self) -> None:
        """An answer from an earlier session was loaded: say so, so nobody types it again."""
        self.status.value = SAVED_EARLIER

    def show_saved(self) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.status.value = f'<span class="olivia-saved" role="status">Saved at {stamp}</span>'

    def show_unsaved(self, message: str) -> None:
        from markupsafe import escape

        self.status.value = f'<span class="olivia-unsaved" role="status">{escape(message)}</span>'

    def save(self, value) -> None:
        try:
            self.store.save(self.exercise_id, value)
        except OSError as exc:
            self.show_unsaved(f"Not saved: {exc.strerror or exc}. Copy your text somewhere safe.")
            raise
        self.show_saved()
