"""exercises/reflection.yaml: notebook 07's prompts for the briefing's four questions.

The questions themselves live in workshop.yaml (quoted from the briefing); this file only
adds the pack's own coaching prompts, an example of a concrete action, the peer-reflection
prompts of the CPD record, and facilitator notes.
"""

from __future__ import annotations

from typing import Annotated

from olivia_training.content.base import ContentModel, Ref, Text

FILE = "reflection.yaml"


class QuestionPrompts(ContentModel):
    question: Annotated[str, Ref("workshop")]
    prompts: list[Text]
    action_example: Text
    facilitator_note: str = ""


class Model(ContentModel):
    questions: list[QuestionPrompts]
    peer_reflection: list[Text]

    def for_question(self, question_id: str) -> QuestionPrompts | None:
        return next((q for q in self.questions if q.question == question_id), None)


def extra_checks(model: Model, get):
    try:
        wanted = [q.id for q in get("workshop").model.questions]
    except Exception:  # workshop.yaml's own problems are reported against it
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(model.questions):
        if item.question in seen:
            yield ("questions", i, "question"), f"'{item.question}' has prompts twice"
        seen[item.question] = i
    for question_id in wanted:
        if question_id not in seen:
            yield ("questions",), f"no prompts for the briefing's question '{question_id}'"
