"""Turn one executed notebook into the HTML of one edition, with the pack's template."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from olivia_training import __version__
from olivia_training.handouts.transforms import edition_chain
from olivia_training.html import pack_css

TEMPLATES = Path(__file__).resolve().parent / "templates"
EDITION_LABELS = {
    "participant": "Participant edition",
    "facilitator": "Facilitator edition: not for participants",
}
EDITION_NOTES = {
    "participant": "Answer keys and facilitator notes are not in this edition.",
    "facilitator": "Contains answer keys and facilitator notes. Do not give to participants.",
}
PACK_TITLE = "Olivia training pack"


@cache
def exporter():
    """One exporter per process: a new one compiles its dozen Jinja templates again, which was
    half of each export's time (0.3 s); a build worker exports two editions of every notebook
    it runs. Exporters are made to be reused: everything per notebook is in its resources."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="olivia",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )


def export_edition(nb, edition: str, *, built: str, attribution: str) -> tuple[str, str]:
    """(html, title) for one edition. The notebook passed in is not modified."""
    nb = copy.deepcopy(nb)
    resources = {"olivia": {}}
    for step in edition_chain(edition):
        nb, resources = step(nb, resources)
    title = resources["olivia"].get("title", "Olivia training pack")
    resources["olivia"].update(
        title=title,
        edition=edition,
        edition_label=EDITION_LABELS[edition],
        edition_note=EDITION_NOTES[edition],
        pack_title=PACK_TITLE,
        css=pack_css(),
        version=__version__,
        built=built,
        attribution=attribution,
    )
    html, _ = exporter().from_notebook_node(nb, resources=resources)
    return html, title
