"""The chain WCxf point → running → matching → observables, as plain functions.

This is the user-facing composition of :mod:`jaxalign.smeft` (running and basis),
:mod:`jaxalign.matching` and :mod:`jaxalign.observables`; the command line and the likelihood
builders use it. Pure parts (:func:`evolve_point`, :func:`dipole_predictions`) are jit-able;
the WCxf front ends validate in Python first.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from .errors import InputError, WCxfError
from .io.wcxf import WCxf
from .matching.smeft_to_wet import egamma_tree
from .observables.registry import OBSERVABLES, observable, predict_from_egamma
from .smeft.operators import D6_CLASSES, SM_KEYS, arrays_to_wcxf, class_shape, split_sector, wcxf_to_arrays
from .smeft.rge import run_smeft

__all__ = [
    "coefficient_arrays",
    "evolve_point",
    "run_wcxf",
    "run_wcxf_wet",
    "dipole_predictions",
    "predict_wcxf",
]


def coefficient_arrays(wc: WCxf, sector=None) -> dict:
    """Validated full-flavour arrays (every class of ``sector``, zeros where absent).

    ``sector`` defaults to all 59 B-conserving Warsaw classes, so that the running keeps every
    coefficient the input generates; a smaller tuple restricts (and speeds up) the running."""
    sector = D6_CLASSES if sector is None else tuple(sector)
    if wc.eft != "SMEFT":
        raise WCxfError(f"expected eft 'SMEFT', got '{wc.eft}' (only SMEFT input is supported).")
    if wc.basis != "Warsaw":
        raise WCxfError(f"expected basis 'Warsaw', got '{wc.basis}'.")
    split_sector(wc.values, sector)
    arr = wcxf_to_arrays(wc.values)
    return {k: jnp.asarray(arr.get(k, np.zeros(class_shape(k), complex))) for k in sector}


def _check_scales(sm, *scales):
    for s in scales:
        if not np.isfinite(s) or s < float(sm.scale_ew) * (1 - 1e-9):
            raise InputError(
                f"scale {s} GeV is below the electroweak scale {float(sm.scale_ew)} GeV: the SMEFT "
                "running stops there (use a scale ≥ m_Z)."
            )


def evolve_point(C_in: dict, scale_in, scale_out, sm, accuracy: str = "integrate") -> dict:
    """Pure: full-flavour arrays at ``scale_in`` → SM couplings and arrays at ``scale_out``
    (Warsaw-down basis there). See :func:`jaxalign.smeft.rge.run_smeft`."""
    return run_smeft(C_in, scale_in, scale_out, sm, accuracy=accuracy)


@partial(jax.jit, static_argnums=(4,))
def _evolve_unchecked(C_in, scale_in, scale_out, sm, accuracy):
    # no host callbacks inside: cacheable across processes (scales are validated in Python)
    return run_smeft(C_in, scale_in, scale_out, sm, accuracy=accuracy, checked=False)


def _solve(C, scale_in, scale_out, sm, accuracy):
    y, ok = _evolve_unchecked(C, scale_in, scale_out, sm, accuracy)
    if not bool(ok):
        raise InputError(
            f"the RG solution from {scale_in} GeV to {scale_out} GeV failed (ODE solver did not "
            "converge); are the coefficients unreasonably large?"
        )
    bad = [k for k, v in y.items() if not bool(jnp.all(jnp.isfinite(v)))]
    if bad:
        raise InputError(f"the RG solution is not finite in {bad}; are the coefficients unreasonably large?")
    return y


def run_wcxf(wc: WCxf, scale_out: float, sm, accuracy: str = "integrate") -> WCxf:
    """Run a SMEFT Warsaw WCxf point to ``scale_out`` (GeV) and return it as WCxf."""
    C = coefficient_arrays(wc)
    _check_scales(sm, wc.scale, scale_out)
    y = _solve(C, wc.scale, scale_out, sm, accuracy)
    arrays = {k: np.asarray(v) for k, v in y.items() if k not in SM_KEYS}
    values = arrays_to_wcxf(arrays)
    meta = {
        "generator": "jaxalign",
        "running": f"one-loop SMEFT ({accuracy}), complete Warsaw basis; from {wc.scale} GeV",
        "sm_inputs": sm.name,
    }
    return WCxf("SMEFT", "Warsaw", float(scale_out), values, meta)


WET_BASES = ("JMS", "flavio")


def run_wcxf_wet(wc: WCxf, scale_out: float, sm, basis: str = "JMS", accuracy: str = "integrate") -> WCxf:
    """Run a SMEFT point to m_Z, match it onto the WET at tree level and run the WET to ``scale_out``.

    The WET part covers the sectors jaxalign uses (lepton dipoles with the four-fermion operators
    that mix into them, and b → s ℓℓ/γ; :mod:`jaxalign.wet.running`). ``basis``: ``"JMS"`` (all
    those coefficients, WCxf ``WET.JMS``) or ``"flavio"`` (the ``sb`` sector, for scales at or
    above the b threshold, and the lepton dipoles ``Cgamma_*``). The EFT name follows the active
    quark flavours (WET, WET-4, WET-3).
    """
    from .matching.smeft_to_wet import ckm_from_state, match_tree
    from .smeft.sm_couplings import vev_from_gf
    from .wet.flavio_basis import lambda_t, sb_sector
    from .wet.jms_keys import arrays_to_jms, wet_name
    from .wet.running import THRESHOLDS, initial_state, run_wet

    if basis not in WET_BASES:
        raise InputError(f"unknown WET basis {basis!r}; choose one of {', '.join(WET_BASES)}.")
    mz = float(sm.scale_ew)
    if not (THRESHOLDS[-1][0] <= scale_out <= mz * (1 + 1e-9)):
        raise InputError(
            f"WET output scale {scale_out} GeV outside [m_μ, m_Z] = [{THRESHOLDS[-1][0]}, {mz}] GeV.")
    C = coefficient_arrays(wc)
    _check_scales(sm, wc.scale)
    y = _solve(C, wc.scale, mz, sm, accuracy)
    st = initial_state(match_tree(y, sm), y, sm)
    if scale_out < mz * (1 - 1e-12):
        st = run_wet(st, mz, scale_out)
    eft = wet_name(scale_out)
    if basis == "JMS":
        values = arrays_to_jms(st, eft)
    else:
        values = {}
        if scale_out >= THRESHOLDS[0][0]:
            V = ckm_from_state(y, vev_from_gf(sm.GF))
            sb = sb_sector(st, GF=sm.GF, lam_t=lambda_t(V), e=st["e"], gs=st["gs"], m_b=st["m_d"][2])
            values.update({k: complex(v) for k, v in sb.items() if complex(v) != 0})
        eg = np.asarray(st["egamma"])
        names = {"mue": (0, 1), "emu": (1, 0), "taumu": (1, 2), "mutau": (2, 1), "taue": (0, 2), "etau": (2, 0)}
        for n, idx in names.items():
            if complex(eg[idx]) != 0:
                values[f"Cgamma_{n}"] = complex(eg[idx])
    meta = {
        "generator": "jaxalign",
        "running": (f"one-loop SMEFT ({accuracy}) from {wc.scale} GeV to {mz} GeV, tree-level "
                    f"matching, one-loop QCD+QED WET running to {scale_out} GeV (jaxalign sectors)"),
        "sm_inputs": sm.name,
    }
    return WCxf(eft, basis, float(scale_out), values, meta)


def dipole_predictions(y_ew: dict, sm, names=None) -> dict:
    """Pure: predictions (SM + NP) from the SMEFT state at m_Z in the mass basis."""
    return predict_from_egamma(egamma_tree(y_ew, sm), sm, names)


@partial(jax.jit, static_argnums=(2,))
def _predict(y, sm, names):
    return dipole_predictions(y, sm, names)


def predict_wcxf(wc: WCxf, sm, names=None, accuracy: str = "integrate") -> dict:
    """``{name: {"sm": SM value, "np": SM + NP value}}`` for a SMEFT Warsaw WCxf point."""
    names = tuple(OBSERVABLES) if not names else tuple(names)
    for n in names:
        observable(n)
    C = coefficient_arrays(wc)
    _check_scales(sm, wc.scale)
    y = _solve(C, wc.scale, float(sm.scale_ew), sm, accuracy)
    pred = _predict(y, sm, names)
    return {n: {"sm": float(observable(n).sm(sm)), "np": float(pred[n])} for n in names}
