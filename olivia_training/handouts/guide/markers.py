"""The parts of the guide generated from the content: a marker in the Markdown, a table out.

A marker is an HTML comment on a line of its own, such as `<!-- coverage-matrix -->` or
`<!-- session-plan: half-day -->`. It is replaced by a table made from
`exercises/programme.yaml` and `exercises/workshop.yaml`, so the coverage matrix, the
session plans and the evaluation form always agree with the notebooks as they are.
FRAGMENTS lists every marker; an unknown one is reported as a problem of its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from olivia_training.handouts.guide.clock import clock, duration, minutes
from olivia_training.handouts.guide.evaluation_form import evaluation_fields
from olivia_training.html import macro, render

MARKER = re.compile(r"<!--\s*([a-z][a-z-]*)\s*(?::\s*([A-Za-z0-9_.-]+))?\s*-->")


class Fragments:
    """Tables generated from the content, for the markers in the guide's Markdown."""

    def __init__(self, content: Path | None, handout_exists: Callable[[str], bool]):
        from olivia_training.content import load

        self.programme = load("programme", content)
        self.workshop = load("workshop", content)
        self.support = load("support", content)
        self.handout_exists = handout_exists

    def __call__(self, name: str, arg: str) -> str:
        method = FRAGMENTS.get(name)
        if method is None:
            raise KeyError(f"unknown marker; known: {', '.join(sorted(FRAGMENTS))}")
        return str(method(self, arg) if arg else method(self))

    # labels ------------------------------------------------------------------------------
    def labels(self) -> dict[str, str]:
        names = {f.id: f"Finding {f.number}" for f in self.workshop.findings}
        names.update({q.id: f"Question: {q.short}" for q in self.workshop.questions})
        return names

    def items(self) -> list[dict]:
        """The nine items (findings, then questions) with where each is addressed."""
        rows = []
        for item, label, detail in [
            *[(f, f"Finding {f.number}", f.summary) for f in self.workshop.findings],
            *[(q, q.short, q.source) for q in self.workshop.questions],
        ]:
            notebooks, exercises = [], []
            for nb in self.programme.notebooks:
                hits = [ex for ex in nb.exercises if item.id in ex.covers]
                if hits:
                    notebooks.append(self._nb(nb))
                    exercises.extend({"notebook": nb.number, "title": ex.title} for ex in hits)
            rows.append({"id": item.id, "label": label, "detail": detail,
                         "notebooks": notebooks, "exercises": exercises})
        return rows

    def _nb(self, nb) -> dict:
        href = f"../{nb.id}.html" if self.handout_exists(nb.id) else ""
        return {"id": nb.id, "number": nb.number, "title": nb.title, "href": href,
                "minutes": nb.minutes}

    def _covers(self, ids: list[str]) -> str:
        labels = self.labels()
        return "; ".join(labels[i].removeprefix("Question: ") for i in ids)

    # fragments ---------------------------------------------------------------------------
    def coverage_matrix(self) -> Markup:
        return Markup(render("guide/coverage.html.j2", rows=self.items()))

    def notebooks_table(self) -> Markup:
        rows = []
        for nb in self.programme.notebooks:
            rows.append({**self._nb(nb), "covers": self._covers(nb.covers),
                         "exercises": [{"title": ex.title, "minutes": ex.minutes, "format": ex.format}
                                       for ex in nb.exercises]})
        total = sum(nb.minutes for nb in self.programme.notebooks)
        return Markup(render("guide/notebooks.html.j2", rows=rows, total=duration(total)))

    def session_plan(self, session_id: str) -> Markup:
        session = self.programme.session(session_id)
        now = minutes(session.start)
        rows, covered = [], []
        for block in session.blocks:
            nb = self.programme.notebook(block.notebook) if block.notebook else None
            exercises = [self.programme.exercise(e)[1] for e in block.exercises]
            for ex in exercises:
                covered.extend(i for i in ex.covers if i not in covered)
            rows.append({"start": clock(now), "end": clock(now + block.minutes),
                         "title": block.title, "kind": block.kind, "minutes": block.minutes,
                         "format": block.format or "", "notebook": self._nb(nb) if nb else None,
                         "exercises": [ex.title for ex in exercises], "note": block.note})
            now += block.minutes
        labels = self.labels()
        all_ids = [*(f.id for f in self.workshop.findings), *(q.id for q in self.workshop.questions)]
        breaks = sum(b.minutes for b in session.blocks if b.kind == "break")
        included = {e for b in session.blocks for e in b.exercises}
        left_out = [f"{nb.number} {ex.title}" for nb in self.programme.notebooks
                    for ex in nb.exercises if ex.id not in included]
        return Markup(render(
            "guide/session.html.j2", session=session, rows=rows,
            start=clock(minutes(session.start)), end=clock(now),
            length=duration(session.total_minutes), breaks=duration(breaks) if breaks else "",
            missing=[labels[i] for i in all_ids if i not in covered], left_out=left_out))

    def session_summary(self) -> Markup:
        sessions = [{"id": s.id, "title": s.title, "length": duration(s.total_minutes),
                     "start": s.start, "end": clock(minutes(s.start) + s.total_minutes),
                     "needs": s.needs} for s in self.programme.sessions]
        return Markup(render("guide/sessions.html.j2", sessions=sessions))

    def exercise_summary(self, notebook_id: str) -> Markup:
        nb = self.programme.notebook(notebook_id)
        rows = [{"title": ex.title, "minutes": ex.minutes, "format": ex.format,
                 "covers": self._covers(ex.covers)} for ex in nb.exercises]
        return Markup(render("guide/exercises.html.j2", nb=self._nb(nb), rows=rows))

    def ground_rules(self) -> Markup:
        return Markup(render("guide/ground_rules.html.j2", rules=self.workshop.ground_rules))

    def support_list(self) -> Markup:
        return Markup(macro("support", "services", services=self.support.services))

    def content_files(self) -> Markup:
        from olivia_training.content import registry

        rows = []
        for module in registry().values():
            doc = (module.__doc__ or "").strip().splitlines()
            about = doc[0].split(":", 1)[-1].strip() if doc else ""
            rows.append({"file": module.FILE, "about": about[:1].upper() + about[1:]})
        return Markup(render("guide/content_files.html.j2", rows=rows))

    def evaluation_form(self) -> Markup:
        form = evaluation_fields(self.workshop, self.programme)
        return Markup(render("guide/evaluation_form.html.j2", form=form))

    def evaluation_csv(self) -> Markup:
        form = evaluation_fields(self.workshop, self.programme)
        return Markup(render("guide/evaluation_csv.html.j2", form=form))


FRAGMENTS: dict[str, Callable] = {
    "coverage-matrix": Fragments.coverage_matrix,
    "notebooks-table": Fragments.notebooks_table,
    "session-summary": Fragments.session_summary,
    "session-plan": Fragments.session_plan,
    "exercise-summary": Fragments.exercise_summary,
    "ground-rules": Fragments.ground_rules,
    "support-list": Fragments.support_list,
    "content-files": Fragments.content_files,
    "evaluation-form": Fragments.evaluation_form,
    "evaluation-csv": Fragments.evaluation_csv,
}
