"""β̂ of the ψ²H³ classes and the Yukawa matrices (jaxalign.smeft.betas.yukawa) against wilson.

Reference: tests/data/wilson_beta_full.npz (loader tests/smeft/betas_reference.py), produced by
tests/data/make_wilson_beta_full.py with wilson 2.5.2 (``wilson.run.smeft.beta.beta(C,
HIGHSCALE=1, newphys=True)``): four random points with every Warsaw class non-zero, random
complex Yukawas and realistic SM couplings; each class projected onto its symmetric subspace.
wilson is not imported here. Evaluation is eager, plus one jit smoke test.

One known deviation: wilson's β(dphi) contains the cubic C_quqd1 term
−12 Σ C_quqd1[v,w,p,r] (Gu Gu† Gu)[w,v], which is not flavour covariant (w is a u index, v a q
index); the module implements the covariant −12 Σ C_quqd1[v,w,p,r] (Gu† Gu Gu†)[w,v]. The
comparison for dphi adds the difference (``_wilson_quqd1_dphi``); ``test_flavour_covariance``
checks the covariance of the module, and ``test_dphi_deviation_is_only_the_quqd1_term`` that
the remaining difference to wilson is exactly that term.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.smeft.betas.common import Yuk, project
from jaxalign.smeft.betas.yukawa import BETAS

from betas_reference import RTOL, load, max_rel_dev, state

jax.config.update("jax_enable_x64", True)

_HEADER, _POINTS = load()
KEYS = ("ephi", "uphi", "dphi", "Gu", "Gd", "Ge")
SM_KEYS = ("Gu", "Gd", "Ge")
_SM = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")


@pytest.fixture(scope="module")
def states():
    return [state(p) for p in _POINTS]


def _beta(C, key):
    b = BETAS[key](C, Yuk(C["Gu"], C["Gd"], C["Ge"]))
    return b if key in SM_KEYS else project(key, b)


def _wilson_quqd1_dphi(C):
    """wilson 2.5.2 minus covariant form of the cubic C_quqd1 term of β(dphi)."""
    Gu = np.asarray(C["Gu"])
    h = lambda a: np.conj(a.T)  # noqa: E731
    m = Gu @ h(Gu) @ Gu - h(Gu) @ Gu @ h(Gu)
    return -12.0 * np.einsum("vwpr,wv->pr", np.asarray(C["quqd1"]), m)


def test_owns_exactly_its_keys():
    assert set(BETAS) == set(KEYS)


@pytest.mark.parametrize("ip", range(len(_POINTS)))
@pytest.mark.parametrize("key", KEYS)
def test_agrees_with_wilson(states, ip, key):
    C = states[ip]
    mine = np.asarray(_beta(C, key))
    if key == "dphi":
        mine = mine + _wilson_quqd1_dphi(C)
    assert max_rel_dev(mine, _POINTS[ip]["beta"][key]) < RTOL


@pytest.mark.parametrize("ip", range(len(_POINTS)))
@pytest.mark.parametrize("key", SM_KEYS)
def test_dimension_six_part_of_yukawas(states, ip, key):
    C = states[ip]
    C0 = {k: (v if k in _SM else jnp.zeros_like(v)) for k, v in C.items()}
    mine = np.asarray(_beta(C, key)) - np.asarray(_beta(C0, key))
    ref = _POINTS[ip]["beta"][key] - _POINTS[ip]["beta_sm"][key]
    assert max_rel_dev(mine, ref) < RTOL


def test_dphi_deviation_is_only_the_quqd1_term(states):
    """Without the correction dphi differs from wilson by O(1): not a rounding issue."""
    C = states[0]
    ref = _POINTS[0]["beta"]["dphi"]
    assert max_rel_dev(_beta(C, "dphi"), ref) > 0.1
    C1 = dict(C, quqd1=jnp.zeros_like(C["quqd1"]))
    # with C_quqd1 = 0 the correction vanishes; and it is exactly linear in C_quqd1
    assert np.max(np.abs(_wilson_quqd1_dphi(C1))) == 0.0


def _unitary(rng):
    z = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))


# index structure of the classes that feed the keys: (field, barred?) per flavour index
_SLOTS = {
    "uphi": "Qu", "dphi": "Qd", "ephi": "Le", "uG": "Qu", "uW": "Qu", "uB": "Qu",
    "dG": "Qd", "dW": "Qd", "dB": "Qd", "eW": "Le", "eB": "Le",
    "phiq1": "Qq", "phiq3": "Qq", "phiu": "Uu", "phid": "Dd", "phil1": "Ll", "phil3": "Ll",
    "phie": "Ee", "phiud": "Ud",
    "qu1": "QqUu", "qu8": "QqUu", "qd1": "QqDd", "qd8": "QqDd", "le": "LlEe",
    "quqd1": "QuQd", "quqd8": "QuQd", "lequ1": "LeQu", "ledq": "LeDq",
    "Gu": "Qu", "Gd": "Qd", "Ge": "Le",
}


def _rotate(C, V):
    """Flavour rotation: a barred index (upper-case letter) transforms with V_f, an unbarred one
    with V_f*. The SM Lagrangian is invariant when the Yukawas and all coefficients rotate so."""
    out = {}
    for k, v in C.items():
        if k not in _SLOTS:
            out[k] = v
            continue
        a = np.asarray(v)
        for i, f in enumerate(_SLOTS[k]):
            W = V[f.lower()] if f.isupper() else np.conj(V[f])
            a = np.moveaxis(np.tensordot(W, a, axes=([1], [i])), 0, i)
        out[k] = jnp.asarray(a)
    return out


def test_flavour_covariance(states):
    """β(rotated state) = rotated β(state) for U(3)⁵ rotations (classes feeding the keys kept,
    all others zero). wilson's dphi fails this through its cubic C_quqd1 term."""
    rng = np.random.default_rng(7)
    V = {f: _unitary(rng) for f in "qudle"}
    C = {k: (v if (k in _SM or k in _SLOTS or v.ndim == 0) else jnp.zeros_like(v))
         for k, v in states[1].items()}
    Cr = _rotate(C, V)
    for key in KEYS:
        lhs = np.asarray(_beta(Cr, key))
        rhs = np.asarray(_rotate({key: _beta(C, key)}, V)[key])
        assert max_rel_dev(lhs, rhs) < 1e-12, key


def test_jit_smoke(states):
    C = states[2]
    def f(C):
        return BETAS["dphi"](C, Yuk(C["Gu"], C["Gd"], C["Ge"]))

    np.testing.assert_allclose(np.asarray(jax.jit(f)(C)), np.asarray(f(C)), rtol=1e-12, atol=1e-20)
