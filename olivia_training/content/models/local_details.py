"""exercises/local_details.yaml: the one file of local details a facilitator edits.

The Sunrise Complex Safeguarding Team's referral route, the typical escalation stages and
timescales, local arrangements for offenders out on warrant, and local support services.
Anything not confirmed for the area is marked `confirm_locally: true` and is shown as
"Confirm locally" in both editions. A detail marked so must not carry a phone number, email
address or web address: the pack never invents contact details (facts file, section 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from olivia_training.content.base import ContentModel, Id, Ref, Text

FILE = "local_details.yaml"

_PHONE = re.compile(r"(?<![\w.])(?:\+?44\s?|0)\d(?:[\s-]?\d){8,10}(?!\w)|\b\d{3}\s?\d{3}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_WEB = re.compile(r"https?://|www\.|\.gov\.uk\b|\.org\.uk\b|\.co\.uk\b|\.nhs\.uk\b", re.I)


def contact_like(text: str) -> str:
    """'phone number', 'email address' or 'web address' if `text` contains one; else ''."""
    if _EMAIL.search(text):
        return "email address"
    if _WEB.search(text):
        return "web address"
    if _PHONE.search(text):
        return "phone number"
    return ""


class Detail(ContentModel):
    """One local fact. `contact` is printed only once it has been confirmed."""

    id: Id
    label: Text
    text: Text
    confirm_locally: bool = True
    contact: str = ""
    facilitator_how_to_confirm: str = ""


class Stage(Detail):
    number: int
    who: Text
    timescale: Text


class Sunrise(ContentModel):
    name: Text
    description: Text
    description_source: Annotated[str, Ref("sources")]
    details: list[Detail]


class Route(ContentModel):
    title: Text
    steps: list[Detail]


class Escalation(ContentModel):
    title: Text
    intro: Text
    sources: Annotated[list[str], Ref("sources")] = []
    stages: list[Stage]


class Model(ContentModel):
    area: Text
    sunrise: Sunrise
    referral_route: Route
    escalation: Escalation
    warrants: list[Detail]
    support: list[Detail]

    def details(self) -> Iterator[tuple[tuple, Detail]]:
        """(location, detail) for every local detail in the file."""
        for i, d in enumerate(self.sunrise.details):
            yield ("sunrise", "details", i), d
        for i, d in enumerate(self.referral_route.steps):
            yield ("referral_route", "steps", i), d
        for i, d in enumerate(self.escalation.stages):
            yield ("escalation", "stages", i), d
        for i, d in enumerate(self.warrants):
            yield ("warrants", i), d
        for i, d in enumerate(self.support):
            yield ("support", i), d

    def detail(self, detail_id: str) -> Detail:
        for _, d in self.details():
            if d.id == detail_id:
                return d
        raise KeyError(f"no local detail {detail_id!r}")


def extra_checks(model: Model, get):
    seen: dict[str, tuple] = {}
    for loc, detail in model.details():
        if detail.id in seen and seen[detail.id] != loc:
            yield (*loc, "id"), f"id '{detail.id}' is used twice in this file"
        seen.setdefault(detail.id, loc)
        if not detail.confirm_locally:
            continue
        if detail.contact.strip():
            yield ((*loc, "contact"),
                   "a 'confirm locally' detail must not print contact details: confirm them, "
                   "then set confirm_locally: false")
        for name in ("label", "text"):
            kind = contact_like(getattr(detail, name))
            if kind:
                yield ((*loc, name),
                       f"looks like a {kind}: describe the route and confirm contact details "
                       "locally before printing them")
    stages = [s.number for s in model.escalation.stages]
    if stages != list(range(1, len(stages) + 1)):
        yield ("escalation", "stages"), "stages must be numbered 1, 2, 3… in order"
