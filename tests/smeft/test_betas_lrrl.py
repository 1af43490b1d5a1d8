"""Tests of the (L̄R)(R̄L) and (L̄R)(L̄R) β-functions (jaxalign.smeft.betas.lrrl).

Reference: tests/data/wilson_beta_full.npz (loader tests/smeft/betas_reference.py), produced by
tests/data/make_wilson_beta_full.py with wilson 2.5.2 (``wilson.run.smeft.beta.beta``, a test-time
oracle only, not imported here): 4 random points with every Warsaw class non-zero, random complex
Yukawas and realistic SM couplings; wilson's β̂ projected onto the symmetric subspace of each class.
The module owns no SM-coupling key, so there is no separate dimension-six test of SM couplings.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from betas_reference import RTOL, load, max_rel_dev, state
from jaxalign.smeft.betas.common import Yuk, project
from jaxalign.smeft.betas.lrrl import BETAS

HEADER, POINTS = load()
KEYS = sorted(BETAS)


def _mine(point, key):
    C = state(point)
    return project(key, BETAS[key](C, Yuk(C["Gu"], C["Gd"], C["Ge"])))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_against_wilson(ip, key):
    pt = POINTS[ip]
    assert max_rel_dev(_mine(pt, key), pt["beta"][key]) < RTOL


@pytest.mark.parametrize("key", KEYS)
def test_shape_and_dtype(key):
    pt = POINTS[0]
    out = _mine(pt, key)
    assert out.shape == np.shape(pt["in"][key])
    assert jnp.iscomplexobj(out)


def test_jit_smoke():
    """One key through jax.jit (the β's run inside jit/diffrax in the solver)."""
    pt = POINTS[1]
    C = state(pt)
    f = jax.jit(lambda c: project("quqd1", BETAS["quqd1"](c, Yuk(c["Gu"], c["Gd"], c["Ge"]))))
    assert max_rel_dev(f(C), pt["beta"]["quqd1"]) < RTOL


def test_linear_in_dimension_six():
    """Every term is linear in the dimension-six coefficients: all-zero classes give β̂ = 0."""
    C = state(POINTS[2])
    Z = {k: (v if k in ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge") else jnp.zeros_like(v))
         for k, v in C.items()}
    Y = Yuk(Z["Gu"], Z["Gd"], Z["Ge"])
    for k in KEYS:
        assert float(jnp.max(jnp.abs(BETAS[k](Z, Y)))) == 0.0
