"""The theme taxonomy: keywords per theme, kept as data (``cxkit/voc/taxonomy.yaml``), read and checked.

Used by :func:`cxkit.voc.themes` (tagging) and by :mod:`cxkit.voc.text` (the taxonomy's keywords
count as English words).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXFileNotFoundError

__all__ = ["TAXONOMY_PATH", "check_taxonomy", "load_taxonomy"]

#: The course company's theme taxonomy (YAML).
TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yaml")


def check_taxonomy(raw: Any, source: str) -> dict[str, dict[str, Any]]:
    """Check a parsed taxonomy (``{"themes": {name: {keywords, unless, label, description}}}``).

    Returns the themes with every field filled in; raises :class:`~cxkit.errors.CXConfigError`
    naming ``source`` and what is wrong.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("themes"), dict) or not raw["themes"]:
        raise CXConfigError(f"{source}: a taxonomy is a mapping with a non-empty 'themes' mapping.")
    out: dict[str, dict[str, Any]] = {}
    for name, spec in raw["themes"].items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise CXConfigError(f"{source}: theme names are lower_case words; found {name!r}.")
        if not isinstance(spec, dict):
            raise CXConfigError(f"{source}: theme {name!r} must be a mapping with 'keywords'.")
        words = spec.get("keywords")
        unless = spec.get("unless", [])
        for key, value in (("keywords", words), ("unless", unless)):
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
                raise CXConfigError(f"{source}: theme {name!r}: {key} must be a list of words or phrases.")
        if not words:
            raise CXConfigError(f"{source}: theme {name!r} has no keywords.")
        out[name] = {
            "label": str(spec.get("label", name)),
            "description": str(spec.get("description", "")),
            "keywords": list(words),
            "unless": list(unless),
        }
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, dict[str, Any]]:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except FileNotFoundError:
        raise CXFileNotFoundError(f"There is no taxonomy file {path}.") from None
    except yaml.YAMLError as err:
        raise CXConfigError(f"{path} is not valid YAML: {err}") from None
    return check_taxonomy(raw, path)


def load_taxonomy(*, path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Read a theme taxonomy: theme name -> ``label``, ``description``, ``keywords``, ``unless``.

    Parameters
    ----------
    path : path, optional
        A YAML file shaped like ``cxkit/voc/taxonomy.yaml`` (the default, Larkspur & Co.'s).

    Returns
    -------
    dict
        The themes in file order.

    Raises
    ------
    CXFileNotFoundError
        The file does not exist.
    CXConfigError
        The file is not valid YAML or not a taxonomy (the message says what is wrong).

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> list(tax)[:3]
    ['late_delivery', 'lost_parcel', 'damaged']
    >>> tax["late_delivery"]["label"]
    'Late delivery'
    """
    taxonomy = _load(str(TAXONOMY_PATH if path is None else Path(path)))
    return {k: dict(v) for k, v in taxonomy.items()}
