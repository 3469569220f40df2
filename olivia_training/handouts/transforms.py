"""The edition transforms, as nbconvert preprocessors run in a fixed order.

Order matters: facilitator cells go before widget outputs are replaced (so nothing of
theirs survives), and the facilitator HTML is chosen before widgets are stripped (so a
widget's worksheet is the edition's own).
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets import Bool, Unicode

from olivia_training.printable import FACILITATOR_MIME

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "widgets"
FACILITATOR_TAG = "facilitator"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


class MissingAltText(ValueError):
    """A figure reached the handout without a description."""


class Transform(Preprocessor):
    """A pack transform: always on (nbconvert preprocessors default to disabled)."""

    enabled = Bool(True).tag(config=True)


def edition_tag_remover(edition: str) -> TagRemovePreprocessor:
    remove = {"remove-cell"} | ({FACILITATOR_TAG} if edition == "participant" else set())
    return TagRemovePreprocessor(
        remove_cell_tags=remove,
        remove_all_outputs_tags={"remove-output"},
        remove_input_tags={"remove-input", "hide-input"},
        enabled=True,
    )


class TitleFromHeading(Transform):
    """The notebook's one `#` heading becomes the page <title>."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
                if match:
                    resources.setdefault("olivia", {})["title"] = match.group(1).strip()
                    break
        return nb, resources


class LabelFacilitatorCells(Transform):
    """In the facilitator edition, facilitator cells are boxed and labelled as such."""

    def preprocess_cell(self, cell, resources, index):
        if FACILITATOR_TAG in cell.metadata.get("tags", []) and cell.cell_type == "markdown":
            cell.source = (
                '<div class="olivia-facilitator"><p class="olivia-facilitator-label">'
                "Facilitator notes</p>\n\n" + cell.source + "\n\n</div>"
            )
        return cell, resources


class SelectEdition(Transform):
    """Use each output's facilitator HTML in the facilitator edition; drop it otherwise."""

    facilitator = Bool(False).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            fac = data.pop(FACILITATOR_MIME, None)
            if self.facilitator and fac is not None:
                data["text/html"] = fac
        return cell, resources


class WidgetsToWorksheets(Transform):
    """Replace every live widget with its printable worksheet (its `text/html`)."""

    fallback = Unicode(
        '<div class="olivia-worksheet"><p>This part is interactive: open the notebook in '
        "JupyterLab to use it.</p></div>"
    ).tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop(WIDGET_STATE, None)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    data.pop(WIDGET_VIEW)
                    if "text/html" not in data:
                        data["text/html"] = self.fallback
                    data.pop("text/plain", None)
        return nb, resources


class DropNoise(Transform):
    """Kernel chatter on stderr is not for readers of a handout."""

    def preprocess_cell(self, cell, resources, index):
        if "outputs" in cell:
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
        return cell, resources


class RequireAltText(Transform):
    """Fail the build rather than ship a figure a screen reader cannot describe."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for kind in IMAGE_TYPES:
                if kind in data and "text/html" not in data:
                    alt = output.get("metadata", {}).get(kind, {}).get("alt")
                    if not alt or not str(alt).strip():
                        raise MissingAltText(f"cell {index}: a figure ({kind}) has no alt text")
        return cell, resources


def edition_chain(edition: str) -> list[Preprocessor]:
    facilitator = edition == "facilitator"
    chain: list[Preprocessor] = [TitleFromHeading(), edition_tag_remover(edition)]
    if facilitator:
        chain.append(LabelFacilitatorCells())
    chain += [SelectEdition(facilitator=facilitator), WidgetsToWorksheets(), DropNoise(),
              RequireAltText()]
    return chain
