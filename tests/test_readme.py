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


def _speed_table() -> list[dict]:
    """The build speed table in the README's Speed section, one dict per row."""
    section = README.split("## Speed", 1)[1].split("\n## ", 1)[0]
    # The first table of the section: its rows run until the first line that is not a row.
    table = re.search(r"^\|.*?(?=\n(?!\|))", section, re.S | re.M).group(0)
    lines = [ln.strip() for ln in table.splitlines()]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
            for ln in lines[2:]]
    return [{**row, "label": row[header[0]]} for row in rows]


def _seconds(text: str) -> float:
    return float(re.match(r"([\d.]+) s\b", text).group(1))


def test_readme_speed_table_is_measured_consistent_and_meets_its_targets():
    """Every row has a measured time; each ratio is that time over stock nbconvert's; each
    target is met. (The figures are measured by benchmarks/build_bench.py, not by a test.)"""
    rows = _speed_table()
    labels = " ".join(r["label"] for r in rows)
    assert "stock nbconvert" in labels and "(cold)" in labels and "(warm" in labels
    stock = _seconds(next(r for r in rows if "stock" in r["label"])["time"])
    assert stock > 0
    for row in rows:
        seconds = _seconds(row["time"])
        ratio = float(row["ratio to stock nbconvert"])
        assert abs(ratio - seconds / stock) <= 0.0015, row["label"]  # rounded to 3 places
        target = re.fullmatch(r"<= ([\d.]+)( s)?", row["target"]) if row["target"] else None
        if row["target"]:
            assert target, f"unreadable target: {row['target']}"
            limit = float(target.group(1))
            assert (seconds if target.group(2) else ratio) <= limit, row["label"]
    assert sum(1 for r in rows if r["target"]) >= 2, "the cold and warm builds have targets"
