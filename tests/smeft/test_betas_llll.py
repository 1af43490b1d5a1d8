"""Tests of the (L̄L)(L̄L) β-functions (jaxalign.smeft.betas.llll): ll, qq1, qq3, lq1, lq3.

Reference: tests/data/wilson_beta_full.npz (loader tests/smeft/betas_reference.py), produced by
tests/data/make_wilson_beta_full.py with wilson 2.5.2 (``wilson.run.smeft.beta.beta``, a test-time
oracle only, not imported here): 4 random points with every Warsaw class non-zero (O(1e-6)),
random complex Yukawas and realistic SM couplings; wilson's β̂ projected onto the symmetric
subspace of each class. The module owns no SM-coupling key, so there is no separate
dimension-six test of SM couplings.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from betas_reference import RTOL, load, max_rel_dev, state
from jaxalign.smeft.betas.common import Yuk, project
from jaxalign.smeft.betas.llll import BETAS

HEADER, POINTS = load()
KEYS = sorted(BETAS)
SM = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")


def _mine(C, key):
    return project(key, BETAS[key](C, Yuk(C["Gu"], C["Gd"], C["Ge"])))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_against_wilson(ip, key):
    pt = POINTS[ip]
    assert max_rel_dev(_mine(state(pt), key), pt["beta"][key]) < RTOL


@pytest.mark.parametrize("key", KEYS)
def test_shape_and_dtype(key):
    pt = POINTS[0]
    out = _mine(state(pt), key)
    assert out.shape == np.shape(pt["in"][key])
    assert jnp.iscomplexobj(out)


def test_jit_smoke():
    """One key through jax.jit (the β's run inside jit/diffrax in the solver)."""
    pt = POINTS[1]
    f = jax.jit(lambda c: _mine(c, "qq1"))
    assert max_rel_dev(f(state(pt)), pt["beta"]["qq1"]) < RTOL


def test_linear_in_dimension_six():
    """Every term is linear in the dimension-six coefficients: all-zero classes give β̂ = 0."""
    C = state(POINTS[2])
    Z = {k: (v if k in SM else jnp.zeros_like(v)) for k, v in C.items()}
    Y = Yuk(Z["Gu"], Z["Gd"], Z["Ge"])
    for k in KEYS:
        assert float(jnp.max(jnp.abs(BETAS[k](Z, Y)))) == 0.0


def test_boxes_need_yukawas():
    """With Ge = Gu = Gd = 0 the scalar/tensor classes (ledq, lequ1, lequ3, quqd1, quqd8) do not
    feed the (L̄L)(L̄L) classes (they enter only through the Higgs boxes, two Yukawas each): a
    bookkeeping check independent of the reference."""
    C = dict(state(POINTS[3]))
    for k in ("Gu", "Gd", "Ge"):
        C[k] = jnp.zeros_like(C[k])
    Y = Yuk(C["Gu"], C["Gd"], C["Ge"])
    C0 = dict(C)
    for k in ("ledq", "lequ1", "lequ3", "quqd1", "quqd8"):
        C0[k] = jnp.zeros_like(C[k])
    for k in KEYS:
        assert float(jnp.max(jnp.abs(BETAS[k](C, Y) - BETAS[k](C0, Y)))) == 0.0
