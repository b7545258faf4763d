"""JupyterHub for a workshop on one machine (`make hub`; workshops/README.md, "The workshop hub").

Every learner logs in with a name they choose and the workshop's shared password (JupyterHub's own
SharedPasswordAuthenticator), and gets their own JupyterLab server with their own copy of the course
(modules/, exercises/; the data linked) and their own my-work/, under build/hub/users/NAME/. The
instructor (HUB_ADMIN, default "instructor") is an admin and logs in with the admin password. Every
server has CXKIT_ROOM set to one shared folder, the room exchange of the group quizzes
(cxkit.course.room): a learner's `quiz.show("07", group=True)` submits there and the instructor's
`quiz.reveal("07")` shows the room's answers. Idle servers are stopped by jupyterhub-idle-culler.

Settings, from the environment (the Makefile passes them on; `make hub PASSWORD=... IP=0.0.0.0`):

HUB_IP, HUB_PORT        where the hub listens (default 127.0.0.1:8000; 0.0.0.0 for a room on the LAN)
HUB_PASSWORD            the learners' shared password (8+ characters); made up and printed if unset
HUB_ADMIN               the instructor's user name (default instructor)
HUB_ADMIN_PASSWORD      the instructor's password (32+ characters); made up and printed if unset
HUB_MEM_LIMIT           memory per learner (default 2G): see below
HUB_IDLE_TIMEOUT        seconds without activity before a server is stopped (default 3600)
HUB_STATE               the hub's folder (default build/hub): database, secrets, users/, room/
CXKIT_ROOM              the room folder (default build/hub/room)

Memory: JupyterHub's local spawners do not enforce ``Spawner.mem_limit`` (only container and systemd
spawners can: DockerSpawner, KubeSpawner on Zero to JupyterHub, SystemdSpawner); here it is passed to
the server (MEM_LIMIT, shown by memory indicators) and enforced per process as a data-segment limit
(``RLIMIT_DATA``): a learner's kernel that grows past it gets a MemoryError instead of pushing the
machine into swap. It is per process, not per learner (a learner with two kernels may use twice).

Isolation: every server runs as the system user that started the hub (SimpleLocalProcessSpawner):
learners can read each other's folders from a terminal. That is fine for a workshop on course data;
for anything else use a spawner with one system user per learner.
"""

# ruff: noqa: F821  (``c`` is JupyterHub's configuration object)
from __future__ import annotations

import os
import resource
import secrets
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

COURSE = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("HUB_STATE") or COURSE / "build" / "hub").resolve()
USERS = STATE / "users"
ROOM = Path(os.environ.get("CXKIT_ROOM") or STATE / "room").resolve()
HUB_BIN = Path(sys.executable).parent  # .venv-hub/bin
COURSE_VENV = Path(os.environ.get("COURSE_VENV") or COURSE / ".venv")
ADMIN = os.environ.get("HUB_ADMIN", "instructor").strip().lower()
PORT = int(os.environ.get("HUB_PORT", "8000"))
for folder in (STATE, USERS, ROOM):
    folder.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)


def _secret(variable: str, file: str, length: int) -> str:
    """Return the password in ``variable``, else the one kept in STATE/``file``, else a new one kept there."""
    given = os.environ.get(variable, "").strip()
    if given:
        return given
    kept = STATE / file
    if kept.is_file():
        return kept.read_text().strip()
    words = secrets.token_urlsafe(length)[:length]
    kept.write_text(words + "\n")
    kept.chmod(0o600)
    return words


WORKSHOP_PASSWORD = _secret("HUB_PASSWORD", "workshop-password", 10)
ADMIN_PASSWORD = _secret("HUB_ADMIN_PASSWORD", "admin-password", 32)


def _course_copy(home: Path, *, admin: bool) -> None:
    """Give a user their own course folder: modules/ and exercises/ copied once, data linked, my-work/."""
    home.mkdir(parents=True, exist_ok=True)
    for name in ("modules", "exercises"):
        if not (home / name).exists():
            shutil.copytree(COURSE / name, home / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    links = ["datasets", "dashboards"] + (["solutions", "workshops"] if admin else [])
    for name in links:
        if not (home / name).exists():
            (home / name).symlink_to(COURSE / name, target_is_directory=True)
    (home / "my-work").mkdir(exist_ok=True)


class WorkshopSpawner(SimpleLocalProcessSpawner):
    """A learner's server: their own course folder, the room, the course's Python, a memory limit."""

    def make_preexec_fn(self, name):
        """Add the per-process memory limit to the parent's preexec (make the home folder, cd there)."""
        parent = super().make_preexec_fn(name)
        limit = self.mem_limit

        def preexec():
            parent()
            if limit:
                resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

        return preexec


def pre_spawn_hook(spawner):
    """Make the user's course folder before their server starts."""
    _course_copy(USERS / spawner.user.name, admin=spawner.user.admin)


c.JupyterHub.ip = os.environ.get("HUB_IP", "127.0.0.1")
c.JupyterHub.port = PORT
c.JupyterHub.hub_port = int(os.environ.get("HUB_INTERNAL_PORT", str(PORT + 81)))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 1}"
PROXY = (
    COURSE / "config" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
)  # npm ci (tools/hub_env.sh)
c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # Ctrl+C stops every learner's server too

# Who: a chosen name and the workshop password; the instructor, an admin, with their own password.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = WORKSHOP_PASSWORD
c.SharedPasswordAuthenticator.admin_password = ADMIN_PASSWORD
c.Authenticator.admin_users = {ADMIN}
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_.-]{0,31}$"  # a plain name: letters, digits, . _ -

# What each learner gets.
c.JupyterHub.spawner_class = WorkshopSpawner
c.WorkshopSpawner.home_dir_template = str(USERS / "{username}")
c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.notebook_dir = str(USERS / "{username}")
c.Spawner.default_url = "/lab/tree/modules/00-start-here.ipynb"
c.Spawner.cmd = [str(HUB_BIN / "jupyterhub-singleuser")]
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []  # JupyterLab refuses root without it
c.Spawner.mem_limit = os.environ.get("HUB_MEM_LIMIT", "2G")
c.Spawner.start_timeout = 180  # a loaded 2-core machine starting 30 servers at once
c.Spawner.http_timeout = 180
c.Spawner.environment = {
    "CXKIT_ROOM": str(ROOM),
    "PYTHONPATH": str(COURSE),  # the course's cxkit, whatever .venv was installed from
    "CXKIT_DATA": str(COURSE / "datasets"),
    # the widget renderers and other lab extensions that .venv holds
    "JUPYTER_PATH": str(COURSE_VENV / "share" / "jupyter"),
    "PATH": f"{HUB_BIN}:{COURSE_VENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
}

# Idle servers are stopped (their files stay; the learner starts again from the home page).
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('HUB_IDLE_TIMEOUT', '3600'))}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

host = "localhost" if c.JupyterHub.ip in ("127.0.0.1", "0.0.0.0") else c.JupyterHub.ip
print(
    f"\nThe workshop hub: http://{host}:{PORT}/ (from the room: this machine's address, port {PORT})\n"
    f"  learners: any name (letters, digits, . _ -) and the workshop password: {WORKSHOP_PASSWORD}\n"
    f"  instructor: {ADMIN}, password in {STATE / 'admin-password'} (or HUB_ADMIN_PASSWORD)\n"
    f"  the room's folder (CXKIT_ROOM): {ROOM}\n"
    "  Ctrl+C stops the hub and every learner's server.\n",
    flush=True,
)
