"""Every text a company hears, in one table: survey comments and conversations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit.errors import CXConfigError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SOURCE_COLUMNS", "gather_feedback"]

#: The columns of :func:`gather_feedback`'s table.
SOURCE_COLUMNS = ["source", "channel", "customer_id", "ticket_id", "timestamp", "public", "nps", "text"]


def gather_feedback(surveys: pd.DataFrame, conversations: pd.DataFrame) -> pd.DataFrame:
    """Put survey comments and conversations in one table, one row per text, oldest first.

    Parameters
    ----------
    surveys : pandas.DataFrame
        The course's survey table (``cxkit.data.load("surveys")``): rows with a comment are kept.
    conversations : pandas.DataFrame
        The course's conversations table (``cxkit.data.load("conversations")``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SOURCE_COLUMNS`: ``source`` (``"survey"`` or ``"conversation"``),
        ``channel`` (``"survey"`` for a survey comment, else the conversation's channel: chat,
        phone, email, social), ``customer_id``, ``ticket_id``, ``timestamp`` (the answer's
        ``response_date`` or the conversation's ``timestamp``), ``public``, ``nps`` (the survey's
        score; missing for conversations, which have none) and ``text``.

    Raises
    ------
    CXDataError
        A table lacks a column this needs.
    CXConfigError
        An argument is not a DataFrame.

    Examples
    --------
    >>> from cxkit.data import load
    >>> from cxkit.voc import gather_feedback
    >>> fb = gather_feedback(load("surveys"), load("conversations"))
    >>> fb["channel"].value_counts().to_dict()
    {'survey': 1691, 'social': 1344, 'phone': 1042, 'email': 970, 'chat': 795}
    """
    import pandas as pd

    from cxkit._checks import require_columns

    for name, df in (("surveys", surveys), ("conversations", conversations)):
        if not isinstance(df, pd.DataFrame):
            raise CXConfigError(
                f"{name} must be a DataFrame (cxkit.data.load({name!r})); got {type(df).__name__}."
            )
    require_columns(surveys, ["customer_id", "ticket_id", "response_date", "nps", "comment"], "surveys")
    require_columns(
        conversations, ["customer_id", "ticket_id", "channel", "timestamp", "public", "text"], "conversations"
    )
    s = surveys[surveys["comment"].notna()]
    a = pd.DataFrame(
        {
            "source": "survey",
            "channel": "survey",
            "customer_id": s["customer_id"].astype(object),
            "ticket_id": s["ticket_id"].astype(object),
            "timestamp": s["response_date"],
            "public": False,
            "nps": s["nps"].astype("Int64"),
            "text": s["comment"].astype(object),
        }
    )
    c = conversations
    b = pd.DataFrame(
        {
            "source": "conversation",
            "channel": c["channel"].astype(str),
            "customer_id": c["customer_id"].astype(object),
            "ticket_id": c["ticket_id"].astype(object),
            "timestamp": c["timestamp"],
            "public": c["public"].astype(bool),
            "nps": pd.array([pd.NA] * len(c), dtype="Int64"),
            "text": c["text"].astype(object),
        }
    )
    out = pd.concat([a, b], ignore_index=True)
    out = out.sort_values("timestamp", kind="stable").reset_index(drop=True)
    for col in ("customer_id", "ticket_id", "text"):
        out[col] = out[col].astype("string")
    return out[SOURCE_COLUMNS]
