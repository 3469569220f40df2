"""A person at a browser, for the hub test: logs in through the hub's login page, keeps
cookies, sends the XSRF header a browser's JupyterLab would, and runs code in a kernel of
their own server over the same websocket JupyterLab uses."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from urllib.parse import urlparse

import requests
from helpers import run_apart


class Person:
    def __init__(self, base: str, name: str):
        self.base = base.rstrip("/")
        self.name = name
        self.session = requests.Session()

    # -- hub ---------------------------------------------------------------------------------
    def login(self, password: str) -> requests.Response:
        """The login form, as a browser submits it (first use sets the password)."""
        page = self.session.get(f"{self.base}/hub/login")
        page.raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/")
        return self.session.post(f"{self.base}/hub/login?next=", allow_redirects=False,
                                 data={"username": self.name, "password": password, "_xsrf": xsrf})

    def _xsrf(self, path: str) -> dict:
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and cookie.path == path:
                return {"X-XSRFToken": cookie.value}
        return {}

    def hub_api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, f"{self.base}/hub/api/{path.lstrip('/')}",
                                    headers={**self._xsrf("/hub/"), **kwargs.pop("headers", {})}, **kwargs)

    def wait_ready(self, user: str, timeout: float = 60, ready: bool = True) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.hub_api("GET", f"users/{user}").json()
            server = model.get("servers", {}).get("")
            if ready and server and server.get("ready"):
                return model
            if not ready and not server:
                return model
            time.sleep(0.25)
        raise TimeoutError(f"{user}'s server not {'ready' if ready else 'stopped'} after {timeout} s")

    # -- their own server --------------------------------------------------------------------
    def open_server(self, user: str | None = None) -> requests.Response:
        """What a browser does: follow the hub's OAuth redirects to the server."""
        return self.session.get(f"{self.base}/user/{user or self.name}/lab", allow_redirects=True)

    def server_api(self, method: str, path: str, user: str | None = None, **kwargs) -> requests.Response:
        prefix = f"/user/{user or self.name}/"
        return self.session.request(method, f"{self.base}{prefix}api/{path.lstrip('/')}",
                                    headers={**self._xsrf(prefix), **kwargs.pop("headers", {})}, **kwargs)

    kernel_id: str | None = None

    def run(self, code: str, timeout: float = 30) -> str:
        """Run `code` in a kernel of their server (one, reused); its printed output (an error raises)."""
        if self.kernel_id is None:
            kernel = self.server_api("POST", "kernels", json={"name": "python3"})
            kernel.raise_for_status()
            self.kernel_id = kernel.json()["id"]
        return run_apart(asyncio.run, self._execute(self.kernel_id, code, timeout))

    async def _execute(self, kernel_id: str, code: str, timeout: float) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        prefix = f"/user/{self.name}/"
        url = urlparse(self.base)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies
                            if prefix.startswith(c.path) or c.path == "/")
        request = HTTPRequest(f"ws://{url.netloc}{prefix}api/kernels/{kernel_id}/channels",
                              headers={"Cookie": cookies, "Origin": self.base, **self._xsrf(prefix)})
        ws = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        out: list[str] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                raw = await asyncio.wait_for(ws.read_message(), max(0.1, deadline - time.monotonic()))
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}\n"
                                       + "\n".join(msg["content"]["traceback"][-3:]))
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(out)
        finally:
            ws.close()
