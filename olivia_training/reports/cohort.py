"""The facilitator's cohort report over many evaluation files.

Files that cannot be used (malformed, foreign, from another session) are skipped, each
with one line saying why; everything else is still reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from olivia_training.domain.personal_data import redact
from olivia_training.reports.answers import SCALE
from olivia_training.reports.evaluation import (
    Evaluation,
    NotAnEvaluation,
    read_csv,
    read_json,
    same_session,
)
from olivia_training.reports.format import fmt


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def line(self) -> str:
        return f"skipped {self.source}: {self.reason}"


def load_evaluations(paths: list[Path], question_ids: list[str],
                     session: str | None = None) -> tuple[list[Evaluation], list[Skipped]]:
    """Read JSON files and CSV files (by their .csv suffix), keeping those of `session`."""
    found: list[Evaluation] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        try:
            key = path.resolve()
        except OSError:
            key = path
        if key in seen:
            skipped.append(Skipped(str(path), "given twice; read once"))
            continue
        seen.add(key)
        try:
            if path.suffix.lower() == ".csv":
                rows, problems = read_csv(path, question_ids)
                skipped += [Skipped(p.source, p.reason) for p in problems]
            else:
                rows = [read_json(path, question_ids)]
        except NotAnEvaluation as exc:
            skipped.append(Skipped(str(path), str(exc)))
            continue
        except FileNotFoundError:
            skipped.append(Skipped(str(path), "no such file"))
            continue
        except IsADirectoryError:
            skipped.append(Skipped(str(path), "a folder, not a file"))
            continue
        except OSError as exc:
            skipped.append(Skipped(str(path), f"cannot be read ({exc.strerror or exc})"))
            continue
        for evaluation in rows:
            if session is not None and not same_session(evaluation.session, session):
                other = evaluation.session or "no session code"
                skipped.append(Skipped(evaluation.source, f"from another session ({other})"))
            else:
                found.append(evaluation)
    return found, skipped


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    short: str
    quote: str
    before: dict[int, int]  # rating -> number of participants
    after: dict[int, int]
    before_missing: int
    after_missing: int
    mean_before: float | None
    mean_after: float | None
    paired: int
    mean_change: float | None

    @property
    def rated_before(self) -> int:
        return sum(self.before.values())

    @property
    def rated_after(self) -> int:
        return sum(self.after.values())


@dataclass(frozen=True)
class NotebookCompletion:
    number: str
    title: str
    count: int
    percent: float


@dataclass
class Cohort:
    n: int
    sessions: list[str]
    questions: list[QuestionSummary]
    completion: list[NotebookCompletion]
    comments: list[str]
    skipped: list[Skipped] = field(default_factory=list)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(evaluations: list[Evaluation], questions, notebooks: list[tuple[str, str]],
              skipped: list[Skipped] | None = None) -> Cohort:
    """`questions`: the workshop's questions; `notebooks`: (number, title) of the pack's
    notebooks. Means are over those who gave that rating; the mean change is over those
    who gave both, so it compares the same people."""
    n = len(evaluations)
    summaries = []
    for q in questions:
        pairs = [e.ratings.get(q.id, (None, None)) for e in evaluations]
        befores = [b for b, _ in pairs if b is not None]
        afters = [a for _, a in pairs if a is not None]
        both = [(b, a) for b, a in pairs if b is not None and a is not None]
        b_count, a_count = Counter(befores), Counter(afters)
        summaries.append(QuestionSummary(
            id=q.id, short=q.short, quote=q.source,
            before={r: b_count.get(r, 0) for r in SCALE},
            after={r: a_count.get(r, 0) for r in SCALE},
            before_missing=n - len(befores), after_missing=n - len(afters),
            mean_before=_mean(befores), mean_after=_mean(afters),
            paired=len(both), mean_change=_mean([a - b for b, a in both]),
        ))
    counts = Counter(number for e in evaluations for number in set(e.notebooks))
    titles = dict(notebooks)
    numbers = sorted(set(titles) | set(counts))
    completion = [NotebookCompletion(num, titles.get(num, f"Notebook {num}"), counts.get(num, 0),
                                     100.0 * counts.get(num, 0) / n if n else 0.0)
                  for num in numbers]
    sessions: dict[str, str] = {}  # one spelling of each code, whatever its case
    for e in evaluations:
        if e.session:
            sessions.setdefault(e.session.casefold(), e.session)
    # Exports already leave out comments that look like personal data; a typed-up CSV may not.
    comments = [redact(e.comments)[0] for e in evaluations if e.comments]
    return Cohort(n, sorted(sessions.values(), key=str.casefold), summaries, completion, comments,
                  list(skipped or []))


def render_cohort(cohort: Cohort, title: str, session: str | None = None) -> str:
    from olivia_training import __version__
    from olivia_training.html import pack_css, render
    from olivia_training.reports.charts import distribution_chart, means_chart

    charts = []
    if cohort.n:
        charts = [distribution_chart(cohort.questions), means_chart(cohort.questions)]
    return render(
        "reports/cohort.html.j2",
        title=f"Evaluation report: {title}",
        css=pack_css(),
        edition_label="Facilitator report: not for participants",
        edition_class="edition-facilitator",
        version=__version__,
        generated=datetime.now().strftime("%d/%m/%Y %H:%M"),
        training_title=title,
        cohort=cohort,
        session=session,
        charts=charts,
        scale=SCALE,
        fmt=fmt,
    )
