"""Catalogue of every observable a fit can use: name → kind, unit, likelihood type, SM value.

Three kinds of observable, computed on three paths of the chain
(:class:`jaxalign.likelihood.build.Likelihood`):

* ``"dipole"`` — from the photon dipole ``egamma`` at m_Z (a_ℓ, ℓ→ℓ′γ, d_e;
  :mod:`jaxalign.observables.registry`);
* ``"bsll"`` — from the flavio-basis b → sℓℓ coefficients (and ΔB = 2) at the b scale
  (:mod:`jaxalign.observables.bsll`);
* ``"direct"`` — predicted directly by a model that is not an SMEFT point (light mediators:
  neutrino-trident ratios, ratios g/g_limit(m) to published exclusion curves;
  :mod:`jaxalign.lightnp`), and the same names when a SMEFT model adds them.

For each observable the *prediction* compared with data is the new-physics part, prediction − SM
(the SM value is subtracted from the measured value and the theory error of the SM prediction is
added in quadrature, see :func:`jaxalign.likelihood.measurements.constraint_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import jax.numpy as jnp

from ..errors import DataError, suggest

__all__ = ["ObservableInfo", "info", "known_observables", "references", "LIKELIHOODS"]

#: likelihood types: a Gaussian measurement, a limit on a positive quantity, a limit on |x|
LIKELIHOODS = ("gaussian", "half_normal_at_cl", "gaussian_at_cl")


def _zero(sm):
    return 0.0


@dataclass(frozen=True)
class ObservableInfo:
    """What a measurement of ``name`` constrains and how (see module docstring)."""

    name: str
    kind: str  # "dipole" | "bsll" | "direct"
    unit: str
    likelihood: str  # the likelihood type a data file must use for it
    prediction: str  # what the number handed to the likelihood is
    sm_value: Callable = field(default=_zero, repr=False)  # SMInputs → SM prediction
    sm_error: Callable = field(default=_zero, repr=False)  # SMInputs → theory error of the SM value


def _dipole_entries() -> dict:
    a = {"a_e": 0, "a_mu": 1, "a_tau": 2}
    out = {}
    for n, i in a.items():
        out[n] = ObservableInfo(
            n, "dipole", "1", "gaussian", f"NP shift Δ{n} (dimensionless)",
            (lambda sm, i=i: float(sm.a_sm[i])), (lambda sm, i=i: float(sm.a_sm_err[i])))
    for n, t in (("BR(mu->egamma)", "μ→eγ"), ("BR(tau->mugamma)", "τ→μγ"), ("BR(tau->egamma)", "τ→eγ")):
        out[n] = ObservableInfo(n, "dipole", "1", "half_normal_at_cl", f"BR({t}) (SM contribution negligible)")
    out["d_e"] = ObservableInfo("d_e", "dipole", "e cm", "gaussian_at_cl",
                                "d_e/e in e·cm, signed (SM contribution negligible)")
    return out


def _bsll_params(sm):
    from . import bsll

    key = id(sm)
    if key not in _PARAMS:
        _PARAMS[key] = (sm, bsll.load_bsll_params(sm))  # keep sm alive so that its id stays unique
    return _PARAMS[key][1]


_PARAMS: dict = {}


def _bsll_entries() -> dict:
    from . import bsll

    out = {}
    for n, o in bsll.BSLL_OBSERVABLES.items():
        out[n] = ObservableInfo(
            n, "bsll", o.unit, "gaussian", f"{n}: prediction − SM ({o.unit})",
            (lambda sm, o=o: float(jnp.real(o.sm(_bsll_params(sm))))),
            (lambda sm, o=o: float(o.theory(_bsll_params(sm)))))
    return out


#: ratios σ/σ_SM of neutrino trident production (SM = 1); theory error of the SM ratio neglected
TRIDENTS = ("R_trident(CCFR)", "R_trident(CHARM-II)", "R_trident(DUNE)")


def _direct_entries() -> dict:
    out = {n: ObservableInfo(n, "direct", "1", "gaussian", f"{n} − 1 (SM ratio = 1)", lambda sm: 1.0)
           for n in TRIDENTS}
    from ..lightnp import limits, recast

    for name in {**limits.LIMIT_CL, **recast.RECAST_CL}:
        n = f"limit:{name}"
        out[n] = ObservableInfo(n, "direct", "1", "half_normal_at_cl",
                                f"g/g_limit(m) for the exclusion curve '{name}' (1 on the curve)")
    return out


_CACHE: dict = {}


def _all() -> dict:
    if not _CACHE:
        _CACHE.update(_dipole_entries())
        _CACHE.update(_bsll_entries())
        _CACHE.update(_direct_entries())
    return _CACHE


def known_observables() -> tuple[str, ...]:
    """Every observable name a measurement file or fit configuration may use."""
    return tuple(_all())


def info(name: str) -> ObservableInfo:
    """The :class:`ObservableInfo` of ``name``; a clear error naming close matches otherwise."""
    table = _all()
    if name not in table:
        raise DataError(f"unknown observable {name!r}.{suggest(str(name), table)} "
                        f"Known: {', '.join(table)}.")
    return table[name]


def references(name: str) -> tuple[str, ...]:
    """Where the prediction of ``name`` comes from (formulas, inputs)."""
    inf = info(name)
    if inf.kind == "dipole":
        from .registry import observable

        return tuple(observable(name).references)
    if inf.kind == "bsll":
        from . import bsll

        return tuple(bsll.BSLL_OBSERVABLES[name].references)
    from ..lightnp import models as light

    return tuple(getattr(light, "OBSERVABLE_REFERENCES", {}).get(name, ("jaxalign.lightnp",)))
