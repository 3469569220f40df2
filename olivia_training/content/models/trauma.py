"""exercises/trauma.yaml: trauma-informed practice as concrete choices.

Holds the OHID (2022) working definition (quoted, attributed) and its six principles with
this pack's own one-line descriptions, SAMHSA's four Rs, the scenario cards (each response
says which principles it honours or breaks, and why), the rewrite exercise with its
simple checks, and reflections. The suggested response on each card and the model answer
are facilitator-only.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from olivia_training.content.base import ContentModel, FreeTextPrompt, Id, Provenanced, Ref, Text, by_id

FILE = "trauma.yaml"
MIN_RESPONSES, MAX_RESPONSES = 3, 4


class Definition(ContentModel):
    quote: Text
    source: Annotated[str, Ref("sources")]
    summary: Text


class Principle(ContentModel):
    id: Id
    name: Text
    description: Text
    in_practice: Text


class FourR(ContentModel):
    id: Id
    name: Text
    description: Text


class Touch(ContentModel):
    principle: Id
    effect: Literal["honours", "breaks"]
    why: Text


class Response(ContentModel):
    id: Id
    text: Text
    touches: list[Touch]
    facilitator_best: bool = False


class Scenario(Provenanced):
    id: Id
    title: Text
    role: Text
    situation: Text
    chronology: Annotated[list[str], Ref("chronology")] = []
    responses: list[Response]
    facilitator_discussion: str = ""


class Check(ContentModel):
    """A simple, explainable check on a rewrite: phrases to look for, or to avoid."""

    id: Id
    kind: Literal["look_for", "avoid"]
    principles: list[Id]
    label: Text
    patterns: list[Text]
    done_well: Text
    tip: Text


class Rewrite(Provenanced):
    id: Id
    title: Text
    chronology: Annotated[list[str], Ref("chronology")] = []
    setting: Text
    her_words: Text
    poor_response: Text
    instruction: Text
    checks: list[Check]
    facilitator_model_answer: Text
    facilitator_note: str = ""


class Reflection(FreeTextPrompt):
    """A reflection in notebook 03."""


class Model(ContentModel):
    definition: Definition
    principles: list[Principle]
    samhsa_principles: list[Text]
    four_rs: list[FourR]
    scenarios_id: Id
    scenarios: list[Scenario]
    rewrite: Rewrite
    reflections: list[Reflection]

    def principle_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.principles}

    def scenario(self, scenario_id: str) -> Scenario:
        return by_id(self.scenarios, scenario_id, "scenario")

    def reflection(self, reflection_id: str) -> Reflection:
        return by_id(self.reflections, reflection_id, "reflection")


def extra_checks(model: Model, get):
    names = model.principle_names()
    allowed = ", ".join(names)

    def principle_problem(principle: str) -> str | None:
        if principle in names:
            return None
        return f"'{principle}' is not one of the principles ({allowed})"

    for s, scenario in enumerate(model.scenarios):
        loc = ("scenarios", s)
        n = len(scenario.responses)
        if not MIN_RESPONSES <= n <= MAX_RESPONSES:
            yield ((*loc, "responses"),
                   f"a card offers {MIN_RESPONSES} or {MAX_RESPONSES} responses, not {n}")
        best = [r for r in scenario.responses if r.facilitator_best]
        if len(best) != 1:
            yield ((*loc, "responses"),
                   f"mark exactly one response 'facilitator_best: true' (found {len(best)})")
        for r, response in enumerate(scenario.responses):
            if not response.touches:
                yield ((*loc, "responses", r, "touches"),
                       "say which principles this response honours or breaks")
            seen: set[str] = set()
            for t, touch in enumerate(response.touches):
                problem = principle_problem(touch.principle)
                if problem:
                    yield (*loc, "responses", r, "touches", t, "principle"), problem
                elif touch.principle in seen:
                    yield ((*loc, "responses", r, "touches", t, "principle"),
                           f"'{touch.principle}' is listed twice for this response")
                seen.add(touch.principle)

    for c, check in enumerate(model.rewrite.checks):
        for p, principle in enumerate(check.principles):
            problem = principle_problem(principle)
            if problem:
                yield ("rewrite", "checks", c, "principles", p), problem
        for p, pattern in enumerate(check.patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                yield ("rewrite", "checks", c, "patterns", p), f"not a valid pattern: {exc}"
