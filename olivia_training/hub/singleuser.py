"""`olivia-hub-singleuser`: the participant's server, started by the hub's spawner as them.

Before JupyterHub's own `jupyterhub-singleuser` starts, this:

1. sets the umask to 077 and their home to mode 0700, so nothing they write is readable by
   anyone else (the spawner already runs this process as the participant's system user);
2. copies the pack's notebooks into their home with the same sync as
   `olivia-training lab --copy-only`: facilitator cells removed, their edits never
   overwritten; they own the copies because this process is them;
3. starts a background thread that pushes the ids of the notebooks they ticked as
   completed to the cohort service whenever that changes (see `progress`).

Answers go through the ordinary `ResponseStore` into `$HOME/answers`, because the workspace
is their home (OLIVIA_WORKSPACE).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def prepare_home(home: Path) -> dict[str, list[str]]:
    from olivia_training.lab import sync_notebooks

    os.umask(0o077)
    os.chmod(home, 0o700)
    return sync_notebooks(home)


def main() -> None:
    from olivia_training.paths import WORKSPACE_ENV
    from olivia_training.startup import lean_start

    lean_start()  # before nbformat and jupyter_server are imported: 2 s of the hub's CPU each

    home = Path(os.path.expanduser("~"))
    os.environ[WORKSPACE_ENV] = str(home)  # kernels inherit it: answers go to $HOME/answers
    os.chdir(home)
    report = prepare_home(home)
    for name in report["offered"]:
        print(f"[olivia] the pack's newer version is beside your edited copy: {name}", file=sys.stderr)

    from olivia_training.hub import progress

    progress.start_in_background(home)

    from jupyterhub.singleuser import main as singleuser

    sys.exit(singleuser())


if __name__ == "__main__":
    main()
