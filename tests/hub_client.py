"""A learner at the workshop hub, as a script: log in, start a server, run cells in a kernel.

Used by tests/test_hub.py (three learners and the instructor) and bench/bench_hub.py (30 learners).
It does what the browser does, over HTTP: the login form (with its XSRF cookie), then an API token
of the learner's own (``POST /hub/api/users/NAME/tokens``) for the hub's REST API and the learner's
Jupyter server (``/user/NAME/api/...``), and the kernel's websocket to execute code.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any


class HubError(RuntimeError):
    """The hub or a learner's server answered something unexpected."""


@dataclass
class Learner:
    """One person at the hub: ``login()``, ``start_server()``, ``run(code)``, ``stop_server()``."""

    base: str  # http://127.0.0.1:8000
    name: str
    password: str
    token: str = ""
    kernel_id: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def _session(self) -> Any:
        import requests

        if not hasattr(self, "_s"):
            self._s = requests.Session()
        return self._s

    def _api(self, method: str, path: str, **kwargs: Any) -> Any:
        r = self._session().request(
            method, self.base + path, headers={"Authorization": f"token {self.token}"}, timeout=60, **kwargs
        )
        if r.status_code >= 400:
            raise HubError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.content else None

    def login(self) -> Learner:
        """Log in through the hub's login form, then get an API token of the learner's own."""
        t0 = time.perf_counter()
        s = self._session()
        s.get(self.base + "/hub/login", timeout=60).raise_for_status()
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(
            self.base + "/hub/login",
            data={"username": self.name, "password": self.password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        if r.status_code != 302:
            raise HubError(f"login of {self.name!r} refused: {r.status_code}")
        xsrf = s.cookies.get("_xsrf", path="/hub/")  # a new one, tied to the logged-in session
        r = s.post(
            f"{self.base}/hub/api/users/{self.name}/tokens",
            json={"note": "cxkit hub client", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf},
            timeout=60,
        )
        if r.status_code >= 400:
            raise HubError(f"no token for {self.name!r}: {r.status_code} {r.text[:300]}")
        self.token = r.json()["token"]
        self.timings["login"] = time.perf_counter() - t0
        return self

    def start_server(self, *, timeout: float = 300) -> Learner:
        """Ask the hub for the learner's server and wait until it answers."""
        t0 = time.perf_counter()
        self._session().post(
            f"{self.base}/hub/api/users/{self.name}/server",
            headers={"Authorization": f"token {self.token}"},
            timeout=60,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = self._api("GET", f"/hub/api/users/{self.name}")
            server = (user.get("servers") or {}).get("")
            if server and server.get("ready"):
                break
            if not user.get("pending") and not server:
                raise HubError(f"the server of {self.name!r} failed to start (see the hub's log)")
            time.sleep(0.5)
        else:
            raise HubError(f"the server of {self.name!r} did not start within {timeout:.0f} s")
        self._api("GET", f"/user/{self.name}/api/status")
        self.timings["spawn"] = time.perf_counter() - t0
        return self

    def contents(self, path: str) -> Any:
        """Return the Jupyter contents API's answer for ``path`` in the learner's folder."""
        return self._api("GET", f"/user/{self.name}/api/contents/{path}")

    def start_kernel(self, notebook: str | None = None) -> str:
        """Start a Python kernel on the learner's server (for ``notebook``: in its folder); return its id."""
        if notebook is None:
            self.kernel_id = self._api("POST", f"/user/{self.name}/api/kernels", json={"name": "python3"})[
                "id"
            ]
        else:
            session = {"path": notebook, "type": "notebook", "kernel": {"name": "python3"}}
            self.kernel_id = self._api("POST", f"/user/{self.name}/api/sessions", json=session)["kernel"][
                "id"
            ]
        return self.kernel_id

    def run(self, code: str, *, timeout: float = 300) -> str:
        """Execute ``code`` in the learner's kernel; return what it printed. An error raises HubError."""
        import asyncio

        return asyncio.run(self._run(code, timeout))

    async def _run(self, code: str, timeout: float) -> str:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        if not self.kernel_id:
            self.start_kernel()
        ws_base = self.base.replace("http", "ws", 1)
        request = HTTPRequest(
            f"{ws_base}/user/{self.name}/api/kernels/{self.kernel_id}/channels",
            headers={"Authorization": f"token {self.token}"},
            connect_timeout=timeout,  # a busy room: tornado's default 20 s is not enough
            request_timeout=timeout,
        )
        conn = await websocket_connect(request)
        msg_id = uuid.uuid4().hex
        conn.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.name,
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {"code": code, "silent": False, "store_history": False, "allow_stdin": False},
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        out: list[str] = []
        error = ""
        reply = False
        idle = False
        deadline = time.monotonic() + timeout
        try:
            while not (reply and idle):
                if time.monotonic() > deadline:
                    raise HubError(f"{self.name}: the cell did not finish within {timeout:.0f} s")
                raw = await conn.read_message()
                if raw is None:
                    raise HubError(f"{self.name}: the kernel's websocket closed")
                if not isinstance(raw, str):
                    continue
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"
                elif kind == "execute_reply":
                    reply = True
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
        finally:
            conn.close()
        if error:
            raise HubError(f"{self.name}: {error}\n{''.join(out)}")
        return "".join(out)

    def stop_server(self) -> None:
        """Stop the learner's server (the files stay)."""
        self._session().delete(
            f"{self.base}/hub/api/users/{self.name}/server",
            headers={"Authorization": f"token {self.token}"},
            timeout=60,
        )
