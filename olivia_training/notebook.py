"""The one-line calls that notebooks make. Import as `import olivia_training.notebook as ot`.

Each returns a Printable, so the same call shows in JupyterLab and prints in handouts.
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.content.base import is_withheld
from olivia_training.html import macro
from olivia_training.printable import Html, Style


def start() -> Style:
    """Loads the pack's styles into JupyterLab. Handouts carry them already."""
    return Style()


def briefing(content=None) -> Html:
    """The whole briefing, verbatim, in page order."""
    model = load("briefing", content)
    pages = sorted(model.pages, key=lambda p: p.number)
    return Html(macro("briefing", "briefing", briefing=model, pages=pages),
                plain=model.full_text())


def findings(content=None) -> Html:
    model = load("workshop", content)
    return Html(macro("workshop", "findings", findings=model.findings),
                plain="\n".join(f"Finding {f.number}: {f.summary}" for f in model.findings))


def learning_outcomes(content=None) -> Html:
    model = load("workshop", content)
    names = {f.id: f"Finding {f.number}" for f in model.findings}
    names.update({q.id: q.short for q in model.questions})
    rows = [
        {"text": o.text, "findings": [names[i] for i in o.findings],
         "questions": [names[i] for i in o.questions]}
        for o in model.learning_outcomes
    ]
    return Html(macro("workshop", "outcomes", outcomes=rows),
                plain="\n".join(o.text for o in model.learning_outcomes))


def ground_rules(content=None) -> Html:
    model = load("workshop", content)
    # In the participant edition (a hub) the note is withheld: only the facilitator's HTML uses it.
    note = "" if is_withheld(model.facilitator_ground_rules_note) else model.facilitator_ground_rules_note

    def html(facilitator: bool) -> str:
        return macro("workshop", "ground_rules", rules=model.ground_rules, facilitator=facilitator,
                     note=note)

    return Html(html(False), html(True), plain="\n".join(model.ground_rules))


def support(content=None) -> Html:
    model = load("support", content)
    return Html(macro("support", "services", services=model.services),
                plain="\n".join(s.name for s in model.services))


def sources(*ids: str, content=None) -> Html:
    """The notebook's "Sources" list, from exercises/sources.yaml."""
    model = load("sources", content)
    chosen = [model.get(i) for i in ids] if ids else list(model.sources)
    return Html(macro("sources", "sources", sources=chosen),
                plain="\n".join(s.citation() for s in chosen))
