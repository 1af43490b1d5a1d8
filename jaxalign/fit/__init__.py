"""Generic, model-agnostic fitting layer of jaxalign.

Everything here works with any pure likelihood ``nll(x, data) -> scalar`` (``-log L``,
``chi2 = 2 * nll``) of a 1-D float64 parameter vector ``x`` and a pytree ``data``:

* :class:`ParameterSpace` — names, bounds, priors and scales; maps between the physical
  ``x`` and unconstrained coordinates ``z``.
* :func:`best_fit` — vmapped multi-start minimisation (Optax, then L-BFGS) with Hessian
  covariance; :func:`profile` — profile-likelihood scans.
* :func:`sample_nuts` — NumPyro NUTS posterior as ArviZ ``InferenceData``; :func:`summarize`.
* :func:`save_fit`/:func:`load_fit` (JSON), :func:`save_idata`/:func:`load_idata` (netCDF),
  :func:`corner_plot`, :func:`trace_plot`, :func:`profile_plot`.

Example:
    >>> from jaxalign.fit import ParameterSpace, uniform, normal, best_fit, sample_nuts
    >>> space = ParameterSpace([uniform("a", -5, 5), normal("b", 0.0, 2.0)])
    >>> fit = best_fit(nll, data, space, n_starts=32, key=0)
    >>> idata = sample_nuts(nll, data, space, init=fit, key=1)
"""

from .optimize import (
    FitResult,
    FitWarning,
    ProfileResult,
    best_fit,
    hessian_covariance,
    profile,
)
from .params import Parameter, ParameterSpace, flat, normal, uniform
from .results import (
    corner_plot,
    load_fit,
    load_idata,
    profile_plot,
    save_fit,
    save_idata,
    trace_plot,
)
from .sample import potential_fn, sample_nuts, summarize

__all__ = [
    "Parameter",
    "ParameterSpace",
    "uniform",
    "normal",
    "flat",
    "FitResult",
    "ProfileResult",
    "FitWarning",
    "best_fit",
    "profile",
    "hessian_covariance",
    "sample_nuts",
    "summarize",
    "potential_fn",
    "save_fit",
    "load_fit",
    "save_idata",
    "load_idata",
    "corner_plot",
    "trace_plot",
    "profile_plot",
]
