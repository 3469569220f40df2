"""What a participant's own server sends to the cohort service, with their own hub token.

Only two things ever leave a participant's workspace, and both are theirs to send:
the ids of the notebooks they ticked as completed, and (when they press the button in
notebook 07) the anonymous evaluation, the same JSON as `olivia-training evaluation-export`.
Reflections and actions never do.

Pure standard library, so it runs in the kernel and in the server alike. Outside a hub
(`OLIVIA_COHORT_URL` unset) `available()` is False and nothing is sent.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

URL_ENV = "OLIVIA_COHORT_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT = 10.0


@dataclass(frozen=True)
class Sent:
    ok: bool
    message: str


def available() -> bool:
    return bool(os.environ.get(URL_ENV) and os.environ.get(TOKEN_ENV))


def _post(path: str, payload: dict, *, url: str | None = None, token: str | None = None) -> dict:
    url = (url or os.environ[URL_ENV]).rstrip("/") + "/" + path
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), method="POST",
        headers={"Authorization": f"token {token or os.environ[TOKEN_ENV]}",
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read() or b"{}")


def send_progress(completed: list[str], **kwargs) -> dict:
    """Raises OSError (including HTTPError) if the service did not take it."""
    return _post("api/progress", {"completed": list(completed)}, **kwargs)


def send_evaluation(evaluation: dict, **kwargs) -> Sent:
    """Send the anonymous evaluation; a second send replaces the first. Never raises:
    the participant gets one plain sentence either way."""
    try:
        answer = _post("api/evaluation", evaluation, **kwargs)
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read() or b"{}").get("message", "")
        except ValueError:
            detail = ""
        return Sent(False, f"The facilitator's cohort view did not accept it ({exc.code}"
                           f"{': ' + detail if detail else ''}). Your evaluation is still saved here.")
    except (OSError, KeyError) as exc:
        return Sent(False, f"Could not reach the facilitator's cohort view ({exc}). "
                           "Your evaluation is still saved here; try again in a minute.")
    if answer.get("replaced"):
        return Sent(True, "Sent. It replaces the evaluation you sent before; the facilitator sees "
                          "only your latest one, without your name.")
    return Sent(True, "Sent to the facilitator, without your name. You can send it again after "
                      "changing it: the new one replaces this one.")
