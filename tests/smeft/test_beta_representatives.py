"""The running's state of independent entries (session 12 speed-up of the complete-basis ODE).

The numerical running carries each class through its independent entries
(:func:`jaxalign.smeft.operators.class_representatives`) and computes its β only there
(``beta(..., representatives=True)``). Checked here:

* the tables: 2499 real parameters for the 59 classes (the count of WCxf's SMEFT Warsaw basis
  without B-violating and dimension-five keys), and the full arrays of a WCxf point rebuilt from
  the entries at the representatives exactly;
* the β at the representatives against wilson 2.5.2's projected β̂ at random full-basis points
  (tests/data/wilson_beta_full.npz, the reference of test_betas_full.py) — this also tests the
  assumption behind computing only those entries: the β̂ of a symmetric state has the
  conjugation symmetry of its class before projection;
* the batched flavour rotation against the index-by-index contraction;
* the evolution: a state outside the symmetric subspace keeps that part unchanged, and the
  restricted leading log in ``sm_at_scale`` equals the one with the complete β.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from betas_reference import RTOL, load, state
from jaxalign.smeft import beta as B
from jaxalign.smeft.betas import CLASSES, at_representatives
from jaxalign.smeft.betas.common import project
from jaxalign.smeft.flavour_basis import FIELDS, _rotate_one, rotate
from jaxalign.smeft.operators import (class_keys, class_representatives, class_shape,
                                      wcxf_to_arrays, _key)

HEADER, POINTS = load()
_beta_reps = jax.jit(lambda y: B.beta_hat(y, representatives=True))
_beta_full = jax.jit(B.beta_hat)


def _random_wcxf(rng, scale=1.0):
    vals = {}
    for name in CLASSES:
        for idx, real in class_keys(name):
            z = rng.normal() + (0.0 if real else 1j * rng.normal())
            vals[_key(name, idx)] = scale * z
    return vals


def test_independent_parameters_count():
    n = sum(len(class_representatives(k).flat) * 2 - int(class_representatives(k).real.sum())
            for k in CLASSES)
    assert n == 2499


@pytest.mark.parametrize("seed", [0, 1])
def test_full_arrays_rebuilt_from_representatives(seed):
    arrays = wcxf_to_arrays(_random_wcxf(np.random.default_rng(seed)))
    for k in CLASSES:
        r = class_representatives(k)
        a = np.asarray(arrays[k]).reshape(-1)
        x = a[r.flat]
        assert np.all(np.imag(x[r.real]) == 0.0), k
        rebuilt = np.where(r.sign > 0, x[r.source], np.conj(x[r.source]))
        np.testing.assert_array_equal(rebuilt, a, err_msg=k)
        # at_representatives of a symmetric array reads the same entries
        np.testing.assert_allclose(np.asarray(at_representatives(k, arrays[k].reshape(class_shape(k)))),
                                   x.real if not class_shape(k) else x, rtol=1e-15, atol=0, err_msg=k)


@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_beta_at_representatives_agrees_with_wilson(ip):
    pt = POINTS[ip]
    y = state(pt)
    got = _beta_reps(y)
    full = _beta_full(y)
    for k in CLASSES:
        r = class_representatives(k)
        # dphi: wilson 2.5.2's β(dphi) has a flavour-non-covariant C_quqd1 term (see
        # jaxalign/smeft/betas/yukawa.py and test_betas_full.py); compared with our full β there
        src = full if k == "dphi" else pt["beta"]
        ref = np.asarray(src[k]).reshape(-1)[r.flat]
        if not class_shape(k):
            ref = np.real(ref)
        scale = np.max(np.abs(np.asarray(src[k])))
        assert scale > 0
        dev = np.max(np.abs(np.asarray(got[k]) - ref)) / scale
        assert dev < RTOL, (k, dev)


def test_representatives_of_a_projected_array_are_its_projection():
    rng = np.random.default_rng(5)
    for k in CLASSES:
        shape = class_shape(k)
        a = jnp.asarray(rng.normal(size=shape) + 1j * rng.normal(size=shape))
        p = project(k, a)
        np.testing.assert_allclose(np.asarray(at_representatives(k, p)),
                                   np.asarray(jnp.reshape(p, (-1,))[class_representatives(k).flat]).real
                                   if not shape else
                                   np.asarray(jnp.reshape(p, (-1,))[class_representatives(k).flat]),
                                   rtol=1e-14, atol=1e-15, err_msg=k)


def test_batched_rotation_equals_index_by_index():
    rng = np.random.default_rng(7)
    arrays = {k: jnp.asarray(v) for k, v in wcxf_to_arrays(_random_wcxf(rng)).items()}
    arrays.update({k: jnp.asarray(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))
                   for k in ("Gu", "Gd", "Ge")})
    arrays["g"] = jnp.asarray(0.65)
    U = {f: jnp.asarray(np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))[0])
         for f in "lequd"}
    got = jax.jit(rotate)(arrays, U)
    for k, v in arrays.items():
        want = _rotate_one(v, FIELDS[k], U) if k in FIELDS and v.ndim else v
        assert got[k].shape == want.shape and got[k].dtype == want.dtype, k
        np.testing.assert_allclose(np.asarray(got[k]), np.asarray(want), rtol=0,
                                   atol=1e-14 * float(np.max(np.abs(want))), err_msg=k)


@pytest.fixture(scope="module")
def point_state():
    y = state(POINTS[0])
    # coefficients of a realistic size (GeV⁻²); SM couplings as in the reference point
    return {k: (v * 1e-7 if k in CLASSES else v) for k, v in y.items()}


def test_part_outside_the_symmetric_subspace_is_carried_unchanged(point_state):
    from jaxalign.smeft.rge import evolve

    rng = np.random.default_rng(11)
    keys = ("ll", "le", "phil1", "eB", "phi")
    y0 = {k: point_state[k] for k in ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge") + keys}
    y0 = {k: (jnp.asarray(v, complex) if k in keys else v) for k, v in y0.items()}
    asym = {}
    for k in keys:
        shape = class_shape(k)
        a = jnp.asarray(1e-7 * (rng.normal(size=shape) + 1j * rng.normal(size=shape)))
        asym[k] = a - project(k, a) if shape else jnp.asarray(1e-7j)  # Im of a real class
    f = jax.jit(lambda y: evolve(y, jnp.log(2000.0), jnp.log(200.0), rtol=1e-9))
    base = f(y0)
    shifted = f({k: (v + asym[k] if k in asym else v) for k, v in y0.items()})
    for k in keys:
        np.testing.assert_allclose(np.asarray(shifted[k]), np.asarray(base[k] + asym[k]),
                                   rtol=0, atol=1e-13 * float(np.max(np.abs(base[k] + asym[k]))), err_msg=k)


@pytest.mark.slow  # ~55 s on one core (two complete-basis programs compiled)
def test_restricted_leading_log_in_sm_at_scale_is_exact():
    from jaxalign.inputs import load_inputs
    from jaxalign.smeft.rge import _sm_up, leading_log, sm_at_scale

    sm = load_inputs("reference")
    rng = np.random.default_rng(3)
    C = {k: jnp.asarray(v) for k, v in wcxf_to_arrays(_random_wcxf(rng, 1e-8)).items()}

    def full(C):  # the three steps with the leading log of every class
        hi, _ = _sm_up(sm, C, 3000.0)
        ll = leading_log({**hi, **C}, jnp.log(3000.0), jnp.log(sm.scale_ew))
        out, _ = _sm_up(sm, {k: v for k, v in ll.items() if k in CLASSES}, 3000.0)
        return out

    got = jax.jit(lambda C: sm_at_scale(sm, C, 3000.0))(C)
    want = jax.jit(full)(C)
    # equal up to rounding (the two programs fuse differently), which the final diagonalisation
    # of the mass matrices amplifies for the small entries of the Yukawas (~1e-10 of the largest);
    # a class left out of the leading log would shift them by O(v² C) ~ 1e-4
    for k in want:
        np.testing.assert_allclose(np.asarray(got[k]), np.asarray(want[k]), rtol=0,
                                   atol=1e-9 * float(np.max(np.abs(np.asarray(want[k])))), err_msg=k)


def test_evolve_refuses_unknown_keys_before_building_the_state():
    from jaxalign.errors import InputError
    from jaxalign.smeft.rge import evolve

    y0 = {k: POINTS[0]["in"][k] for k in ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")}
    y0["eBB"] = jnp.zeros((3, 3), complex)
    with pytest.raises(InputError, match="Did you mean 'eB'"):
        evolve(y0, jnp.log(1000.0), jnp.log(100.0))
