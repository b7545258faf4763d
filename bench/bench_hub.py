"""The workshop hub under a room's load (issue 29): N learners at once on `make hub`'s configuration.

Every simulated learner, all at the same time (one thread each, as a room clicks together): logs in
with a name and the workshop password, starts their server, opens module 07 in a kernel and runs its
first ``--cells`` code cells one by one, then answers module 07's group quiz (Submit, to the room).
The instructor then reveals the quiz. Measured: login and spawn time, each cell's latency (p50, p95),
memory per learner (PSS of the learner's server and kernel, psutil: shared libraries counted once,
divided among the processes sharing them), CPU seconds per learner, errors, and whether the reveal
counted every learner. Prints a Markdown table for bench/README.md.

Needs .venv-hub (``make hub`` once, or ``bash tools/hub_env.sh``).
Usage: PYTHONPATH=. .venv/bin/python bench/bench_hub.py [--learners 30] [--cells 8] [--hub-venv .venv-hub]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from hub_client import Learner  # noqa: E402

PASSWORD = "bench-workshop"
ADMIN_PASSWORD = "bench-instructor-password-0123456789"
QUIZ_CELL = """
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


def module_cells(n: int) -> list[str]:
    """Return the first ``n`` code cells of module 07 (the learner's first minutes with it)."""
    import nbformat

    nb = nbformat.read(ROOT / "modules" / "07-cx-metrics.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"][:n]


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def learner_memory(hub_pid: int) -> dict[str, tuple[float, float]]:
    """Return, per learner, the PSS in MiB and the CPU seconds of their server and its kernels."""
    import psutil

    out: dict[str, tuple[float, float]] = {}
    for proc in psutil.Process(hub_pid).children():
        try:
            if "jupyterhub-singleuser" not in " ".join(proc.cmdline()):
                continue
            name = proc.environ().get("JUPYTERHUB_USER", "?")
            tree = [proc, *proc.children(recursive=True)]
            pss = sum(p.memory_full_info().pss for p in tree) / 2**20
            cpu = sum(sum(p.cpu_times()[:2]) for p in tree)
            out[name] = (pss, cpu)
        except psutil.Error:
            continue
    return out


def main() -> None:
    """Run the room and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--cells", type=int, default=8)
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--hub-venv", default=os.environ.get("CXKIT_HUB_VENV") or str(ROOT / ".venv-hub"))
    args = parser.parse_args()
    import requests

    state = Path(tempfile.mkdtemp(prefix="cxkit-hub-bench-"))
    env = {
        **os.environ,
        "HUB_PORT": str(args.port),
        "HUB_STATE": str(state),
        "HUB_PASSWORD": PASSWORD,
        "HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "HUB_IDLE_TIMEOUT": "7200",
    }
    env.pop("PYTHONPATH", None)
    log = (state / "hub.log").open("w")
    hub = subprocess.Popen(
        [f"{args.hub_venv}/bin/jupyterhub", "-f", str(ROOT / "config" / "hub" / "jupyterhub_config.py")],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    errors: list[str] = []
    lock = threading.Lock()
    latencies: list[float] = []  # every cell but the first
    first: list[float] = []  # the first cell: imports pandas, matplotlib, cxkit, loads the data
    cells = module_cells(args.cells)
    load: list[float] = []
    try:
        for _ in range(180):
            try:
                if requests.get(base + "/hub/api", timeout=5).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        people = [Learner(base, f"learner{k:02d}", PASSWORD) for k in range(args.learners)]

        def session(k: int, person: Learner) -> None:
            try:
                person.login().start_server(timeout=600)
                person.start_kernel("modules/07-cx-metrics.ipynb")
                for i, code in enumerate(cells):
                    t0 = time.perf_counter()
                    person.run(code, timeout=600)
                    with lock:
                        (first if i == 0 else latencies).append(time.perf_counter() - t0)
                said = person.run(QUIZ_CELL.format(pick=k), timeout=600)
                if "Sent to the room" not in said:
                    raise RuntimeError(said)
            except Exception as err:  # counted and reported, the room goes on
                with lock:
                    errors.append(f"{person.name}: {type(err).__name__}: {str(err)[:200]}")

        t_start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.learners) as pool:
            futures = [pool.submit(session, k, p) for k, p in enumerate(people)]
            while not all(f.done() for f in futures):
                load.append(os.getloadavg()[0])
                time.sleep(2)
        wall = time.perf_counter() - t_start
        memory = learner_memory(hub.pid)
        instructor = Learner(base, "instructor", ADMIN_PASSWORD).login().start_server(timeout=600)
        said = instructor.run(
            'from cxkit import quiz\nv = quiz.reveal("07").value\nimport re\n'
            'print(re.search(r"\\((\\d+) learners? submitted", v).group(1))',
            timeout=600,
        )
        spawns = [p.timings["spawn"] for p in people if "spawn" in p.timings]
        logins = [p.timings["login"] for p in people if "login" in p.timings]
        pss = [m for m, _ in memory.values()]
        cpu = [c for _, c in memory.values()]
        print(
            f"learners {args.learners}, cells {len(cells)} of module 07 + the group quiz, wall {wall:.0f} s"
        )
        print(f"load average during the run: {min(load, default=0):.1f} to {max(load, default=0):.1f}")
        print("| measure | value |\n| --- | --- |")
        print(f"| login, median / slowest | {statistics.median(logins):.2f} s / {max(logins):.2f} s |")
        print(
            f"| spawn (server answering), median / p95 / slowest | {statistics.median(spawns):.1f} s / "
            f"{pct(spawns, 0.95):.1f} s / {max(spawns):.1f} s |"
        )
        print(
            f"| first cell (imports, loads the data), median / p95 | {statistics.median(first):.1f} s / "
            f"{pct(first, 0.95):.1f} s |"
        )
        print(
            f"| cell latency, the other cells, p50 / p95 ({len(latencies)} cells) | "
            f"{pct(latencies, 0.5):.2f} s / {pct(latencies, 0.95):.2f} s |"
        )
        print(
            f"| memory per learner (PSS: server + kernel), median / largest | "
            f"{statistics.median(pss):.0f} MiB / {max(pss):.0f} MiB |"
        )
        print(f"| CPU per learner (server + kernel), median | {statistics.median(cpu):.1f} s |")
        print(f"| errors | {len(errors)} |")
        print(f"| the instructor's reveal counts | {said.strip()} learners |")
        for e in errors[:10]:
            print("error:", e)
    finally:
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
        log.close()
        print(f"hub log: {state / 'hub.log'}")


if __name__ == "__main__":
    main()
