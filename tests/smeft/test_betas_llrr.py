"""Tests of the (L̄L)(R̄R) β-functions (jaxalign.smeft.betas.llrr): le, lu, ld, qe, qu1, qu8,
qd1, qd8.

Reference: tests/data/wilson_beta_full.npz (loader tests/smeft/betas_reference.py), produced by
tests/data/make_wilson_beta_full.py with wilson 2.5.2 (``wilson.run.smeft.beta.beta(C,
HIGHSCALE=1, newphys=True)``, a test-time oracle only, not imported here): 4 random points with
every Warsaw class non-zero (O(1e-6) GeV⁻²), random complex Yukawas and realistic SM couplings;
wilson's β̂ projected onto the symmetric subspace of each class. Since every class is non-zero at
every point, each source term of every β is exercised. The module owns no SM-coupling key, so
there is no separate dimension-six test of SM couplings.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from betas_reference import RTOL, load, max_rel_dev, state
from jaxalign.smeft.betas.common import Yuk, project
from jaxalign.smeft.betas.llrr import BETAS

HEADER, POINTS = load()
KEYS = sorted(BETAS)
SM = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")


def _raw(C, key):
    return BETAS[key](C, Yuk(C["Gu"], C["Gd"], C["Ge"]))


def _mine(C, key):
    return project(key, _raw(C, key))


def test_keys():
    assert set(BETAS) == {"le", "lu", "ld", "qe", "qu1", "qu8", "qd1", "qd8"}


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_against_wilson(ip, key):
    pt = POINTS[ip]
    assert max_rel_dev(_mine(state(pt), key), pt["beta"][key]) < RTOL


@pytest.mark.parametrize("key", KEYS)
def test_shape_dtype_and_hermiticity(key):
    """Right shape, complex, and already in the symmetric subspace (C_rpts = C*_prst): the
    h.c. partners of the terms fed by the non-Hermitian classes are included explicitly."""
    pt = POINTS[0]
    raw = _raw(state(pt), key)
    assert raw.shape == np.shape(pt["in"][key])
    assert jnp.iscomplexobj(raw)
    assert max_rel_dev(raw, project(key, raw)) < 1e-13


def test_jit_smoke():
    """One key through jax.jit (the β's run inside jit/diffrax in the solver)."""
    pt = POINTS[1]
    f = jax.jit(lambda c: _mine(c, "qu8"))
    assert max_rel_dev(f(state(pt)), pt["beta"]["qu8"]) < RTOL


def test_linear_in_dimension_six():
    """Every term is linear in the dimension-six coefficients: all-zero classes give β̂ = 0."""
    C = state(POINTS[2])
    Z = {k: (v if k in SM else jnp.zeros_like(v)) for k, v in C.items()}
    for k in KEYS:
        assert float(jnp.max(jnp.abs(_raw(Z, k)))) == 0.0
