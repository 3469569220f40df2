"""exercises/local_details.yaml: the one editable file of local details.

Every detail marked confirm_locally is shown as "Confirm locally" in both editions, no
unconfirmed contact details are ever printed, and the diagrams and tables follow the data.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from handout_checks import facilitator_texts
from markupsafe import escape

from olivia_training.cli import main
from olivia_training.content import load
from olivia_training.labels import CONFIRM_LABEL

NOTEBOOK_STEMS = ("05_recognising_cse_and_referral", "06_professional_challenge_and_escalation")


def local_blocks(page: str) -> dict[str, str]:
    """data-local id -> the text inside that element (a detail's <div> or a stage's <tr>)."""
    found: dict[str, str] = {}
    for match in re.finditer(r'<(div|tr)\b[^>]*\bdata-local="([^"]+)"[^>]*>(.*?)</\1>', page, re.S):
        found.setdefault(match.group(2), "")
        found[match.group(2)] += html.unescape(re.sub(r"<[^>]+>", " ", match.group(3)))
    return found


def all_view_html(facilitator: bool, content=None) -> str:
    from olivia_training.views import cse, escalation_scenarios, information_sharing

    blocks = [cse.referral_route(content), cse.sunrise(content), cse.local_support(content),
              escalation_scenarios.escalation_stages(content),
              information_sharing.unlawfully_at_large(content)]
    return "\n".join(b.html(facilitator) for b in blocks)


# -- the file itself ---------------------------------------------------------------------------
def test_the_shipped_file_confirms_nothing_it_cannot_back():
    local = load("local_details")
    details = [d for _, d in local.details()]
    assert details and all(not d.contact for d in details)
    # Everything local to Rochdale is still to be confirmed; only generic route steps are not.
    unconfirmed = {d.id for d in details if not d.confirm_locally}
    assert unconfirmed == {"route-concern", "route-dsl"}
    stages = local.escalation.stages
    assert [s.number for s in stages] == [1, 2, 3, 4]
    assert [s.timescale for s in stages[:2]] == ["about 2 working days", "about 5 working days"]
    assert all(s.confirm_locally for s in stages)
    assert "typical" in local.escalation.intro.lower()


@pytest.mark.parametrize("text,kind", [
    ("Phone 01706 123456 to refer.", "phone number"),
    ("Email sunrise@example.gov.uk", "email address"),
    ("See www.example.org for the form.", "web address"),
])
def test_an_unconfirmed_detail_cannot_carry_contact_details(content_copy, capsys, text, kind):
    path = content_copy / "local_details.yaml"
    source = path.read_text(encoding="utf-8")
    old = "        Whether practitioners can ask the team for advice or a consultation about a worry, and\n" \
          "        how to do it.\n"
    assert old in source
    path.write_text(source.replace(old, f"        {text}\n"), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "      text: >-" in t
                and i > source[: source.index("id: sunrise-advice")].count("\n"))
    assert main(["check", "--content", str(content_copy)]) == 2
    err = [e for e in capsys.readouterr().err.splitlines() if e.startswith("exercises/local_details.yaml")]
    assert err == [f"exercises/local_details.yaml: sunrise.details[2].text: looks like a {kind}: describe "
                   f"the route and confirm contact details locally before printing them (line {line})"]


def test_a_contact_is_printed_only_once_confirmed(content_copy, capsys):
    path = content_copy / "local_details.yaml"
    source = path.read_text(encoding="utf-8")
    anchor = "    label: Return home interviews\n"
    path.write_text(source.replace(anchor, anchor + "    contact: Ask the duty desk\n"), encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 2
    err = capsys.readouterr().err
    assert "support[2].contact: a 'confirm locally' detail must not print contact details" in err

    confirmed = anchor + "    contact: Ask the duty desk\n    confirm_locally: false\n"
    path.write_text(source.replace(anchor, confirmed), encoding="utf-8")
    page = all_view_html(False, content_copy)
    block = local_blocks(page)["support-return-home"]
    assert "Ask the duty desk" in block and CONFIRM_LABEL not in block


def test_editing_the_file_changes_the_table_and_the_diagram(content_copy):
    path = content_copy / "local_details.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("timescale: about 2 working days", "timescale: within 3 working days"),
                    encoding="utf-8")
    from olivia_training.views.escalation_scenarios import escalation_stages

    page = escalation_stages(content_copy).html(False)
    assert "within 3 working days" in local_blocks(page)["stage-practitioner"]
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert "Typical timescale: within 3 working days" in svg and 'role="img"' in svg


# -- shown as "Confirm locally", in both editions ----------------------------------------------
@pytest.mark.parametrize("facilitator", [False, True], ids=["participant", "facilitator"])
def test_every_confirm_locally_detail_is_labelled_in_the_views(facilitator):
    local = load("local_details")
    blocks = local_blocks(all_view_html(facilitator))
    for detail in [d for _, d in local.details() if d.confirm_locally]:
        assert detail.id in blocks, f"{detail.id} is not shown"
        assert CONFIRM_LABEL in blocks[detail.id], detail.id
    for _, detail in local.details():
        if not detail.confirm_locally:
            assert CONFIRM_LABEL not in blocks[detail.id], detail.id


def test_diagrams_mark_confirm_locally_steps_and_carry_a_text_equivalent():
    from olivia_training.views import cse

    page = cse.referral_route().html(False)
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert 'role="img"' in svg and "aria-labelledby" in svg and "<desc" in svg
    steps = load("local_details").referral_route.steps
    assert svg.count(f">{CONFIRM_LABEL}<") == sum(s.confirm_locally for s in steps)
    assert "Text description of the diagram" in page
    assert "mermaid" not in page.lower() and "<script" not in page


def test_facilitator_notes_on_what_to_confirm_only_in_the_facilitator_edition():
    local = load("local_details")
    participant, facilitator = all_view_html(False), all_view_html(True)
    notes = [d.facilitator_how_to_confirm for _, d in local.details() if d.facilitator_how_to_confirm]
    assert notes
    for note in notes:
        shown = str(escape(" ".join(note.split())))
        assert shown in facilitator
        assert shown not in participant
    assert "what to confirm locally" in facilitator and "what to confirm locally" not in participant


# -- in the built handouts (the session fixture builds every notebook) --------------------------
def _handout(built: Path, edition: str, stem: str) -> str:
    path = built / edition / f"{stem}.html"
    assert path.is_file(), f"{stem} was not built"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_every_confirm_locally_detail_says_so_in_both_handout_editions(built_handouts, edition):
    blocks: dict[str, str] = {}
    for stem in NOTEBOOK_STEMS:
        for key, text in local_blocks(_handout(built_handouts, edition, stem)).items():
            blocks[key] = blocks.get(key, "") + text
    for detail in [d for _, d in load("local_details").details() if d.confirm_locally]:
        assert detail.id in blocks, f"{edition}: {detail.id} is not in notebooks 05 or 06"
        assert CONFIRM_LABEL in blocks[detail.id], f"{edition}: {detail.id}"


def test_no_facilitator_values_in_the_participant_handouts(built_handouts):
    secrets = []
    for stem in ("local_details", "cse", "escalation_scenarios", "information_sharing"):
        secrets += facilitator_texts(load(stem).model_dump())
    assert secrets
    for nb in NOTEBOOK_STEMS:
        page = html.unescape(_handout(built_handouts, "participant", nb))
        text = " ".join(page.split())
        for secret in secrets:
            assert " ".join(secret.split()) not in text, (nb, secret[:60])
        fac = " ".join(html.unescape(_handout(built_handouts, "facilitator", nb)).split())
        assert "Facilitator notes" in fac
