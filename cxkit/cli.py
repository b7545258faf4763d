"""The ``cxkit`` command.

::

    cxkit data generate --seed 2024 --scale 1 --out datasets   # the course data
    cxkit data validate my_export.csv --as surveys              # check a learner's own export
    cxkit data validate orders.csv --as orders --sep ';' --decimal ','   # a European export
    cxkit exercises build [--check]                             # exercises/ from solutions/
    cxkit exercises start 07 [--force]                          # a working copy in my-work/
    cxkit lint-notebooks                                        # the notebook standards
    cxkit slides 07 [02 ...] | --all [--out DIR]                 # offline reveal.js decks
    cxkit workshop agenda half-day [--out workshops/build]      # an agenda as Markdown and PDF
    cxkit handouts [--out handouts] [--only persona-sheet]      # the printable handouts (PDF)

Every sub-command imports its machinery only when it runs, so ``cxkit --help`` is instant.
A cxkit error ends the command with its message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxkit.errors import CXError


def _data_generate(args: argparse.Namespace) -> int:
    from cxkit.data import generate

    generate(
        seed=args.seed, scale=args.scale, out=Path(args.out), format=args.format, progress=not args.quiet
    )
    return 0


def _data_validate(args: argparse.Namespace) -> int:
    from cxkit.data import read_csv

    df = read_csv(Path(args.file), args.as_, sep=args.sep, decimal=args.decimal)
    print(f"{args.file}: {len(df):,} rows, valid as {args.as_!r}.")
    return 0


def _exercises_build(args: argparse.Namespace) -> int:
    from cxkit.course.exercises import build_all

    changed = build_all(check=args.check)
    if args.check and changed:
        print("These exercises are out of date with their solutions:", *changed, sep="\n  ")
        print("Run `make exercises` (or `cxkit exercises build`) and commit the result.")
        return 1
    for path in changed:
        print(f"wrote {path}")
    return 0


def _exercises_start(args: argparse.Namespace) -> int:
    from cxkit.course.exercises import start

    copy = start(args.number, force=args.force)
    if copy.backup is not None:
        print(f"Your previous copy is saved as {_shown(copy.backup)}.")
    print(
        f"Your working copy is {_shown(copy.path)}. Open it in JupyterLab; it is yours and never overwritten."
    )
    return 0


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _lint_notebooks(args: argparse.Namespace) -> int:
    from cxkit.course.lint import lint_all

    problems = lint_all()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) found." if problems else "All notebooks meet the course standards.")
    return 1 if problems else 0


def _slides(args: argparse.Namespace) -> int:
    from cxkit.course.slides import build_all, build_deck

    if args.all == bool(args.numbers):
        print("cxkit slides: give module numbers (e.g. `cxkit slides 07`) or --all.", file=sys.stderr)
        return 2
    run = not args.no_run
    if run:
        print(
            "Running the notebook(s) for their figures (kept in build/slides/.executed/ for the next time)..."
        )
    paths = (
        build_all(out=args.out, run=run)
        if args.all
        else [build_deck(n, out=args.out, run=run) for n in args.numbers]
    )
    for path in paths:
        print(f"wrote {_shown(path)}")
    print("Open a deck in a browser (no network needed); press s for the speaker notes.")
    return 0


def _workshop_agenda(args: argparse.Namespace) -> int:
    from cxkit.instructor.agenda import agenda_names, write_agenda

    names = agenda_names() if args.name == "all" else [args.name]
    for name in names:
        for path, backup in write_agenda(name, out=args.out, papers=tuple(args.paper)):
            if backup is not None:
                print(f"{_shown(path)} had been edited; your version is saved as {_shown(backup)}.")
            print(f"wrote {_shown(path)}")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from cxkit.instructor.handouts import build_handouts

    for path, backup in build_handouts(out=args.out, papers=tuple(args.paper), only=args.only or None):
        if backup is not None:
            print(f"{_shown(path)} had been edited; your version is saved as {_shown(backup)}.")
        print(f"wrote {_shown(path)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``cxkit`` command line, one sub-command per tool."""
    parser = argparse.ArgumentParser(
        prog="cxkit", description="Tools of the cxkit customer-experience course."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = sub.add_parser("data", help="generate or validate course data")
    data_sub = data.add_subparsers(dest="action", required=True, metavar="ACTION")
    gen = data_sub.add_parser("generate", help="write the fictional company's data sets")
    gen.add_argument("--seed", type=int, default=2024, help="random seed (the course uses 2024)")
    gen.add_argument("--scale", type=float, default=1.0, help="size multiplier (1 = the course data)")
    gen.add_argument("--out", default="datasets", help="output folder (default: datasets)")
    gen.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="csv (the course data) or parquet (typed columns, in blocks: bounded memory at any scale)",
    )
    gen.add_argument("--quiet", action="store_true", help="no progress bar")
    gen.set_defaults(func=_data_generate)
    val = data_sub.add_parser("validate", help="check a CSV file against a course table's schema")
    val.add_argument("file")
    val.add_argument("--as", dest="as_", required=True, help="table name: customers, orders, events, ...")
    val.add_argument(
        "--sep", default=",", help="column separator: ';' for a European spreadsheet export, '\\t' for tabs"
    )
    val.add_argument("--decimal", default=".", help="decimal mark: ',' for numbers written 12,50")
    val.set_defaults(func=_data_validate)

    ex = sub.add_parser("exercises", help="build exercises or start your own copy")
    ex_sub = ex.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = ex_sub.add_parser("build", help="regenerate exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="only report exercises that are out of date")
    build.set_defaults(func=_exercises_build)
    st = ex_sub.add_parser("start", help="copy an exercise into my-work/ to work on")
    st.add_argument("number", help="module number, e.g. 07")
    st.add_argument("--force", action="store_true", help="replace your copy, after backing it up")
    st.set_defaults(func=_exercises_start)

    lint = sub.add_parser("lint-notebooks", help="check every notebook against the course standards")
    lint.set_defaults(func=_lint_notebooks)

    slides = sub.add_parser("slides", help="build a module's offline slide deck (reveal.js, one HTML file)")
    slides.add_argument("numbers", nargs="*", metavar="NN", help="module number(s), e.g. 07")
    slides.add_argument("--all", action="store_true", help="every module in modules/")
    slides.add_argument("--out", default=None, help="output folder (default: build/slides)")
    slides.add_argument(
        "--no-run", action="store_true", help="use the notebook's saved outputs (fast; no figures)"
    )
    slides.set_defaults(func=_slides)
    ws = sub.add_parser("workshop", help="the instructor's kit: workshop agendas")
    ws_sub = ws.add_subparsers(dest="action", required=True, metavar="ACTION")
    ag = ws_sub.add_parser("agenda", help="check an agenda and write it as Markdown and PDF")
    ag.add_argument(
        "name", help="half-day, one-day, two-day (workshops/agendas/NAME.yaml), all, or a .yaml path"
    )
    ag.add_argument("--out", default="workshops/build", help="output folder (default: workshops/build)")
    ag.add_argument(
        "--paper",
        choices=["a4", "letter"],
        action="append",
        help="a4 or letter (repeat for both; default: both)",
    )
    ag.set_defaults(func=_workshop_agenda)

    ho = sub.add_parser("handouts", help="write the printable handouts (A4 and US Letter PDFs)")
    ho.add_argument("--out", default="handouts", help="output folder (default: handouts)")
    ho.add_argument(
        "--paper",
        choices=["a4", "letter"],
        action="append",
        help="a4 or letter (repeat for both; default: both)",
    )
    ho.add_argument("--only", action="append", metavar="ID", help="only this handout (repeatable)")
    ho.set_defaults(func=_handouts)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``cxkit`` command with ``argv``; return its exit status (2 on a cxkit error)."""
    args = build_parser().parse_args(argv)
    if getattr(args, "paper", "unset") is None:
        args.paper = ["a4", "letter"]
    try:
        return args.func(args)
    except CXError as err:
        print(f"cxkit: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
