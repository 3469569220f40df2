"""The facilitator's cohort view: a hub-managed JupyterHub service.

JupyterHub starts it (as its own unprivileged system user) and authenticates every request
with its OAuth (`HubOAuthenticated`), so the service has no login of its own:

- `GET  {prefix}`        progress: how many participants started, completions per notebook;
- `GET  {prefix}report`  the cohort evaluation report (the same code as `cohort-report`);
  both need `access:services!service=cohort`, which only the facilitator role holds;
- `POST {prefix}api/progress`    a participant's server: the notebooks they completed;
- `POST {prefix}api/evaluation`  a participant's anonymous evaluation (their choice, in notebook 07);
  both need the custom scope `custom:olivia-cohort:send`, which only the participants' own
  tokens carry, and come only from the cohort's participants.

It never reads participants' homes: everything it shows was pushed to it.
Run as `python -m olivia_training.hub.service` (JupyterHub sets the JUPYTERHUB_* variables).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web

from olivia_training.hub.cohort import SERVICE_DIR, read_cohort, state_dir
from olivia_training.hub.store import MAX_EVALUATION_BYTES, CohortStore, cohort_report

SERVICE_NAME = "cohort"
SEND_SCOPE = "custom:olivia-cohort:send"


class _Base(HubOAuthenticated, web.RequestHandler):
    def initialize(self, store: CohortStore, state: Path):
        self.store = store
        self.state = state

    def participants(self) -> list[str]:
        cohort = read_cohort(self.state)  # read each time: the operator may start a new cohort
        return cohort.participants if cohort else []

    def set_default_headers(self):
        # The pages are self-contained: nothing may be fetched, framed or sniffed.
        self.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                        "frame-ancestors 'none'; form-action 'none'")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")


class ProgressPage(_Base):
    @web.authenticated
    def get(self):
        from olivia_training import __version__
        from olivia_training.html import pack_css, render
        from olivia_training.reports.answers import pack_notebooks

        total = len(self.participants())
        counts = self.store.completions()
        rows = [{"number": number, "title": title, "count": counts.get(number, 0)}
                for number, title in pack_notebooks()]
        self.finish(render(
            "hub/cohort_view.html.j2", title="Cohort progress", css=pack_css(),
            edition_label="Facilitator view: not for participants", edition_class="edition-facilitator",
            version=__version__, generated=datetime.now().strftime("%d/%m/%Y %H:%M:%S"),
            total=total, started=self.store.started(), evaluations=len(self.store.evaluations()),
            rows=rows, report_url="report"))  # relative to {prefix}


class ReportPage(_Base):
    @web.authenticated
    def get(self):
        page, _ = cohort_report(self.store.evaluations())
        self.finish(page)


class SendHandler(_Base):
    """Pushes from participants' servers, authenticated by their own hub token."""

    hub_scopes = {SEND_SCOPE}

    def get_login_url(self):
        raise web.HTTPError(403)  # an API: never redirect to a login page

    def _body(self) -> dict:
        if len(self.request.body) > MAX_EVALUATION_BYTES:
            raise web.HTTPError(413, "too large")
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "not JSON") from None
        if not isinstance(body, dict):
            raise web.HTTPError(400, "not a JSON object")
        return body

    @web.authenticated
    def post(self, kind: str):
        user = self.current_user
        if user.get("kind", "user") != "user" or user["name"] not in self.participants():
            raise web.HTTPError(403, "only the cohort's participants send progress and evaluations")
        body = self._body()
        if kind == "progress":
            from olivia_training.reports.answers import notebook_numbers

            completed = body.get("completed", [])
            if not isinstance(completed, list):
                raise web.HTTPError(400, "completed must be a list")
            self.store.record_progress(user["name"], notebook_numbers(completed))
            self.finish({"ok": True})
        elif kind == "evaluation":
            from olivia_training.content import load
            from olivia_training.reports.evaluation import NotAnEvaluation, parse_evaluation

            questions = [q.id for q in load("workshop").questions]
            try:
                parse_evaluation(body, "evaluation", questions)
            except NotAnEvaluation as exc:
                raise web.HTTPError(400, str(exc)) from None
            replaced = self.store.record_evaluation(user["name"], body)
            self.finish({"ok": True, "replaced": replaced})
        else:
            raise web.HTTPError(404)

    def write_error(self, status_code, **kwargs):
        reason = self._reason
        if "exc_info" in kwargs and isinstance(kwargs["exc_info"][1], web.HTTPError):
            reason = kwargs["exc_info"][1].log_message or reason
        self.finish({"ok": False, "status": status_code, "message": reason})


def make_app(state: Path | None = None) -> web.Application:
    state = state_dir(state)
    store = CohortStore(state / SERVICE_DIR)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    args = {"store": store, "state": state}
    return web.Application([
        (prefix, ProgressPage, args),
        (url_path_join(prefix, "report"), ReportPage, args),
        (url_path_join(prefix, r"api/(progress|evaluation)"), SendHandler, args),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32), xsrf_cookies=False)


def main() -> None:
    import asyncio
    from urllib.parse import urlparse

    os.umask(0o077)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app()

    async def serve():
        app.listen(url.port or 80, url.hostname or "127.0.0.1", xheaders=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
