"""Reverse mode through the SMEFT running with ``adjoint="backsolve"`` (jaxalign.smeft.rge).

Reference: forward mode (``jax.jvp`` with ``adjoint="forward"``, i.e. diffrax ``ForwardMode``:
the derivative of the discrete solution), independent of the adjoint machinery under test
(diffrax ``BacksolveAdjoint``: the continuous adjoint equation integrated backwards, with the
VJP of the β functions traced in einsum form). For a real f of complex inputs JAX's gradient is
g = ∂f/∂x − i ∂f/∂y, so the directional derivative along d is Re Σ g·d.

Tolerance: both sides approximate the derivative of the exact solution, each to about the solver
tolerance. The tightest check integrates with rtol 1e-10, atol 1e-12 (in units of max|C|) on
both sides; the chain through the SM couplings at Λ has two solves at rtol 1e-8, atol 1e-10
(``sm_at_scale``'s default). Required: agreement to 1e-7 relative (10× the loosest rtol), or
to 1e-7 of Σ|g||d| where the directional derivative is small by cancellation. Observed: ~1e-12
(the adjoint equation is as smooth as the state).
"""

from __future__ import annotations

import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.chain import coefficient_arrays, evolve_point
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.smeft.betas.common import project
from jaxalign.smeft.operators import class_shape
from jaxalign.smeft.rge import evolve

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "wilson_running_full.json"
REC = json.loads(DATA.read_text())["records"][0]  # F01: a point with entries in many classes
RTOL_DERIV = 1e-7
LN_IN, LN_OUT = float(np.log(REC["input"]["scale"])), float(np.log(91.1876))


def _sm_in():
    out = {}
    for k, v in REC["sm_input_scale"].items():
        z = np.asarray(v["Re"]) + 1j * np.asarray(v["Im"])
        out[k] = jnp.asarray(z.real if z.ndim == 0 else z)
    return out


def _direction(C, rng, scale):
    """A random direction in the coefficient space (each class on its symmetric subspace)."""
    d = {}
    for k, v in C.items():
        x = rng.normal(size=np.shape(v)) + 1j * rng.normal(size=np.shape(v))
        d[k] = jnp.asarray(project(k, x), jnp.result_type(v)) * scale
    return d


def _check(g, tangent, d):
    ad = sum(float(jnp.real(jnp.sum(g[k] * d[k]))) for k in d)
    size = sum(float(jnp.sum(jnp.abs(g[k]) * jnp.abs(d[k]))) for k in d)
    assert abs(ad - tangent) <= RTOL_DERIV * max(abs(tangent), size), (ad, tangent, size)
    assert abs(tangent) > 1e-3 * size  # the direction probes the gradient, not a cancellation


def test_adjoint_option_is_validated():
    y0 = {**_sm_in(), "eB": jnp.zeros(class_shape("eB"), complex)}
    with pytest.raises(ValueError, match="adjoint"):
        evolve(y0, LN_IN, LN_OUT, adjoint="backward")
    with pytest.raises(TypeError, match="adjoint"):
        evolve(y0, LN_IN, LN_OUT, adjoint=3)


SECTOR = ("eB", "eW", "ephi", "lequ3")


def _small_state():
    full = coefficient_arrays(parse_wcxf(REC["input"]))
    C = {k: full[k] for k in SECTOR}
    C["lequ3"] = C["lequ3"].at[1, 1, 2, 2].set(1e-8)
    C["eB"] = C["eB"].at[1, 1].set(1e-11)
    return C


@pytest.mark.slow  # ~30 s on 2 cores; the held-coefficient variant below stays in the default suite
def test_backsolve_gradient_of_a_small_sector_matches_forward_mode():
    """evolve alone (SM couplings of F01 at its scale, four classes): values unchanged by the
    option, and grad (backsolve) = jvp (forward mode) along three random directions, with respect
    to the coefficients and the SM couplings at the input scale."""
    sm_in, C = _sm_in(), _small_state()

    def f(C, sm_in, adjoint):
        y = evolve({**sm_in, **C}, LN_IN, LN_OUT, adjoint=adjoint, throw=False)
        return jnp.real(y["eB"][1, 1]) * 1e12

    v_default = jax.jit(lambda C, s: f(C, s, None))(C, sm_in)
    v, (gC, gS) = jax.jit(jax.value_and_grad(lambda C, s: f(C, s, "backsolve"), argnums=(0, 1)))(C, sm_in)
    assert float(v) == float(v_default)  # the primal of the backsolve variant is the same program
    jv = jax.jit(lambda C, s, dC, dS: jax.jvp(lambda C, s: f(C, s, "forward"), (C, s), (dC, dS))[1])
    rng = np.random.default_rng(0)
    for _ in range(3):
        dC = _direction(C, rng, 1e-9)
        dS = {k: jnp.asarray(rng.normal(size=np.shape(v)) + (1j * rng.normal(size=np.shape(v))
                                                              if jnp.iscomplexobj(v) else 0),
                             jnp.result_type(v)) * 1e-3 for k, v in sm_in.items()}
        _check({**gC, **gS}, float(jv(C, sm_in, dC, dS)), {**dC, **dS})


def test_backsolve_gradient_with_coefficients_held_fixed_matches_forward_mode():
    """newphys=False (the SM couplings run with the coefficients as constants, as in the
    determination of the SM couplings at Λ): the held coefficients enter the ODE as parameters."""
    sm_in, C = _sm_in(), _small_state()
    C = {**C, "phiD": jnp.asarray(2e-8 + 0j), "phiBox": jnp.asarray(-1e-8 + 0j)}

    def f(C, adjoint):
        y = evolve({**sm_in, **C}, LN_OUT, LN_IN, newphys=False, adjoint=adjoint, throw=False)
        return jnp.real(y["Ge"][1, 1]) * 1e3 + y["Lambda"]

    g = jax.jit(jax.grad(lambda C: f(C, "backsolve")))(C)
    # classes that the SM β's do not read get an exact zero
    assert float(jnp.max(jnp.abs(g["eB"]))) == 0.0
    jv = jax.jit(lambda C, d: jax.jvp(lambda C: f(C, "forward"), (C,), (d,))[1])
    rng = np.random.default_rng(1)
    for _ in range(3):
        d = _direction(C, rng, 1e-8)
        _check(g, float(jv(C, d)), d)


@pytest.mark.slow
def test_backsolve_gradient_wrt_all_2499_inputs_matches_forward_mode():
    """d Re C_eB,22(m_Z)/d C(Λ) through evolve_point (SM couplings at Λ, the full-basis ODE, the
    basis rotation) for every class at once, against forward mode along three random directions
    of the full coefficient space (all 2499 real parameters)."""
    sm = load_inputs("reference")
    C = coefficient_arrays(parse_wcxf(REC["input"]))

    def f(C, adjoint):
        y = evolve_point(C, REC["input"]["scale"], 91.1876, sm, adjoint=adjoint)
        return jnp.real(y["eB"][1, 1]) * 1e12

    g = jax.jit(jax.grad(lambda C: f(C, "backsolve")))(C)
    jv = jax.jit(lambda C, d: jax.jvp(lambda C: f(C, "forward"), (C,), (d,))[1])
    rng = np.random.default_rng(2)
    for _ in range(3):
        # small: random entries in every class also rotate the charged-lepton basis
        d = _direction(C, rng, 1e-12)
        _check(g, float(jv(C, d)), d)
