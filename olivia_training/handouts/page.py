"""One entry in an index: a page the build wrote, its title and its link.

Its own module so that the site (the indexes) and the team pages can both name it without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    stem: str
    title: str
    href: str
