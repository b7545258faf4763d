"""datasets/README.md agrees with the CSV files and with cxkit.data.schema.

The data dictionary has, per file, a ``### <file>`` heading followed by a Markdown table with the
columns ``| column | type | unit | allowed values | description |``, one row per CSV column in file
order. The messy survey export's documented cleaning result is checked here too.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxkit.data.schema import DATE_RANGE, TABLES

pytestmark = pytest.mark.course

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
README = DATASETS / "README.md"
HEADER = ["column", "type", "unit", "allowed values", "description"]


def dictionary() -> dict[str, list[dict[str, str]]]:
    """Each file heading's table, as a list of rows (dicts keyed by the header)."""
    tables: dict[str, list[dict[str, str]]] = {}
    current = None
    in_table = False
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+(\S+\.csv)\s*$", line)
        if heading or line.startswith("#"):
            current = heading.group(1) if heading else None
            in_table = False
            continue
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current and cells == HEADER and current not in tables:
            tables[current] = []
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            assert len(cells) == len(HEADER), f"{current}: malformed row {line!r}"
            tables[current].append(dict(zip(HEADER, cells, strict=True)))
    return tables


def test_every_file_has_a_dictionary_table() -> None:
    tables = dictionary()
    expected = {t.filename for t in TABLES.values()} | {"raw/surveys_messy_export.csv"}
    assert set(tables) == expected


@pytest.mark.parametrize(
    "file", sorted({t.filename for t in TABLES.values()} | {"raw/surveys_messy_export.csv"})
)
def test_dictionary_columns_match_the_csv_header(file: str) -> None:
    header = pd.read_csv(DATASETS / file, nrows=0).columns.tolist()
    assert [row["column"] for row in dictionary()[file]] == header


@pytest.mark.parametrize("name", list(TABLES))
def test_dictionary_matches_the_schema(name: str) -> None:
    schema = TABLES[name]
    rows = dictionary()[schema.filename]
    assert [r["column"] for r in rows] == schema.column_names
    for row, col in zip(rows, schema.columns, strict=True):
        where = f"{schema.filename}, column {col.name}"
        assert row["type"] == col.kind + (" (nullable)" if col.nullable else ""), where
        assert row["unit"] == col.unit, where
        assert row["description"], where
        if col.kind == "category":
            documented = re.findall(r"`([^`]+)`", row["allowed values"])
            assert documented == list(col.allowed), where
        if col.kind == "id" and col.pattern:
            assert f"`{col.pattern}`" in row["allowed values"], where
        if col.kind in ("int", "float") and col.min is not None:
            lo = str(int(col.min)) if col.kind == "int" else f"{col.min:g}"
            assert lo in row["allowed values"], where


def test_documented_row_counts_match_the_files() -> None:
    text = README.read_text(encoding="utf-8")
    for name in TABLES:
        rows = len(pd.read_csv(DATASETS / f"{name}.csv", dtype=str))
        assert re.search(rf"\| `{name}\.csv` \| {rows:,} \|", text), f"README row count of {name}.csv"


def test_rules_across_columns_are_documented() -> None:
    """The README's table of rules is exactly the schema's rules, in schema order."""
    documented = []
    in_table = False
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells == ["file", "rule", "why"]:
            in_table = True
        elif in_table and cells is None:
            break
        elif in_table and not set("".join(cells)) <= set("-: "):
            documented.append(tuple(cells))
    expected = [(f"`{t.filename}`", r.describe(), r.reason) for t in TABLES.values() for r in t.rules]
    assert documented == expected


def test_date_range_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    earliest, before = DATE_RANGE
    assert f"on or after **{earliest}** and before\n  **{before}**" in text
    assert 'pd.to_datetime(numbers, unit="D", origin="1899-12-30")' in text


# ---------------------------------------------------------------------------------------------
# The messy survey export: the reference cleaning gives the documented numbers
# ---------------------------------------------------------------------------------------------
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}


def clean_messy(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """Return the reference cleaning of datasets/README.md, in a few lines of pandas."""
    score_col = next(c for c in raw.columns if c.startswith("How likely"))
    df = raw.apply(lambda s: s.str.strip()).drop_duplicates("Response ID", keep="first")
    text = df[score_col].str.lower()
    num = pd.to_numeric(text.map(lambda t: WORDS.get(t, t)), errors="coerce")
    legacy = df["Scale"] == "1-10"
    whole = num.notna() & (num == num.round())
    valid = whole & np.where(legacy, num.between(1, 10), num.between(0, 10))
    score = pd.Series(np.where(legacy, np.round((num - 1) * 10 / 9), num), index=df.index)
    submitted = pd.to_datetime(df["Submitted"], format="%Y-%m-%d %H:%M", errors="coerce")
    for fmt in ("%d/%m/%Y", "%d %b %Y"):
        submitted = submitted.fillna(pd.to_datetime(df["Submitted"], format=fmt, errors="coerce"))
    clean = pd.DataFrame(
        {
            "response_id": df["Response ID"],
            "submitted": submitted,
            "customer_id": df["Customer"].str.upper(),
            "nps": score,
        }
    )[valid]
    counts = {
        "rows in the file": len(raw),
        "unique responses (after dropping duplicates)": len(df),
        "valid scores": int(valid.sum()),
        "missing scores (`N/A`, `n/a`, `-`, blank)": int(num.isna().sum()),
        "out-of-range scores": int((num.notna() & ~valid).sum()),
        "valid scores from the 1–10 scale": int((valid & legacy).sum()),
        "NPS of the valid scores": round(100 * ((clean["nps"] >= 9).mean() - (clean["nps"] <= 6).mean()), 1),
        "unparsed dates": int(submitted.isna().sum()),
    }
    return clean, counts


def test_messy_export_cleans_to_the_documented_counts() -> None:
    raw = pd.read_csv(DATASETS / "raw" / "surveys_messy_export.csv", dtype=str, keep_default_na=False)
    clean, counts = clean_messy(raw)
    assert counts.pop("unparsed dates") == 0
    text = README.read_text(encoding="utf-8")
    for label, value in counts.items():
        shown = f"{value:+.1f}" if isinstance(value, float) else f"{value:,}"
        assert f"| {label} | {shown} |" in text, f"README should document {label} = {shown}"
    assert clean["nps"].between(0, 10).all()
    assert clean["response_id"].is_unique
    assert clean["customer_id"].str.fullmatch(r"C\d{6}").all()
