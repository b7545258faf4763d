"""Slides: any teaching notebook as one self-contained, offline reveal.js deck.

``cxkit slides 07`` (or :func:`build_deck`) converts ``modules/07-cx-metrics.ipynb`` with
nbconvert's ``SlidesExporter`` into ``build/slides/07-cx-metrics.slides.html``. Every script and
style sheet is written into that one file: reveal.js and its speaker-notes plugin always, MathJax
(its single-file ``tex-svg-full`` bundle, whose fonts are SVG paths inside the script) only when the
deck has mathematics. Nothing is fetched from a network when the deck is shown, so it works in a
room with no Wi-Fi; the files come from ``cxkit/course/slides_assets/`` (see its README for
versions, licences and checksums).

The structure comes from the notebook's cell metadata ``slideshow.slide_type`` (``slide``,
``subslide``, ``fragment``, ``skip``, ``notes``), as JupyterLab's property inspector and
RISE write it; ``notes`` cells are the speaker notes (press ``s`` in the deck). A notebook with no
such metadata still gets a deck from :func:`default_slide_types`, applied to a copy: the learner's
notebook is never rewritten.

Examples
--------
>>> import nbformat
>>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("# Title"), new_markdown_cell("## Part"),
...                          new_code_cell("1 + 1"), new_markdown_cell("## Instructor notes")])
>>> [c.metadata.slideshow["slide_type"] for c in default_slide_types(nb).cells]
['slide', 'slide', '-', 'skip']
>>> "slideshow" in nb.cells[0].metadata   # the original is untouched
False
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path
from typing import Any

from cxkit._paths import repo_root
from cxkit.errors import CXConfigError, CXFileNotFoundError

#: The vendored reveal.js, its notes plugin, MathJax and the deck's template.
ASSETS = Path(__file__).resolve().parent / "slides_assets"
#: The logical size of a slide in pixels (16:9, a projector's 1280x720); reveal.js scales it.
WIDTH, HEIGHT = 1280, 720
#: Where ``cxkit slides`` writes, relative to the course folder (git-ignored: ``build/``).
OUT_DIR = Path("build") / "slides"
#: A cell tag: the slide shows the cell's output without its code (long code stays in the notebook).
OUTPUT_ONLY = "slides-output-only"
#: A cell tag: the cell is left out of the deck (a collapsed cell that only checks the numbers the text
#: quotes; JupyterLab shows it folded, ``metadata.jupyter.source_hidden``).
REMOVE_CELL = "remove-cell"
#: The slide types nbconvert and RISE know.
SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")

_MODULE = re.compile(r"^(\d{2})-[\w-]+\.ipynb$")
_MERMAID = re.compile(r"^\s*```+\s*mermaid\s*$", re.M)
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$[^$\n]+?\$|\\\(|\\\[|\\begin\{", re.S)
_WIDGET = re.compile(r"widgets\.|cxkit\.widgets|\binteract\b|quiz\.show\(")
#: What a slide holds before the default structure starts a subslide, in lines of body text.
_BUDGET = 15.0
#: A figure or a long table takes a whole slide.
_FIGURE_LINES = _BUDGET
_SKIPPED_SECTIONS = ("instructor notes",)
_LIVE_NOTE = "Interactive: run this cell in JupyterLab to use it (a slide cannot run Python)."


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def slide_type(cell: Any) -> str | None:
    """Return the cell's ``slideshow.slide_type``, or ``None`` when it has none."""
    show = (cell.get("metadata") or {}).get("slideshow") or {}
    value = show.get("slide_type")
    return str(value) if value is not None else None


def has_slide_types(nb: Any) -> bool:
    """Whether any cell of ``nb`` carries explicit ``slideshow.slide_type`` metadata."""
    return any(slide_type(cell) is not None for cell in nb.cells)


def has_math(nb: Any) -> bool:
    r"""Whether a Markdown cell of ``nb`` has TeX (``$...$``, ``$$...$$``, ``\\(``, ``\\[``).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> has_math(new_notebook(cells=[new_markdown_cell("NPS = $P - D$")]))
    True
    >>> has_math(new_notebook(cells=[new_markdown_cell("No formulas here.")]))
    False
    """
    return any(cell.cell_type == "markdown" and _MATH.search(_source(cell)) for cell in nb.cells)


def has_mermaid(nb: Any) -> bool:
    r"""Whether a Markdown cell of ``nb`` has a ```` ```mermaid ```` block (drawn on the slide).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> has_mermaid(new_notebook(cells=[new_markdown_cell("```mermaid\ngraph LR\nA-->B\n```")]))
    True
    >>> has_mermaid(new_notebook(cells=[new_markdown_cell("No diagram here.")]))
    False
    """
    return any(cell.cell_type == "markdown" and _MERMAID.search(_source(cell)) for cell in nb.cells)


def _heading_level(cell: Any) -> int:
    if cell.cell_type != "markdown":
        return 0
    first = _source(cell).lstrip().split("\n", 1)[0]
    match = re.match(r"^(#{1,6})\s", first)
    return len(match.group(1)) if match else 0


def _wrapped(text: str, width: int = 80) -> float:
    lines = text.splitlines()
    return sum(max(1, math.ceil(len(line) / width)) if line.strip() else 0.4 for line in lines)


def _height(cell: Any) -> float:
    """Estimate the height of ``cell`` on a slide, in lines of body text (default structure)."""
    src = _source(cell)
    if cell.cell_type == "markdown":
        return _wrapped(src) + (2 if _heading_level(cell) else 0)
    if _has_figure(cell):
        return _FIGURE_LINES  # shown without its code, see prepare()
    lines = _wrapped(src, width=70) + 0.5
    for out in cell.get("outputs", []):
        data = out.get("data") or {}
        if "text/html" in data:
            lines += 1.2 * (str(data["text/html"]).count("<tr") + 1)
        elif out.get("output_type") == "stream":
            lines += _wrapped(str(out.get("text", "")), width=90)
        elif "text/plain" in data:
            lines += _wrapped(str(data["text/plain"]), width=90)
    return lines


def _has_figure(cell: Any) -> bool:
    for out in cell.get("outputs", []):
        data = out.get("data") or {}
        if "image/png" in data or "image/svg+xml" in data or "<img" in str(data.get("text/html", "")):
            return True
    return False


def _is_widget_cell(cell: Any) -> bool:
    return cell.cell_type == "code" and not cell.get("outputs") and bool(_WIDGET.search(_source(cell)))


def default_slide_types(nb: Any) -> Any:
    """Return a copy of ``nb`` with a slide structure read from its headings.

    The rules: the title (``#``) and each ``##`` heading start a slide, each ``###`` a subslide;
    a slide that would hold more than about 15 lines of text (a figure or a long table counts as
    a whole slide) continues on a subslide; the ``## Instructor notes`` section, solution cells
    (``BEGIN SOLUTION``) and empty cells are skipped. ``nb`` itself is not changed.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (typically without ``slideshow`` metadata).

    Returns
    -------
    nbformat.NotebookNode
        The copy, every cell with ``metadata.slideshow.slide_type`` set.
    """
    out = copy.deepcopy(nb)
    used = 0.0
    skipping = False
    for cell in out.cells:
        src = _source(cell)
        level = _heading_level(cell)
        if level and level <= 2:
            title = src.lstrip().split("\n", 1)[0].lstrip("#").strip().lower()
            skipping = title in _SKIPPED_SECTIONS
        height = _height(cell)
        if skipping or not src.strip() or "BEGIN SOLUTION" in src:
            kind = "skip"
        elif level in (1, 2):
            kind, used = "slide", height
        elif level == 3 or (used > 0 and used + height > _BUDGET):
            kind, used = "subslide", height
        else:
            kind, used = "-", used + height
        cell.metadata["slideshow"] = {"slide_type": kind}
    return out


def prepare(nb: Any) -> Any:
    """Return the copy of ``nb`` that becomes the deck.

    Its own ``slideshow`` metadata when it has any, else :func:`default_slide_types`; a widget
    or quiz cell (which has no saved output) gets a line saying to run it in JupyterLab; a cell
    that draws a figure, or is tagged ``slides-output-only``, shows its output without its code; a
    cell tagged ``remove-cell`` (a check of the numbers the text quotes) is not shown.
    """
    import nbformat

    out = copy.deepcopy(nb) if has_slide_types(nb) else default_slide_types(nb)
    for cell in out.cells:
        if REMOVE_CELL in cell.metadata.get("tags", []):
            cell.metadata["slideshow"] = {"slide_type": "skip"}
            continue
        if cell.cell_type == "code" and (_has_figure(cell) or OUTPUT_ONLY in cell.metadata.get("tags", [])):
            # The slide shows the figure; its plotting code stays in the notebook.
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        if _is_widget_cell(cell) and slide_type(cell) not in ("skip", "notes"):
            html = f'<p class="cx-live-note">{_LIVE_NOTE}</p>'
            cell.outputs = [
                nbformat.v4.new_output("display_data", {"text/html": html, "text/plain": _LIVE_NOTE})
            ]
    return out


def expected_slide_count(nb: Any) -> int:
    """How many slides reveal.js shows for ``nb`` (slides plus subslides), as prepared.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# T"), new_markdown_cell("## A"),
    ...                          new_markdown_cell("### a1"), new_markdown_cell("text")])
    >>> expected_slide_count(nb)
    3
    """
    cells = prepare(nb).cells
    types = [slide_type(c) or "-" for c in cells]
    visible = [i for i, t in enumerate(types) if t not in ("skip", "notes")]
    if not visible:
        return 0
    return 1 + sum(1 for t in types[visible[0] + 1 :] if t in ("slide", "subslide"))


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script(js: str) -> str:
    r"""``js`` made safe to write inside ``<script>...</script>``.

    ``<!--``, ``<script`` and ``</script`` inside the code would change how the HTML parser reads
    the element; ``\\x3C`` is the same ``<`` in JavaScript strings and regular expressions.
    """
    return re.sub(r"<(?=!--|/?script)", r"\\x3C", js, flags=re.I)


def _theme_css() -> str:
    # The theme imports its web font from a folder we do not ship: use the system's sans-serif.
    return re.sub(r"@import url\([^)]*\);", "", _asset("reveal/theme-white.css"))


def render(nb: Any, *, title: str | None = None) -> str:
    """Return the HTML of ``nb``'s deck: one file, every script and style inlined.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook (not changed; see :func:`prepare`).
    title : str, optional
        The page title (default: the notebook's first heading).

    Returns
    -------
    str
        The HTML document.
    """
    from nbconvert import SlidesExporter

    deck = prepare(nb)
    if title is None:
        first = next((c for c in deck.cells if _heading_level(c) == 1), None)
        title = _source(first).lstrip().split("\n", 1)[0].lstrip("#").strip() if first else "Slides"
    exporter = SlidesExporter(
        extra_template_basedirs=[str(ASSETS)],
        template_name="cxkit_reveal",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # The course's own notebooks: their HTML outputs (tables, figures) are trusted; bleach
        # would take seconds per deck re-parsing the figures' base64 images.
        sanitize_html=False,
    )
    math_, mermaid_ = has_math(deck), has_mermaid(deck)
    resources = {
        "cxkit_slides": {
            "title": title,
            "width": WIDTH,
            "height": HEIGHT,
            "math": math_,
            "mermaid": mermaid_,
        }
    }
    html, _ = exporter.from_notebook_node(deck, resources=resources)
    # The assets go in after nbconvert's HTML clean-up, which would otherwise parse 2 MB of
    # MathJax for nothing; each placeholder is in the template exactly once.
    assets = {
        "reveal_css": _asset("reveal/reveal.css"),
        "theme_css": _theme_css(),
        "custom_css": _asset("cxkit-slides.css"),
        "reveal_js": _script(_asset("reveal/reveal.js")),
        "notes_js": _script(_asset("reveal/notes.js")),
        "mathjax_js": _script(_asset("mathjax/tex-svg-full.js")) if math_ else "",
        "mermaid_js": _script(_asset("mermaid/mermaid.min.js")) if mermaid_ else "",
    }
    for key, text in assets.items():
        html = html.replace(f"/* cxkit:{key} */", text, 1)
    return str(html)


def find_module(number: str | int, *, root: str | Path | None = None) -> Path:
    """Return the teaching notebook ``modules/NN-slug.ipynb`` of module ``number``.

    Raises
    ------
    CXConfigError
        If there is no module with that number (the message lists the modules).
    """
    base = repo_root(root)
    text = str(number).strip()
    nn = text.zfill(2) if text.isdigit() else text
    available = sorted(p for p in (base / "modules").glob("*.ipynb") if _MODULE.match(p.name))
    matches = [p for p in available if p.name[:2] == nn]
    if not matches:
        listing = ", ".join(p.name[:2] for p in available) or "(none)"
        raise CXConfigError(f"There is no module {text!r}. The modules are: {listing}.")
    return matches[0]


def build_deck(number: str | int, *, out: str | Path | None = None, root: str | Path | None = None) -> Path:
    """Write module ``number``'s deck to ``build/slides/NN-slug.slides.html``; return its path.

    Parameters
    ----------
    number : str or int
        The module number (``"07"``, ``7``).
    out : path, optional
        The folder to write to (default: ``build/slides`` in the course folder).
    root : path, optional
        The course folder (default: :func:`cxkit._paths.repo_root`).

    Raises
    ------
    CXConfigError
        If there is no such module.
    CXFileNotFoundError
        If the notebook cannot be read.
    """
    import nbformat

    source = find_module(number, root=root)
    try:
        nb = nbformat.read(source, as_version=4)
    except FileNotFoundError as exc:  # pragma: no cover - found by find_module just before
        raise CXFileNotFoundError(f"Cannot read {source}: {exc}") from exc
    folder = Path(out) if out is not None else repo_root(root) / OUT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}.slides.html"
    target.write_text(render(nb), encoding="utf-8")
    return target


def build_all(*, out: str | Path | None = None, root: str | Path | None = None) -> list[Path]:
    """Write the deck of every module in ``modules/``; return their paths in module order."""
    base = repo_root(root)
    numbers = sorted(p.name[:2] for p in (base / "modules").glob("*.ipynb") if _MODULE.match(p.name))
    return [build_deck(nn, out=out, root=base) for nn in numbers]
