"""The README stays true: its commands exist, and its paper-evaluation example reads back."""

from __future__ import annotations

import re
from pathlib import Path

from olivia_training.cli import _commands
from olivia_training.content import load
from olivia_training.reports.evaluation import read_csv

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_in_the_readme_exists_and_every_command_is_documented():
    documented = set(re.findall(r"`olivia-training ([a-z-]+)", README))
    known = set(_commands())
    assert documented - known == set()
    assert known - documented == set()


def test_the_two_setup_commands_are_there_for_windows_and_unix():
    for command in ("handouts", "test", "lab"):
        assert f"`py make.py {command}`" in README
        assert f"`python3 make.py {command}`" in README


def test_the_csv_example_reads_back_without_problems(tmp_path):
    example = re.search(r"```csv\n(.*?)```", README, re.S).group(1)
    path = tmp_path / "paper.csv"
    path.write_text(example, encoding="utf-8")
    questions = [q.id for q in load("workshop").questions]
    evaluations, problems = read_csv(path, questions)
    assert problems == []
    assert len(evaluations) == example.strip().count("\n")


def test_readme_speed_figures_are_filled_in():
    assert "cold" in README and "warm" in README
