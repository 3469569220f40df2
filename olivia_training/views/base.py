"""The base every exercise widget shares: a live widget, a worksheet, and saving.

JupyterLab shows the widget (`application/vnd.jupyter.widget-view+json`); the handout
build keeps only the printable worksheet (`text/html`), so in a build's kernel
(`printable.building()`) the widget is never made.

The parts every exercise needs to keep a participant's answer are built here, once, so they
look and behave the same in every notebook: the answer box (`answer_box`, one height
formula), the Save button (`save_button`), the "Saved at 10:42" status beside it
(`save_row`, `item_status`) and the typed reload of an earlier answer (`saved`).
The CSS classes they carry (`olivia-answer`, `olivia-save`, `olivia-status`,
`olivia-saved`, `olivia-unsaved`) are what `tests/e2e` drives.

Feedback computed from a `facilitator_` key goes through `keyed_feedback`: in the
participant edition (JupyterHub) the key is withheld, and a widget callback that raised
would show the participant nothing at all, so they are told, kindly, what happens instead.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from olivia_training.content.base import KeyWithheld
from olivia_training.html import macro
from olivia_training.printable import FACILITATOR_MIME, Printable, building
from olivia_training.responses import ResponseStore

T = TypeVar("T")

SAVE_HINT = "It saves when you click away from the box, or press Save."
ANSWER_PLACEHOLDER = f"Type your answer here. {SAVE_HINT}"
LINE_HEIGHT_EM = 1.6  # one line of the answer box's text, in em
MIN_LINES = 3  # a box smaller than this looks like a one-line field
WITHHELD_MESSAGE = "Your facilitator will go through this with the group. Your answer is saved."


def answer_height(lines: int) -> str:
    """The one height of every answer box: room for `lines` lines, never fewer than three."""
    return f"{max(lines, MIN_LINES) * LINE_HEIGHT_EM:g}em"


def status_html(text: str, *, ok: bool = True, announce: bool = True) -> str:
    """A saved / not-saved message. Only the exercise's own status line is announced
    (`role="status"`); an item's copy of it is not, so a screen reader says it once."""
    return macro("macros", "status", text=text, ok=ok, announce=announce)


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
        if building():
            # A handout keeps only the worksheet (handouts/transforms.py), so the build never
            # makes the live widget: it cost each kernel its ipywidgets and a few hundred
            # widget models, and the build the messages that carry them.
            return data
        widget_data = self.widget._repr_mimebundle_()
        if isinstance(widget_data, tuple):
            widget_data = widget_data[0]
        data.update({k: v for k, v in widget_data.items() if k != "text/plain"})
        return data

    # -- the saved answer ------------------------------------------------------------------
    def saved(self, kind: type[T] = str) -> T:
        """This exercise's saved answer, or an empty `kind()` if there is none or it has
        another shape (a file from an older version, or edited by hand): reloading an
        answer must never stop the notebook."""
        value = self.store.load(self.exercise_id, default=None)
        return value if isinstance(value, kind) else kind()

    # -- the widgets every answer needs ----------------------------------------------------
    def answer_box(self, value: str = "", *, lines: int = 5, placeholder: str = ANSWER_PLACEHOLDER,
                   description: str = "", classes: tuple[str, ...] = (),
                   on_change: Callable[[], None] | None = None):
        """A text area for an answer. It saves on blur (`continuous_update=False`), so a
        half-typed word is never written; `on_change` is called after each change."""
        import ipywidgets as w

        box = w.Textarea(value=value, placeholder=placeholder, continuous_update=False,
                         description=description, style={"description_width": "initial"},
                         layout=w.Layout(width="100%", height=answer_height(lines)))
        for name in ("olivia-answer", *(("olivia-field",) if description else ()), *classes):
            box.add_class(name)
        if on_change is not None:
            box.observe(lambda _change: on_change(), names="value")
        return box

    def save_button(self, on_click: Callable[[], None], *, description: str = "Save",
                    tooltip: str = "Save your answer", icon: str = "save"):
        import ipywidgets as w

        button = w.Button(description=description, button_style="primary", icon=icon,
                          tooltip=tooltip, layout=w.Layout(width="auto"))
        button.add_class("olivia-save")
        button.on_click(lambda _button: on_click())
        return button

    def save_row(self, *buttons):
        """The buttons, then the exercise's status: "Saved at 10:42" shows beside them."""
        import ipywidgets as w

        return w.HBox([*buttons, self.status], layout=w.Layout(align_items="center"))

    @staticmethod
    def status_line():
        import ipywidgets as w

        line = w.HTML(value="", layout=w.Layout(min_height="1.5em"))
        line.add_class("olivia-status")
        return line

    @cached_property
    def status(self):
        """The exercise's status line: saved, saved earlier, or not saved and why."""
        return self.status_line()

    def item_status(self, saved_earlier: bool = False):
        """A status line for one item (an entry, a card), beside that item's own button; pass
        it to `save(..., item=...)` so the participant sees the save where they clicked."""
        line = self.status_line()
        if saved_earlier:
            line.value = status_html("Saved earlier", announce=False)
        return line

    def item_cards(self, items: Iterable[tuple[str, str, Any]], *, label: Callable[[int], str],
                   icon: str, tooltip: str, on_click: Callable[[str], None],
                   saved: Container[str] = (), intro: Sequence[Any] = ()):
        """A many-item exercise (chronology entries, scenario cards) as a column of cards.

        `items` gives `(key, header_html, answer_widget)` for each item. Every card gets its
        own button (`label(number)`, calling `on_click(key)`), a status line (pass it to
        `save(item=...)`) and a feedback area; the exercise's status ends the column.
        Returns `(box, statuses, feedback)`, the last two keyed like the items."""
        import ipywidgets as w

        statuses: dict[str, Any] = {}
        feedback: dict[str, Any] = {}
        cards = list(intro)
        for number, (key, header, answer) in enumerate(items, start=1):
            button = self.save_button(lambda k=key: on_click(k), description=label(number),
                                      icon=icon, tooltip=tooltip)
            statuses[key] = self.item_status(saved_earlier=key in saved)
            feedback[key] = w.HTML()
            card = w.VBox([w.HTML(header), answer, w.HBox([button, statuses[key]]), feedback[key]],
                          layout=w.Layout(width="100%"))
            card.add_class("olivia-entry-card")
            cards.append(card)
        return w.VBox([*cards, self.status], layout=w.Layout(width="100%")), statuses, feedback

    # -- feedback from the facilitators' key ---------------------------------------------
    @staticmethod
    def keyed_feedback(make: Callable[[], str]) -> str:
        """The feedback `make()` builds from a `facilitator_` key, or, where this edition does
        not carry the key (the participant edition: `KeyWithheld`), a plain note that the
        facilitator will go through it. Callers save the answer first, so the note is true;
        without this the ipywidgets callback would raise and the participant would see nothing."""
        try:
            return make()
        except KeyWithheld:
            return macro("macros", "withheld", text=WITHHELD_MESSAGE)

    # -- saving state, shown to the participant -----------------------------------------
    def _set_status(self, text: str, *, ok: bool = True, item=None) -> None:
        self.status.value = status_html(text, ok=ok)
        if item is not None:
            item.value = status_html(text, ok=ok, announce=False)

    def show_saved_earlier(self) -> None:
        """An answer from an earlier session was loaded: say so, so nobody types it again."""
        self._set_status("Saved earlier")

    def show_unsaved(self, message: str) -> None:
        self._set_status(message, ok=False)

    def save(self, value, *, note: str = "", item=None) -> None:
        """Save `value` as this exercise's answer and say so; `note` adds to "Saved at 10:42"
        (for example what was left out), `item` is an item's own status line to update too.
        If the disk refuses, the participant is told to keep a copy, and the error is raised."""
        try:
            self.store.save(self.exercise_id, value)
        except OSError as exc:
            self._set_status(f"Not saved: {exc.strerror or exc}. Copy your text somewhere safe.",
                       ok=False, item=item)
            raise
        stamp = datetime.now().strftime("%H:%M:%S")
        self._set_status(f"Saved at {stamp}{', ' + note if note else ''}", item=item)
