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
from typing import Any

from cxkit.errors import CXConfigError, CXMapError

__all__ = ["DATA_ENV", "backup_file", "data_dir", "read_yaml", "repo_root", "write_learner_file"]

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


def read_yaml(path: str | Path, *, error: type[CXMapError] = CXMapError, expected: str = "YAML") -> Any:
    r"""Read a learner's or an instructor's YAML file, strictly: UTF-8, valid, every key once.

    The one reader of cxkit's YAML files (journey maps, blueprints, agendas). PyYAML alone lets the
    last of two equal keys win silently and raises raw errors; here every problem is an ``error``
    (:class:`~cxkit.errors.CXMapError` or a subclass) naming the file and the line:

    - bytes that are not UTF-8 (a file saved as Windows-1252 or Latin-1 by an editor): the line of
      the first one, and how to save the file as UTF-8 (a BOM is accepted);
    - text that is not YAML: PyYAML's problem with its line and column;
    - a key given twice in one mapping: both lines (``name:`` twice in a stage).

    libyaml's parser is used when PyYAML has it (about ten times faster); a file it rejects is read
    again by PyYAML's own parser, whose message says what it found where.

    Parameters
    ----------
    path : path
        The file (it must exist: check before, to name what was looked for).
    error : type, default CXMapError
        The error to raise (:class:`~cxkit.errors.CXMapError` or a subclass).
    expected : str
        What the file should be, for the message ("YAML as in datasets/journeys/").

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "map.yaml"
    >>> _ = f.write_text("name: A\nsegment: B2C\nname: B\n", encoding="utf-8")
    >>> read_yaml(f)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    cxkit.errors.CXMapError: map.yaml, at line 3: duplicate key 'name' (first at line 1): the last one
    would silently replace the first: found 'name'; expected each key once in a mapping.
    """
    import yaml

    p = Path(path)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            "not UTF-8 text (the file was saved in another encoding, such as Windows-1252)",
            source=p.name,
            path=f"line {line}",
            value=f"byte 0x{raw[exc.start]:02X}",
            expected="a file saved as UTF-8 (in your editor: Save As, encoding UTF-8)",
        ) from None
    for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if loader is None:
            continue
        try:
            return yaml.load(text, Loader=_unique_keys(loader))
        except _DuplicateKey as dup:
            raise error(
                f"duplicate key {dup.key!r} (first at line {dup.first}): the last one would silently "
                "replace the first",
                source=p.name,
                path=f"line {dup.line}",
                value=dup.key,
                expected="each key once in a mapping",
            ) from None
        except yaml.YAMLError as exc:
            if loader is not yaml.SafeLoader:
                continue  # read again by PyYAML's own parser, for its message
            mark = getattr(exc, "problem_mark", None)
            raise error(
                "not valid YAML" + (f" ({exc.problem})" if getattr(exc, "problem", None) else ""),
                source=p.name,
                path=f"line {mark.line + 1}, column {mark.column + 1}" if mark else "",
                expected=expected,
            ) from None
    return None  # pragma: no cover (SafeLoader always answers)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


_LOADERS: dict[type, type] = {}


def _unique_keys(base: type) -> type:
    """Return ``base`` (a PyYAML loader) refusing a key given twice in one mapping."""
    if base not in _LOADERS:
        import yaml

        class Unique(base):
            def construct_mapping(self, node: Any, deep: bool = False) -> Any:
                if isinstance(node, yaml.MappingNode):
                    seen: dict[Any, int] = {}
                    for key_node, _ in node.value:
                        if key_node.tag == "tag:yaml.org,2002:merge":
                            continue  # "<<" merges may override on purpose
                        key = self.construct_object(key_node, deep=True)
                        try:
                            if key in seen:
                                raise _DuplicateKey(key, key_node.start_mark.line + 1, seen[key] + 1)
                            seen[key] = key_node.start_mark.line
                        except TypeError:  # an unhashable key: PyYAML reports it
                            continue
                return super().construct_mapping(node, deep=deep)

        _LOADERS[base] = Unique
    return _LOADERS[base]
