"""The paper evaluation form and how to type it up, for groups who do not use the notebooks.

Its fields are named as the columns of the CSV that the cohort report reads, and the names
come from the report's own code (`reports.evaluation.csv_columns`), so the form, the
typing-up instructions and the reader cannot disagree.
"""

from __future__ import annotations


def evaluation_fields(workshop, programme) -> dict:
    """The paper form's fields, named as the columns of the CSV the cohort report reads."""
    from olivia_training.reports.answers import SCALE_WORDS
    from olivia_training.reports.evaluation import csv_columns

    ids = [q.id for q in workshop.questions]
    columns = csv_columns(ids)
    questions = [{"id": q.id, "text": q.source, "short": q.short,
                  "before": f"before_{q.id}", "after": f"after_{q.id}"} for q in workshop.questions]
    notebooks = [{"id": nb.id, "number": nb.number, "title": nb.title} for nb in programme.notebooks]
    example = {"session": "ROCH-0312", "notebooks_completed": " ".join(nb["number"] for nb in notebooks[:3]),
               "comments": "The escalation scenario was the most useful part, for me."}
    meaning = {
        "session": "The session code written on the form.",
        "notebooks_completed": ("The ticked parts, as two-digit notebook numbers separated by spaces, "
                                f"for example {example['notebooks_completed']}."),
        "comments": ("The comment, only if the participant ticked the box to share it; "
                     "otherwise leave it empty."),
    }
    for q in questions:
        example[q["before"]], example[q["after"]] = "2", "4"
        meaning[q["before"]] = (f"{q['short']}: the number circled under \"Before the session\" "
                                "(1 to 5; leave empty if none).")
        meaning[q["after"]] = (f"{q['short']}: the number circled under \"Now\" "
                               "(1 to 5; leave empty if none).")
    unknown = [c for c in columns if c not in meaning]
    if unknown:
        raise ValueError(f"the cohort report reads columns the paper form does not have: {unknown}")
    return {"questions": questions, "columns": columns, "notebooks": notebooks,
            "rows": [{"column": c, "meaning": meaning[c]} for c in columns],
            "example": [example[c] for c in columns], "scale": SCALE_WORDS}
