"""Fixtures for the real-browser tests: a JupyterLab server and headless Chromium.

The server runs on a free port with a random token, from the repository root, with the app
exposed to the page (``--LabApp.expose_app_in_browser``) so tests can run JupyterLab commands
exactly as the menu does. Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright.
When the browser is missing the tests skip, unless ``CXKIT_REQUIRE_BROWSER=1`` (set by CI),
where they fail. Screenshots of failing tests go to ``test-artifacts/``.

Nothing carries over between tests: the server's settings and workspaces live in a temporary
``JUPYTER_CONFIG_DIR``, every notebook is opened in a workspace of its own
(``jlab.fresh_workspace_path``), and every page is a new browser context at 1280x720.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jlab import ARTIFACTS, CHROMIUM, PROJECTOR, ROOT, launch_chromium, require_browser, stop_server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab: its base URL and token."""

    def __init__(self, port: int, token: str, process: subprocess.Popen) -> None:
        self.port, self.token, self.process = port, token, process
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def status(self) -> int:
        with urllib.request.urlopen(self.url("api/status"), timeout=5) as response:
            return response.status


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    require_browser()
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path_factory.mktemp("lab") / "jupyterlab.log").open("w")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path_factory.mktemp("jupyter-config")))
    jupyter = Path(sys.executable).with_name("jupyter")
    process = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--allow-root",
            "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True",
            f"--ServerApp.root_dir={ROOT}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    server = Lab(port, token, process)
    deadline = time.monotonic() + 120
    while True:
        try:
            if server.status() == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"JupyterLab did not start; see {log.name}")
        time.sleep(0.5)
    yield server
    stop_server(process, grace=20, group=False)
    log.close()


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request, tmp_path):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself is what matters
            pass
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def which_chromium() -> str | None:
    return shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
