"""The content layer: valid content loads; every kind of malformed file gives one clear line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from olivia_training.cli import main
from olivia_training.content import ContentError, check_all, load


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
