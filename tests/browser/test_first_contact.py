"""First contact with the course: the address `make lab` prints, and the file browser it opens on.

The server is started as the Makefile's ``lab`` target starts it (its configuration folder
``config/`` on ``JUPYTER_CONFIG_PATH``, the start page as default URL, the output through
``tools/lab_address.py``), with ``JUPYTER_TOKEN`` set as a facilitator would set it: the printed
address must carry the token, open the start page in Chromium without a login page, and the file
browser at the course root must list the course and none of the engineering files. (``make lab``
itself, with its install step, is tests/test_make_lab.py's.)
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jlab import ARTIFACTS, PROJECTOR, ROOT, require_browser, stop_server

#: What a trainee needs at the course root (and the dashboard module 10 links to).
COURSE = {"modules", "exercises", "datasets", "solutions", "workshops", "dashboards", "README.md"}
#: Engineering files that must not be listed at the course root (when present).
ENGINEERING = {
    "cxkit",
    "tests",
    "tools",
    "build",
    "bench",
    "config",
    "Makefile",
    "pyproject.toml",
    "conftest.py",
    "CONTRIBUTING.md",
    "environment.yml",
    "postBuild",
    "requirements.lock",
    "requirements-lite.lock",
    "test-artifacts",
    "cxkit.egg-info",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    """JupyterLab started as `make lab` starts it, with JUPYTER_TOKEN set; yields (port, token, log)."""
    require_browser()
    port = _free_port()
    token = "room-" + secrets.token_urlsafe(12)
    folder = tmp_path_factory.mktemp("first-contact")
    log_path = folder / "lab.log"
    env = dict(
        os.environ,
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_PATH=str(ROOT / "config"),
        JUPYTER_CONFIG_DIR=str(folder / "user-config"),
        PYTHONUNBUFFERED="1",
    )
    jupyter = Path(sys.executable).with_name("jupyter")
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--ServerApp.root_dir=.",
            "--LabApp.default_url=/lab/tree/modules/00-start-here.ipynb",
            f"--port={port}",
            "--ip=127.0.0.1",
            "--LabApp.news_url=None",
            "--no-browser",
            "--allow-root",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    with log_path.open("w") as log:
        shown = subprocess.Popen(
            [sys.executable, "-u", str(ROOT / "tools" / "lab_address.py")],
            stdin=server.stdout,
            stdout=log,
            env=env,
        )
        assert server.stdout is not None
        server.stdout.close()  # the filter holds the pipe now
        deadline = time.monotonic() + 120
        while f"127.0.0.1:{port}/" not in log_path.read_text():
            if server.poll() is not None or time.monotonic() > deadline:
                stop_server(server, group=False)
                pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        try:
            yield port, token, log_path
        finally:
            stop_server(server, grace=20, group=False)
            shown.wait(timeout=30)


def test_the_printed_address_carries_the_token_and_opens_the_start_page(course_lab, browser):
    port, token, log_path = course_lab
    text = log_path.read_text()
    addresses = re.findall(rf"http://127\.0\.0\.1:{port}/\S+", text)
    assert addresses, text
    assert not any(a.endswith("token=...") for a in addresses), "an address ends in a literal token=..."
    address = next(a for a in addresses if "token=" in a)
    assert address.endswith(f"token={token}")
    assert "/lab/tree/modules/00-start-here.ipynb" in address
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(address)
        page.wait_for_selector(".jp-NotebookPanel")
        assert "/lab/tree/modules/00-start-here.ipynb" in page.url
        assert page.locator("input[type=password]").count() == 0  # no login page
    finally:
        context.close()


def test_the_file_browser_lists_the_course_not_the_engineering_files(course_lab, browser):
    port, token, _ = course_lab
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"http://127.0.0.1:{port}/lab/workspaces/t{secrets.token_hex(6)}?token={token}")
        # a workspace of its own, opened on no file: the file browser shows the course root
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-DirListing-itemText')]"
            ".some(e => e.innerText.trim() === 'modules')"
        )
        page.wait_for_timeout(1500)
        names = {n.strip() for n in page.locator(".jp-DirListing-itemText").all_inner_texts()}
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "file-browser-course-root.png"))
    finally:
        context.close()
    present = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")}
    assert names & ENGINEERING == set(), f"engineering files listed: {sorted(names & ENGINEERING)}"
    assert COURSE <= names
    expected = COURSE | ({"my-work"} & present)
    assert names == expected, f"unexpected entries: {sorted(names - expected)}"


def test_the_chosen_answer_is_visible_from_the_back_of_the_room(lab, page):
    """The self-assessment form's chosen answer and a quiz's ticked option stand out at 1280x720."""
    import json

    from jlab import open_notebook, run_all_cells

    folder = ROOT / "build" / "browser-tests"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "selected-state.ipynb"
    cells = [
        "from cxkit.widgets import SelfAssessmentForm\nform = SelfAssessmentForm()\nform",
        'from cxkit import quiz\nquiz.show("03", n=3, seed=1)',
    ]
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
            for c in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    open_notebook(page, lab, path.relative_to(ROOT).as_posix())
    assert run_all_cells(page) == []
    buttons = page.locator(".cxkit-form .widget-toggle-buttons").first.locator("button")
    buttons.nth(3).click()  # "4" on the first statement
    page.wait_for_function(
        "() => document.querySelector('.cxkit-form .widget-toggle-buttons button.mod-active') !== null"
    )
    chosen, other = (
        page.evaluate(
            """i => { const b = document.querySelector('.cxkit-form .widget-toggle-buttons')
                .querySelectorAll('button')[i]; const s = getComputedStyle(b);
                return [s.backgroundColor, s.color, s.fontWeight]; }""",
            i,
        )
        for i in (3, 1)
    )
    assert chosen[0] == "rgb(11, 92, 173)", chosen  # filled dark blue, not a shade of grey
    assert chosen[1] == "rgb(255, 255, 255)"
    assert int(chosen[2]) >= 700
    assert other[0] != chosen[0]
    mark = page.evaluate(
        """() => getComputedStyle(document.querySelector(
            '.cxkit-form .widget-toggle-buttons button.mod-active'), '::before').content"""
    )
    assert "\u2713" in mark  # a check mark too: not told by colour alone
    radio = page.locator(".cxkit-quiz .widget-radio-box label").first
    radio.click()
    weight = page.evaluate(
        "() => getComputedStyle(document.querySelector('.cxkit-quiz .widget-radio-box label')).fontWeight"
    )
    assert int(weight) >= 700
    page.locator(".cxkit-form .widget-toggle-buttons").first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "selected-state.png"))
