"""The pages around the handouts: three indexes, the all-in-one file, the pages for team
meetings (the 7 minute briefing and the action plan) and the zip.

The participant folder is self-contained and safe to share: its index and bundle link
nothing outside it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from olivia_training import __version__
from olivia_training.atomic import atomic_write_bytes, atomic_write_text
from olivia_training.handouts.page import Page
from olivia_training.html import pack_css, render

MAIN = re.compile(r"<!-- olivia:main:start -->(.*)<!-- olivia:main:end -->", re.S)
ZIP_NAME = "olivia-participant-handouts.zip"


def main_of(html: str) -> str:
    match = MAIN.search(html)
    if not match:
        raise ValueError("handout has no main-content markers")
    return match.group(1)


def for_bundle(body: str, stem: str) -> str:
    """A handout's body, one heading level down and with ids made unique to it."""
    body = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{stem}--{m.group(1)}"', body)
    body = re.sub(r'\bhref="#([^"]+)"', lambda m: f'href="#{stem}--{m.group(1)}"', body)
    return body


def _page(template: str, *, title: str, edition: str, edition_label: str, built: str,
          attribution: str, **context) -> str:
    return render(template, title=title, edition=edition, edition_label=edition_label,
                  css=pack_css(), version=__version__, built=built, attribution=attribution,
                  **context)


def write_site(out: Path, handouts: list[Page], *, built: str, attribution: str,
               failed: list[str], guide: list[Page], team: Sequence[Page] = (),
               pdfs: bool = False, pdf_note: str = "", slides: Sequence[Page] = (),
               with_zip: bool = True) -> None:
    """Write the indexes and the bundle (and the zip, unless the caller will).

    `team`: the pages for team meetings (team_pages.py), already written, for the indexes.
    `pdfs`: the build is about to print a PDF beside each page, so the indexes link them.
    `slides`: the facilitator's decks, already written, for the facilitator and trainer indexes.
    """
    participant = [Page(h.stem, h.title, f"{h.stem}.html") for h in handouts]
    common = {"built": built, "attribution": attribution, "pdfs": pdfs, "team": list(team)}

    atomic_write_text(out / "participant" / "index.html", _page(
        "site/participant_index.html.j2", title="Participant handouts",
        edition="participant", edition_label="Participant edition",
        handouts=participant, **common))

    sections = []
    for h in handouts:
        html = (out / "participant" / f"{h.stem}.html").read_text(encoding="utf-8")
        sections.append({"stem": h.stem, "title": h.title, "body": for_bundle(main_of(html), h.stem)})
    atomic_write_text(out / "participant" / "all-in-one.html", _page(
        "site/all_in_one.html.j2", title="All participant handouts",
        edition="participant", edition_label="Participant edition",
        sections=sections, **common))

    atomic_write_text(out / "facilitator" / "index.html", _page(
        "site/facilitator_index.html.j2", title="Facilitator edition",
        edition="facilitator", edition_label="Facilitator edition: not for participants",
        handouts=participant, guide=guide, slides=list(slides),
        participant=[Page(h.stem, h.title, f"../participant/{h.stem}.html") for h in handouts],
        **common))

    atomic_write_text(out / "index.html", _page(
        "site/trainer_index.html.j2", title="Olivia training pack",
        edition="trainer", edition_label="For trainers", failed=failed, guide=guide,
        guide_href=f"facilitator/{guide[0].href}" if guide else "", slides=list(slides),
        pdf_note=pdf_note, **common))

    if with_zip:
        write_zip(out)


def participant_digest(out: Path) -> str:
    """Stands for the zip's contents: the participant folder's file names and bytes."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted((out / "participant").rglob("*")):
        if path.is_file():
            h.update(path.relative_to(out).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def write_zip(out: Path) -> None:
    """The participant folder and nothing else, with fixed timestamps for stable bytes."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((out / "participant").rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(out).as_posix()),
                                       date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    atomic_write_bytes(out / ZIP_NAME, buffer.getvalue())
