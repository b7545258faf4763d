"""Slides: any teaching notebook as one self-contained, offline reveal.js deck.

``cxkit slides 07`` (or :func:`build_deck`) converts ``modules/07-cx-metrics.ipynb`` with
nbconvert's ``SlidesExporter`` into ``build/slides/07-cx-metrics.slides.html``. Every script and
style sheet is written into that one file: reveal.js and its speaker-notes plugin always, MathJax
(its single-file ``tex-svg-full`` bundle, whose fonts are SVG paths inside the script) only when the
deck has mathematics. Nothing is fetched from a network when the deck is shown, so it works in a
room with no Wi-Fi; the files come from ``cxkit/course/slides_assets/`` (see its README for
versions, licences and checksums).

The notebook is run first (:func:`executed`; module notebooks keep no figures, their outputs being
capped at 200 kB), so each figure is on its slide without the code that drew it, and each widget
or quiz as a still snapshot of its first view (:func:`widget_html`). The run is kept in
``build/slides/.executed/`` and reused while the notebook and cxkit are unchanged. Cells tagged
``remove-cell`` (hidden checks of the numbers the text quotes) and ``assert`` lines are never
shown. The speaker view (``s``) is cxkit's own (``cxkit-notes.js``): it shows copies of the deck's
current and next slides instead of loading the deck again in two frames.

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

import ast
import copy
import hashlib
import html as _html
import math
import os
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
#: Where executed copies of the notebooks are kept between builds (relative to the course folder).
EXECUTED_DIR = OUT_DIR / ".executed"
#: A widget's still picture on a slide (its first view, as :func:`widget_html` draws it).
SNAPSHOT_CLASS = "cx-widget-snapshot"
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The first cell of the run that makes the slides: every ipywidgets view also carries its snapshot.
_SETUP = "from cxkit.course.slides import install_widget_snapshots as _cx\n_cx()\ndel _cx"
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
_SNAPSHOT_NOTE = "A still of the interactive widget: run the cell in JupyterLab to use it."


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


#: Facilitator-note sections (workshops/notes/NN-slug.md) -> the module heading whose slide gets them.
_NOTES_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("common misconceptions", ("knowledge check", "summary")),
    ("discussion prompts", ("summary", "what next")),
)


def _sections(markdown: str) -> dict[str, str]:
    """Return the ``## `` sections of a Markdown text by lower-case title (text without the heading)."""
    found: dict[str, str] = {}
    for part in re.split(r"^## ", markdown, flags=re.M)[1:]:
        title, _, body = part.partition("\n")
        found[title.strip().lower()] = body.strip()
    return found


def _notes_cell(text: str) -> Any:
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": "notes"}
    return cell


def speaker_notes(nb: Any, facilitator: str | None = None) -> Any:
    r"""Return a copy of an untagged ``nb`` with a slide structure and speaker notes (``s`` in the deck).

    For a notebook without ``slideshow`` metadata (the modules other than 02 and 07, whose authors
    wrote their notes cell by cell): the title slide gets the module's ``## Instructor notes``
    section and the timing table of its facilitator notes (``facilitator``, the text of
    ``workshops/notes/NN-slug.md``); the activity's slide (the first widget) gets "Running the
    activities"; the knowledge check's slide the common misconceptions; the summary's slide the
    discussion prompts with their expected answers; a Markdown cell that starts with
    ``> **Instructor note`` becomes the notes of its own slide. A notebook with ``slideshow``
    metadata is returned as it is (copied).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# T"), new_markdown_cell("## Summary"),
    ...                          new_markdown_cell("## Instructor notes\n\nPace it.")])
    >>> out = speaker_notes(nb, "## Timing\n\n| part | min |\n\n## Discussion prompts\n\n- Why?")
    >>> [(slide_type(c), c.source[:10]) for c in out.cells]  # doctest: +NORMALIZE_WHITESPACE
    [('slide', '# T'), ('notes', '**Instruct'), ('slide', '## Summary'),
     ('notes', '**Discussi'), ('skip', '## Instruc')]
    """
    if has_slide_types(nb):
        return copy.deepcopy(nb)
    out = default_slide_types(nb)
    cells = list(out.cells)
    facts = _sections(facilitator or "")
    own = next(
        (
            _source(c).split("\n", 1)[1].strip()
            for c in cells
            if _heading_level(c) == 2
            and _source(c).lstrip().lower().startswith("## instructor notes")
            and "\n" in _source(c)
        ),
        "",
    )
    for cell in cells:
        if cell.cell_type == "markdown" and _source(cell).lstrip().lower().startswith("> **instructor note"):
            if slide_type(cell) != "skip":
                cell.metadata["slideshow"] = {"slide_type": "notes"}
    inserts: dict[int, list[str]] = {}
    title_notes = [
        t
        for t in (
            own and f"**Instructor notes.** {own}",
            facts.get("timing") and f"**Timing.**\n\n{facts['timing']}",
        )
        if t
    ]
    if title_notes and cells:
        inserts.setdefault(0, []).append("\n\n".join(title_notes))
    heads = {
        _source(c).lstrip().split("\n", 1)[0].lstrip("#").strip().rstrip("?:.!").lower(): i
        for i, c in enumerate(cells)
        if _heading_level(c) == 2
    }
    for section, places in _NOTES_PLACES:
        text = next((body for title, body in facts.items() if title.startswith(section)), "")
        where = next((heads[h] for p in places for h in heads if h.startswith(p)), None)
        if text and where is not None:
            label = next(title for title in facts if title.startswith(section))
            inserts.setdefault(where, []).append(f"**{label[:1].upper()}{label[1:]}.**\n\n{text}")
    activities = facts.get("running the activities")
    widget = next(
        (i for i, c in enumerate(cells) if _is_widget_cell(c) and "quiz.show(" not in _source(c)), None
    )
    if activities and widget is not None:
        start = max(
            (i for i in range(widget + 1) if slide_type(cells[i]) in ("slide", "subslide")), default=0
        )
        inserts.setdefault(start, []).append(f"**Running the activities.**\n\n{activities}")
    for index in sorted(inserts, reverse=True):
        for text in reversed(inserts[index]):
            cells.insert(index + 1, _notes_cell(text))
    out.cells = cells
    return out


def prepare(nb: Any) -> Any:
    """Return the copy of ``nb`` that becomes the deck.

    Its own ``slideshow`` metadata when it has any, else :func:`default_slide_types`; a widget
    or quiz cell (which has no saved output) gets a line saying to run it in JupyterLab; a cell
    that draws a figure or a widget snapshot, or is tagged ``slides-output-only``, shows its output
    without its code; a cell tagged ``remove-cell`` (a check of the numbers the text quotes) is not
    shown, and ``assert`` statements are taken out of the code that is.
    """
    import nbformat

    out = copy.deepcopy(nb) if has_slide_types(nb) else default_slide_types(nb)
    for cell in out.cells:
        if REMOVE_CELL in cell.metadata.get("tags", []):
            cell.metadata["slideshow"] = {"slide_type": "skip"}
            continue
        if cell.cell_type == "code":
            cell.source = without_asserts(_source(cell))
            _snapshots_only(cell)
            if not cell.source.strip() and not cell.get("outputs"):
                cell.metadata["slideshow"] = {"slide_type": "skip"}
                continue
        if cell.cell_type == "code" and (
            _has_figure(cell) or _has_snapshot(cell) or OUTPUT_ONLY in cell.metadata.get("tags", [])
        ):
            # The slide shows the figure; its plotting code stays in the notebook.
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        if _is_widget_cell(cell) and slide_type(cell) not in ("skip", "notes"):
            html = f'<p class="cx-live-note">{_LIVE_NOTE}</p>'
            cell.outputs = [
                nbformat.v4.new_output("display_data", {"text/html": html, "text/plain": _LIVE_NOTE})
            ]
    return out


def without_asserts(source: str) -> str:
    r"""Return ``source`` without its ``assert`` statements (checks never reach a slide).

    Examples
    --------
    >>> without_asserts("x = 2\nassert x == 2, (\n    'the text says 2')\nprint(x)")
    'x = 2\nprint(x)'
    >>> without_asserts("assert ok  # the text below says so")
    ''
    >>> without_asserts("%timeit f()")   # not Python: left as it is
    '%timeit f()'
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    drop: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            drop.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    if not drop:
        return source
    kept = [line for n, line in enumerate(source.splitlines(), start=1) if n not in drop]
    return "\n".join(kept).strip("\n")


def _has_snapshot(cell: Any) -> bool:
    return any(
        SNAPSHOT_CLASS in str((o.get("data") or {}).get("text/html", "")) for o in cell.get("outputs", [])
    )


def _snapshots_only(cell: Any) -> None:
    """Show a widget's snapshot instead of its live view (a slide has no kernel); drop empty views."""
    kept = []
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        if _WIDGET_VIEW in data:
            if "text/html" not in data:
                continue  # a live view with no snapshot: nothing a slide can show
            output["data"] = {k: v for k, v in data.items() if k != _WIDGET_VIEW}
        kept.append(output)
    cell.outputs = kept


def _hidden(w: Any) -> bool:
    layout = getattr(w, "layout", None)
    return getattr(layout, "display", None) == "none" or getattr(layout, "visibility", None) == "hidden"


def _labelled(w: Any, body: str) -> str:
    label = str(getattr(w, "description", "") or "")
    head = f'<span class="cx-w-label">{_html.escape(label)}</span> ' if label else ""
    return f'<div class="cx-w-row">{head}{body}</div>'


def _output_html(outputs: Any) -> str:
    parts = []
    for out in outputs or ():
        data = out.get("data") or {}
        if "text/html" in data:
            parts.append(str(data["text/html"]))
        elif "image/png" in data:
            parts.append(f'<img alt="" src="data:image/png;base64,{data["image/png"]}">')
        elif "text/plain" in data or "text" in out:
            parts.append(f"<pre>{_html.escape(str(data.get('text/plain', out.get('text', ''))))}</pre>")
    return "".join(parts)


def widget_html(w: Any) -> str:
    """Return a still HTML picture of an ipywidgets view as it is now (for a slide, which has no kernel).

    Boxes keep their rows and columns, HTML and labels their text (a widget's chart is an HTML
    image), a choice shows its options with the chosen one marked, a slider or a text box its
    value, a tab or accordion its open page under the titles. Hidden widgets are left out.

    Examples
    --------
    >>> import ipywidgets as W
    >>> html = widget_html(W.VBox([W.HTML("<b>NPS</b>"),
    ...     W.RadioButtons(options=["Yes", "No"], value="No", description="Agree?")]))
    >>> html.startswith('<div class="cx-w-col"><b>NPS</b>')
    True
    >>> '<span class="cx-w-option">Yes</span><span class="cx-w-option cx-w-chosen">No</span>' in html
    True
    """
    import ipywidgets as W

    if _hidden(w):
        return ""
    esc = _html.escape
    if isinstance(w, (W.Tab, W.Accordion, W.Stack)):
        titles = list(getattr(w, "titles", ()) or ())
        index = w.selected_index if w.selected_index is not None else (0 if isinstance(w, W.Tab) else None)
        heads = "".join(
            f'<span class="cx-w-tab{" cx-w-chosen" if i == index else ""}">{esc(str(t))}</span>'
            for i, t in enumerate(titles)
        )
        body = widget_html(w.children[index]) if index is not None and index < len(w.children) else ""
        return f'<div class="cx-w-col"><div class="cx-w-tabs">{heads}</div>{body}</div>'
    if isinstance(w, W.Box):
        kind = "cx-w-row" if isinstance(w, W.HBox) else "cx-w-col"
        return f'<div class="{kind}">' + "".join(widget_html(c) for c in w.children) + "</div>"
    if isinstance(w, (W.HTML, W.HTMLMath)):
        return str(w.value)
    if isinstance(w, W.Label):
        return f"<span>{esc(str(w.value))}</span>"
    if isinstance(w, W.Button):
        return f'<span class="cx-w-button">{esc(str(w.description))}</span>'
    if isinstance(w, W.Output):
        return _output_html(w.outputs)
    if isinstance(w, W.Image):
        import base64

        data = base64.b64encode(bytes(w.value)).decode("ascii")
        return f'<img alt="" src="data:image/{w.format};base64,{data}">'
    if isinstance(w, (W.Checkbox, W.ToggleButton)):
        mark = "\u2611" if w.value else "\u2610"
        chosen = " cx-w-chosen" if w.value else ""
        label = f"{mark} {esc(str(w.description))}"
        return f'<div class="cx-w-row"><span class="cx-w-option{chosen}">{label}</span></div>'
    if isinstance(w, (W.RadioButtons, W.ToggleButtons, W.Select, W.SelectMultiple)):
        picked: set[Any] = set(w.index) if isinstance(w, W.SelectMultiple) else {w.index}
        opts = "".join(
            f'<span class="cx-w-option{" cx-w-chosen" if i in picked else ""}">{esc(str(name))}</span>'
            for i, name in enumerate(w._options_labels)
        )
        return _labelled(w, f'<span class="cx-w-choices">{opts}</span>')
    if isinstance(w, (W.Text, W.Textarea)):
        shown = w.value or w.placeholder
        return _labelled(w, f'<span class="cx-w-value">{esc(str(shown))}</span>')
    if isinstance(w, W.DOMWidget) and hasattr(w, "value"):
        value = getattr(w, "label", None) if isinstance(w, (W.Dropdown, W.SelectionSlider)) else w.value
        if isinstance(value, tuple):
            value = " \u2013 ".join(str(v) for v in value)
        return _labelled(w, f'<span class="cx-w-value">{esc(str(value))}</span>')
    return ""


def install_widget_snapshots() -> None:
    """Make every ipywidgets view also carry its :func:`widget_html` snapshot as ``text/html``.

    Run in the kernel that executes a notebook for its slides (see :func:`executed`): the deck shows
    the snapshot where JupyterLab would show the live widget.
    """
    import ipywidgets

    if getattr(ipywidgets.Widget, "_cx_snapshots", False):
        return
    original = ipywidgets.Widget._repr_mimebundle_

    def with_snapshot(self: Any, **kwargs: Any) -> Any:
        bundle = original(self, **kwargs)
        if bundle:
            picture = widget_html(self)
            bundle["text/html"] = (
                f'<div class="{SNAPSHOT_CLASS}">{picture}<p class="cx-live-note">{_SNAPSHOT_NOTE}</p></div>'
            )
        return bundle

    ipywidgets.Widget._repr_mimebundle_ = with_snapshot
    ipywidgets.Widget._cx_snapshots = True


def _run_key(source: Path) -> str:
    """Return the key of a kept run: a hash of the notebook's bytes and cxkit's code and data files."""
    digest = hashlib.sha256(source.read_bytes())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".css") and "slides_assets" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def executed(source: str | Path, *, root: str | Path | None = None, timeout: int = 900) -> Any:
    """Return notebook ``source`` run top to bottom in a fresh kernel, widgets with their snapshots.

    The run happens in the notebook's own folder, with this cxkit first on the kernel's path, and
    is kept in ``build/slides/.executed/`` (with the key of the notebook and cxkit it ran): the next
    build reuses it while neither changed. The learner's notebook is never written.

    Raises
    ------
    CXConfigError
        If a cell fails (the message names the cell and the error).
    """
    import nbformat
    from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor  # nbclient, via nbconvert

    source = Path(source)
    key = _run_key(source)
    kept = repo_root(root) / EXECUTED_DIR / source.name
    if kept.is_file():
        previous = nbformat.read(kept, as_version=4)
        if previous.metadata.get("cxkit_slides", {}).get("key") == key:
            return previous
    nb = nbformat.read(source, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_SETUP))
    package_root = str(Path(__file__).resolve().parents[2])
    # the kernel inherits this process's environment: this checkout's cxkit first, no display
    kernel_env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
        "MPLBACKEND": os.environ.get("MPLBACKEND", "agg"),
    }
    saved = {k: os.environ.get(k) for k in kernel_env}
    client = ExecutePreprocessor(timeout=timeout, kernel_name="python3")
    try:
        os.environ.update(kernel_env)
        client.preprocess(nb, {"metadata": {"path": str(source.parent)}})
    except CellExecutionError as err:
        raise CXConfigError(
            f"{source.name} did not run to the end, so its deck cannot show its figures: {str(err)[-1500:]}"
        ) from err
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    nb.cells.pop(0)
    nb.metadata.pop("widgets", None)
    nb.metadata["cxkit_slides"] = {"key": key}
    kept.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, kept)
    return nb


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
        "cxnotes_js": _script(_asset("cxkit-notes.js")),
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


def build_deck(
    number: str | int, *, out: str | Path | None = None, root: str | Path | None = None, run: bool = True
) -> Path:
    """Write module ``number``'s deck to ``build/slides/NN-slug.slides.html``; return its path.

    The notebook is run first (:func:`executed`, reused from ``build/slides/.executed/`` when
    nothing changed) so that its figures and widget snapshots are on the slides.

    Parameters
    ----------
    number : str or int
        The module number (``"07"``, ``7``).
    out : path, optional
        The folder to write to (default: ``build/slides`` in the course folder).
    root : path, optional
        The course folder (default: :func:`cxkit._paths.repo_root`).
    run : bool, default True
        Run the notebook for its figures; ``False`` uses its saved outputs only (fast, no figures).

    Raises
    ------
    CXConfigError
        If there is no such module, or it fails to run.
    CXFileNotFoundError
        If the notebook cannot be read.
    """
    import nbformat

    source = find_module(number, root=root)
    try:
        nb = executed(source, root=root) if run else nbformat.read(source, as_version=4)
    except FileNotFoundError as exc:  # pragma: no cover - found by find_module just before
        raise CXFileNotFoundError(f"Cannot read {source}: {exc}") from exc
    facilitator = repo_root(root) / "workshops" / "notes" / f"{source.stem}.md"
    nb = speaker_notes(nb, facilitator.read_text(encoding="utf-8") if facilitator.is_file() else None)
    folder = Path(out) if out is not None else repo_root(root) / OUT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}.slides.html"
    target.write_text(render(nb), encoding="utf-8")
    return target


def build_all(
    *, out: str | Path | None = None, root: str | Path | None = None, run: bool = True
) -> list[Path]:
    """Write the deck of every module in ``modules/``; return their paths in module order."""
    base = repo_root(root)
    numbers = sorted(p.name[:2] for p in (base / "modules").glob("*.ipynb") if _MODULE.match(p.name))
    return [build_deck(nn, out=out, root=base, run=run) for nn in numbers]
