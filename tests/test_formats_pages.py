"""The 7 minute briefing and the team action plan: made from the content, quoting the briefing
only as the briefing, marking unconfirmed local contacts, participant-safe, and linked from
the indexes. (Their PDFs are checked in test_formats_pdf.py; axe-core and the offline check
run on them with every other page in test_handouts_browser.py.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from handout_checks import facilitator_texts, outline

from olivia_training.cli import main
from olivia_training.content import load
from olivia_training.handouts.team_pages import BRIEFING_STEM, PLAN_STEM, write_team_pages
from olivia_training.html import BRIEFING_LABEL, CONFIRM_LABEL


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(page: str) -> str:
    return _norm(html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def seven():
    return load("seven_minute_briefing")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """Both pages, written from the pack's own content (no notebook is executed)."""
    out = tmp_path_factory.mktemp("team")
    write_team_pages(out, content=None, built="today", attribution="Attribution.")
    return out


def _read(out: Path, edition: str, stem: str) -> str:
    return (out / edition / f"{stem}.html").read_text(encoding="utf-8")


def test_the_briefing_has_seven_numbered_sections_in_order(pages, seven):
    page = _read(pages, "participant", BRIEFING_STEM)
    headings = [_text(h) for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", page, re.S)]
    assert headings == [f"{n} {s.heading}" for n, s in enumerate(seven.sections, 1)]
    assert len(headings) == 7
    parsed = outline(page)
    assert parsed.headings == [1] + [2] * 7 and parsed.lang == "en" and parsed.title.strip()


def test_everything_about_olivia_is_a_labelled_quote_of_the_briefing(pages, seven):
    page = _read(pages, "participant", BRIEFING_STEM)
    quotes = re.findall(r'<blockquote class="olivia-quote team-quote">(.*?)</blockquote>', page, re.S)
    texts = [_text(q) for q in quotes]
    briefing = _norm(load("briefing").full_text())
    for section in seven.sections:
        for quote in section.quotes:
            block = next(t for t in texts if _norm(quote.source) in t)
            assert f"{BRIEFING_LABEL} page {quote.page}" in block
            assert _norm(quote.source) in briefing
    questions = next(t for t in texts if "What does this mean" not in t and "Am I able" in t)
    for question in load("workshop").questions:
        assert f'"{_norm(question.source)}"' in questions
    assert f"{BRIEFING_LABEL} page 7" in questions
    # The findings are the pack's summaries, and say so.
    for finding in load("workshop").findings:
        assert f"Finding {finding.number}. {_norm(finding.summary)}" in _text(page)


def test_the_briefing_says_it_is_not_an_rbscp_publication(pages, seven):
    for edition in ("participant", "facilitator"):
        text = _text(_read(pages, edition, BRIEFING_STEM))
        assert _norm(seven.prepared_note) in text
        assert "This is not an RBSCP publication." in text
        assert "prepared for training" in text.lower()
    assert "This is not an RBSCP publication." in _text(_read(pages, "participant", PLAN_STEM))


def test_unconfirmed_local_contacts_say_confirm_locally_and_print_no_contact(pages, seven):
    page = _read(pages, "participant", BRIEFING_STEM)
    local = load("local_details")
    services = {s.id: s for s in load("support").services}
    section = next(s for s in seven.sections if s.kind == "local")
    assert section.local_details, "the briefing lists local contacts"
    for detail_id in section.local_details:
        detail = local.detail(detail_id)
        item = _text(re.search(rf'<li data-local="{detail_id}">(.*?)</li>', page, re.S).group(1))
        assert detail.label in item
        assert (CONFIRM_LABEL in item) == detail.confirm_locally, detail_id
    for service_id in section.support:
        item = _text(re.search(rf'<li data-support="{service_id}">(.*?)</li>', page, re.S).group(1))
        service = services[service_id]
        assert (CONFIRM_LABEL in item) == service.confirm_locally
        if service.confirm_locally:
            assert not re.search(r"\d{3}", item), item
        else:
            assert service.phone in item
    # The facts file's CHECK items about local routes: the Sunrise team's referral route and
    # the escalation procedure are never stated as fact.
    text = _text(page)
    assert "How to make a referral Confirm locally" in text
    assert re.search(r"escalation policy\)\. Confirm locally", text)


def test_the_participant_edition_has_no_talking_points_and_the_facilitator_edition_does(pages, seven):
    notes = facilitator_texts(seven)
    assert len(notes) >= 7
    participant = _text(_read(pages, "participant", BRIEFING_STEM))
    facilitator = _text(_read(pages, "facilitator", BRIEFING_STEM))
    for note in notes:
        assert note not in participant
        assert note in facilitator
    assert "Facilitator edition: not for participants" in facilitator
    assert "Facilitator edition" not in participant


def test_the_action_plan_has_the_three_questions_then_an_actions_table(pages, seven):
    plan = seven.action_plan
    page = _read(pages, "participant", PLAN_STEM)
    text = _text(page)
    positions = [text.index(q.text) for q in plan.questions]
    assert positions == sorted(positions) and len(positions) == 3
    table = re.search(r'<table class="team-actions">(.*?)</table>', page, re.S).group(1)
    assert [_text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table)] == plan.columns
    assert {"Who", "By when"} <= set(plan.columns)
    assert text.index(plan.questions[-1].text) < text.index(plan.actions_heading)
    rows = re.findall(r"<tr class=\"team-blank\">(.*?)</tr>", table, re.S)
    assert len(rows) == plan.blank_rows >= 5
    assert all(_text(r) == "" for r in rows), "rows are left empty to write in"
    assert "Example:" in _text(re.search(r'<tr class="team-example">(.*?)</tr>', table, re.S).group(1))
    assert page.count('class="olivia-write team-write"') == 3, "room to write under each question"


def test_both_pages_are_linked_from_the_indexes_and_zipped(built_handouts):
    p_index = (built_handouts / "participant" / "index.html").read_text(encoding="utf-8")
    f_index = (built_handouts / "facilitator" / "index.html").read_text(encoding="utf-8")
    trainer = (built_handouts / "index.html").read_text(encoding="utf-8")
    for stem in (BRIEFING_STEM, PLAN_STEM):
        assert f'href="{stem}.html"' in p_index and f'href="{stem}.pdf"' in p_index
        assert f'href="../participant/{stem}.html"' in f_index
        assert f'href="participant/{stem}.html"' in trainer
    assert f'href="{BRIEFING_STEM}.html"' in f_index  # the edition with talking points
    import zipfile

    with zipfile.ZipFile(built_handouts / "olivia-participant-handouts.zip") as archive:
        names = set(archive.namelist())
    for stem in (BRIEFING_STEM, PLAN_STEM):
        assert {f"participant/{stem}.html", f"participant/{stem}.pdf"} <= names


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(content: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--content", str(content)])
    err = [line for line in capsys.readouterr().err.splitlines() if line]
    return code, err


def test_a_quote_must_stand_on_the_page_it_names(content_copy, capsys):
    _edit(content_copy / "seven_minute_briefing.yaml", "      - page: 2\n        provenance: briefing\n"
          "        source: Olivia had involvement", "      - page: 3\n        provenance: briefing\n"
          "        source: Olivia had involvement")
    code, err = _check(content_copy, capsys)
    assert code == 2
    assert len(err) == 1 and err[0].startswith(
        "exercises/seven_minute_briefing.yaml: sections[1].quotes[0].page: the quote is not on page 3")


def test_an_illustrative_quote_or_an_invented_one_is_refused(content_copy, capsys):
    path = content_copy / "seven_minute_briefing.yaml"
    _edit(path, "        source: Olivia had involvement with services throughout her life.",
          "        source: Olivia had involvement with many services throughout her life.")
    _edit(path, "      - page: 2\n        provenance: briefing\n        source: >-\n          Poor",
          "      - page: 2\n        provenance: illustrative\n        source: >-\n          Poor")
    code, err = _check(content_copy, capsys)
    assert code == 2
    joined = "\n".join(err)
    assert "sections[1].quotes[0].source: quote does not stand verbatim in the briefing" in joined
    assert "sections[2].quotes[1].provenance: a quote on the 7 minute briefing must be 'briefing'" in joined


def test_a_briefing_has_seven_sections(content_copy, capsys):
    path = content_copy / "seven_minute_briefing.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: why-it-matters")
    end = text.index("  - id: what-happened")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, err = _check(content_copy, capsys)
    assert code == 2
    assert err == ["exercises/seven_minute_briefing.yaml: sections: a 7 minute briefing has 7 "
                   f"sections, not 6 (line {text[:text.index('sections:')].count(chr(10)) + 1})"]
