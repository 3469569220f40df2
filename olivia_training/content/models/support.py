"""exercises/support.yaml: where participants and facilitators can find support.

A number is printed only where it was confirmed; anything else is marked
"confirm locally" and carries no number (facts file, section 8).
"""

from __future__ import annotations

from olivia_training.content.base import ContentModel, Id, Text

FILE = "support.yaml"


class Service(ContentModel):
    id: Id
    name: Text
    who_for: Text
    phone: str = ""
    email: str = ""
    confirm_locally: bool = False
    note: str = ""


class Model(ContentModel):
    services: list[Service]


def extra_checks(model: Model, get):
    for i, service in enumerate(model.services):
        if service.confirm_locally and service.phone:
            yield ("services", i, "phone"), "a 'confirm locally' service must not print a number"
