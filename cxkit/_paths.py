"""Where the course's folders are: one search, used by the data loaders and the course machinery.

A *course folder* is a checkout of the course: it holds ``datasets/customers.csv`` and
``modules/``. Notebooks run one level below it (``modules/``, ``solutions/``, ``exercises/``,
``my-work/``), so the search walks up from the working directory first; then it tries the
checkout the ``cxkit`` package was installed from (an editable install, as ``make lab`` makes).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from cxkit.errors import CXConfigError

__all__ = ["DATA_ENV", "backup_file", "data_dir", "repo_root", "write_learner_file"]

#: Environment variable naming the data folder, for data kept outside the course folder.
DATA_ENV = "CXKIT_DATA"

#: The checkout this package was installed from (``cxkit/..``), when it is one.
_PACKAGE_CHECKOUT = Path(__file__).resolve().parent.parent


def _is_course(folder: Path) -> bool:
    return (folder / "datasets" / "customers.csv").is_file() or (folder / "modules").is_dir()


def _candidates() -> list[Path]:
    cwd = Path.cwd().resolve()
    return [cwd, *cwd.parents, _PACKAGE_CHECKOUT]


def repo_root(root: str | Path | None = None) -> Path:
    """Return the course folder.

    That is ``root`` if given, else the first folder with ``modules/`` or
    ``datasets/customers.csv`` in the working directory or above it, else the checkout cxkit was
    installed from.

    Raises
    ------
    CXConfigError
        If no course folder can be found; the message says where cxkit looked.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> sorted(p.name for p in repo_root().iterdir() if p.name in ("datasets", "modules"))
    ['datasets', 'modules']
    >>> repo_root("/tmp/elsewhere").as_posix()
    '/tmp/elsewhere'
    """
    if root is not None:
        return Path(root).resolve()
    for folder in _candidates():
        if _is_course(folder):
            return folder
    raise CXConfigError(
        f"Cannot find the course folder (the one with modules/, exercises/ and datasets/). cxkit "
        f"looked in {Path.cwd().resolve()}, every folder above it, and {_PACKAGE_CHECKOUT}. "
        "Run this from inside the course folder."
    )


def data_dir() -> Path:
    """Return the folder holding the course data sets.

    Looked for, in this order:

    1. the folder named by the environment variable ``CXKIT_DATA``, when it is set;
    2. the first ``datasets/`` folder containing ``customers.csv`` found in the current working
       directory or any folder above it (notebooks run in ``modules/``, ``solutions/``,
       ``exercises/`` or ``my-work/``, one level below the course folder);
    3. the ``datasets/`` folder of the course checkout the ``cxkit`` package was installed from
       (an editable install).

    Returns
    -------
    pathlib.Path
        The data folder (absolute).

    Raises
    ------
    CXConfigError
        If ``CXKIT_DATA`` names a folder that does not exist, or no data folder was found; the
        message says where cxkit looked and how to set ``CXKIT_DATA``.

    Examples
    --------
    >>> import os
    >>> from cxkit._paths import data_dir, repo_root
    >>> data_dir() == repo_root() / "datasets"
    True
    >>> os.environ["CXKIT_DATA"] = "/no/such/folder"
    >>> data_dir()  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: The environment variable CXKIT_DATA is set to '/no/such/folder', but there is
    no folder /no/such/folder. Set CXKIT_DATA to the folder holding customers.csv, surveys.csv, ... (or unset
    it).
    >>> del os.environ["CXKIT_DATA"]
    """
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        folder = Path(env).expanduser().resolve()
        if not folder.is_dir():
            raise CXConfigError(
                f"The environment variable {DATA_ENV} is set to {env!r}, but there is no folder "
                f"{folder}. Set {DATA_ENV} to the folder holding customers.csv, surveys.csv, ... "
                "(or unset it)."
            )
        return folder
    for folder in _candidates():
        candidate = folder / "datasets"
        if (candidate / "customers.csv").is_file():
            return candidate
    cwd = Path.cwd().resolve()
    raise CXConfigError(
        f"Cannot find the course data. cxkit looked for a datasets/ folder with customers.csv in "
        f"{cwd}, every folder above it, and {_PACKAGE_CHECKOUT}. Run cxkit from inside the course "
        f"folder, or set the environment variable {DATA_ENV} to the data folder, for example "
        f"`export {DATA_ENV}=/path/to/course/datasets` (or os.environ[{DATA_ENV!r}] = ... in Python)."
    )


def backup_file(target: str | Path) -> Path | None:
    """Copy a learner's file to ``<stem>.backup-YYYYmmdd-HHMMSS<suffix>`` beside it, before it is replaced.

    Used by ``cxkit exercises start --force`` and by the widgets that save a learner's work (the
    journey-map builder), so a learner's file is never overwritten without a copy.

    Parameters
    ----------
    target : path
        The file about to be replaced.

    Returns
    -------
    Path or None
        The backup's path (a second backup in the same second gets ``-1``, ``-2``... added), or
        ``None`` when ``target`` does not exist (nothing to back up).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> backup_file(folder / "map.yaml") is None
    True
    >>> _ = (folder / "map.yaml").write_text("name: mine")
    >>> copy = backup_file(folder / "map.yaml")
    >>> copy.name.startswith("map.backup-"), copy.suffix, copy.read_text()
    (True, '.yaml', 'name: mine')
    """
    target = Path(target)
    if not target.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
    n = 1
    while backup.exists():
        backup = target.with_name(f"{target.stem}.backup-{stamp}-{n}{target.suffix}")
        n += 1
    shutil.copy2(target, backup)
    return backup


def write_learner_file(
    path: str | Path, text: str, *, what: str = "file", backup: bool = True
) -> tuple[Path, Path | None]:
    """Write a learner's file as UTF-8; an existing file with other content is first backed up.

    The one way cxkit writes to a path a learner chose (a journey map, a blueprint, the dashboard's
    report): the file it replaces is copied by :func:`backup_file` first (unless ``backup=False``:
    the caller made its own copy), and a path that cannot be written is a
    :class:`~cxkit.errors.CXConfigError` saying what to do, never a raw ``OSError``.

    Parameters
    ----------
    path : path
        The file to write; its folder must exist.
    text : str
        The content.
    what : str
        What the file is, in messages ("journey map", "dashboard report").
    backup : bool, default True
        Copy an existing file whose content differs before replacing it.

    Returns
    -------
    (Path, Path or None)
        The file written and the backup of the file it replaced (None: no file, or the same
        content).

    Raises
    ------
    CXConfigError
        ``path`` is a folder, its folder does not exist, or it cannot be written (permissions).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_learner_file(folder / "map.yaml", "v1")[1] is None
    True
    >>> _, copy = write_learner_file(folder / "map.yaml", "v2")
    >>> copy.read_text(), (folder / "map.yaml").read_text()
    ('v1', 'v2')
    """
    p = Path(path)
    if p.is_dir():
        raise CXConfigError(
            f"Cannot write the {what} to {str(p)!r}: it is a folder. Give the path of a file in it, "
            f"such as {str(p / ('my-' + what.replace(' ', '-')))!r} with its extension."
        )
    if not p.parent.is_dir():
        raise CXConfigError(
            f"Cannot write the {what} to {str(p)!r}: the folder {str(p.parent)!r} does not exist. "
            "Create it first, or give a path in an existing folder."
        )
    copy = None
    try:
        if backup and p.is_file() and p.read_bytes() != text.encode("utf-8"):
            copy = backup_file(p)
        p.write_text(text, encoding="utf-8")
    except PermissionError as exc:
        raise CXConfigError(
            f"Cannot write the {what} to {str(p)!r}: permission denied ({exc.strerror}). Save it in a "
            "folder you can write to, such as your my-work/ folder."
        ) from None
    except OSError as exc:
        raise CXConfigError(f"Cannot write the {what} to {str(p)!r}: {exc.strerror or exc}.") from None
    return p, copy
