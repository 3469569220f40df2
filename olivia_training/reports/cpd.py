"""The participant's CPD record: one self-contained, printable, accessible HTML page.

It is made from whatever is in the workspace, so it works for an empty one (every section
says "not completed yet"). Participant text is escaped by the template. If an answer looks
like real personal data, the record says so, naming only the kind of data, and the matched
text is left out of the record ("[left out: a phone number]"): a CPD record gets uploaded
and shared, and must not carry a real child's details with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from olivia_training import __version__
from olivia_training.domain.personal_data import redact
from olivia_training.html import pack_css, render
from olivia_training.reports.answers import (
    NOT_COMPLETED,
    NOT_RATED,
    PHASES,
    SCALE_WORDS,
    Action,
    QuestionAnswers,
    ReflectionAnswer,
    confidence_id,
    last_saved,
    read_participant,
    reflection_id,
)

TITLE = "CPD record"


def redact_answer(answer: ReflectionAnswer) -> tuple[ReflectionAnswer, list[str]]:
    kinds: list[str] = []
    fields = []
    for text in answer.texts():
        clean, found = redact(text)
        fields.append(clean)
        kinds += [k for k in found if k not in kinds]
    return ReflectionAnswer(fields[0], Action(*fields[1:])), kinds


def rating_text(value: int | None) -> str:
    return f"{value} ({SCALE_WORDS[value]})" if value else NOT_RATED


def hours_text(hours: float) -> str:
    number = f"{hours:g}"
    return f"{number} hour" if number == "1" else f"{number} hours"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass
class CpdRecord:
    html: str
    questions: list[QuestionAnswers]
    warning_kinds: list[str]

    @property
    def completed(self) -> int:
        return sum(1 for q in self.questions if not q.reflection.empty)


def cpd_record(store, *, hours: float | None = None, day: date | None = None,
               content=None) -> CpdRecord:
    """The record for the answers in `store`.

    `day` defaults to the day the latest reflection or rating was saved (the workshop day,
    when the record is made later), or today if nothing was saved.
    """
    from olivia_training.content import load

    workshop = load("workshop", content)
    prompts = load("reflection", content)
    swe = load("sources", content).get("swe-cpd")
    answers = read_participant(store, workshop.questions)
    if hours is None:
        hours = workshop.default_hours
    if not 0 < hours <= 24:
        raise ValueError("hours must be more than 0 and at most 24")
    if day is None:
        ids = [reflection_id(q.id) for q in workshop.questions]
        ids += [confidence_id(p, q.id) for p in PHASES for q in workshop.questions]
        saved = last_saved(store, ids)
        day = saved.date() if saved else date.today()

    rows = []
    all_kinds: list[str] = []
    for q in answers:
        reflection, kinds = redact_answer(q.reflection)
        all_kinds += [k for k in kinds if k not in all_kinds]
        rows.append({"id": q.id, "short": q.short, "quote": q.quote,
                     "before": rating_text(q.before), "after": rating_text(q.after),
                     "reflection": reflection, "warning_kinds": kinds})
    html = render(
        "reports/cpd.html.j2",
        title=f"{TITLE}: {workshop.title}",
        css=pack_css(),
        edition_label="Continuing professional development (CPD) record",
        edition_class="",
        version=__version__,
        generated=datetime.now().strftime("%d/%m/%Y"),
        training_title=workshop.title,
        subtitle=workshop.subtitle,
        date_text=long_date(day),
        hours_text=hours_text(hours),
        outcomes=[o.text for o in workshop.learning_outcomes],
        questions=rows,
        peer_prompts=prompts.peer_reflection,
        warning_kinds=all_kinds,
        swe_citation=swe.citation(),
        swe_source=f"{swe.author} ({swe.year}). {swe.title}. {swe.published}",
        NOT_COMPLETED=NOT_COMPLETED,
    )
    return CpdRecord(html, answers, all_kinds)
