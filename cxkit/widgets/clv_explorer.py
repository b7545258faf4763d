"""The CLV explorer: how retention, margin and discounting move a customer's lifetime value.

The class has a plain-Python core (the settings, :attr:`CLVExplorer.clv` from
:func:`cxkit.clv.simple_clv`, and the picked customer's P(alive) and expected purchases from a
fitted purchase model) that is tested without a notebook, and a :meth:`CLVExplorer.widget` built
only when shown.

>>> from cxkit.widgets import CLVExplorer
>>> ex = CLVExplorer(avg_order_value=80, purchase_frequency=3, retention=0.6, margin=0.3,
...                  discount_rate=0.1)
>>> round(ex.clv, 2)
144.0
>>> round(ex.set(retention=0.8).clv, 2)
240.0
"""

from __future__ import annotations

from typing import Any

from cxkit.errors import CXConfigError
from cxkit.widgets.base import WidgetView, control, readout_html

__all__ = ["CLVExplorer"]

#: The slider ranges: they cover every value the module asks learners to try.
RANGES = {"retention": (0.0, 0.95, 0.01), "margin": (0.0, 1.0, 0.01), "discount_rate": (0.0, 0.3, 0.01)}
LABELS = {"retention": "Retention / year", "margin": "Margin", "discount_rate": "Discount rate"}


class CLVExplorer(WidgetView):
    """Explore the simple CLV formula and, for one customer, what a purchase model predicts.

    Parameters
    ----------
    summary : pandas.DataFrame, optional
        Per-customer ``frequency``, ``recency``, ``T`` (:func:`cxkit.clv.rfm_summary`), indexed by
        customer. Needed for the customer picker.
    model : BetaGeo or ParetoNBD, optional
        A fitted purchase model; by default a :class:`~cxkit.clv.BetaGeo` is fitted to ``summary``.
    avg_order_value, purchase_frequency : float
        Average order value and orders per customer per year (the simple formula's inputs).
    retention, margin, discount_rate : float
        The sliders' starting values (shares: 0.6 for 60 %).
    horizon : float, default 52
        The period, in the unit of T, for the picked customer's expected purchases.
    customers : list, optional
        The customers offered by the picker (default: the first 50 of ``summary``).
    """

    def __init__(
        self,
        *,
        summary: Any = None,
        model: Any = None,
        avg_order_value: float = 100.0,
        purchase_frequency: float = 2.0,
        retention: float = 0.6,
        margin: float = 0.3,
        discount_rate: float = 0.1,
        horizon: float = 52.0,
        customers: list[Any] | None = None,
    ) -> None:
        self.avg_order_value = avg_order_value
        self.purchase_frequency = purchase_frequency
        self.retention, self.margin, self.discount_rate = retention, margin, discount_rate
        self.horizon = horizon
        self.summary = summary
        if summary is not None and model is None:
            from cxkit.clv import BetaGeo

            model = BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])
        self.model = model
        if summary is not None:
            self.customers = list(summary.index[:50]) if customers is None else list(customers)
            self.customer = self.customers[0] if self.customers else None
        else:
            self.customers, self.customer = [], None
        self.clv  # noqa: B018  (checks the starting values)

    # -- core --------------------------------------------------------------------------------

    @property
    def clv(self) -> float:
        """The simple CLV with the current settings (:func:`cxkit.clv.simple_clv`)."""
        from cxkit.clv import simple_clv

        return simple_clv(
            self.avg_order_value,
            self.purchase_frequency,
            retention=self.retention,
            margin=self.margin,
            discount_rate=self.discount_rate,
        )

    @property
    def expected_lifetime(self) -> float:
        """Expected years a customer stays: 1 / (1 - retention)."""
        return 1.0 / (1.0 - self.retention)

    def set(self, **settings: Any) -> CLVExplorer:
        """Change settings (``retention``, ``margin``, ``discount_rate``, ``customer``); return self.

        A failed set (a bad value, an unknown customer) raises the library's error and changes
        nothing.
        """
        unknown = set(settings) - {*RANGES, "customer"}
        if unknown:
            raise CXConfigError(
                f"Unknown setting(s) {sorted(unknown)}; "
                "choose from retention, margin, discount_rate, customer."
            )
        if "customer" in settings and settings["customer"] not in self.customers:
            raise CXConfigError(
                f"Unknown customer {settings['customer']!r}; pick one of the picker's customers."
            )
        old = {k: getattr(self, k) for k in settings}
        for k, v in settings.items():
            setattr(self, k, v)
        try:
            self.clv  # noqa: B018
        except Exception:
            for k, v in old.items():
                setattr(self, k, v)
            raise
        self._sync_widgets()
        return self

    def customer_state(self) -> dict[str, float] | None:
        """Return the picked customer's history, P(alive) and expected purchases over ``horizon``."""
        if self.customer is None or self.model is None:
            return None
        row = self.summary.loc[self.customer]
        x, tx, t = float(row["frequency"]), float(row["recency"]), float(row["T"])
        return {
            "frequency": x,
            "recency": tx,
            "T": t,
            "p_alive": float(self.model.conditional_probability_alive(x, tx, t)),
            "expected_purchases": float(self.model.conditional_expected_purchases(self.horizon, x, tx, t)),
        }

    def readout_text(self) -> str:
        """Return the lines the widget shows, as plain text."""
        lines = [
            f"CLV = {self.clv:,.2f} (retention {self.retention:.0%}, margin {self.margin:.0%}, "
            f"discount {self.discount_rate:.0%}; expected life {self.expected_lifetime:.1f} years)"
        ]
        state = self.customer_state()
        if state is not None:
            lines.append(
                f"Customer {self.customer}: {state['frequency']:.0f} repeat purchases, last at "
                f"{state['recency']:.1f} of {state['T']:.1f} weeks; P(alive) = {state['p_alive']:.0%}; "
                f"expected purchases in the next {self.horizon:g} weeks = {state['expected_purchases']:.2f}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        """Show the current CLV line."""
        return f"CLVExplorer({self.readout_text().splitlines()[0]})"

    # -- the widget --------------------------------------------------------------------------

    sliders = control("sliders", "The three FloatSliders (building the widget if needed).")
    picker = control("picker", "The customer Dropdown (None without a summary).")
    readout = control("readout", "The readout HTML widget.")

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface (a VBox): the sliders, the customer picker, the readout."""
        import ipywidgets as w

        sliders = {
            key: w.FloatSlider(
                value=getattr(self, key),
                min=lo,
                max=hi,
                step=step,
                description=LABELS[key],
                readout_format=".0%",
                continuous_update=True,
                style={"description_width": "150px"},
                layout=w.Layout(width="560px"),
            )
            for key, (lo, hi, step) in RANGES.items()
        }
        children: list[Any] = list(sliders.values())
        picker = None
        if self.customers:
            picker = w.Dropdown(
                options=[(str(c), c) for c in self.customers],
                value=self.customer,
                description="Customer",
                style={"description_width": "150px"},
                layout=w.Layout(width="420px"),
            )
            children.append(picker)
        readout = w.HTML()
        children.append(readout)

        def on_change() -> None:
            values = {k: s.value for k, s in sliders.items()}
            if picker is not None:
                values["customer"] = picker.value
            self.set(**values)

        self._on_change([*sliders.values(), *([picker] if picker is not None else [])], on_change)
        return {"sliders": sliders, "picker": picker, "readout": readout, "box": w.VBox(children)}

    def _push(self, ui: dict[str, Any]) -> None:
        for key, slider in ui["sliders"].items():
            slider.value = getattr(self, key)
        if ui["picker"] is not None:
            ui["picker"].value = self.customer

    def _refresh(self) -> None:
        if self._ui is None:
            return
        first, *rest = self.readout_text().splitlines()
        self._ui["readout"].value = readout_html([first, *rest], headline=first.split(" (")[0])

    def update_seconds(self, *, repeats: int = 20) -> float:
        """Median seconds of one slider move plus one customer pick (for bench/, not asserted)."""
        sliders, picker = self.sliders, self.picker

        def change(i: int) -> None:
            sliders["retention"].value = 0.5 + (i % 10) / 100
            if picker is not None and self.customers:
                picker.value = self.customers[i % len(self.customers)]

        return self._median_seconds(change, repeats)
