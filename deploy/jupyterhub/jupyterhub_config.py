"""JupyterHub configuration for an Olivia workshop hub (a plain install; TLJH uses tljh/).

All the workshop's rules live in `olivia_training.hub.configure`, which is tested with the
rest of the pack; this file only says where things are on this machine. Run, as root:

    jupyterhub -f /path/to/deploy/jupyterhub/jupyterhub_config.py

from a folder only root can read (the hub's database and cookie secret are written there),
behind the organisation's HTTPS reverse proxy. See deploy/jupyterhub/README.md.
"""

from olivia_training.hub import configure

c = get_config()  # noqa: F821 - provided by JupyterHub

configure(
    c,
    state="/srv/olivia-hub",  # where `olivia-training cohort-create` writes the cohort
    user_env="/opt/olivia-hub/user",  # `olivia-training hub-env /opt/olivia-hub/user`
    spawner="local",  # LocalProcessSpawner: per-user memory and CPU limits are NOT enforced
)

# Only the reverse proxy on this machine talks to the hub; it terminates HTTPS.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = 8000
