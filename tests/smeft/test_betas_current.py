"""Tests of the ψ²H²D β-functions (jaxalign.smeft.betas.current).

Reference: tests/data/wilson_beta_full.npz (loader tests/smeft/betas_reference.py), produced by
tests/data/make_wilson_beta_full.py with wilson 2.5.2 — ``wilson.run.smeft.beta.beta(C,
HIGHSCALE=1, newphys=True)`` at 4 random points with all 59 Warsaw classes non-zero, generic
complex Yukawas and realistic SM couplings, each class projected onto its symmetric subspace.
wilson is not imported here.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from jaxalign.smeft.betas import current  # noqa: E402
from jaxalign.smeft.betas.common import Yuk, project  # noqa: E402

from betas_reference import RTOL, load, max_rel_dev, state  # noqa: E402

jax.config.update("jax_enable_x64", True)

KEYS = ("phil1", "phil3", "phie", "phiq1", "phiq3", "phiu", "phid", "phiud")
_HEADER, _POINTS = load()


@pytest.fixture(scope="module")
def mine():
    """Eager β̂ of every key at every reference point (computed once)."""
    out = []
    for pt in _POINTS:
        C = state(pt)
        out.append({k: np.asarray(project(k, v))
                    for k, v in current._all(C, Yuk(C["Gu"], C["Gd"], C["Ge"])).items()})
    return out


def test_keys():
    assert set(current.BETAS) == set(KEYS)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("i", range(len(_POINTS)))
def test_against_wilson(mine, i, key):
    ref = _POINTS[i]["beta"][key]
    assert max_rel_dev(mine[i][key], ref) < RTOL


@pytest.mark.parametrize("key", KEYS)
def test_single_function_matches_shared(mine, key):
    """Each BETAS entry called alone (as the assembly does) equals the shared evaluation."""
    C = state(_POINTS[0])
    b = current.BETAS[key](C, Yuk(C["Gu"], C["Gd"], C["Ge"]))
    assert np.allclose(np.asarray(project(key, b)), mine[0][key], rtol=0, atol=1e-22)


def test_shapes_and_hermiticity():
    C = state(_POINTS[1])
    Y = Yuk(C["Gu"], C["Gd"], C["Ge"])
    for k in KEYS:
        b = np.asarray(current.BETAS[k](C, Y))
        assert b.shape == (3, 3)
        if k != "phiud":  # Hermitian classes come out Hermitian without projection
            assert np.max(np.abs(b - b.conj().T)) < 1e-12 * np.max(np.abs(b))


def test_jit_smoke():
    C = state(_POINTS[2])
    f = jax.jit(lambda c: current.BETAS["phiq1"](c, Yuk(c["Gu"], c["Gd"], c["Ge"])))
    ref = _POINTS[2]["beta"]["phiq1"]
    assert max_rel_dev(project("phiq1", f(C)), ref) < RTOL


def test_linear_in_dimension_six():
    """With every dimension-six class zero the β's of this class vanish (no SM source)."""
    C = state(_POINTS[3])
    C0 = {k: (v if k in ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
              else jnp.zeros_like(v)) for k, v in C.items()}
    Y = Yuk(C["Gu"], C["Gd"], C["Ge"])
    for k in KEYS:
        assert np.max(np.abs(np.asarray(current.BETAS[k](C0, Y)))) == 0.0
