"""Pass JupyterLab's log through, with the real token in the address it prints (``make lab``).

When ``JUPYTER_TOKEN`` is set, Jupyter Server hides it in the address it prints
(``http://127.0.0.1:8888/lab/tree/...?token=...``), so the address cannot be clicked or pasted.
The person who set the token is the one reading this terminal: ``make lab`` pipes the server's
output through this filter, which writes the token (URL-quoted) where Jupyter wrote ``...``.
Without ``JUPYTER_TOKEN`` the lines pass unchanged (Jupyter then prints its generated token itself).

Usage::

    jupyter lab ... 2>&1 | python tools/lab_address.py
"""

from __future__ import annotations

import os
import sys
import urllib.parse


def clickable(line: str, token: str | None) -> str:
    """Return ``line`` with ``token=...`` replaced by the URL-quoted ``token`` (unchanged without one).

    >>> clickable("    http://127.0.0.1:8888/lab/tree/a.ipynb?token=...", "s3cret/+")
    '    http://127.0.0.1:8888/lab/tree/a.ipynb?token=s3cret%2F%2B'
    >>> clickable("http://127.0.0.1:8888/lab?token=abc", "xyz")
    'http://127.0.0.1:8888/lab?token=abc'
    >>> clickable("token=...", None)
    'token=...'
    """
    if not token:
        return line
    return line.replace("token=...", "token=" + urllib.parse.quote(token, safe=""))


def main() -> int:
    import signal

    # Ctrl+C is for the server (it asks to confirm, then shuts down): the filter reads on until the
    # server's last line, instead of dying first with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    token = os.environ.get("JUPYTER_TOKEN")
    for line in sys.stdin:
        sys.stdout.write(clickable(line, token))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
