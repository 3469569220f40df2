"""Olivia's chronology (notebook 01): provenance, the domain API, the explorer and the handouts."""

from __future__ import annotations

import html
import re

import pytest
from helpers import published_briefing
from markupsafe import escape

from olivia_training.content import load
from olivia_training.content.models.chronology import AGENCIES, STAGES, THEMES
from olivia_training.domain import chronology as chron
from olivia_training.labels import BRIEFING_LABEL, ILLUSTRATIVE_LABEL, TRAINING_ASSUMPTION_LABEL
from olivia_training.printable import FigureBlock
from olivia_training.responses import ResponseStore
from olivia_training.views import chronology as view

STEM = "01_case_chronology"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(page: str) -> str:
    """What a reader sees: entities decoded, whitespace collapsed (tags are left in)."""
    return _norm(html.unescape(page))


def _cards(value: str) -> int:
    return value.count('class="olivia-page olivia-card"')


@pytest.fixture(scope="module")
def model():
    return load("chronology")


@pytest.fixture(scope="module")
def df():
    return chron.load_chronology()


@pytest.fixture(scope="module")
def notes():
    return chron.facilitator_notes()


def _all_notes(model) -> list[str]:
    found = [e.facilitator_note for e in model.entries] + [x.facilitator_note for x in model.exercises]
    return [_norm(n) for n in found if n.strip()]


# -- provenance ---------------------------------------------------------------------------------
def test_every_source_quote_stands_verbatim_in_the_published_briefing(model):
    briefing = _norm(published_briefing())
    quoted = [e for e in model.entries if e.provenance == "briefing"]
    assert quoted
    for entry in quoted:
        assert len(_norm(entry.source)) >= 15, entry.id
        assert _norm(entry.source) in briefing, entry.id


def test_every_entry_has_a_provenance_and_only_briefing_entries_quote(model, df):
    assert model.entries
    for entry in model.entries:
        assert entry.provenance in ("briefing", "illustrative"), entry.id
        assert bool(entry.source.strip()) == (entry.provenance == "briefing"), entry.id
    assert set(df["provenance"]) == {"briefing", "illustrative"}
    assert (df.loc[df["provenance"] == "illustrative", "source"] == "").all()


# What the briefing says about Olivia's life, and the theme its entry must carry.
BRIEFING_FACTS = {
    "services throughout her life": ("involvement with services throughout her life", None),
    "Child Protection Plans for neglect": ("Child Protection Plans for neglect at various stages",
                                           "child protection plan"),
    "domestic abuse": ("domestic abuse", "domestic abuse"),
    "parental substance misuse": ("parental substance misuse", "parental substance misuse"),
    "parental mental health": ("parental mental health issues", "parental mental health"),
    "neglect": ("various levels of neglect", "neglect"),
    "poor parental supervision": ("Poor parental supervision", "neglect"),
    "coerced": ("coerced into a sexual relationship with an older male", "sexual exploitation"),
    "review commissioned": ("met the criteria for a Serious Case Review", "review"),
}


@pytest.mark.parametrize("fact", list(BRIEFING_FACTS))
def test_every_fact_the_briefing_gives_about_olivia_is_a_briefing_entry(df, fact):
    phrase, theme = BRIEFING_FACTS[fact]
    briefing = df[df["provenance"] == "briefing"]
    hits = briefing[briefing["source"].map(lambda s: phrase.lower() in _norm(s).lower())]
    if theme:
        hits = hits[hits["themes"].map(lambda themes: theme in themes)]
    assert len(hits) >= 1, fact


def test_what_the_briefing_raises_only_as_system_issues_is_a_labelled_training_assumption(df):
    for theme in ("court/PLO", "parental non-engagement", "offender management"):
        rows = df[df["themes"].map(lambda themes, t=theme: t in themes)]
        assert len(rows) >= 1, theme
        assert (rows["provenance"] == "illustrative").all(), theme
        assert rows["training_assumption"].all(), theme
    warrant = df[df["agencies"].map(lambda a: "probation" in a)]
    assert warrant["training_assumption"].all()


def test_the_briefing_gives_no_ages_or_dates_and_nothing_invents_a_date(model, df):
    briefing = df[df["provenance"] == "briefing"]
    assert (briefing["age"] == "").all()
    # The briefing places nothing in time except the review, which came "after" the harm;
    # any other stage on a briefing entry must say that it was placed for training.
    placed = briefing[(briefing["stage"] != "unspecified") & (briefing["stage_provenance"] == "briefing")]
    assert set(placed["stage"].astype(str)) <= {"after-the-harm"}
    months = r"January|February|March|April|May|June|July|August|September|October|November|December"
    for entry in model.entries:
        text = " ".join([entry.title, entry.description, entry.age, entry.facilitator_note])
        assert not re.search(r"\b(19|20)\d\d\b", text), entry.id
        assert not re.search(rf"\b({months})\b", text), entry.id


def test_no_entry_calls_an_abuser_her_boyfriend(model):
    for entry in model.entries:
        for text in (entry.title, entry.description):
            assert "boyfriend" not in text.lower(), entry.id


# -- the DataFrame ------------------------------------------------------------------------------
def test_load_chronology_columns_order_and_types(df, model):
    for column in ("id", "stage", "stage_label", "age", "title", "description", "agencies", "themes",
                   "provenance", "source", "training_assumption", "stage_provenance", "number"):
        assert column in df.columns, column
    assert "facilitator_note" not in df.columns
    assert df["stage"].dtype.ordered and list(df["stage"].cat.categories) == list(STAGES)
    assert df["stage"].is_monotonic_increasing
    assert list(df["number"]) == list(range(1, len(df) + 1))
    assert list(df["id"]) == [e.id for e in model.entries]
    assert all(isinstance(a, list) and a for a in df["agencies"])
    assert all(isinstance(t, list) and t for t in df["themes"])
    coerced = df.set_index("id").loc["b-coerced"]
    assert coerced["stage_provenance"] == "illustrative"


def test_load_chronology_reads_the_content_folder_it_is_given(content_copy):
    path = content_copy / "chronology.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Reported missing overnight", "title: Missing (edited copy)"),
                    encoding="utf-8")
    edited = chron.load_chronology(content_copy)
    assert "Missing (edited copy)" in set(edited["title"])


# -- filters ----------------------------------------------------------------------------------
def test_filters_by_theme_agency_provenance_and_stage(df):
    assert len(chron.filter_chronology(df)) == len(df)
    assert len(chron.filter_chronology(df, themes=[], agencies=(), provenance="all")) == len(df)

    sexual = chron.filter_chronology(df, themes=["sexual exploitation"])
    assert len(sexual) and all("sexual exploitation" in t for t in sexual["themes"])
    either = chron.filter_chronology(df, themes=["going missing", "review"])
    assert set(either["id"]) == {i for i, t in zip(df["id"], df["themes"], strict=True)
                                 if {"going missing", "review"} & set(t)}

    police = chron.filter_chronology(df, agencies=["police"])
    assert len(police) and all("police" in a for a in police["agencies"])

    illustrative = chron.filter_chronology(df, provenance="illustrative")
    briefing = chron.filter_chronology(df, provenance=["briefing"])
    assert len(illustrative) + len(briefing) == len(df)
    assert set(briefing["provenance"]) == {"briefing"}

    teens = chron.filter_chronology(df, stages=["mid-teens"])
    assert set(teens["stage"].astype(str)) == {"mid-teens"}

    both = chron.filter_chronology(df, themes=["sexual exploitation"], provenance="briefing")
    assert list(both["id"]) == ["b-coerced"]
    assert list(both["number"]) == list(df.loc[df["id"] == "b-coerced", "number"])  # numbers kept
    assert chron.filter_chronology(df, agencies=["probation"], stages=["early-years"]).empty


def test_unknown_filter_values_are_errors_not_an_empty_chronology(df):
    with pytest.raises(ValueError, match="theme"):
        chron.filter_chronology(df, themes=["sexual exploitaton"])
    with pytest.raises(ValueError, match="agency"):
        chron.filter_chronology(df, agencies=["the police"])
    with pytest.raises(ValueError, match="provenance"):
        chron.filter_chronology(df, provenance="invented")


# -- who was involved when --------------------------------------------------------------------------
def test_agency_stage_matrix_is_a_pivot_of_who_was_involved_when(df):
    matrix = chron.agency_stage_matrix(df)
    assert list(matrix.columns) == list(STAGES)
    assert list(matrix.index) == [a for a in AGENCIES if a in matrix.index]
    assert int(matrix.to_numpy().sum()) == sum(len(a) for a in df["agencies"])
    for _, row in df.iterrows():
        for agency in row["agencies"]:
            assert matrix.loc[agency, str(row["stage"])] >= 1
    warrant = int(df.loc[df["id"] == "i-warrant", "number"].iloc[0])
    entries = chron.agency_stage_matrix(df, entries=True)
    assert str(warrant) in entries.loc["probation", "mid-teens"].split(", ")
    assert entries.loc["probation", "early-years"] == ""


def test_matrix_follows_the_filter(df):
    school = chron.agency_stage_matrix(chron.filter_chronology(df, agencies=["school"]))
    assert "school" in school.index and "adult mental health" not in school.index
    assert list(school.columns) == list(STAGES)
    empty = chron.agency_stage_matrix(df.iloc[0:0])
    assert empty.empty and list(empty.columns) == list(STAGES)


# -- the timeline ------------------------------------------------------------------------------
def test_timeline_tells_briefing_from_illustrative_by_shape_and_legend(df):
    fig = chron.draw_timeline(df)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "From the briefing" in legend
    assert "Illustrative (written for training)" in legend
    shapes = {}
    for collection in fig.axes[0].collections:
        label = collection.get_label()
        shapes[label] = collection.get_paths()[0].vertices.round(3).tobytes()
    assert shapes["From the briefing"] != shapes["Illustrative (written for training)"]


def test_timeline_alt_text_is_written_from_the_data(df):
    block = view.timeline_figure(df)
    assert isinstance(block, FigureBlock)
    briefing = int((df["provenance"] == "briefing").sum())
    alt = block.alt
    assert f"{len(df)} entries" in alt
    assert f"{briefing} from the briefing" in alt
    assert f"{len(df) - briefing} illustrative (written for training)" in alt
    assert "Mid-teens (14 to 16)" in alt
    assert f'alt="{escape(alt)}"' in block.html()

    fewer = chron.filter_chronology(df, provenance="illustrative", stages=["early-years"])
    alt_fewer = chron.timeline_alt(fewer)
    assert alt_fewer != alt
    assert f"{len(fewer)} entries" in alt_fewer and "from the briefing" not in alt_fewer
    assert "Throughout her life" not in alt_fewer

    changed = df.copy()
    changed.loc[changed["id"] == "i-missing", "stage"] = "after-the-harm"
    assert chron.timeline_alt(changed) != chron.timeline_alt(df)

    assert "no entries match" in view.timeline_figure(df.iloc[0:0]).alt


# -- the explorer: static rendering ---------------------------------------------------------------
def _rows(page: str) -> dict[str, str]:
    """Table rows by entry id. Rows are marked by entry number: ids stay out of the page."""
    ids = dict(zip(chron.load_chronology()["number"], chron.load_chronology()["id"], strict=True))
    return {ids[int(n)]: row for n, row in re.findall(r'<tr id="chronology-entry-(\d+)">(.*?)</tr>',
                                                      page, re.S)}


@pytest.fixture(scope="module")
def explorer():
    return view.ChronologyExplorer()


def test_static_html_labels_every_entry_next_to_it(explorer, df):
    page = explorer.html(False)
    rows = _rows(page)
    assert set(rows) == set(df["id"])
    for _, entry in df.iterrows():
        row = rows[entry["id"]]
        label = ILLUSTRATIVE_LABEL if entry["provenance"] == "illustrative" else BRIEFING_LABEL
        assert label in row, entry["id"]
        assert (TRAINING_ASSUMPTION_LABEL in row) == bool(entry["training_assumption"]), entry["id"]
        if entry["provenance"] == "briefing":
            assert _norm(entry["source"]) in _text(row), entry["id"]
    assert '<figure class="olivia-figure">' in page and f'alt="{escape(chron.timeline_alt(df))}"' in page
    assert "Who was involved when" in page


def test_static_html_never_holds_facilitator_notes_but_the_facilitator_edition_does(explorer, model):
    participant, facilitator = _text(explorer.html(False)), _text(explorer.html(True))
    entry_notes = [_norm(e.facilitator_note) for e in model.entries if e.facilitator_note.strip()]
    assert entry_notes
    for note in entry_notes:
        assert note not in participant
        assert note in facilitator
    assert "Facilitator note" not in participant


def test_content_text_is_escaped(content_copy):
    path = content_copy / "chronology.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Reported missing overnight", "title: <b>Missing</b> & found"),
                    encoding="utf-8")
    page = view.ChronologyExplorer(content_copy).html(False)
    assert "&lt;b&gt;Missing&lt;/b&gt; &amp; found" in page and "<b>Missing</b>" not in page


# -- the explorer: live widget ---------------------------------------------------------------------
def test_widget_cards_follow_the_filters_and_carry_their_labels(df, model):
    ex = view.ChronologyExplorer()
    ex.widget  # noqa: B018 - builds the widget
    assert _cards(ex.cards.value) == len(df)
    assert ex.cards.value.count(ILLUSTRATIVE_LABEL) == int((df["provenance"] == "illustrative").sum())
    assert ex.cards.value.count(TRAINING_ASSUMPTION_LABEL) == int(df["training_assumption"].sum())
    first_alt = re.search(r'alt="([^"]*)"', ex.timeline.value).group(1)

    ex.themes.value = ("sexual exploitation",)
    expected = chron.filter_chronology(df, themes=["sexual exploitation"])
    assert _cards(ex.cards.value) == len(expected)
    assert re.search(r'alt="([^"]*)"', ex.timeline.value).group(1) != first_alt
    assert f"Showing {len(expected)} of {len(df)}" in ex.summary.value

    ex.provenance.value = "briefing"
    assert _cards(ex.cards.value) == 1 and BRIEFING_LABEL in ex.cards.value
    ex.agencies.value = ("probation",)
    assert _cards(ex.cards.value) == 0 and "No entries match" in ex.summary.value
    ex.reset()
    assert _cards(ex.cards.value) == len(df)

    shown = _text(" ".join([ex.cards.value, ex.timeline.value, ex.matrix.value, ex.summary.value]))
    for note in _all_notes(model):
        assert note not in shown
    assert "facilitator" not in shown.lower()


def test_widget_offers_only_the_pack_s_themes_and_agencies(explorer):
    explorer.widget  # noqa: B018
    assert {v for _, v in explorer.themes.options} <= set(THEMES)
    assert {v for _, v in explorer.agencies.options} <= set(AGENCIES)


# -- the briefing's words and the exercises -----------------------------------------------------
def test_briefing_words_are_quoted_and_labelled_as_the_briefing_s():
    block = view.briefing_words()
    page = block.html(False)
    assert BRIEFING_LABEL in page
    assert "coerced into a sexual relationship with an older male" in page
    with pytest.raises(ValueError):
        view.briefing_words("i-missing")


@pytest.mark.parametrize("exercise_id", ["chronology-agency-knowledge", "chronology-curiosity"])
def test_exercises_save_through_the_response_store(workspace, model, exercise_id):
    item = model.exercise(exercise_id)
    ex = view.exercise(exercise_id)
    ex.widget  # noqa: B018
    ex.text.value = "The school knew about the adult man; children's social care needed to know."
    assert ResponseStore().load(exercise_id) == ex.text.value
    assert "Saved" in ex.status.value
    assert _norm(item.facilitator_note) not in _text(ex.html(False))
    assert _norm(item.facilitator_note) in _text(ex.html(True))
    again = view.exercise(exercise_id)
    assert again.widget is not None and again.text.value == ex.text.value


# -- the handouts (build-based) -------------------------------------------------------------------
@pytest.fixture(scope="module")
def handout_pages(built_handouts):
    pages = {e: built_handouts / e / f"{STEM}.html" for e in ("participant", "facilitator")}
    assert all(p.is_file() for p in pages.values()), f"{STEM} was not built"
    return {e: p.read_text(encoding="utf-8") for e, p in pages.items()}


def test_every_illustrative_entry_shows_its_label_in_both_handout_editions(handout_pages, df):
    for edition, page in handout_pages.items():
        rows = _rows(page)
        assert set(rows) == set(df["id"]), edition
        for _, entry in df.iterrows():
            row = rows[entry["id"]]
            if entry["provenance"] == "illustrative":
                assert ILLUSTRATIVE_LABEL in row, (edition, entry["id"])
            else:
                assert BRIEFING_LABEL in row, (edition, entry["id"])
            if entry["training_assumption"]:
                assert TRAINING_ASSUMPTION_LABEL in row, (edition, entry["id"])
        assert '"Illustrative (written for training)"' in page  # the timeline's caption


def test_facilitator_notes_appear_only_in_the_facilitator_handout(handout_pages, model):
    participant = _text(handout_pages["participant"])
    facilitator = _text(handout_pages["facilitator"])
    for note in _all_notes(model):
        assert note not in participant, note[:60]
        assert note in facilitator, note[:60]


def test_handout_teaches_the_briefing_s_words(handout_pages):
    for page in handout_pages.values():
        text = _text(re.sub(r"<[^>]+>", " ", page))
        assert "coerced into a sexual relationship with an older male" in text
        assert "not a relationship" in text
        assert "Olivia's chronology" in text


# -- items set at training-assumption entries carry the label, derived, in both editions ------
# The issue that asked for this named these items; the labels are derived from the chronology,
# so this also pins the data.
ASSUMPTION_ITEMS = {"cse": {"card-told-teacher", "card-at-home", "card-late-night"},
                    "trauma": {"home-visit"}}


def _items(stem: str):
    """(id, title) of each item set at chronology entries, and whether it rests on an assumption."""
    chronology = load("chronology")
    items = load(stem).cards if stem == "cse" else load(stem).scenarios
    return [(i.id, i.title, chronology.rests_on_assumption(i.chronology)) for i in items]


def test_the_assumption_label_is_derived_for_exactly_the_items_that_rest_on_one():
    for stem, expected in ASSUMPTION_ITEMS.items():
        assert {i for i, _, assumed in _items(stem) if assumed} == expected, stem


def _sections(page: str, start: str, titles: list[str]) -> dict[str, str]:
    """Each item's stretch of the page: from its heading to the next heading of that kind."""
    page = html.unescape(page)
    kind = start.rsplit(">", 1)[0]  # the heading's class, without "Card "
    out = {}
    for n, title in enumerate(titles, 1):
        heading = f"{start}{n}: {title}"
        assert page.count(heading) == 1, heading
        a = page.index(heading)
        b = page.find(kind, a + len(heading))
        out[title] = page[a:b if b != -1 else len(page)]
    return out


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
@pytest.mark.parametrize("stem,notebook,start", [
    ("cse", "05_recognising_cse_and_referral", 'olivia-page-heading">Card '),
    ("trauma", "03_trauma_informed_practice", 'olivia-worksheet-title">Card '),
])
def test_assumption_items_show_the_label_in_both_handout_editions(built_handouts, edition, stem,
                                                                   notebook, start):
    page_path = built_handouts / edition / f"{notebook}.html"
    assert page_path.is_file(), f"{notebook} was not built"
    items = _items(stem)
    sections = _sections(page_path.read_text(encoding="utf-8"), start, [t for _, t, _ in items])
    for item_id, title, assumed in items:
        body = sections[title]
        assert ILLUSTRATIVE_LABEL in body, (edition, item_id)
        assert (TRAINING_ASSUMPTION_LABEL in body) == assumed, (edition, item_id)


# -- accuracy: recall, the pre-proceedings meeting, and one account of each invented event -----
def test_a_recall_is_at_probation_s_request_and_decided_for_the_secretary_of_state(model):
    text = _norm(model.entry("i-warrant").description)
    assert "probation have recalled" not in text.lower()
    assert "recalled to prison, at probation's request" in text
    assert "Secretary of State" in text and "Public Protection Casework Section" in text


def test_a_pre_proceedings_meeting_involves_no_court(model):
    assert "courts" not in model.entry("i-pre-proceedings").agencies


def _all_text(*stems: str) -> str:
    return " ".join(_norm(load(s).model_dump_json()) for s in stems)


def test_the_missing_episode_is_one_account_wherever_it_appears(model):
    """Reported missing at night; late to school the next morning; police see her at home that
    afternoon. Nobody says she was back that morning and unnoticed."""
    entry = _norm(model.entry("i-missing").description)
    assert "next morning she arrives late at school" in entry and "that afternoon a police officer" in entry
    drill = load("recording_drills").drill("after-missing")
    assert "reported missing last night" in _norm(drill.setting)
    card = load("cse").card("card-night-away")
    assert "arrived late at school the next morning" in _norm(card.scene)
    police = load("trauma").scenario("police-missing")
    assert "reported missing last night" in _norm(police.situation)
    everything = _all_text("chronology", "cse", "recording_drills", "trauma")
    for contradiction in ("didn't even notice till the morning", "came home the next afternoon",
                          "came back this morning"):
        assert contradiction not in everything, contradiction


def test_the_clinic_visit_is_one_account_wherever_it_appears(model):
    assert "looks about 25" in _norm(model.entry("i-sexual-health").description)
    drill = load("recording_drills").drill("clinic")
    card = load("cse").card("card-clinic")
    scene = load("trauma").scenario("sexual-health")
    piece = next(p for p in load("information_sharing").pieces if p.id == "health-clinic")
    for text in (drill.setting, card.scene, scene.situation, piece.holds):
        assert "looks about 25" in _norm(text), text[:60]
    # The card and the drill tell the same visit: her second test, and emergency contraception.
    card_text = " ".join(o.text for o in card.observations)
    drill_text = " ".join(drill.account)
    for detail in ("emergency contraception", "second"):
        assert detail in card_text and detail in drill_text, detail
