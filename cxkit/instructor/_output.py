"""Writing the kit's generated files without ever losing an instructor's edits, and the PDF font.

Every file the kit writes is recorded, with its SHA-256, in ``.cxkit-generated.json`` in the output
folder. Before a file is replaced, its bytes are compared with that record: a file the instructor
changed since (or one the kit never wrote) is first copied to ``<stem>.backup-YYYYmmdd-HHMMSS<ext>``
beside it, with :func:`cxkit._paths.backup_file`, the same rule as a learner's work.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["MANIFEST", "PAPER", "register_font", "write_generated"]

#: The record of what the kit wrote, one per output folder.
MANIFEST = ".cxkit-generated.json"
#: Paper sizes in points (1/72 inch): ISO A4 and US Letter.
PAPER: dict[str, tuple[float, float]] = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_generated(path: str | Path, data: bytes | str) -> Path | None:
    """Write ``data`` to ``path``; back the old file up first if it is not what the kit wrote.

    Parameters
    ----------
    path : str or Path
        The file to write (its folder is created if needed).
    data : bytes or str
        The content (text is written as UTF-8).

    Returns
    -------
    Path or None
        The backup of the previous file, when one was made.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "agenda.md"
    >>> write_generated(out, "v1") is None, write_generated(out, "v2") is None
    (True, True)
    >>> _ = out.write_text("my own notes")      # the instructor edits the file
    >>> backup = write_generated(out, "v3")
    >>> backup.read_text(), out.read_text()
    ('my own notes', 'v3')
    """
    from cxkit._paths import backup_file

    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    record_file = target.parent / MANIFEST
    record: dict[str, str] = {}
    if record_file.is_file():
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
        except ValueError:
            record = {}
    backup = None
    if target.exists() and record.get(target.name) != _sha(target.read_bytes()):
        backup = backup_file(target)
    target.write_bytes(raw)
    record[target.name] = _sha(raw)
    record_file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return backup


def register_font() -> tuple[str, str]:
    """Register DejaVu Sans (shipped with matplotlib) with reportlab; return (regular, bold) names.

    The PDF's text is then embedded, searchable and covers the course's typographic characters
    (the minus sign, ≤, ×, √) that reportlab's built-in Helvetica lacks.
    """
    import matplotlib
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
    from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Oblique", str(fonts / "DejaVuSans-Oblique.ttf")))
        from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]

        addMapping("DejaVuSans", 0, 0, "DejaVuSans")
        addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
        addMapping("DejaVuSans", 0, 1, "DejaVuSans-Oblique")
        addMapping("DejaVuSans", 1, 1, "DejaVuSans-Bold")
    return "DejaVuSans", "DejaVuSans-Bold"
