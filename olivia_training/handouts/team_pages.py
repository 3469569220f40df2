"""The 7 minute briefing and the team action plan: the pages a manager takes to a team meeting.

Partnerships turn each review into a one-page "7 minute briefing" and pair it with an action
plan. Both are made here from the content (exercises/seven_minute_briefing.yaml, with the
findings and questions of workshop.yaml and the local contacts of local_details.yaml and
support.yaml), so they say what the handouts say.

The participant edition of the briefing and the action plan hold nothing for facilitators
only; the facilitator edition of the briefing adds each section's talking points.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markupsafe import Markup

from olivia_training import __version__
from olivia_training.atomic import atomic_write_text
from olivia_training.handouts.page import Page
from olivia_training.html import TEMPLATES, pack_css, render

BRIEFING_STEM = "7-minute-briefing"
PLAN_STEM = "team-action-plan"
STEMS = (BRIEFING_STEM, PLAN_STEM)
EDITION_LABELS = {
    "participant": "Participant edition",
    "facilitator": "Facilitator edition: not for participants",
}


@cache
def team_css() -> Markup:
    return pack_css() + Markup((TEMPLATES / "team" / "team_pages.css").read_text(encoding="utf-8"))


def briefing_html(content: Path | None, *, facilitator: bool, built: str) -> str:
    from olivia_training.content import load

    seven = load("seven_minute_briefing", content)
    workshop = load("workshop", content)
    local = load("local_details", content)
    services = load("support", content)
    by_id = {s.id: s for s in services.services}
    local_ids = [i for s in seven.sections for i in s.local_details]
    support_ids = [i for s in seven.sections for i in s.support]
    edition = "facilitator" if facilitator else "participant"
    # Participants get the sections with every facilitator_ field removed, so a template
    # mistake cannot show one. (Jinja reads a dict's keys as attributes.)
    sections = [{**s.for_edition(facilitator), "number": n}
                for n, s in enumerate(seven.sections, 1)]
    local_items = [local.detail(i) for i in local_ids]
    support_items = [by_id[i] for i in support_ids]
    return render(
        "team/seven_minute_briefing.html.j2",
        title=f"{seven.title} ({EDITION_LABELS[edition]})", edition=edition,
        edition_label=EDITION_LABELS[edition], css=team_css(), version=__version__,
        # The prepared-for-training note names the source; the footer stays one line.
        built=built, attribution="", body_class="team-briefing-page",
        # The facilitator edition runs to two pages, so it reads best as one column.
        b=seven, columns=[sections] if facilitator else two_columns(
            seven.sections, workshop, len(local_items) + len(support_items), sections),
        facilitator=facilitator,
        findings=workshop.findings, questions=workshop.questions,
        local=local_items, support=support_items)


def two_columns(models, workshop, local_items: int, sections: list) -> list[list]:
    """The sections split into a left and a right column of about the same height.

    The briefing must print on one side of A4, and a newspaper-style CSS column with
    unbreakable sections balances badly in print; so the split is decided here, by the length
    of what each section shows, and each column keeps reading order (left, then right).
    """
    sizes = []
    for s in models:
        size = 40 + sum(len(t) for t in [*s.text, *s.after_quotes, *s.points])
        size += sum(len(q.source) + 60 for q in s.quotes) + 25 * len(s.points)
        if s.kind == "findings":
            size += sum(len(f.summary) + 40 for f in workshop.findings)
        elif s.kind == "questions":
            size += sum(len(q.source) + 25 for q in workshop.questions) + 60
        elif s.kind == "local":
            size += 90 * local_items + sum(len(r.text) + 30 for r in s.resources)
        sizes.append(size)
    total, running, split = sum(sizes), 0, 1
    best = total
    for i, size in enumerate(sizes[:-1], 1):
        running += size
        if abs(total - 2 * running) < best:
            best, split = abs(total - 2 * running), i
    return [sections[:split], sections[split:]]


def action_plan_html(content: Path | None, *, built: str, attribution: str) -> str:
    from olivia_training.content import load

    seven = load("seven_minute_briefing", content)
    plan = seven.action_plan
    return render(
        "team/team_action_plan.html.j2", title=plan.title, edition="participant",
        edition_label=EDITION_LABELS["participant"], css=team_css(), version=__version__,
        built=built, attribution=attribution, body_class="team-plan-page", plan=plan,
        prepared_note=seven.prepared_note)


def write_team_pages(out: Path, *, content: Path | None, built: str, attribution: str) -> list[Page]:
    """Write both pages (and the briefing's facilitator edition); return them for the indexes."""
    from olivia_training.content import load

    out = Path(out)
    seven = load("seven_minute_briefing", content)
    for edition in ("participant", "facilitator"):
        atomic_write_text(out / edition / f"{BRIEFING_STEM}.html", briefing_html(
            content, facilitator=edition == "facilitator", built=built))
    atomic_write_text(out / "participant" / f"{PLAN_STEM}.html",
                      action_plan_html(content, built=built, attribution=attribution))
    return [Page(BRIEFING_STEM, seven.title, f"{BRIEFING_STEM}.html"),
            Page(PLAN_STEM, seven.action_plan.title, f"{PLAN_STEM}.html")]
