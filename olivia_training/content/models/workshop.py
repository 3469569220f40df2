"""exercises/workshop.yaml: the findings, the briefing's questions, outcomes and ground rules.

Findings and questions are quoted from the briefing (checked verbatim); the summaries,
outcomes and ground rules are the pack's own words.
"""

from __future__ import annotations

from typing import Annotated

from olivia_training.content.base import ContentModel, Id, Provenanced, Ref, Text

FILE = "workshop.yaml"


class Finding(Provenanced):
    id: Id
    number: int
    page: int
    summary: Text
    # Where the briefing's sentence runs on into a bulleted list ("... are aware of:"), the
    # list on its page is quoted too, so the finding reads whole. Unset: when `source` ends
    # in a colon.
    quote_following_list: bool | None = None

    @property
    def continues_in_list(self) -> bool:
        if self.quote_following_list is not None:
            return self.quote_following_list
        return self.source.rstrip().endswith(":")


class Question(Provenanced):
    id: Id
    page: int
    short: Text


class Outcome(ContentModel):
    id: Id
    text: Text
    findings: Annotated[list[str], Ref("workshop")] = []
    questions: Annotated[list[str], Ref("workshop")] = []


class Model(ContentModel):
    title: Text
    subtitle: Text
    default_hours: float = 3.5
    findings: list[Finding]
    questions: list[Question]
    learning_outcomes: list[Outcome]
    ground_rules: list[Text]
    facilitator_ground_rules_note: str = ""


def extra_checks(model: Model, get):
    for i, outcome in enumerate(model.learning_outcomes):
        if not outcome.findings and not outcome.questions:
            yield ("learning_outcomes", i), "an outcome must map to a finding or a question"
