"""The content layer: valid content loads; every kind of malformed file gives one clear line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from olivia_training.cli import main
from olivia_training.content import ContentError, check_all, load
from olivia_training.paths import guide_dir, notebooks_dir


def test_shipped_content_is_valid():
    count, problems = check_all()
    assert problems == []
    assert count >= 4


def test_load_returns_typed_objects():
    workshop = load("workshop")
    assert [f.number for f in workshop.findings] == [1, 2, 3, 4, 5]
    assert all(q.provenance == "briefing" for q in workshop.questions)
    briefing = load("briefing")
    assert [p.number for p in briefing.pages] == list(range(1, 8))


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _check_lines(capsys, content):
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err.strip().splitlines()
    return code, err


def test_bad_provenance_names_file_field_and_line(content_copy, capsys):
    path = content_copy / "workshop.yaml"
    _replace(path, "provenance: briefing", "provenance: invented")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "invented" in t)
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert err == [
        f"exercises/workshop.yaml: findings[0].provenance: must be 'briefing' or 'illustrative' (line {line})"
    ]


def test_yaml_syntax_error_gives_its_line(content_copy, capsys):
    path = content_copy / "support.yaml"
    lines = path.read_text().splitlines()
    lines.insert(5, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith("exercises/support.yaml: YAML syntax error")
    assert "(line " in err[0]


def test_unknown_field(content_copy, capsys):
    _replace(content_copy / "support.yaml", "  - id: childline\n", "  - id: childline\n    colour: red\n")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1 and "services[3].colour: unknown field (line" in err[0]


def test_missing_required_field(content_copy, capsys):
    _replace(content_copy / "support.yaml", "    name: Childline\n", "")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert err == [err[0]] and "services[3].name: required field is missing" in err[0]


def test_wrong_type(content_copy, capsys):
    _replace(content_copy / "workshop.yaml", "    number: 2\n", "    number: two\n")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1 and "findings[1].number: must be a whole number" in err[0]


def test_duplicate_ids(content_copy, capsys):
    _replace(content_copy / "support.yaml", "id: samaritans", "id: nspcc")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1
    assert "services[4].id: duplicate id 'nspcc' (first used at services[2])" in err[0]


def test_reference_to_unknown_id(content_copy, capsys):
    _replace(content_copy / "workshop.yaml", "findings: [finding-5]", "findings: [finding-9]")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1
    assert "learning_outcomes[1].findings[0]: refers to unknown id 'finding-9' in workshop.yaml" in err[0]


def test_briefing_quote_must_be_verbatim(content_copy, capsys):
    _replace(content_copy / "workshop.yaml", "Am I aware of the Escalation Policy",
             "Am I fully aware of the Escalation Policy")
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert len(err) == 1 and "questions[2].source: quote does not stand verbatim" in err[0]


def test_missing_file(content_copy, capsys):
    (content_copy / "sources.yaml").unlink()
    code, err = _check_lines(capsys, content_copy)
    assert code == 2
    assert err == ["exercises/sources.yaml: file not found"]


def test_load_raises_content_error_with_problems(content_copy):
    _replace(content_copy / "support.yaml", "    name: Childline\n", "")
    with pytest.raises(ContentError) as info:
        load("support", content_copy)
    assert len(info.value.problems) == 1


def test_each_content_kind_is_found_by_name_and_loading_one_imports_only_what_it_needs():
    """model_module finds each kind by its file's name, as the full registry does (so every
    model module is named after its file), names the known kinds for an unknown one, and a
    process that loads one file imports only the model modules its checks reach (a notebook's
    kernel pays for the rest otherwise)."""
    from olivia_training.content import model_module, registry

    assert {stem: model_module(stem) for stem in registry()} == registry()
    with pytest.raises(KeyError, match="known: aces, briefing"):
        model_module("no_such_kind")
    with pytest.raises(KeyError, match="no content kind"):
        load("no_such_kind")
    code = ("import sys; from olivia_training.content import load; load('support'); "
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if '.content.models.' in m))")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "['support']"


def test_cli_exit_2_and_no_traceback_in_a_real_process(content_copy):
    _replace(content_copy / "workshop.yaml", "provenance: briefing", "provenance: invented")
    proc = subprocess.run([sys.executable, "-m", "olivia_training.cli", "check", "--content",
                           str(content_copy)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert "findings[0].provenance" in proc.stderr


def test_content_flag_overrides_environment(content_copy, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("OLIVIA_CONTENT_DIR", str(tmp_path / "nowhere"))
    assert main(["check", "--content", str(content_copy)]) == 0
    assert main(["check"]) == 2
    assert "content folder not found" in capsys.readouterr().err


def test_check_success_is_one_line(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("OK:")


# -- content fixes that can be pinned (issue 14) ------------------------------------------------
def _notebook(stem: str) -> str:
    path = next(notebooks_dir().glob(f"{stem}*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _guide(stem: str) -> str:
    return _flat(next(guide_dir().glob(f"{stem}*.md")).read_text(encoding="utf-8"))


def _content_note(stem: str) -> str:
    return _flat(_notebook(stem).split("\n## ", 1)[0])


def test_notebook_03_s_content_note_claims_only_what_the_briefing_says():
    note = _content_note("03")
    assert "including a missing episode, neglect and parents who did not engage" not in note
    assert "written for this training" in note and "training assumption" in note


def test_self_harm_is_named_in_notebook_05_s_content_note_and_the_joining_instructions():
    assert "self-harm" in _content_note("05")
    joining = _guide("04").split("## Content notes", 1)[1].split("## ", 1)[0]
    assert "self-harm" in joining


def test_the_ground_rules_state_the_safeguarding_exception():
    rules = load("workshop").ground_rules
    [room] = [r for r in rules if "stays in the room" in r]
    for words in ("a child or an adult is at risk", "conduct with children", "must act on it"):
        assert words in room, words


def test_the_guide_covers_people_linked_to_the_case_and_concerns_about_colleagues():
    safely = _guide("04")
    linked = safely.split("## People linked to the real case", 1)[1].split(" ## ", 1)[0]
    for words in ("privately", "nobody identifies the child", "speculate", "not blame",
                  "supervision"):
        assert words.lower() in linked.lower(), words
    disclosure = safely.split("## If someone discloses", 1)[1].split(" ## ", 1)[0]
    for words in ("Local Authority Designated Officer (LADO)", "whistleblowing",
                  "designated senior manager", "Keeping Children Safe in Education"):
        assert words in disclosure, words
    invented = safely.split("## What the pack invents, and why", 1)[1].split(" ## ", 1)[0]
    assert "a child like Olivia" in invented and "If a participant objects" in invented


def test_the_information_sharing_law_is_in_notebook_06_sourced_and_referred_to_from_01():
    nb06 = _flat(_notebook("06"))
    section = nb06.split("### What the law says about sharing information", 1)[1].split("**Now decide.**")[0]
    assert len(re.findall(r"(?:^| )[1-7]\. \*\*", section)) == 7  # the seven golden rules
    for words in ("(HM Government, 2024)", "framework that supports sharing",
                  '"consent" is usually not the right one', "Record your decision and your reasons",
                  "common law duty of confidentiality", "regulator's guidance"):
        assert words in section, words
    for source in ("info-sharing-2024", "dpa-2018", "gmc-children", "caldicott", "wt-2023"):
        assert f'"{source}"' in nb06, source
        load("sources").get(source)
    nb01 = _flat(_notebook("01"))
    assert "What the law says about sharing information" in nb01 and '"info-sharing-2024"' in nb01


def test_unsourced_claims_are_gone_and_police_guidance_is_not_cited_unnamed():
    texts = [_flat(p.read_text(encoding="utf-8")) for p in notebooks_dir().glob("*.ipynb")]
    texts += [_flat(p.read_text(encoding="utf-8")) for p in guide_dir().glob("*.md")
              if not p.name.startswith("10-")]  # the Changes page quotes them
    texts += [_flat(load(stem).model_dump_json()) for stem in
              ("cse", "escalation_scenarios", "recording_drills", "trauma", "aces")]
    everything = " ".join(texts)
    for claim in ("most often missed", "most common choice in real life", "commonest reasons",
                  "many do as adults", "Police guidance, and", "police and NSPCC guidance",
                  "involved the child in sexual activity", "probation have recalled"):
        assert claim not in everything, claim


def test_pace_workers_are_spelled_out_and_marked_confirm_locally():
    detail = load("local_details").detail("sunrise-pace")
    assert detail.confirm_locally
    assert "parent support workers" in detail.text and "Police and Criminal Evidence Act" in detail.text


def test_the_worked_examples_follow_the_pack_s_own_routes():
    drills = load("recording_drills")
    after = _flat(drills.drill("after-missing").facilitator_exemplar)
    assert "designated safeguarding lead (DSL)" in after
    assert after.index("designated safeguarding lead") < after.index("children's social care")
    clinic = _flat(drills.drill("clinic").facilitator_exemplar)
    assert "Care given" in clinic and "competent to consent" in clinic
    assert "record my decision to share and my reasons" in clinic


def test_the_fourth_question_has_a_prompt_for_its_plo_half():
    prompts = load("reflection").for_question("q-voice").prompts
    assert any("decision about a child" in p and "facts" in p for p in prompts)


def test_notebook_07_keeps_no_shell_instructions_and_the_guide_has_them():
    nb07 = _notebook("07")
    for shell in (".venv", "PowerShell", "Scripts"):
        assert shell not in nb07, shell
    evaluation = _guide("06")
    assert ".venv\\Scripts\\olivia-training cpd" in evaluation and ".venv/bin/olivia-training" in evaluation


def test_the_half_day_plan_and_notebook_07_agree():
    """The half day keeps the peer reflection the CPD record presents, and gives notebook 07 the
    minutes the notebook itself says it needs in a half day."""
    session = load("programme").session("half-day")
    [block] = [b for b in session.blocks if b.notebook == "07_what_does_this_mean_for_me"]
    assert "peer-reflection" in block.exercises
    stated = re.search(r"In the half-day workshop the same three steps take (\d+) minutes: about "
                       r"(\d+) on your own.*?, (\d+) in pairs, and (\d+) for your record",
                       _flat(_notebook("07")))
    assert stated, "notebook 07 says how the half day fits"
    total, alone, pairs, record = map(int, stated.groups())
    assert total == block.minutes == alone + pairs + record


def test_written_yaml_reads_back_the_same_keeps_key_order_and_unicode(tmp_path):
    from olivia_training.content.loader import read_yaml, write_yaml

    data = {"zeta": "Olivia’s voice — “not heard”", "alpha": ["a" * 150, {"nested": None, "n": 3}],
            "text": "line one\nline two: with a colon"}
    text = write_yaml(data)
    assert list(data) == [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert "Olivia’s voice — “not heard”" in text, "Unicode is written as it is, not escaped"
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_yaml(path)[0] == data
