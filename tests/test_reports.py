"""The CPD record, the evaluation export and the cohort report: content, arithmetic,
skip-and-continue, escaping, and (in Chromium) accessibility."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from handout_checks import external_urls, outline, skipped_levels

from olivia_training.cli import main
from olivia_training.content import load
from olivia_training.reports.answers import (
    COMMENTS_ID,
    NOTEBOOKS_ID,
    SESSION_ID,
    confidence_id,
    reflection_id,
)
from olivia_training.reports.cohort import load_evaluations, summarise
from olivia_training.reports.cpd import cpd_record
from olivia_training.reports.evaluation import (
    SCHEMA,
    SCHEMA_VERSION,
    csv_columns,
    export_evaluation,
    parse_evaluation,
)
from olivia_training.responses import ResponseStore

QUESTIONS = [q.id for q in load("workshop").questions]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & <b>bold</b>'


class Page(HTMLParser):
    """Elements and visible text of a page, as a browser's parser would see them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))

    def named(self, name: str) -> list[dict]:
        return [a for t, a in self.tags if t == name]


def assert_self_contained(html: str) -> None:
    parsed = outline(html)
    assert parsed.lang == "en" and parsed.title.strip()
    assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1
    assert skipped_levels(parsed.headings) == []
    assert parsed.scripts == [] and "<script" not in html
    assert external_urls(html) == []
    assert "<style>" in html  # the pack's CSS, inline
    for img in parsed.imgs:
        assert img.get("alt", "").strip() and img["src"].startswith("data:image/png;base64,")


def assert_inert(html: str, hostile: str = HOSTILE) -> None:
    page = Page(html)
    assert page.named("script") == []
    assert not any("onerror" in attrs for _, attrs in page.tags)
    assert not [a for a in page.named("img") if a.get("src") == "x"]
    assert not [t for t, _ in page.tags if t == "b"]
    assert re.sub(r"\s+", " ", hostile) in page.visible()  # shown literally, as typed


def _fill(store: ResponseStore, text: str = "Talk to my safeguarding lead the same day.") -> None:
    store.save(confidence_id("before", "q-cse"), 2)
    store.save(confidence_id("after", "q-cse"), 4)
    store.save(reflection_id("q-cse"), {"reflection": text, "action": {
        "what": "Read the CSE procedure", "by_when": "Friday", "with_whom": "My manager"}})


# -- the CPD record -------------------------------------------------------------------------------
def test_cpd_record_for_an_empty_workspace(tmp_path):
    record = cpd_record(ResponseStore(tmp_path / "nobody"))
    html = record.html
    assert_self_contained(html)
    text = Page(html).visible()
    assert "Continuing professional development (CPD) record" in text
    assert load("workshop").title in text
    assert "3.5 hours" in text
    for outcome in load("workshop").learning_outcomes:
        assert outcome.text in text
    assert text.count("not completed yet") == 16 and text.count("not rated yet") == 8
    assert "Peer reflection" in text
    for prompt in load("reflection").peer_reflection:
        assert prompt in text
    assert "From the briefing" in text
    for q in load("workshop").questions:
        assert re.sub(r"\s+", " ", q.source) in text
    assert "looks as if" not in text  # no personal-data warning


def test_cpd_record_shows_answers_hours_and_ignores_unknown_ids(tmp_path):
    store = ResponseStore(tmp_path)
    _fill(store)
    store.save("reflection-q-unknown", {"reflection": "not a question of the pack"})
    store.save("something-else", [1, 2, 3])
    store.save(reflection_id("q-voice"), 42)  # not the expected shape: "not completed yet"
    from datetime import date

    record = cpd_record(store, hours=6, day=date(2025, 3, 12))
    text = Page(record.html).visible()
    assert "6 hours" in text and "12 March 2025" in text
    assert "2 (a little confident)" in text and "4 (confident)" in text
    for answer in ("Talk to my safeguarding lead the same day.", "Read the CSE procedure", "Friday",
                   "My manager"):
        assert answer in text
    assert "not a question of the pack" not in text
    assert record.completed == 1 and text.count("not completed yet") == 12
    with pytest.raises(ValueError):
        cpd_record(store, hours=0)


def test_cpd_record_warns_about_personal_data_without_repeating_it(tmp_path):
    store = ResponseStore(tmp_path)
    _fill(store, "Her NHS number is 943 476 5919 and she lives at OL16 1AB.")
    record = cpd_record(store)
    text = Page(record.html).visible()
    assert record.warning_kinds == ["an NHS number", "a postcode"]
    assert "an NHS number, a postcode" in text and "Use only the training case" in text
    assert "943 476 5919" not in record.html and "OL16 1AB" not in record.html
    assert "[left out: an NHS number]" in text


def test_cpd_record_escapes_participant_text(tmp_path):
    store = ResponseStore(tmp_path)
    _fill(store, HOSTILE)
    store.save(reflection_id("q-voice"), {"reflection": "ok", "action": {"what": HOSTILE}})
    assert_inert(cpd_record(store).html)


def test_cpd_command(tmp_path, capsys):
    ws = tmp_path / "ws"
    _fill(ResponseStore(ws))
    # --no-pdf: the PDF beside the record is tests/test_formats_pdf.py's to check.
    assert main(["cpd", "--workspace", str(ws), "--hours", "2.5", "--no-pdf"]) == 0
    out = capsys.readouterr().out
    page = (ws / "cpd-record.html").read_text(encoding="utf-8")
    assert "2.5 hours" in page and str(ws / "cpd-record.html") in out
    assert "1 of 4 reflections completed" in out
    target = tmp_path / "mine.html"
    assert main(["cpd", "--workspace", str(tmp_path / "empty"), "--out", str(target), "--no-pdf"]) == 0
    assert "not completed yet" in target.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["cpd", "--hours", "-1"])


# -- the evaluation export ------------------------------------------------------------------------
def test_evaluation_export_holds_ratings_and_no_name_or_path(tmp_path):
    ws = tmp_path / "jane-smith-workshop"
    store = ResponseStore(ws)
    _fill(store)
    store.save(NOTEBOOKS_ID, ["07", "00", "x"])
    store.save(COMMENTS_ID, {"text": "Loved the chronology", "share": False})
    export = export_evaluation(store, QUESTIONS, "ROCH-1")
    data = export.data
    assert data["schema"] == SCHEMA and data["schema_version"] == SCHEMA_VERSION
    assert data["session"] == "ROCH-1"
    assert data["confidence"]["q-cse"] == {"before": 2, "after": 4}
    assert data["confidence"]["q-voice"] == {"before": None, "after": None}
    assert data["notebooks_completed"] == ["00", "07"]
    assert "comments" not in data and "did not tick" in export.notes[0]
    assert "jane" not in export.text().lower() and str(tmp_path) not in export.text()
    assert set(data) == {"schema", "schema_version", "session", "confidence", "notebooks_completed"}

    store.save(COMMENTS_ID, {"text": "Loved the chronology", "share": True})
    assert export_evaluation(store, QUESTIONS).data["comments"] == "Loved the chronology"
    store.save(COMMENTS_ID, {"text": "Email me at jane.smith@council.gov.uk", "share": True})
    export = export_evaluation(store, QUESTIONS)
    assert "comments" not in export.data and "an email address" in export.notes[0]
    assert "jane" not in export.text()
    # Round trip: the cohort report reads back what the export wrote.
    back = parse_evaluation(json.loads(export.text()), "x.json", QUESTIONS)
    assert back.ratings["q-cse"] == (2, 4) and back.notebooks == ("00", "07")


def test_evaluation_export_command_uses_the_saved_session_code(tmp_path, capsys):
    ws = tmp_path / "ws"
    store = ResponseStore(ws)
    _fill(store)
    store.save(SESSION_ID, "ROCH-2")
    out = tmp_path / "evaluation.json"
    assert main(["evaluation-export", "--workspace", str(ws), "--out", str(out)]) == 0
    assert json.loads(out.read_text())["session"] == "ROCH-2"
    assert main(["evaluation-export", "--workspace", str(ws), "--out", str(out), "--session", "X1"]) == 0
    assert json.loads(out.read_text())["session"] == "X1"
    assert main(["evaluation-export", "--workspace", str(ws), "--out", str(out),
                 "--session", "<script>"]) == 2
    assert "session code" in capsys.readouterr().err


def test_notebook_buttons_and_commands_write_the_same_files(tmp_path, capsys, monkeypatch):
    """Notebook 07's export panel and the cpd / evaluation-export commands share one
    function (reports/files.py): same files, same place, same privacy, same warnings."""
    import os
    import stat

    from olivia_training.views.reflection import ExportPanel

    ws = tmp_path / "ws"
    store = ResponseStore(ws)
    _fill(store)
    store.save(SESSION_ID, "ROCH-3")
    store._path(NOTEBOOKS_ID).write_text("{not json")  # a damaged answer is reported, not lost
    panel = ExportPanel(store=store)
    panel.widget  # noqa: B018 (builds the widgets)
    panel.make_cpd()
    panel.make_evaluation()
    assert "was damaged" in panel.message.value and NOTEBOOKS_ID in panel.message.value
    by_panel = json.loads((ws / "evaluation.json").read_text())
    # The panel writes no PDF; the command's own PDF is test_formats_pdf.py's to check.
    assert main(["cpd", "--workspace", str(ws), "--date", "2025-03-12", "--no-pdf"]) == 0
    assert main(["evaluation-export", "--workspace", str(ws), "--out", str(ws / "evaluation.json")]) == 0
    assert json.loads((ws / "evaluation.json").read_text()) == by_panel
    assert "12 March 2025" in (ws / "cpd-record.html").read_text()
    if os.name == "posix":  # the record holds reflections: readable by its owner only
        assert stat.S_IMODE((ws / "cpd-record.html").stat().st_mode) == 0o600
    assert "No session code" not in capsys.readouterr().out  # the saved code counts
    # On a workshop hub, "Send my anonymous evaluation" sends that same evaluation.
    from olivia_training.reports import hub_client

    sent = []
    monkeypatch.setattr(hub_client, "send_evaluation",
                        lambda data: sent.append(data) or hub_client.Sent(True, "Sent."))
    panel.send_evaluation()
    assert sent == [by_panel] and "Sent." in panel.message.value


# -- the cohort report ----------------------------------------------------------------------------
def _evaluation(session, ratings, notebooks=(), comments=None) -> dict:
    data = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "session": session,
            "confidence": {q: {"before": b, "after": a} for q, (b, a) in ratings.items()},
            "notebooks_completed": list(notebooks)}
    if comments is not None:
        data["comments"] = comments
    return data


def _write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _cohort_files(folder: Path) -> list[Path]:
    """Four JSON files and a CSV of two paper forms, all session S1, with known numbers."""
    files = [
        _write(folder / "a.json", _evaluation("S1", {"q-cse": (1, 4), "q-sunrise": (2, 3)},
                                                 ["00", "07"], "Good day")),
        _write(folder / "b.json", _evaluation("S1", {"q-cse": (2, 4), "q-sunrise": (None, 5)},
                                                 ["00"])),
        _write(folder / "c.json", _evaluation("s1", {"q-cse": (3, 3)}, ["00", "01", "07"],
                                                 HOSTILE)),
        _write(folder / "d.json", _evaluation("S1", {"q-cse": (2, None)}, [])),
    ]
    header = ",".join(csv_columns(QUESTIONS))
    csv_text = "\n".join([
        header,
        "S1,4,1,,,5,2,,,00 07,On paper",
        "S1,,,,,,,,,,",  # only the session filled in ahead: not a participant
        "S1,2,,,,3,,,,00,",
    ]) + "\n"
    files.append(_write(folder / "paper.csv", csv_text))
    return files


@pytest.fixture
def cohort_files(tmp_path) -> list[Path]:
    return _cohort_files(tmp_path)


@pytest.fixture(scope="module")
def cohort_report(tmp_path_factory) -> Path:
    """The command's report on the known files, made once for the tests that only read it
    (its charts are most of its 2 s)."""
    folder = tmp_path_factory.mktemp("cohort")
    out = folder / "cohort.html"
    assert main(["cohort-report", *map(str, _cohort_files(folder)), "--out", str(out)]) == 0
    return out


def test_cohort_arithmetic_on_a_known_set_of_files(cohort_files):
    evaluations, skipped = load_evaluations(cohort_files, QUESTIONS, session="S1")
    assert skipped == []
    cohort = summarise(evaluations, load("workshop").questions,
                       [("00", "Start"), ("01", "Chronology"), ("07", "Reflection")])
    assert cohort.n == 6 and cohort.sessions == ["S1"]  # s1 and S1 are one session
    q = {s.id: s for s in cohort.questions}
    cse = q["q-cse"]
    # before: 1, 2, 3, 2, 4, 2 ; after: 4, 4, 3, -, 5, 3
    assert cse.before == {1: 1, 2: 3, 3: 1, 4: 1, 5: 0} and cse.before_missing == 0
    assert cse.after == {1: 0, 2: 0, 3: 2, 4: 2, 5: 1} and cse.after_missing == 1
    assert cse.mean_before == pytest.approx(14 / 6)
    assert cse.mean_after == pytest.approx(19 / 5)
    assert cse.paired == 5
    assert cse.mean_change == pytest.approx((3 + 2 + 0 + 1 + 1) / 5)
    sunrise = q["q-sunrise"]
    # before: 2, -, -, -, 1, - ; after: 3, 5, -, -, 2, -
    assert sunrise.mean_before == pytest.approx(1.5) and sunrise.mean_after == pytest.approx(10 / 3)
    assert sunrise.paired == 2 and sunrise.mean_change == pytest.approx(1.0)
    esc = q["q-escalation"]
    assert esc.mean_before is None and esc.mean_change is None and esc.before_missing == 6
    done = {c.number: (c.count, round(c.percent)) for c in cohort.completion}
    assert done == {"00": (5, 83), "01": (1, 17), "07": (3, 50)}
    assert cohort.comments == ["Good day", HOSTILE, "On paper"]


def test_cohort_report_skips_bad_files_names_each_and_reports_the_rest(cohort_files, tmp_path, capsys):
    bad = [
        _write(tmp_path / "torn.json", '{"schema": "olivia-training-evaluation", "confi'),
        _write(tmp_path / "foreign.json", {"name": "a Jupyter notebook, perhaps"}),
        _write(tmp_path / "other.json", _evaluation("S2", {"q-cse": (5, 5)})),
        _write(tmp_path / "newer.json", {**_evaluation("S1", {}), "schema_version": 99}),
        _write(tmp_path / "range.json", _evaluation("S1", {"q-cse": (0, 9)})),
        _write(tmp_path / "bad-rows.csv", ",".join(csv_columns(QUESTIONS)) + "\nS1,seven,,,,,,,,,\n"),
        _write(tmp_path / "notes.csv", "name,notes\nJo,hello\n"),
    ]
    out = tmp_path / "report.html"
    code = main(["cohort-report", *map(str, cohort_files + bad), str(tmp_path / "missing.json"),
                 "--session", "S1", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 8 and all(line.startswith("skipped ") for line in err)
    for name in ("torn.json", "foreign.json", "other.json", "newer.json", "range.json",
                 "bad-rows.csv row 2", "notes.csv", "missing.json"):
        assert sum(name in line for line in err) == 1, name
    assert "S2" in next(line for line in err if "other.json" in line)
    text = Page(out.read_text(encoding="utf-8")).visible()
    assert "Participants (n) 6" in text  # the good files are still reported
    assert "foreign.json" in text  # the report lists what it left out


def test_cohort_report_exit_code_zero_when_nothing_skipped_and_folders_and_patterns(cohort_files, tmp_path):
    out = tmp_path / "r.html"
    assert main(["cohort-report", str(tmp_path), "--out", str(out)]) == 0
    assert "Participants (n) 6" in Page(out.read_text()).visible()
    assert main(["cohort-report", str(tmp_path / "*.json"), "--out", str(out)]) == 0
    assert "Participants (n) 4" in Page(out.read_text()).visible()


def test_cohort_report_escapes_comments_and_is_self_contained(cohort_report):
    html = cohort_report.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert_inert(html)
    assert len(Page(html).named("img")) == 2  # distribution and means charts, with alt text
    assert "Number of participants giving each rating" in html  # the text equivalents


def test_cohort_report_with_no_usable_files(tmp_path, capsys):
    out = tmp_path / "r.html"
    bad = _write(tmp_path / "bad.json", "nonsense")
    assert main(["cohort-report", str(bad), "--out", str(out)]) == 1
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert "No evaluations to report" in html


def test_csv_template_matches_the_documented_columns(tmp_path):
    from olivia_training.commands import cohort_report

    target = tmp_path / "form.csv"
    assert main(["cohort-report", "--csv-template", str(target)]) == 0
    columns = target.read_text().strip().split(",")
    assert columns == csv_columns(QUESTIONS)
    for column in columns:
        assert column in cohort_report.EPILOG


# -- reset-workspace ------------------------------------------------------------------------------
def test_reset_workspace_deletes_answers_and_exports_only(tmp_path, capsys, monkeypatch):
    ws = tmp_path / "ws"
    store = ResponseStore(ws)
    _fill(store)
    (ws / "cpd-record.html").write_text("record")
    (ws / "evaluation.json").write_text("{}")
    (ws / "00_start_here.ipynb").write_text("{}")
    (ws / "my own notes.txt").write_text("keep me")
    monkeypatch.setattr("sys.stdin", None)
    assert main(["reset-workspace", "--workspace", str(ws)]) == 1  # no terminal, no --yes
    assert store.load(confidence_id("before", "q-cse")) == 2
    assert main(["reset-workspace", "--workspace", str(ws), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Deleted 3 saved answers, 2 exported files and 1 notebook copy" in out
    assert sorted(p.name for p in ws.iterdir()) == ["my own notes.txt"]
    assert main(["reset-workspace", "--workspace", str(ws), "--yes"]) == 0
    assert "Nothing to delete" in capsys.readouterr().out


def test_reset_workspace_refuses_the_pack_folder(capsys):
    from olivia_training.paths import notebooks_dir

    assert main(["reset-workspace", "--workspace", str(notebooks_dir()), "--yes"]) == 2
    assert "pack's own folder" in capsys.readouterr().err


# -- in Chromium: offline and accessible ----------------------------------------------------------
@pytest.mark.browser
def test_cpd_record_and_cohort_report_pass_axe_offline(cohort_report, tmp_path, offline_tab, artifacts):
    from helpers import run_axe, screenshot

    ws = tmp_path / "ws"
    _fill(ResponseStore(ws), HOSTILE + "\nSecond line.")
    record = tmp_path / "cpd.html"
    report = cohort_report
    assert main(["cpd", "--workspace", str(ws), "--out", str(record), "--no-pdf"]) == 0
    problems = {}
    page = offline_tab.page
    for path in (record, report):
        visit = offline_tab.open(path.as_uri())
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        found = {"axe": run_axe(page), "outside": visit.outside_requests,
                 "errors": visit.console_errors + visit.page_errors}
        page.emulate_media(media="print")
        found["axe (print)"] = run_axe(page, ["color-contrast"])
        page.emulate_media(media="screen")
        screenshot(page, artifacts / f"report-{path.stem}.png")  # the first screen
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[path.name] = found
    assert problems == {}
