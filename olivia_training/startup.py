"""What a process the pack starts does first: turn down an import that costs seconds and that
nothing in the pack's stack uses.

jsonschema checks the "iri" and "iri-reference" formats with `rfc3987-syntax` whenever that
package is installed, and `jsonschema[format-nongpl]` (which jupyter_events, so JupyterLab and
JupyterHub, ask for) installs it. It builds some 30 Lark parsers as it is imported: about 2 s
of CPU in every process that imports nbformat or jupyter_server (python-jsonschema/jsonschema
#1428). That is 2 s more before `olivia-training lab` answers on a council laptop, 2 s for each
build worker, and 2 s of the hub's CPU for every participant whose server starts at 9:30.

No schema of nbformat, jupyter_server, jupyter_events, jupyterlab_server or JupyterHub uses
those two formats (tests/test_startup.py reads them all, so an upgrade that starts to use them
fails the suite). Without the package, jsonschema skips those two formats, exactly as it does
wherever rfc3987-syntax is not installed; every other check is unchanged.

Only the pack's own entry points call `lean_start`: the `olivia-training` command, the build's
workers, the hub participant's server, and JupyterLab as `olivia-training lab` starts it
(`python -m olivia_training.startup jupyterlab ...`). Importing `olivia_training` changes
nothing; importing this module is the opt-in, so the test suite loads it as an early plugin
(`-p olivia_training.startup` in pyproject.toml, before nbval imports nbformat) and pytest's
processes start as the pack's own do.
"""

from __future__ import annotations

import runpy
import sys

SKIPPED_IMPORTS = ("rfc3987_syntax",)


def lean_start() -> None:
    """Turn the skipped imports down in this process (an import already done stays done)."""
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)


def run_module(module: str, args: list[str]) -> None:
    """`python -m MODULE ARGS`, after `lean_start`."""
    lean_start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


lean_start()  # importing this module is the opt-in (see above)

if __name__ == "__main__":  # python -m olivia_training.startup MODULE [ARGS...]
    run_module(sys.argv[1], sys.argv[2:])
