r"""Customer lifetime value: the simple formula, the RFM summary and the probabilistic models.

>>> from cxkit.clv import simple_clv
>>> round(simple_clv(50.0, 4, retention=0.8, margin=0.3, discount_rate=0.1), 2)
200.0

:mod:`~cxkit.clv.simple` (``simple_clv``, ``cohort_value``), :mod:`~cxkit.clv.rfm`
(``rfm_summary``), :mod:`~cxkit.clv.models` (``BetaGeo``, ``ModifiedBetaGeo``, ``ParetoNBD``, ``GammaGamma``),
:mod:`~cxkit.clv.discrete` (``BetaGeoBetaBinom``, discrete time),
:mod:`~cxkit.clv.holdout` (``fit_by_segment``, ``holdout_check``, ``plot_holdout``,
``plot_underserved``), :mod:`~cxkit.clv.simulate` (``sample_bgnbd``, ``sample_pareto_nbd``,
``sample_gamma_gamma``) and
:mod:`~cxkit.clv.data` (``load_cdnow``, the real CDNOW sample; ``load_donations``, a donor cohort).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.clv.data import CDNOW_CALIBRATION_END, CDNOW_OBSERVATION_END, load_cdnow, load_donations
    from cxkit.clv.discrete import BetaGeoBetaBinom
    from cxkit.clv.holdout import fit_by_segment, holdout_check, plot_holdout, plot_underserved
    from cxkit.clv.models import BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD
    from cxkit.clv.rfm import rfm_summary
    from cxkit.clv.simple import DISCOUNT_RATE, cohort_value, simple_clv
    from cxkit.clv.simulate import sample_bgnbd, sample_gamma_gamma, sample_pareto_nbd

_EXPORTS = {
    "CDNOW_CALIBRATION_END": "cxkit.clv.data",
    "CDNOW_OBSERVATION_END": "cxkit.clv.data",
    "load_cdnow": "cxkit.clv.data",
    "load_donations": "cxkit.clv.data",
    "BetaGeoBetaBinom": "cxkit.clv.discrete",
    "fit_by_segment": "cxkit.clv.holdout",
    "holdout_check": "cxkit.clv.holdout",
    "plot_holdout": "cxkit.clv.holdout",
    "plot_underserved": "cxkit.clv.holdout",
    "BetaGeo": "cxkit.clv.models",
    "GammaGamma": "cxkit.clv.models",
    "ModifiedBetaGeo": "cxkit.clv.models",
    "ParetoNBD": "cxkit.clv.models",
    "rfm_summary": "cxkit.clv.rfm",
    "cohort_value": "cxkit.clv.simple",
    "DISCOUNT_RATE": "cxkit.clv.simple",
    "simple_clv": "cxkit.clv.simple",
    "sample_bgnbd": "cxkit.clv.simulate",
    "sample_gamma_gamma": "cxkit.clv.simulate",
    "sample_pareto_nbd": "cxkit.clv.simulate",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
