"""`olivia_training.startup`: the pack's own processes skip rfc3987-syntax (2 s of CPU each),
and that is safe only while no schema in the Jupyter stack uses the formats it checks."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

# The packages that validate with jsonschema in the pack's processes.
VALIDATING = ("nbformat", "jupyter_server", "jupyter_events", "jupyterlab_server", "jupyterhub")
FORMAT = re.compile(r"""["']?format["']?\s*:\s*["']?([A-Za-z-]+)""")


def _schema_formats() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for package in VALIDATING:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        for folder in spec.submodule_search_locations:
            for path in Path(folder).rglob("*"):
                if path.suffix in (".json", ".yaml", ".yml") and path.is_file():
                    for name in FORMAT.findall(path.read_text(encoding="utf-8", errors="replace")):
                        found.setdefault(name, set()).add(f"{package}: {path.name}")
    return found


def test_no_schema_in_the_jupyter_stack_uses_the_iri_formats():
    formats = _schema_formats()
    assert {"uri", "datetime"} <= set(formats), "the scan reads the schemas (it finds other formats)"
    assert {"iri", "iri-reference"}.isdisjoint(formats), {f: formats[f] for f in ("iri", "iri-reference")
                                                         if f in formats}


def test_a_module_started_lean_gets_its_arguments_and_keeps_every_other_check(tmp_path):
    probe = tmp_path / "probe_module.py"
    probe.write_text("""if True:
        import sys
        print(__name__, sys.argv[1:])
        import jsonschema, nbformat
        print(sys.modules["rfc3987_syntax"], "iri" in jsonschema.FormatChecker.checkers,
              "uri" in jsonschema.FormatChecker.checkers)
        nb = nbformat.v4.new_notebook()
        nbformat.validate(nb)
        nb.cells.append(nbformat.from_dict({"cell_type": "code", "source": 1}))
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError:
            print("rejected")
    """, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "olivia_training.startup", "probe_module", "--x", "a b"],
                         capture_output=True, text=True, cwd=tmp_path, check=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert run.stdout.splitlines() == ["__main__ ['--x', 'a b']", "None False True", "rejected"]


def test_the_package_is_installed_so_the_saving_is_real():
    """rfc3987-syntax is installed here (by jsonschema[format-nongpl]), so a process that does
    not start lean does import it with jsonschema: what `lean_start` saves is real."""
    from importlib.metadata import distribution

    assert distribution("rfc3987-syntax").files  # installed (this process started lean: see pyproject)
