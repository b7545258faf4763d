"""The CDNOW sample and the 1995 donor cohort: real customer bases beside the course's fictional one.

2,357 customers who first bought at the online music shop CDNOW in the first quarter of 1997,
with every purchase to the end of June 1998 (Fader, Hardie & Lee 2005). The files are in
``datasets/cdnow/`` with their licence and citation (see its README). The donor cohort (discrete
time, Fader, Hardie & Shang 2010) is in ``datasets/donations/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._paths import data_dir
from cxkit.errors import CXFileNotFoundError
from cxkit.stats.checks import check_choice

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CDNOW_CALIBRATION_END", "CDNOW_OBSERVATION_END", "load_cdnow", "load_donations"]

#: The 39-week calibration period of the literature ends on this day (inclusive).
CDNOW_CALIBRATION_END = "1997-09-30"
#: The last day of the CDNOW data (78 weeks after 1997-01-01).
CDNOW_OBSERVATION_END = "1998-06-30"
KINDS = ("transactions", "summary")


def load_cdnow(*, kind: str = "transactions") -> pd.DataFrame:
    """Load the CDNOW sample.

    Parameters
    ----------
    kind : {"transactions", "summary"}
        ``"transactions"``: one row per transaction, columns ``transaction_id`` (the line of the
        file, 1-6919: 21 transactions repeat another of the same customer, day, CDs and value, and
        are separate purchases), ``customer_id`` (1-2357), ``timestamp`` (the day), ``cds`` (number
        of CDs) and ``value`` (US dollars).
        ``"summary"``: the published per-customer summary of the 39-week calibration period,
        indexed by ``customer_id``: ``frequency``, ``recency``, ``T`` (weeks).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CXConfigError
        An unknown ``kind``.
    CXFileNotFoundError
        If ``datasets/cdnow/`` is missing.

    Examples
    --------
    >>> load_cdnow(kind="summary").shape
    (2357, 3)
    >>> load_cdnow()["customer_id"].nunique()
    2357
    """
    import pandas as pd

    check_choice(kind, KINDS, "kind")
    folder = data_dir() / "cdnow"
    path = folder / ("CDNOW_sample.txt" if kind == "transactions" else "cdnow_customers_summary.csv")
    if not path.is_file():
        raise CXFileNotFoundError(f"The CDNOW file {path} is missing; restore datasets/cdnow/ from git.")
    if kind == "summary":
        df = pd.read_csv(path).rename(columns={"ID": "customer_id"}).set_index("customer_id")
        return df
    df = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer_id", "date", "cds", "value"],
        dtype={
            "master_id": "int64",
            "customer_id": "int64",
            "date": "str",
            "cds": "int64",
            "value": "float64",
        },
    )
    df["timestamp"] = pd.to_datetime(df["date"], format="%Y%m%d")
    df["transaction_id"] = pd.RangeIndex(1, len(df) + 1)
    return df[["transaction_id", "customer_id", "timestamp", "cds", "value"]]


def load_donations() -> pd.DataFrame:
    """Load the 1995 donor cohort: 11,104 donors, 6 yearly opportunities, as 22 patterns with counts.

    The data of Fader, Hardie & Shang (2010), as shipped with lifetimes (MIT; see
    ``datasets/donations/README.md``).

    Returns
    -------
    pandas.DataFrame
        One row per pattern: ``frequency`` (years, of 1996-2001, in which the donor gave again),
        ``recency`` (the last of them, 1-6; 0 if none), ``n_periods`` (6) and ``weights`` (donors
        with the pattern).

    Raises
    ------
    CXFileNotFoundError
        If ``datasets/donations/`` is missing.

    Examples
    --------
    >>> d = load_donations()
    >>> len(d), int(d["weights"].sum())
    (22, 11104)
    """
    import pandas as pd

    path = data_dir() / "donations" / "donations.csv"
    if not path.is_file():
        raise CXFileNotFoundError(
            f"The donations file {path} is missing; restore datasets/donations/ from git."
        )
    return pd.read_csv(path, dtype="int64").rename(columns={"periods": "n_periods"})
