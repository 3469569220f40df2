"""The layers of DEVELOPING.md hold: `lint-imports` (import-linter) passes, with no cycles.

The contracts live in pyproject.toml ([tool.importlinter]). This test runs the real
console script, as a developer would, and also checks that the contracts themselves are
still there and still say what DEVELOPING.md says (so deleting one is not a way to green).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# Top to bottom, as DEVELOPING.md lists them.
LAYERS = [
    "cli",
    "commands",
    "(hub)",
    "handouts | lab",
    "notebook | views",
    "reports",
    "diagrams | printable | responses",
    "html",
    "domain",
    "content",
    "atomic | figures | labels | paths | startup",
]


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_contracts_state_the_documented_layers_and_forbid_cycles():
    contracts = _contracts()
    layers = contracts["layers"]
    assert layers["type"] == "layers" and layers["exhaustive"] is True
    assert layers["containers"] == ["olivia_training"]
    assert layers["layers"] == LAYERS
    assert contracts["no-cycles"]["type"] == "acyclic_siblings"
    assert contracts["no-cycles"]["ancestors"] == ["olivia_training"]
    assert {"ipywidgets", "IPython"} <= set(contracts["domain-no-widgets"]["forbidden_modules"])
    developing = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        for name in layer.strip("()").split(" | "):
            assert f"`{name}" in developing, f"DEVELOPING.md does not name the layer {name}"


def test_lint_imports_passes():
    scripts = Path(sysconfig.get_path("scripts"))
    exe = scripts / ("lint-imports.exe" if os.name == "nt" else "lint-imports")
    if not exe.exists():  # a venv whose scripts dir differs from sysconfig's (rare)
        exe = Path(sys.executable).parent / exe.name
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout
