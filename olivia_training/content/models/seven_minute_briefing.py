"""exercises/seven_minute_briefing.yaml: the one-page 7 minute briefing and its team action plan.

Partnerships turn a review into a "7 minute briefing" for managers to talk through in team
meetings, paired with an action plan. The pack makes both from this file, so they cannot
drift from the training material: the findings and the four questions come from
workshop.yaml, local contacts from local_details.yaml and support.yaml. What the page says
about Olivia is only ever a quote of the briefing, checked verbatim and against its page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import PositiveInt

from olivia_training.content.base import ContentModel, Id, Provenanced, Ref, Text
from olivia_training.content.checks import normalise
from olivia_training.content.loader import ContentError

FILE = "seven_minute_briefing.yaml"
SECTIONS = 7


class Quote(Provenanced):
    """The briefing's own words, with the page of the briefing they stand on."""

    page: PositiveInt


class Resource(ContentModel):
    text: Text
    confirm_locally: bool = False


class Section(ContentModel):
    id: Id
    heading: Text
    # text: the pack's own sentences. findings / questions / local: the section also lists the
    # findings or questions of workshop.yaml, or the local contacts named below.
    kind: Literal["text", "findings", "questions", "local"] = "text"
    text: list[Text] = []
    quotes: list[Quote] = []
    after_quotes: list[Text] = []
    points: list[Text] = []
    local_details: Annotated[list[str], Ref("local_details")] = []
    support: Annotated[list[str], Ref("support")] = []
    resources: list[Resource] = []
    facilitator_talking_points: str = ""


class PlanQuestion(ContentModel):
    id: Id
    text: Text
    hint: str = ""


class ActionPlan(ContentModel):
    title: Text
    intro: Text
    meeting_fields: list[Text]
    questions: list[PlanQuestion]
    actions_heading: Text
    columns: list[Text]
    example: list[Text] = []
    blank_rows: PositiveInt = 6
    review_fields: list[Text] = []


class Model(ContentModel):
    title: Text
    subtitle: Text
    intro: str = ""
    prepared_note: Text
    sections: list[Section]
    action_plan: ActionPlan


def extra_checks(model: Model, get):
    if len(model.sections) != SECTIONS:
        yield ("sections",), f"a 7 minute briefing has {SECTIONS} sections, not {len(model.sections)}"
    kinds = [s.kind for s in model.sections]
    for i, section in enumerate(model.sections):
        if section.kind != "text" and kinds.index(section.kind) != i:
            yield ("sections", i, "kind"), f"only one section can list the {section.kind}"
        if section.kind != "local" and (section.local_details or section.support or section.resources):
            yield ("sections", i), "local contacts and resources belong in the section of kind 'local'"
        for q, quote in enumerate(section.quotes):
            # Everything the briefing page says about Olivia is the review's own words.
            if quote.provenance != "briefing":
                yield (("sections", i, "quotes", q, "provenance"),
                       "a quote on the 7 minute briefing must be 'briefing'; write illustrative "
                       "text in your own words, outside the quotes")
    if "local" not in kinds:
        yield ("sections",), "one section must be of kind 'local' (local contacts and resources)"

    plan = model.action_plan
    if len(plan.questions) != 3:
        yield ("action_plan", "questions"), "the action plan has three reflection questions"
    if plan.example and len(plan.example) != len(plan.columns):
        yield (("action_plan", "example"),
               f"the example has {len(plan.example)} cells; the table has {len(plan.columns)} columns")

    try:
        briefing = get("briefing").model
    except ContentError:  # briefing.yaml's own problems are reported against it
        return
    pages = {p.number: normalise("\n".join(b.plain() for b in p.blocks)) for p in briefing.pages}
    for i, section in enumerate(model.sections):
        for q, quote in enumerate(section.quotes):
            text = pages.get(quote.page)
            if text is None:
                yield ("sections", i, "quotes", q, "page"), f"the briefing has no page {quote.page}"
            elif quote.provenance == "briefing" and normalise(quote.source) not in text:
                yield ("sections", i, "quotes", q, "page"), f"the quote is not on page {quote.page}"
