"""Generate the course's fictional company data: Larkspur & Co., a home and office goods retailer.

>>> from cxkit.data import generate
>>> paths = generate(seed=2024, scale=0.05, out="my-data", progress=False)
>>> paths["customers"].name
'customers.csv'

The same ``seed`` and ``scale`` always give byte-identical files. Every table is built with
vectorised numpy and pandas operations (no per-row Python loops), so ``scale=100`` writes more than
a million journey events in well under half a minute. The story of the company, the data dictionary
and the *planted findings* the course's exercises discover are described in ``datasets/README.md``.

Times are handled internally as whole seconds since 1970-01-01 (``int64``) and written as
``YYYY-MM-DD HH:MM:SS``; dates as ``YYYY-MM-DD``; floats with two decimals; booleans as
``True``/``False``; missing values as empty fields.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

try:  # pyarrow is the `data` extra: only the generator needs it (cxkit.data loads without it)
    import pyarrow as pa
    import pyarrow.compute as pc
except ModuleNotFoundError as err:
    raise ModuleNotFoundError(
        "cxkit.data.generate writes the course data with pyarrow, which is not installed: "
        "pip install 'cxkit[data]' (make install installs it)",
        name=err.name,
    ) from err

from cxkit.data._gen_base import (
    _EV,
    _EV_STAGE,
    _TP,
    _TP_CHANNEL,
    APP_RELEASE_MONTH,
    BASE_CUSTOMERS,
    CAMPAIGNS,
    COMPANY,
    DAY,
    MAX_SCALE,
    _fmt_bool,
    _fmt_date,
    _fmt_int,
    _fmt_money,
    _fmt_time,
    _take,
    _write,
)
from cxkit.data._gen_commerce import _customers, _leave_after_tickets, _orders, _tickets
from cxkit.data._gen_conversations import _conversations
from cxkit.data._gen_journeys import _events
from cxkit.data._gen_messy import _messy
from cxkit.data._gen_surveys import _surveys
from cxkit.data.schema import (
    ACQUISITION_CHANNELS,
    CHANNELS,
    CONVERSATION_CHANNELS,
    DEVICES,
    ORDER_CHANNELS,
    PERSONAS,
    PLATFORMS,
    REGIONS,
    SEGMENTS,
    TABLES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TOUCHPOINTS,
)
from cxkit.errors import CXConfigError

__all__ = ["APP_RELEASE_MONTH", "BASE_CUSTOMERS", "COMPANY", "MAX_SCALE", "generate"]

# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------
#: Customers per block of a Parquet run: each block is generated, written and freed in turn, so
#: the memory stays bounded (about 0.5 GB) whatever the scale.
BLOCK_SCALE = 25
#: The largest scale of a Parquet run (its identifiers get more digits above MAX_SCALE).
MAX_PARQUET_SCALE = 20_000
_ID_WIDTHS = {"C": 6, "O": 7, "T": 6, "J": 7, "S": 7, "V": 7}


def _block_sizes(scale: float) -> list[int]:
    """Return the customers of each block: blocks of ``BLOCK_SCALE``, the last one taking the rest.

    >>> _block_sizes(60), _block_sizes(1000)[-1], _block_sizes(10)
    ([100000, 140000], 100000, [40000])
    """
    n, size = round(BASE_CUSTOMERS * scale), round(BASE_CUSTOMERS * BLOCK_SCALE)
    sizes = [size] * max(n // size, 1)
    sizes[-1] += n - sum(sizes)
    return sizes


class _Ids:
    """Identifiers numbered on from block to block (``C000001``, ...), one digit more per 10x scale.

    Up to ``MAX_SCALE`` the widths are the course's (``C`` + 6 digits, ``O`` + 7, ...); above it,
    every identifier gets ``ceil(log10(scale / MAX_SCALE))`` more digits.
    """

    def __init__(self, scale: float) -> None:
        extra = 0 if scale <= MAX_SCALE else int(np.ceil(np.log10(scale / MAX_SCALE)))
        self.width = {p: w + extra for p, w in _ID_WIDTHS.items()}
        self.offset = dict.fromkeys(_ID_WIDTHS, 0)

    def __call__(self, prefix: str, n: int) -> Any:
        num = pc.cast(pa.array(np.arange(self.offset[prefix] + 1, self.offset[prefix] + n + 1)), pa.string())
        return pc.binary_join_element_wise(
            prefix, pc.utf8_lpad(num, width=self.width[prefix], padding="0"), ""
        )

    def too_many(self, prefix: str, n: int) -> bool:
        return self.offset[prefix] + n > 10 ** self.width[prefix] - 1

    def advance(self, counts: dict[str, int]) -> None:
        for prefix, n in counts.items():
            self.offset[prefix] += n


class _CSVSink:
    """Write each table's rows to ``out/<table>.csv`` (see :func:`_write`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.started: set[str] = set()

    def write(self, columns: dict[str, pa.Array], name: str, append: bool = False) -> Path:
        path = _write(columns, name, self.out / f"{name}.csv", append=append or name in self.started)
        self.started.add(name)
        return path

    def close(self) -> None:
        pass


def _typed(columns: dict[str, pa.Array], name: str) -> pa.Table:
    """Turn the text columns (as written to CSV) into the schema's types, for Parquet.

    Whole numbers become int64, numbers float64, ``True``/``False`` booleans, dates date32 and
    times ``timestamp[s]`` (no time zone); blanks stay nulls; other columns stay text.
    """
    kinds = {c.name: c.kind for c in TABLES[name].columns}
    arrays = []
    for col_name, col in columns.items():
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        col = col if col.type == pa.string() else pc.cast(col, pa.string())
        kind = kinds[col_name]
        if kind == "int":
            col = pc.cast(col, pa.int64())
        elif kind == "float":
            col = pc.cast(col, pa.float64())
        elif kind == "bool":
            col = pc.equal(col, "True")
        elif kind == "date":
            col = pc.cast(pc.strptime(col, format="%Y-%m-%d", unit="s"), pa.date32())
        elif kind == "datetime":
            col = pc.strptime(col, format="%Y-%m-%d %H:%M:%S", unit="s")
        arrays.append(col)
    return pa.table(arrays, names=list(columns))


class _ParquetSink:
    """Write each table to ``out/<table>.parquet``, one row group per chunk of rows written."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.writers: dict[str, Any] = {}

    def write(self, columns: dict[str, pa.Array], name: str, append: bool = False) -> Path:
        import pyarrow.parquet as pq

        table = _typed(columns, name)
        path = self.out / f"{name}.parquet"
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(path, table.schema)
        self.writers[name].write_table(table, row_group_size=1_000_000)
        return path

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def _check_args(seed: int, scale: float, format: str = "csv") -> None:
    if format not in ("csv", "parquet"):
        raise CXConfigError(f"format must be 'csv' or 'parquet'; found {format!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise CXConfigError(f"seed must be a whole number (the course uses 2024); found {seed!r}.")
    if seed < 0:
        raise CXConfigError(
            f"seed must be zero or a positive whole number (the course uses 2024); found {seed}."
        )
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float | np.integer | np.floating)
        or not np.isfinite(scale)
    ):
        raise CXConfigError(f"scale must be a positive number (1 = the course data); found {scale!r}.")
    if scale <= 0:
        raise CXConfigError(
            f"scale must be greater than 0 (1 = the course data, 0.1 = a tenth); found {scale}."
        )
    if round(BASE_CUSTOMERS * scale) < 20:
        raise CXConfigError(
            f"scale {scale} is too small: it gives fewer than 20 customers; use at least 0.005."
        )
    if format == "parquet" and scale > MAX_PARQUET_SCALE:
        raise CXConfigError(f"scale {scale} is too large; use at most {MAX_PARQUET_SCALE} with Parquet.")
    if format == "csv" and scale > MAX_SCALE:
        raise CXConfigError(
            f"scale {scale} is too large for the identifier formats; use at most {MAX_SCALE}."
        )


def generate(
    *,
    seed: int = 2024,
    scale: float = 1.0,
    out: Path | str = "datasets",
    format: str = "csv",
    progress: bool = False,
) -> dict[str, Path]:
    """Write the fictional company's data sets as CSV (or Parquet) files.

    Parameters
    ----------
    seed : int, default 2024
        Random seed; the course data use 2024. The same seed and scale give byte-identical files.
    scale : float, default 1.0
        Size multiplier: ``round(4000 * scale)`` customers, and every other table in proportion.
        The course data use 1; ``scale=100`` gives over a million journey events.
    out : path-like, default "datasets"
        Folder to write into (created if needed). The messy survey export goes to ``out/raw/``.
    format : {"csv", "parquet"}, default "csv"
        ``"parquet"`` writes ``<table>.parquet`` files with typed columns (whole numbers, booleans,
        dates, ``timestamp[s]`` times) for DuckDB, polars or Spark, and no messy export. The
        customers are generated in blocks of ``BLOCK_SCALE`` (100,000 customers), each written as
        row groups and freed before the next, so the memory stays bounded at any scale (up to
        ``MAX_PARQUET_SCALE``; scale 1000 is about 44 million events). Block 0 uses the seed's own
        random streams, so up to ``scale=BLOCK_SCALE`` the Parquet rows are exactly the CSV rows;
        each further block draws from the seed's next child stream and numbers its identifiers on
        (customers are sorted by signup within a block; each block has its own agents). Above
        ``MAX_SCALE`` identifiers get one more digit per factor of ten.
    progress : bool, default False
        Show a progress bar over the generation steps on standard error.

    Returns
    -------
    dict of str to Path
        The path of each file written: the seven tables by name, and ``"surveys_messy_export"``.

    Raises
    ------
    CXConfigError
        If ``seed`` is negative or not a whole number, ``scale`` is not a positive number in range,
        or ``format`` is not ``"csv"`` or ``"parquet"``.

    Examples
    --------
    >>> paths = generate(seed=2024, scale=0.05, out="tmp-data", progress=False)
    >>> sorted(paths)  # doctest: +NORMALIZE_WHITESPACE
    ['conversations', 'customers', 'events', 'orders', 'surveys', 'surveys_messy_export', 'tickets',
     'touchpoints']
    """
    _check_args(seed, scale, format)
    from tqdm.auto import tqdm

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        (out / "raw").mkdir(parents=True, exist_ok=True)
    root = np.random.SeedSequence(int(seed))
    sizes = _block_sizes(scale) if format == "parquet" else [round(BASE_CUSTOMERS * scale)]
    ids = _Ids(scale)
    sink: _CSVSink | _ParquetSink = _CSVSink(out) if format == "csv" else _ParquetSink(out)
    paths: dict[str, Path] = {}
    bar = tqdm(
        total=7 * len(sizes), desc=f"{COMPANY} data", unit="table", disable=not progress, file=sys.stderr
    )
    for b, n_cust in enumerate(sizes):
        # Block 0 draws from the seed's own streams (so one block is exactly the CSV data);
        # block b > 0 from the seed's next child stream, spawned in order: always the same.
        stream = root if b == 0 else root.spawn(1)[0]
        rngs = [np.random.default_rng(s) for s in stream.spawn(6)]
        rng_conv = np.random.default_rng(stream.spawn(1)[0])  # the seventh child: conversations
        block = _Block(
            rngs=rngs,
            rng_conv=rng_conv,
            n_cust=n_cust,
            scale=scale if len(sizes) == 1 else n_cust / BASE_CUSTOMERS,
            first=b == 0,
            ids=ids,
            write=sink.write,
            out=out,
            format=format,
            paths=paths,
        )
        for label, step in _STEPS:
            bar.set_postfix_str(label)
            step(block)
            bar.update()
        ids.advance(block.counts)
    bar.close()
    sink.close()
    return {
        name: paths[name]
        for name in (
            "customers",
            "orders",
            "events",
            "surveys",
            "tickets",
            "touchpoints",
            "conversations",
            "surveys_messy_export",
        )
        if name in paths
    }


# ---------------------------------------------------------------------------------------------
# One block of customers (the whole data set in CSV): a step per table, in a fixed order
# ---------------------------------------------------------------------------------------------
@dataclass
class _Block:
    """What the steps of one block share: its random streams, sizes, identifiers and writer.

    ``tables`` holds the generated columns the later steps read (customers, orders, tickets,
    surveys); ``counts`` the rows per identifier prefix, for the next block's numbers.
    """

    rngs: list[np.random.Generator]
    rng_conv: np.random.Generator
    n_cust: int
    scale: float
    first: bool
    ids: _Ids
    write: Callable[..., Path]
    out: Path
    format: str
    paths: dict[str, Path]
    tables: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts["C"] = self.n_cust


def _optional(ids: pa.Array, index: np.ndarray) -> pa.Array:
    """Return ``ids`` taken at ``index``, blank where the index is negative (no such row)."""
    return pc.take(ids, pa.array(np.maximum(index, 0), mask=index < 0))


def _step_customers(b: _Block) -> None:
    c = _customers(b.rngs[0], b.n_cust)
    b.tables["customers"] = c
    b.paths["customers"] = b.write(
        {
            "customer_id": b.ids("C", b.n_cust),
            "signup_date": _fmt_date(c["signup"]),
            "segment": _take(SEGMENTS, c["b2b"].astype(np.int64)),
            "region": _take(REGIONS, c["region"]),
            "acquisition_channel": _take(ACQUISITION_CHANNELS, c["acq"]),
            "persona": _take(PERSONAS, c["persona"]),
        },
        "customers",
    )


def _step_orders(b: _Block) -> None:
    # The tickets are drawn here (from their own stream) because how a ticket is handled decides
    # whether its customer orders again (planted effect 3): both tables are cut before writing.
    o = _orders(b.rngs[1], b.tables["customers"])
    t = _tickets(b.rngs[2], b.tables["customers"], o, b.scale)
    o, t = _leave_after_tickets(b.rngs[2], b.tables["customers"], o, t)
    b.tables["orders"] = o
    b.tables["tickets"] = t
    m = b.counts["O"] = len(o["t"])
    if b.ids.too_many("O", m):
        raise CXConfigError(f"scale {b.scale} gives more orders than the O####### identifiers allow.")
    b.paths["orders"] = b.write(
        {
            "order_id": b.ids("O", m),
            "customer_id": pc.take(b.ids("C", b.n_cust), pa.array(o["cust"])),
            "timestamp": _fmt_time(o["t"]),
            "value": _fmt_money(o["value"]),
            "channel": _take(ORDER_CHANNELS, o["channel"]),
            "items": _fmt_int(o["items"]),
            "promised_date": _fmt_date(o["promised"] * DAY, o["store"]),
            "delivered_date": _fmt_date(o["delivered"] * DAY, o["undelivered"]),
        },
        "orders",
    )


def _step_tickets(b: _Block) -> None:
    t = b.tables["tickets"]
    k = b.counts["T"] = len(t["opened"])
    b.paths["tickets"] = b.write(
        {
            "ticket_id": b.ids("T", k),
            "customer_id": pc.take(b.ids("C", b.n_cust), pa.array(t["cust"])),
            "channel": _take(TICKET_CHANNELS, t["channel"]),
            "category": _take(TICKET_CATEGORIES, t["cat"]),
            "opened_at": _fmt_time(t["opened"]),
            "first_response_at": _fmt_time(t["first"], t["first_blank"]),
            "resolved_at": _fmt_time(t["resolved"], t["still_open"]),
            "reopened": _fmt_bool(t["reopened"]),
            "first_contact_resolution": _fmt_bool(t["fcr"]),
            "csat": _fmt_int(t["csat"], t["csat_blank"]),
            "agent": pc.binary_join_element_wise(
                "A", pc.utf8_lpad(_fmt_int(t["agent"]), width=3, padding="0"), ""
            ),
        },
        "tickets",
    )


def _step_events(b: _Block) -> None:
    e = _events(b.rngs[3], b.tables["customers"], b.tables["orders"], b.scale)
    n_cases = b.counts["J"] = int(e["case"].max()) + 1 if len(e["case"]) else 0
    if b.ids.too_many("J", n_cases):
        raise CXConfigError(f"scale {b.scale} gives more journeys than the J####### identifiers allow.")
    cust_ids = b.ids("C", b.n_cust)
    case_ids = b.ids("J", max(n_cases, 1))
    stages = pa.array(list(_EV_STAGE))
    campaigns = [c[0] for c in CAMPAIGNS]
    # Written in chunks of a million rows to keep the peak memory low at large scales.
    total = len(e["ts"])
    for lo in range(0, max(total, 1), 1_000_000):
        c = {k: v[lo : lo + 1_000_000] for k, v in e.items()}
        b.paths["events"] = b.write(
            {
                "case_id": pc.take(case_ids, pa.array(c["case"])),
                "customer_id": _optional(cust_ids, c["cust"]),
                "timestamp": _fmt_time(c["ts"]),
                "event": _take(_EV, c["ev"]),
                "stage": pc.take(stages, pa.array(c["ev"])),
                "channel": _take(CHANNELS, c["channel"]),
                "touchpoint": _take(_TP, c["tp"]),
                "device": _take(DEVICES, c["device"], c["offline"]),
                "campaign": _take(campaigns, np.maximum(c["camp"], 0), c["camp"] < 0),
            },
            "events",
            append=lo > 0,
        )


def _step_surveys(b: _Block) -> None:
    s = _surveys(b.rngs[4], b.tables["customers"], b.tables["orders"], b.tables["tickets"])
    b.tables["surveys"] = s
    n = b.counts["S"] = len(s["sent"])
    survey_ids = b.ids("S", n)
    cust_ids = b.ids("C", b.n_cust)
    order_ids = b.ids("O", len(b.tables["orders"]["t"]))
    ticket_ids = b.ids("T", max(len(b.tables["tickets"]["opened"]), 1))
    step = 500_000  # chunks keep the peak memory low at large scales
    for lo in range(0, max(n, 1), step):
        c = {key: v[lo : lo + step] for key, v in s.items()}
        b.paths["surveys"] = b.write(
            {
                "survey_id": survey_ids[lo : lo + step],
                "customer_id": pc.take(cust_ids, pa.array(c["cust"])),
                "segment": _take(SEGMENTS, c["b2b"].astype(np.int64)),
                "touchpoint": _take(_TP, c["tp"]),
                "channel": _take(CHANNELS, _TP_CHANNEL[c["tp"]]),
                "order_id": _optional(order_ids, c["oid"]),
                "ticket_id": _optional(ticket_ids, c["tid"]),
                "sent_at": _fmt_time(c["sent"]),
                "responded": _fmt_bool(c["responded"]),
                "response_date": _fmt_time(c["resp"], ~c["responded"]),
                "nps": _fmt_int(c["nps"], c["nps_blank"]),
                "csat": _fmt_int(c["csat"], c["csat_blank"]),
                "ces": _fmt_int(c["ces"], c["ces_blank"]),
                "comment": pa.array(c["comment"].astype(str), mask=~c["has_c"]),
            },
            "surveys",
            append=lo > 0,
        )


def _step_touchpoints_and_raw(b: _Block) -> None:
    if not b.first:
        return
    names = list(TOUCHPOINTS)
    b.paths["touchpoints"] = b.write(
        {
            "touchpoint": pa.array(names),
            "stage": pa.array([TOUCHPOINTS[t][0] for t in names]),
            "channel": pa.array([TOUCHPOINTS[t][1] for t in names]),
            "owner": pa.array([TOUCHPOINTS[t][2] for t in names]),
            "revenue": pa.array([str(TOUCHPOINTS[t][3]) for t in names]),
            "phase": pa.array([TOUCHPOINTS[t][4] for t in names]),
        },
        "touchpoints",
    )
    if b.format != "csv":
        return
    messy = _messy(b.rngs[5], b.tables["surveys"])
    path = b.out / "raw" / "surveys_messy_export.csv"
    messy.to_csv(path, index=False, lineterminator="\n")
    b.paths["surveys_messy_export"] = path


def _step_conversations(b: _Block) -> None:
    # Its own random stream, spawned after the six others: the earlier tables do not change.
    v = _conversations(b.rng_conv, b.tables["customers"], b.tables["orders"], b.tables["tickets"])
    n = b.counts["V"] = len(v["ts"])
    if b.ids.too_many("V", n):  # pragma: no cover - needs scale far above MAX_SCALE
        raise CXConfigError(f"scale {b.scale} gives more conversations than V####### identifiers allow.")
    n_tickets = max(len(b.tables["tickets"]["opened"]), 1)
    b.paths["conversations"] = b.write(
        {
            "conversation_id": b.ids("V", n),
            "customer_id": _optional(b.ids("C", b.n_cust), v["cust"]),
            "ticket_id": _optional(b.ids("T", n_tickets), v["ticket"]),
            "channel": _take(CONVERSATION_CHANNELS, v["channel"]),
            "platform": _take(PLATFORMS, np.maximum(v["platform"], 0), v["platform"] < 0),
            "public": _fmt_bool(v["public"]),
            "timestamp": _fmt_time(v["ts"]),
            "text": pa.array(v["text"], type=pa.string()),
        },
        "conversations",
    )


#: The steps of a block, in the order they draw from their streams and write (the progress bar's labels).
_STEPS: tuple[tuple[str, Callable[[_Block], None]], ...] = (
    ("customers", _step_customers),
    ("orders", _step_orders),
    ("tickets", _step_tickets),
    ("events", _step_events),
    ("surveys", _step_surveys),
    ("touchpoints", _step_touchpoints_and_raw),
    ("conversations", _step_conversations),
)
