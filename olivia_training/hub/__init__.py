"""Hosting a whole cohort on JupyterHub: the pack's configuration, service and operator logic.

JupyterHub does the multi-user work (login, proxy, spawning, roles); this package only
configures it and adds one small service, so nothing here is a home-made server or login.

- `config.configure(c, ...)`: the authenticator, spawner, roles, services and cullers;
  `deploy/jupyterhub/jupyterhub_config.py` and the TLJH plugin call it.
- `cohort`: the cohort file, random non-identifying usernames, the name-free account slips.
- `accounts`: Unix users and groups for a cohort, and the end-of-cohort plan that refuses
  any user outside the cohort's group.
- `singleuser`: the participant's server entry point (prepares their home, as them).
- `progress`, and `olivia_training.reports.hub_client` (low in the layers, so the view of
  notebook 07 may use it): what a participant's server pushes to the cohort service.
- `service`: the facilitator's cohort view, a hub-managed JupyterHub service.
- `edition`: the participant edition of the pack (no facilitator content) and its environment.

Importing this package imports no JupyterHub code; only `service` and `singleuser` do.
"""

from olivia_training.hub.config import configure

__all__ = ["configure"]
