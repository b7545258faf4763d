"""`make hub`: the workshop hub with three learners and the instructor, end to end (issue 29).

The hub runs from config/hub/jupyterhub_config.py in .venv-hub (made by `make hub` or
`bash tools/hub_env.sh`; CXKIT_HUB_VENV names another one) with configurable-http-proxy from
config/hub/node_modules. Each learner logs in with a chosen name and the workshop password,
starts their own server, and answers module 07's group quiz in a kernel on it
(``quiz.show("07", group=True)``, Submit); the instructor's reveal, in a kernel on the instructor's
server, shows three answers per question; a second submission replaces the first and keeps it.

Without .venv-hub (a fresh clone: the hub is installed only on the instructor's machine) the test is
skipped, saying so; it takes about a minute (four servers on two cores), hence ``slow``, and it is
one of the Makefile's INTEGRATION_TESTS (not in `make unit` or `make quick`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from hub_client import Learner  # noqa: E402

pytestmark = pytest.mark.slow

HUB_VENV = Path(os.environ.get("CXKIT_HUB_VENV") or ROOT / ".venv-hub")
PROXY = ROOT / "config" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "workshop-test-1"
ADMIN_PASSWORD = "instructor-test-password-0123456789"

# A learner's cell: module 07's group quiz, three questions drawn the same for everyone, answered
# by pick (the learner's own choice of option), then Submit.
LEARNER_CELL = """
from cxkit import quiz
form = quiz.show("07", group=True, n=3, seed=1)
for q in form.quiz.questions:
    box = form.inputs[q.id]
    if q.type == "single":
        box.value = {pick} % len(q.options)
    elif q.type == "multiple":
        box.children[{pick} % len(q.options)].value = True
    else:
        box.value = str(10 + {pick})
form.submit_button.click()
print(form.score_label.value)
"""

INSTRUCTOR_CELL = """
from cxkit import quiz
from cxkit.course import room
shown = quiz.reveal("07").value
print("answered:", shown.count("(3 answered)"))
print("learners:", "3 learners submitted" in shown)
print("ana:", [(s.version, sorted(s.answers)) for s in room.history("07-cx-metrics", learner="ana")])
print("last:", [(s.learner, s.version) for s in room.submissions("07-cx-metrics")])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not (HUB_VENV / "bin" / "jupyterhub").exists():
        pytest.skip(
            f"the workshop hub is not installed ({HUB_VENV / 'bin' / 'jupyterhub'} is missing): run "
            "`make hub` once, or `bash tools/hub_env.sh`, to test it"
        )
    if not PROXY.exists():
        pytest.skip(f"configurable-http-proxy is not installed ({PROXY}): run `bash tools/hub_env.sh`")
    state = tmp_path_factory.mktemp("hub")
    # three ports in a row are needed (hub, proxy API, hub's internal port = port + 81)
    port = _free_port()
    env = {
        **os.environ,
        "HUB_PORT": str(port),
        "HUB_STATE": str(state),
        "HUB_PASSWORD": PASSWORD,
        "HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "CXKIT_ROOM": str(state / "room"),
    }
    env.pop("PYTHONPATH", None)
    log = (state / "hub.log").open("w")
    proc = subprocess.Popen(
        [str(HUB_VENV / "bin" / "jupyterhub"), "-f", str(ROOT / "config" / "hub" / "jupyterhub_config.py")],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the hub exited ({proc.returncode}):\n{(state / 'hub.log').read_text()[-3000:]}")
            try:
                if requests.get(base + "/hub/api", timeout=5).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail(f"the hub did not answer within 90 s:\n{(state / 'hub.log').read_text()[-3000:]}")
        yield base, state
    finally:
        proc.send_signal(signal.SIGTERM)  # the hub stops every server it started, then itself
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_three_learners_answer_a_group_quiz_and_the_instructor_reveals(hub):
    base, state = hub
    learners = [Learner(base, name, PASSWORD) for name in ("ana", "ben", "chen")]
    for pick, person in enumerate(learners):
        person.login().start_server()
        listing = {item["name"] for item in person.contents("")["content"]}
        assert {"modules", "exercises", "datasets", "my-work"} <= listing  # their own course folder
        said = person.run(LEARNER_CELL.format(pick=pick))
        assert f"Sent to the room as {person.name}; {pick + 1} in the room so far." in said
    # the workshop password is the learners'; the instructor has their own
    with pytest.raises(Exception, match="refused"):
        Learner(base, "instructor", PASSWORD).login()
    again = learners[0].run(LEARNER_CELL.format(pick=2))
    assert "your submission 2: the last one counts" in again
    files = sorted(p.name for p in (state / "room" / "quizzes" / "07-cx-metrics").glob("*.json"))
    assert files == ["ana.json", "ben.json", "chen.json"]
    instructor = Learner(base, "instructor", ADMIN_PASSWORD).login().start_server()
    assert "solutions" in {item["name"] for item in instructor.contents("")["content"]}
    said = instructor.run(INSTRUCTOR_CELL)
    assert "answered: 3\n" in said  # three questions, each answered by three learners
    assert "learners: True" in said
    ana = next(line for line in said.splitlines() if line.startswith("ana:"))
    assert ana.startswith("ana: [(1, ")
    assert ", (2, " in ana
    assert "last: [('ana', 2), ('ben', 1), ('chen', 1)]" in said
