"""One-loop β̂ of the bosonic Warsaw classes and the real SM couplings (jaxalign.smeft.betas.bosonic).

Reference: tests/data/wilson_beta_full.npz (generator tests/data/make_wilson_beta_full.py), i.e.
wilson 2.5.2 ``wilson.run.smeft.beta.beta(C, HIGHSCALE=1, newphys=True)`` evaluated at 4 random
points with every one of the 59 baryon-number-conserving classes non-zero, random complex
Yukawas and realistic SM couplings; ``beta_sm`` is the same with all dimension-six coefficients
zero. wilson is not imported here. β's are evaluated eagerly (one jit smoke test).
"""

from __future__ import annotations

import functools

import jax
import numpy as np
import pytest

jax.config.update("jax_enable_x64", True)

from jaxalign.smeft.betas import bosonic, complete_state  # noqa: E402
from jaxalign.smeft.betas.common import Yuk, project  # noqa: E402

from betas_reference import RTOL, SM_REAL, load, max_rel_dev, state  # noqa: E402

KEYS = tuple(bosonic.BETAS)
CLASS_KEYS = tuple(k for k in KEYS if k not in SM_REAL)
SM_KEYS = tuple(k for k in KEYS if k in SM_REAL)
N_POINTS = 4


@functools.lru_cache(maxsize=None)
def _points():
    return load()[1]


@functools.lru_cache(maxsize=None)
def _inputs(i):
    """(C, C with every dimension-six class zero, Yuk) at reference point i."""
    C = complete_state(state(_points()[i]))
    C0 = {k: (v if k in SM_REAL + ("Gu", "Gd", "Ge") else 0.0 * v) for k, v in C.items()}
    return C, C0, Yuk(C["Gu"], C["Gd"], C["Ge"])


def test_keys():
    assert set(KEYS) == {
        "g", "gp", "gs", "Lambda", "m2",
        "G", "Gtilde", "W", "Wtilde", "phi", "phiBox", "phiD", "phiG", "phiB", "phiW", "phiWB",
        "phiGtilde", "phiBtilde", "phiWtilde", "phiWtildeB"}


@pytest.mark.parametrize("i", range(N_POINTS))
@pytest.mark.parametrize("key", CLASS_KEYS)
def test_class_beta_matches_wilson(i, key):
    C, _, Y = _inputs(i)
    mine = project(key, bosonic.BETAS[key](C, Y))
    assert np.shape(mine) == ()
    assert max_rel_dev(mine, _points()[i]["beta"][key]) < RTOL


@pytest.mark.parametrize("i", range(N_POINTS))
@pytest.mark.parametrize("key", SM_KEYS)
def test_sm_coupling_beta_matches_wilson(i, key):
    C, C0, Y = _inputs(i)
    ref = _points()[i]
    mine = np.real(bosonic.BETAS[key](C, Y))
    assert max_rel_dev(mine, np.real(ref["beta"][key])) < RTOL
    # dimension-six part alone (relative to its own size)
    mine6 = mine - np.real(bosonic.BETAS[key](C0, Y))
    ref6 = np.real(ref["beta"][key] - ref["beta_sm"][key])
    assert max_rel_dev(mine6, ref6) < RTOL


def test_jit_smoke():
    C, _, Y = _inputs(0)
    f = jax.jit(lambda c: bosonic.BETAS["phi"](c, Yuk(c["Gu"], c["Gd"], c["Ge"])))
    np.testing.assert_allclose(f(C), bosonic.BETAS["phi"](C, Y), rtol=1e-13)
