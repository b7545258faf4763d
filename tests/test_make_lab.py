"""`make lab` serves the whole course and opens the start page.

The server must see the repository, not only ``modules/``: the file browser has to reach
``exercises/``, ``datasets/`` and ``my-work/`` (where ``cxkit exercises start`` puts a learner's
copy), and the address the server prints on a headless machine must open the start page, not
the Launcher. ``/lab/tree/<anything>`` answers 200 (it is the HTML shell), so these tests ask the
contents API and a real browser instead.

``make lab`` runs in a temporary copy of the course (the repository's files, with ``.venv``
linked), so the test never touches a learner's ``my-work/`` and runs as a fresh clone would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from jlab import PROJECTOR, launch_chromium, require_browser, stop_server  # noqa: E402

START_PAGE = "modules/00-start-here.ipynb"
#: Not part of a fresh clone: environments, caches, build output, a learner's own work.
NOT_CLONED = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "build",
    "_output",
    "node_modules",
    "my-work",
    "test-artifacts",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
    ".ipynb_checkpoints",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MadeLab:
    """The server `make lab` started: the course folder it serves, the address it printed, its log."""

    def __init__(self, course: Path, port: int, log: Path) -> None:
        self.course, self.port, self.log = course, port, log
        self.address: str | None = None

    def find_address(self) -> str | None:
        """Return the address the server printed for the user to open (with its generated token)."""
        found = re.findall(rf"http://127\.0\.0\.1:{self.port}/\S*\?token=[0-9a-f]+", self.log.read_text())
        self.address = found[-1] if found else None
        return self.address

    def api(self, path: str, **query: str):
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(self.address).query)["token"][0]
        params = urllib.parse.urlencode({**query, "token": token})
        url = f"http://127.0.0.1:{self.port}/api/{path}?{params}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)


@pytest.fixture(scope="module")
def made_lab(tmp_path_factory):
    course = tmp_path_factory.mktemp("clone") / "cxkit"
    shutil.copytree(ROOT, course, ignore=NOT_CLONED, symlinks=True)
    # The course's own environment, as `make install` left it (the stamp makes `make` skip it).
    (course / ".venv").symlink_to((ROOT / ".venv").resolve())
    # With a stale stamp, `make lab` would first run `make install` here and point the shared
    # .venv's editable cxkit at this temporary copy (deleted after the tests).
    stale = subprocess.run(["make", "-q", "install"], cwd=course, capture_output=True).returncode
    if stale:
        pytest.fail("the course environment is out of date: run `make install` first (make test does)")
    work = tmp_path_factory.mktemp("lab")
    port = _free_port()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(work / "config"),
        JUPYTER_DATA_DIR=str(work / "data"),
        JUPYTER_RUNTIME_DIR=str(work / "runtime"),
    )
    env.pop("DISPLAY", None)  # a headless server: HEADLESS is the default, the address is printed
    env.pop("JUPYTER_TOKEN", None)  # the server makes its own token and prints it, as for a learner
    log_path = work / "lab.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}"],
        cwd=course,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = MadeLab(course, port, log_path)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if server.find_address() and server.api("status")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.5)
        yield server
    finally:
        stop_server(proc)
        log.close()


def test_the_file_browser_shows_the_whole_course(made_lab):
    _status, root = made_lab.api("contents")
    names = {item["name"] for item in root["content"]}
    assert {"modules", "exercises", "datasets"} <= names, (
        f"make lab serves {sorted(names)}: the course folders must be reachable from the file browser"
    )


def test_the_start_page_is_at_its_course_path(made_lab):
    status, model = made_lab.api(f"contents/{START_PAGE}", content="0")
    assert status == 200
    assert model["type"] == "notebook"
    assert model["path"] == START_PAGE


def test_a_started_exercise_appears_in_my_work(made_lab):
    started = subprocess.run(
        [str(Path(sys.executable).with_name("cxkit")), "exercises", "start", "07"],
        cwd=made_lab.course,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    copy = next((made_lab.course / "my-work").glob("07-*.ipynb"))
    try:
        _status, listing = made_lab.api("contents/my-work")
    except urllib.error.HTTPError as err:
        pytest.fail(f"/api/contents/my-work answered {err.code}: the server cannot see my-work/")
    assert copy.name in {item["name"] for item in listing["content"]}


def test_the_printed_address_opens_the_start_page(made_lab):
    """A learner on a headless server opens the printed address: the start page, not the Launcher."""
    require_browser()
    from playwright.sync_api import sync_playwright

    address = made_lab.address
    assert "/lab/tree/modules/00-start-here.ipynb" in address, address
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport=PROJECTOR)
            page.set_default_timeout(90_000)
            page.goto(address, wait_until="domcontentloaded")
            page.locator(".jp-Notebook h1", has_text="00 · Start here").first.wait_for()
            current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel")
            assert current.first.text_content() == "00-start-here.ipynb"
            assert page.locator(".jp-Launcher:visible").count() == 0
        finally:
            browser.close()
