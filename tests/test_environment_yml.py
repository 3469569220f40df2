"""environment.yml (for conda users) lists the same packages as pyproject.toml, with the same
version ranges."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names a Python package by its normalised PyPI name (PEP 503: lower case, runs of
# "-", "_", "." as one "-"), so PyYAML is pyyaml and Jinja2 is jinja2. Where conda-forge
# uses another name altogether, say so here (PyPI name -> conda-forge name); none of the
# pack's dependencies needs that today.
CONDA_NAMES: dict[str, str] = {}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    """("PyYAML", ">=6.0,<7") from "PyYAML>=6.0,<7"."""
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip()).group(0)
    return name, requirement.strip()[len(name):].replace(" ", "")


def conda_name(pypi_name: str) -> str:
    return CONDA_NAMES.get(pypi_name, normalise(pypi_name))


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(_split(r) for r in project["dependencies"])


def _environment() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    conda = dict(_split(d) for d in env["dependencies"] if isinstance(d, str))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # A dependency that is not on conda-forge is installed by pip inside the environment,
    # with the same range; it counts as listed.
    conda.update(_split(r) for r in pip if not r.startswith("-"))
    return conda, pip


def test_the_name_mapping_is_what_conda_forge_uses():
    assert conda_name("PyYAML") == "pyyaml" and conda_name("Jinja2") == "jinja2"
    assert conda_name("typing_extensions") == "typing-extensions"
    assert all(k != v and normalise(k) != v for k, v in CONDA_NAMES.items()), \
        "list only names that normalising does not already give"


def test_environment_matches_pyproject():
    wanted = {conda_name(name) for name in _pyproject()}
    conda, pip = _environment()
    assert "-e ." in pip, "the pack itself, from this folder"
    assert set(conda) == set(map(normalise, conda)), "conda-forge names are lower case"
    assert "python" in conda and "pip" in conda
    assert wanted - set(conda) == set(), "in pyproject.toml but not environment.yml"
    assert set(conda) - wanted - {"python", "pip"} == set(), "in environment.yml but not pyproject.toml"


def test_environment_pins_agree_with_pyproject_ranges():
    conda, _ = _environment()
    for name, specifier in _pyproject().items():
        assert conda[conda_name(name)] == specifier, name
