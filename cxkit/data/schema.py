"""The schema of the course data sets: every table, every column, its type and allowed values.

This module is the single contract between the generator (:mod:`cxkit.data.generator`), the
loaders and validators (:mod:`cxkit.data.loaders`) and the data dictionary
(``datasets/README.md``, checked against it by ``tests/test_data_dictionary.py``).

A column's ``kind`` is one of:

``id``        text identifier matching ``pattern``; ``unique`` when it is the table's key
``text``      free text
``category``  one of ``allowed`` (an ordered categorical when ``ordered``)
``int``       whole number within [``min``, ``max``]
``float``     real number within [``min``, ``max``]
``bool``      ``True``/``False``
``date``      calendar date written ``YYYY-MM-DD``
``datetime``  timestamp written ``YYYY-MM-DD HH:MM:SS``

``nullable`` columns may be blank in the CSV (a missing value, ``<NA>`` once loaded).

Every ``date`` and ``datetime`` column has a plausible range, ``date_range`` (by default
:data:`DATE_RANGE`, from 2000-01-01 up to but not including 2100-01-01): a value outside it is
almost always a conversion mistake, such as an Excel day number read as nanoseconds since
1970-01-01.

A table's ``rules`` link two columns of the same row (a :class:`Rule`): a response cannot come
before its invitation, an invitation that was not answered has no scores, and so on. They are
data, checked by :func:`cxkit.data.validate` and listed in ``datasets/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CHANNELS",
    "CONVERSATION_CHANNELS",
    "DATE_RANGE",
    "EVENTS",
    "PERSONAS",
    "PLATFORMS",
    "REGIONS",
    "SEGMENTS",
    "STAGES",
    "TABLES",
    "TICKET_CATEGORIES",
    "TOUCHPOINTS",
    "Column",
    "Rule",
    "Table",
    "table",
]

# ---------------------------------------------------------------------------------------------
# Vocabularies shared by several tables
# ---------------------------------------------------------------------------------------------
#: The five-stage buyer's journey used in the event log (module 02 teaches the nine-stage view too).
STAGES: tuple[str, ...] = ("awareness", "consideration", "decision", "purchase", "post_purchase")
#: Every channel the company serves customers through. ``carrier``: the parcel handed over at the
#: customer's door, an offline channel run with (or by) a delivery partner; a delivery is not a web
#: page, even when its tracking is.
CHANNELS: tuple[str, ...] = ("web", "app", "store", "phone", "chat", "email", "social", "carrier")
SEGMENTS: tuple[str, ...] = ("B2C", "B2B")
REGIONS: tuple[str, ...] = ("North", "South", "East", "West", "Central")
ACQUISITION_CHANNELS: tuple[str, ...] = ("web", "app", "store", "phone", "social", "email", "referral")
#: Personas: the first three are consumers (B2C), the last two buy for a business (B2B).
PERSONAS: tuple[str, ...] = (
    "Busy Parent",
    "Bargain Hunter",
    "Home Enthusiast",
    "Office Manager",
    "Procurement Lead",
)
ORDER_CHANNELS: tuple[str, ...] = ("web", "app", "store", "phone")
DEVICES: tuple[str, ...] = ("desktop", "mobile", "tablet")
TICKET_CHANNELS: tuple[str, ...] = ("phone", "chat", "email", "social")
TICKET_CATEGORIES: tuple[str, ...] = ("delivery", "returns", "billing", "product", "account", "technical")
#: Channels of the conversations table: the four support channels (social covers public posts too).
CONVERSATION_CHANNELS: tuple[str, ...] = TICKET_CHANNELS
#: Where a social post or message was written (``review_site``: a public review page).
PLATFORMS: tuple[str, ...] = ("x", "facebook", "instagram", "review_site")
OWNERS: tuple[str, ...] = ("Marketing", "E-commerce", "Stores", "Logistics", "Customer Service", "Finance")
PHASES: tuple[str, ...] = ("before", "during", "after")

#: The touchpoint catalogue: name -> (stage, channel, owner, revenue touchpoint?, phase).
TOUCHPOINTS: dict[str, tuple[str, str, str, bool, str]] = {
    "social_ad": ("awareness", "social", "Marketing", False, "before"),
    "search_ad": ("awareness", "web", "Marketing", False, "before"),
    "newsletter": ("awareness", "email", "Marketing", False, "before"),
    "store_window": ("awareness", "store", "Stores", False, "before"),
    "website": ("consideration", "web", "E-commerce", False, "before"),
    "app_browse": ("consideration", "app", "E-commerce", False, "before"),
    "product_page": ("consideration", "web", "E-commerce", False, "before"),
    "store_visit": ("consideration", "store", "Stores", False, "before"),
    "sales_call": ("consideration", "phone", "Customer Service", False, "before"),
    "basket": ("decision", "web", "E-commerce", True, "during"),
    "app_basket": ("decision", "app", "E-commerce", True, "during"),
    "checkout": ("purchase", "web", "E-commerce", True, "during"),
    "app_checkout": ("purchase", "app", "E-commerce", True, "during"),
    "store_till": ("purchase", "store", "Stores", True, "during"),
    "phone_order": ("purchase", "phone", "Customer Service", True, "during"),
    "order_confirmation": ("post_purchase", "email", "E-commerce", False, "after"),
    "delivery": ("post_purchase", "carrier", "Logistics", False, "after"),
    "invoice": ("post_purchase", "email", "Finance", False, "after"),
    "returns": ("post_purchase", "web", "Logistics", False, "after"),
    "support_phone": ("post_purchase", "phone", "Customer Service", False, "after"),
    "support_chat": ("post_purchase", "chat", "Customer Service", False, "after"),
    "support_email": ("post_purchase", "email", "Customer Service", False, "after"),
    "support_social": ("post_purchase", "social", "Customer Service", False, "after"),
    "review_request": ("post_purchase", "email", "Marketing", False, "after"),
}

#: Event names of the journey log, with the stage each belongs to.
EVENTS: dict[str, str] = {
    "ad_seen": "awareness",
    "newsletter_opened": "awareness",
    "store_window_seen": "awareness",
    "site_visit": "consideration",
    "app_open": "consideration",
    "product_viewed": "consideration",
    "store_browse": "consideration",
    "sales_call": "consideration",
    "added_to_basket": "decision",
    "basket_viewed": "decision",
    "checkout_started": "purchase",
    "payment_completed": "purchase",
    "order_placed_phone": "purchase",
    "store_purchase": "purchase",
    "order_confirmed": "post_purchase",
    "order_delivered": "post_purchase",
    "invoice_sent": "post_purchase",
    "return_requested": "post_purchase",
    "support_contact": "post_purchase",
    "review_written": "post_purchase",
}


#: The plausible range of every date and timestamp column: on or after the first date and before
#: the second. The course data cover 2024-2025; a learner's own exports rarely go back further.
DATE_RANGE: tuple[str, str] = ("2000-01-01", "2100-01-01")


@dataclass(frozen=True)
class Column:
    """One column of a course table (see the module docstring for ``kind``)."""

    name: str
    kind: str
    description: str
    unit: str = ""
    nullable: bool = False
    allowed: tuple[str, ...] = ()
    ordered: bool = False
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    unique: bool = False
    references: str | None = None  # "table.column" this column's values must appear in
    example: str | None = None  # a valid value, shown to learners instead of the pattern
    date_range: tuple[str, str] = DATE_RANGE  # date/datetime kinds: [earliest, before)

    def expected(self) -> str:
        """Describe what a valid value looks like, in words (used in error messages)."""
        if self.kind == "category":
            return "one of " + ", ".join(repr(a) for a in self.allowed)
        if self.kind in ("int", "float"):
            what = "a whole number" if self.kind == "int" else "a number"
            if self.min is not None and self.max is not None:
                lo = int(self.min) if self.kind == "int" else self.min
                hi = int(self.max) if self.kind == "int" else self.max
                return f"{what} from {lo} to {hi}"
            if self.min is not None:
                lo = int(self.min) if self.kind == "int" else self.min
                return f"{what} of at least {lo}"
            return what
        if self.kind in ("date", "datetime"):
            what = (
                "a date written YYYY-MM-DD"
                if self.kind == "date"
                else "a timestamp written YYYY-MM-DD HH:MM:SS"
            )
            earliest, before = self.date_range
            return f"{what}, on or after {earliest} and before {before}"
        if self.kind == "bool":
            return "True or False"
        if self.kind == "id":
            if self.example:
                return f"an identifier like {self.example!r}"
            return f"an identifier matching {self.pattern}" if self.pattern else "an identifier"
        return "text"


@dataclass(frozen=True)
class Rule:
    """A rule linking two columns of the same row, checked by :func:`cxkit.data.validate`.

    ``kind`` is one of:

    ``not_before``    ``column`` is not earlier than ``other`` when both have a value (a blank
                      passes). When either column is a ``date``, the two are compared by day: an
                      order placed at 18:00 may be delivered the same day.
    ``blank_unless``  ``column`` is blank unless ``other`` (a ``bool`` column) is True.

    ``reason`` says why, in words a learner reads in the error message.
    """

    kind: str
    column: str
    other: str
    reason: str

    def describe(self) -> str:
        """Return the rule in words, as the data dictionary lists it."""
        if self.kind == "not_before":
            return f"`{self.column}` is not before `{self.other}`"
        return f"`{self.column}` is blank unless `{self.other}` is True"


def not_before(column: str, other: str, reason: str) -> Rule:
    """Rule: `column` is not earlier than `other` in the same row (blanks pass)."""
    return Rule("not_before", column, other, reason)


def blank_unless(column: str, other: str, reason: str) -> Rule:
    """Rule: `column` is blank unless the bool column `other` is True in the same row."""
    return Rule("blank_unless", column, other, reason)


@dataclass(frozen=True)
class Table:
    """One course table: its file name, key column, columns in file order and rules across columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: str | None = None
    file: str = field(default="")
    rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        """Check that every rule names columns of this table of the kinds the rule needs.

        Raises
        ------
        ValueError
            If a rule names a missing column or columns of the wrong kind.
        """
        kinds = {c.name: c.kind for c in self.columns}
        for r in self.rules:
            ok = (
                r.column in kinds
                and r.other in kinds
                and (
                    (r.kind == "not_before" and {kinds[r.column], kinds[r.other]} <= {"date", "datetime"})
                    or (r.kind == "blank_unless" and kinds[r.other] == "bool")
                )
            )
            if not ok:
                raise ValueError(f"{self.name}: rule {r} does not fit the table's columns")

    @property
    def filename(self) -> str:
        """The table's file name in the data folder (``file``, else ``<name>.csv``)."""
        return self.file or f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        """The names of the table's columns, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the column called ``name``.

        Raises
        ------
        KeyError
            If the table has no such column.
        """
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _customer_id(**kw) -> Column:
    return Column(
        "customer_id",
        "id",
        "The customer (see customers.csv).",
        pattern=r"C\d{6}",
        example="C000001",
        references="customers.customer_id",
        **kw,
    )


TABLES: dict[str, Table] = {
    "customers": Table(
        "customers",
        "One row per customer who signed up.",
        key="customer_id",
        columns=(
            Column(
                "customer_id", "id", "Customer identifier.", pattern=r"C\d{6}", example="C000001", unique=True
            ),
            Column("signup_date", "date", "Day the customer created an account."),
            Column("segment", "category", "Consumer (B2C) or business (B2B) customer.", allowed=SEGMENTS),
            Column("region", "category", "Sales region of the customer's address.", allowed=REGIONS),
            Column(
                "acquisition_channel",
                "category",
                "Channel through which the customer first came.",
                allowed=ACQUISITION_CHANNELS,
            ),
            Column("persona", "category", "Marketing persona the customer best fits.", allowed=PERSONAS),
        ),
    ),
    "orders": Table(
        "orders",
        "One row per purchase transaction.",
        key="order_id",
        columns=(
            Column("order_id", "id", "Order identifier.", pattern=r"O\d{7}", example="O0000001", unique=True),
            _customer_id(),
            Column("timestamp", "datetime", "When the order was placed (local time)."),
            Column("value", "float", "Order value including VAT.", unit="EUR", min=0.01),
            Column("channel", "category", "Channel the order was placed through.", allowed=ORDER_CHANNELS),
            Column("items", "int", "Number of items in the order.", unit="items", min=1, max=500),
            Column(
                "promised_date",
                "date",
                "Delivery date promised at checkout; blank for store purchases.",
                nullable=True,
            ),
            Column(
                "delivered_date",
                "date",
                "Day the parcel was delivered; blank for store purchases and undelivered orders.",
                nullable=True,
            ),
        ),
        rules=(
            not_before(
                "promised_date", "timestamp", "a delivery cannot be promised for a day before the order"
            ),
            not_before("delivered_date", "timestamp", "a parcel cannot arrive before it was ordered"),
        ),
    ),
    "events": Table(
        "events",
        "The journey event log: one row per event, grouped into journeys (cases).",
        columns=(
            Column(
                "case_id",
                "id",
                "Journey identifier: the events of one shopping journey.",
                pattern=r"J\d{7}",
                example="J0000001",
            ),
            Column(
                "customer_id",
                "id",
                "The customer; blank for prospects who never signed up.",
                pattern=r"C\d{6}",
                example="C000001",
                nullable=True,
                references="customers.customer_id",
            ),
            Column("timestamp", "datetime", "When the event happened."),
            Column("event", "category", "What happened.", allowed=tuple(EVENTS)),
            Column("stage", "category", "Journey stage of the event.", allowed=STAGES, ordered=True),
            Column("channel", "category", "Channel of the event.", allowed=CHANNELS),
            Column(
                "touchpoint",
                "category",
                "Touchpoint of the event (see touchpoints.csv).",
                allowed=tuple(TOUCHPOINTS),
            ),
            Column(
                "device",
                "category",
                "Device used; blank for offline channels (store, phone, carrier).",
                allowed=DEVICES,
                nullable=True,
            ),
            Column(
                "campaign", "text", "Marketing campaign that brought the customer, if any.", nullable=True
            ),
        ),
    ),
    "surveys": Table(
        "surveys",
        "One row per survey invitation; the score columns are filled when the customer answered.",
        key="survey_id",
        columns=(
            Column(
                "survey_id",
                "id",
                "Invitation identifier.",
                pattern=r"S\d{7}",
                example="S0000001",
                unique=True,
            ),
            _customer_id(),
            Column("segment", "category", "Customer segment at the time of the survey.", allowed=SEGMENTS),
            Column("touchpoint", "category", "Touchpoint the survey asks about.", allowed=tuple(TOUCHPOINTS)),
            Column("channel", "category", "Channel of that touchpoint.", allowed=CHANNELS),
            Column(
                "order_id",
                "id",
                "The order the survey follows, if any.",
                pattern=r"O\d{7}",
                example="O0000001",
                nullable=True,
                references="orders.order_id",
            ),
            Column(
                "ticket_id",
                "id",
                "The support ticket the survey follows, if any.",
                pattern=r"T\d{6}",
                example="T000001",
                nullable=True,
                references="tickets.ticket_id",
            ),
            Column("sent_at", "datetime", "When the invitation was sent."),
            Column("responded", "bool", "Whether the customer answered."),
            Column(
                "response_date",
                "datetime",
                "When the customer answered; blank if they did not.",
                nullable=True,
            ),
            Column(
                "nps",
                "int",
                "Likelihood to recommend, 0 (not at all) to 10 (extremely).",
                unit="points",
                min=0,
                max=10,
                nullable=True,
            ),
            Column(
                "csat",
                "int",
                "Satisfaction, 1 (very dissatisfied) to 5 (very satisfied).",
                unit="points",
                min=1,
                max=5,
                nullable=True,
            ),
            Column(
                "ces",
                "int",
                "Ease: 'the company made it easy', 1 (strongly disagree) to 7 (strongly agree).",
                unit="points",
                min=1,
                max=7,
                nullable=True,
            ),
            Column("comment", "text", "Free-text comment; blank if none.", nullable=True),
        ),
        rules=(
            not_before("response_date", "sent_at", "a customer cannot answer before being invited"),
            *(
                blank_unless(c, "responded", "an invitation that was not answered has no answers")
                for c in ("response_date", "nps", "csat", "ces", "comment")
            ),
        ),
    ),
    "tickets": Table(
        "tickets",
        "One row per customer-support ticket.",
        key="ticket_id",
        columns=(
            Column(
                "ticket_id", "id", "Ticket identifier.", pattern=r"T\d{6}", example="T000001", unique=True
            ),
            _customer_id(),
            Column(
                "channel",
                "category",
                "Channel the customer contacted support through.",
                allowed=TICKET_CHANNELS,
            ),
            Column("category", "category", "What the contact was about.", allowed=TICKET_CATEGORIES),
            Column("opened_at", "datetime", "When the ticket was opened (the customer's first contact)."),
            Column(
                "first_response_at",
                "datetime",
                "When an agent first answered (for phone: the end of the hold); blank if never.",
                nullable=True,
            ),
            Column(
                "resolved_at", "datetime", "When the ticket was resolved; blank if still open.", nullable=True
            ),
            Column("reopened", "bool", "Whether the customer came back after it was marked resolved."),
            Column("first_contact_resolution", "bool", "Resolved in the first contact, without reopening."),
            Column(
                "csat",
                "int",
                "Satisfaction with the resolution, 1 to 5; blank if not answered.",
                unit="points",
                min=1,
                max=5,
                nullable=True,
            ),
            Column("agent", "id", "The agent who handled the ticket.", pattern=r"A\d{3}", example="A001"),
        ),
        rules=(
            not_before(
                "first_response_at", "opened_at", "an agent cannot answer a ticket before it was opened"
            ),
            not_before("resolved_at", "opened_at", "a ticket cannot be resolved before it was opened"),
        ),
    ),
    "touchpoints": Table(
        "touchpoints",
        "The touchpoint catalogue: every place the customer meets the company.",
        key="touchpoint",
        columns=(
            Column(
                "touchpoint", "id", "Touchpoint name.", pattern=r"[a-z_]+", example="checkout", unique=True
            ),
            Column("stage", "category", "Journey stage it belongs to.", allowed=STAGES, ordered=True),
            Column("channel", "category", "Channel it happens in.", allowed=CHANNELS),
            Column("owner", "category", "Team responsible for it.", allowed=OWNERS),
            Column("revenue", "bool", "Whether it directly takes money (a revenue touchpoint)."),
            Column("phase", "category", "Before, during or after the purchase.", allowed=PHASES),
        ),
    ),
    "conversations": Table(
        "conversations",
        "One row per conversation: a support chat, call summary, email or social message, or a "
        "public social post about the company.",
        key="conversation_id",
        columns=(
            Column(
                "conversation_id",
                "id",
                "Conversation identifier.",
                pattern=r"V\d{7}",
                example="V0000001",
                unique=True,
            ),
            Column(
                "customer_id",
                "id",
                "The customer (see customers.csv); blank for a post by someone who is not a customer.",
                pattern=r"C\d{6}",
                example="C000001",
                nullable=True,
                references="customers.customer_id",
            ),
            Column(
                "ticket_id",
                "id",
                "The support ticket the conversation belongs to; blank for a public post.",
                pattern=r"T\d{6}",
                example="T000001",
                nullable=True,
                references="tickets.ticket_id",
            ),
            Column(
                "channel",
                "category",
                "Where it was said: a chat, a phone call (the agent's summary), an email, social media.",
                allowed=CONVERSATION_CHANNELS,
            ),
            Column(
                "platform",
                "category",
                "The social platform or review site; blank for chat, phone and email.",
                allowed=PLATFORMS,
                nullable=True,
            ),
            Column("public", "bool", "Whether anyone can read it (a public post or review)."),
            Column(
                "timestamp",
                "datetime",
                "When it was written: for a ticket, not before the ticket was opened.",
            ),
            Column("text", "text", "What was written or, for a call, the agent's summary of it."),
        ),
    ),
}


def table(name: str) -> Table:
    """Return the schema of a course table, with a helpful error for an unknown name."""
    from cxkit.errors import CXConfigError

    try:
        return TABLES[name]
    except KeyError:
        raise CXConfigError(
            f"There is no course data set called {name!r}. The data sets are: {', '.join(TABLES)}."
        ) from None
