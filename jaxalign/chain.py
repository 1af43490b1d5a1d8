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
    "predict_state",
    "predict_model_point",
    "photon_dipole_mz",
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


def evolve_point(C_in: dict, scale_in, scale_out, sm, accuracy: str = "integrate", *,
                 adjoint=None) -> dict:
    """Pure: full-flavour arrays at ``scale_in`` → SM couplings and arrays at ``scale_out``
    (Warsaw-down basis there). See :func:`jaxalign.smeft.rge.run_smeft`.

    ``adjoint``: how the ODE solves are differentiated. Default: reverse mode through the solver
    steps (fine for a few coefficients); ``"backsolve"`` for ``jax.grad``/``jax.jacrev`` with
    respect to many inputs (e.g. all 2499 at ``scale_in``: compiles in a few minutes instead of
    tens); ``"forward"`` for ``jax.jvp``/``jax.jacfwd``. See :func:`jaxalign.smeft.rge.evolve`."""
    return run_smeft(C_in, scale_in, scale_out, sm, accuracy=accuracy, adjoint=adjoint)


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


MATCHINGS = ("tree", "1loop")


def photon_dipole_mz(y_ew: dict, sm, matching: str = "tree"):
    """egamma at m_Z from the SMEFT state there: tree-level matching (the reference's default) or
    with the one-loop matching of :mod:`jaxalign.matching.dipole_1loop`."""
    if matching == "tree":
        return egamma_tree(y_ew, sm)
    if matching == "1loop":
        from .matching.dipole_1loop import egamma_1loop

        return egamma_1loop(y_ew, sm)
    raise InputError(f"matching must be one of {MATCHINGS}, got {matching!r}.")


def dipole_predictions(y_ew: dict, sm, names=None, matching: str = "tree", below_mz: str = "qed") -> dict:
    """Pure: predictions (SM + NP) from the SMEFT state at m_Z in the mass basis.

    ``below_mz``: ``"qed"`` (default) runs the photon dipole alone with the closed-form QED
    solution (:mod:`jaxalign.wet.qed`, what the fast likelihood uses); ``"wet"`` matches the whole
    state onto the WET and runs it with :func:`jaxalign.wet.running.run_wet` to each observable's
    scale, so that four-lepton and semileptonic operators mix into the dipoles on the way."""
    eg_mz = photon_dipole_mz(y_ew, sm, matching)
    if below_mz == "qed":
        return predict_from_egamma(eg_mz, sm, names)
    if below_mz != "wet":
        raise InputError(f"below_mz must be 'qed' or 'wet', got {below_mz!r}.")
    from .matching.smeft_to_wet import match_tree, weak_mixing
    from .wet.running import M_Z, initial_state, run_wet

    names = tuple(OBSERVABLES) if names is None else tuple(names)
    jms = match_tree(y_ew, sm)
    jms["egamma"] = eg_mz  # with the chosen matching of the dipoles
    st0 = initial_state(jms, y_ew, sm)
    mz = M_Z  # the WET segments are static (Python floats); the input sets all use m_Z = 91.1876
    _, _, e_match = weak_mixing(sm)
    out, cache = {}, {}
    for n in names:
        ob = observable(n)
        mu = min(float(ob.scale), mz)
        if mu not in cache:
            st = run_wet(st0, mz, mu) if mu < mz * (1 - 1e-12) else st0
            cache[mu] = (st["egamma"], st["e"])
        out[n] = ob.np(cache[mu][0], sm, e_match, cache[mu][1])
    return out


@partial(jax.jit, static_argnums=(2, 3, 4))
def _predict(y, sm, names, matching="tree", below_mz="qed"):
    return dipole_predictions(y, sm, names, matching, below_mz)


def predict_wcxf(wc: WCxf, sm, names=None, accuracy: str = "integrate", matching: str = "tree",
                 below_mz: str = "qed") -> dict:
    """``{name: {"sm": SM value, "np": SM + NP value}}`` for a SMEFT Warsaw WCxf point
    (default: every dipole and b → sℓℓ observable)."""
    from .observables.catalog import info

    for n in names or ():
        info(n)
    C = coefficient_arrays(wc)
    _check_scales(sm, wc.scale)
    y = _solve(C, wc.scale, float(sm.scale_ew), sm, accuracy)
    return predict_state(y, sm, names, matching, below_mz)


def predict_state(y_mz: dict, sm, names=None, matching: str = "tree", below_mz: str = "qed") -> dict:
    """``{name: {"sm", "np"}}`` for the dipole and b → sℓℓ observables from a SMEFT state at m_Z
    (Warsaw-down mass basis). ``names`` None: every dipole observable, and the b → sℓℓ ones."""
    from .observables import bsll
    from .observables.catalog import info

    if names is None:
        names = tuple(OBSERVABLES) + tuple(bsll.BSLL_OBSERVABLES)
    names = tuple(names)
    kinds = {n: info(n).kind for n in names}
    bad = [n for n, k in kinds.items() if k == "direct"]
    if bad:
        raise InputError(f"{bad} are predicted only by the light-mediator models, not by a SMEFT point.")
    dip = tuple(n for n in names if kinds[n] == "dipole")
    bsl = tuple(n for n in names if kinds[n] == "bsll")
    out = {}
    if dip:
        if matching not in MATCHINGS:
            raise InputError(f"matching must be one of {MATCHINGS}, got {matching!r}.")
        if below_mz not in ("qed", "wet"):
            raise InputError(f"below_mz must be 'qed' or 'wet', got {below_mz!r}.")
        pred = _predict(y_mz, sm, dip, matching, below_mz)
        out.update({n: {"sm": float(observable(n).sm(sm)), "np": float(pred[n])} for n in dip})
    if bsl:
        params = bsll.load_bsll_params(sm)
        vals = _predict_bsll(y_mz, sm, params, bsl)
        for n in bsl:
            o = bsll.BSLL_OBSERVABLES[n]
            out[n] = {"sm": float(jnp.real(o.sm(params))), "np": float(vals[n])}
    return out


@partial(jax.jit, static_argnums=(3,))
def _predict_bsll(y_mz, sm, params, names):
    from .observables import bsll

    wc = bsll.bs_wet_at_mb(y_mz, sm)
    return {n: jnp.real(bsll.BSLL_OBSERVABLES[n].np(wc, params)) for n in names}


def predict_model_point(point, sm, names=None, accuracy: str = "integrate", matching: str = "tree") -> dict:
    """Predictions ``{name: {"sm", "np"}}`` for a model point (:mod:`jaxalign.models.point`).

    SMEFT models: coefficients at Λ → running → matching → observables (+ the quantities the model
    predicts directly, e.g. B_s mixing from leptoquark boxes). Direct models: their predictions,
    with the SM value of each observable added to the new-physics shift.
    """
    from .likelihood.build import is_direct_model
    from .observables.catalog import info

    model, x = point.model, jnp.asarray(point.x)
    from .likelihood.build import _direct_names

    direct = {}
    if _direct_names(model):
        direct = {k: float(v) for k, v in model.predictions(x).items()}
    if is_direct_model(model):
        keys = tuple(direct) if names is None else tuple(names)
        missing = [n for n in keys if n not in direct]
        if missing:
            raise InputError(f"model {point.model_name!r} does not predict {missing}; it predicts {sorted(direct)}.")
        out = {}
        for n in keys:
            try:
                s = float(info(n).sm_value(sm))
            except Exception:  # quantities outside the catalogue (couplings, derived numbers)
                s = 0.0
            out[n] = {"sm": s, "np": s + direct[n]}
        return out
    if point.scale is None:
        raise InputError(f"{point.path}: give the matching 'scale' (GeV) of the SMEFT model point.")
    _check_scales(sm, point.scale)
    C = {k: jnp.zeros(class_shape(k), complex) for k in D6_CLASSES}
    C.update(model.coefficients(x))
    y = _solve(C, point.scale, float(sm.scale_ew), sm, accuracy)
    want = None if names is None else tuple(n for n in names if n not in direct)
    out = predict_state(y, sm, want, matching)
    for n, v in direct.items():
        if names is None or n in names:
            try:
                s = float(info(n).sm_value(sm))
            except Exception:
                s = 0.0
            out[n] = {"sm": s, "np": s + v}
    return out
