"""import_csv(..., engine="duckdb"): a file larger than memory, chunk by chunk into DuckDB.

The chunked import must give what the pandas import gives on the same file (rows, types, the drop
report with the lines of the file), whatever the chunk size: each chunk goes through the same
import, and what a chunk cannot see (a key repeated in two chunks, the share of bad rows) is
checked at the end.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from cxkit.data import import_csv
from cxkit.errors import CXConfigError, CXDataError, CXDataWarning

duckdb = pytest.importorskip("duckdb")

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
TOOLS = {
    "qualtrics": "qualtrics_nps.csv",  # three header rows, a comment with a newline in quotes
    "qualtrics_utf16": "qualtrics_nps.tsv",  # UTF-16, tabs
    "surveymonkey": "surveymonkey_all_responses.csv",
    "google_forms": "google_forms_responses.csv",
    "typeform": "typeform_responses.csv",
    "zendesk": "zendesk_tickets.csv",
    "freshdesk": "freshdesk_tickets.csv",
    "ga4": "ga4_events_flat.csv",
}


def quiet(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CXDataWarning)
        return import_csv(path, **kw)


def same_as_pandas(path, chunk_rows, **kw):
    on_pandas = quiet(path, **kw)
    on_duckdb = quiet(path, engine="duckdb", chunk_rows=chunk_rows, **kw)
    got = on_duckdb.data.df()
    want = on_pandas.data
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want) == on_pandas.n_kept == on_duckdb.n_kept
    for column in want.columns:  # DuckDB's types differ in name (VARCHAR, TIMESTAMP): compare values
        kind = want[column].dtype
        text = kind.kind in "OUT" or isinstance(kind, pd.CategoricalDtype)
        a = got[column].astype("string" if text else kind)
        assert a.tolist() == want[column].astype(a.dtype).tolist(), column
    pd.testing.assert_frame_equal(on_duckdb.dropped, on_pandas.dropped, check_dtype=False)
    assert on_duckdb.n_read == on_pandas.n_read
    assert on_duckdb.tool == on_pandas.tool
    assert len(on_duckdb.data) + len(on_duckdb.dropped) == on_duckdb.n_read  # nothing dropped silently
    return on_duckdb


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_each_tools_export_gives_the_pandas_result_in_chunks_of_two(tool):
    """Chunks of 2 records: headers repeated per chunk, lines and derived ids kept file-wide."""
    source = tool.split("_utf16")[0]
    same_as_pandas(FIXTURES / TOOLS[tool], 2, source=source)


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = "id,customer,when,score"


def rows(n: int, start: int = 1) -> list[str]:
    return [f"R{i},C{i % 7},2024-03-{1 + i % 28:02d} 10:00:00,{i % 11}" for i in range(start, start + n)]


MAP = {"id": "survey_id", "customer": "customer_id", "when": "response_date", "score": "nps"}


def test_a_key_repeated_in_another_chunk_is_dropped_and_reported_with_its_line(tmp_path):
    lines = [HEADER, *rows(10)]
    lines.append(lines[2].replace("C2,", "C5,"))  # R2 again, on line 12, far from line 3
    path = write(tmp_path, lines)
    result = same_as_pandas(path, 4, columns=MAP)
    drop = result.dropped.iloc[0]
    assert (drop["line"], drop["reason"], drop["value"]) == (12, "duplicate key", "R2")
    assert result.data.filter("survey_id = 'R2'").df()["customer_id"].tolist() == ["C2"]


def test_bad_rows_in_several_chunks_count_against_max_dropped_together(tmp_path):
    lines = [HEADER, *rows(40)]
    for at in (5, 15, 25, 35):  # one bad score per chunk of 10: 10 % of the file
        lines[at] = lines[at].rsplit(",", 1)[0] + ",12"
    path = write(tmp_path, lines)
    result = same_as_pandas(path, 10, columns=MAP, max_dropped=0.2)
    assert result.dropped["line"].tolist() == [6, 16, 26, 36]
    with pytest.raises(CXDataError, match=r"more than 5% of the 40 rows are bad") as err:
        quiet(path, columns=MAP, engine="duckdb", chunk_rows=10)
    assert "line 6" in str(err.value)


def test_a_chunk_with_every_row_bad_does_not_stop_the_file(tmp_path):
    lines = [HEADER, *rows(6)]
    lines[4] = lines[4].rsplit(",", 1)[0] + ",12"  # both rows of the second chunk of 2 are bad
    lines[3] = lines[3].rsplit(",", 1)[0] + ",-1"
    path = write(tmp_path, lines)
    result = same_as_pandas(path, 2, columns=MAP, max_dropped=0.5)
    assert result.dropped["line"].tolist() == [4, 5]


def test_the_table_is_in_the_connection_given(tmp_path):
    path = write(tmp_path, [HEADER, *rows(5)])
    con = duckdb.connect(str(tmp_path / "course.duckdb"))
    result = quiet(path, columns=MAP, engine="duckdb", connection=con)
    assert con.execute("SELECT count(*) FROM surveys").fetchone() == (5,)
    assert "_line" not in result.data.columns


def test_bad_engine_options(tmp_path):
    path = write(tmp_path, [HEADER, *rows(3)])
    with pytest.raises(CXConfigError, match=r"engine='spark'.*'pandas' or 'duckdb'"):
        import_csv(path, columns=MAP, engine="spark")
    with pytest.raises(CXConfigError, match="on_bad='drop'"):
        import_csv(path, columns=MAP, engine="duckdb", on_bad="raise")
    with pytest.raises(CXConfigError, match="chunk_rows=0"):
        import_csv(path, columns=MAP, engine="duckdb", chunk_rows=0)
