"""One-loop WET running (jaxalign.wet.running): wilson, closed forms, thresholds, gradients.

* ``scheme="wilson"`` against wilson 2.5.2 (tests/data/wilson_wet_running.json, made by
  tests/data/make_wilson_wet_running.py: wilson's own JMS values at 91.1876 GeV restricted to the
  sector, run by wilson to 4.8 and 1.0 GeV). This checks every one-loop ADM entry of the sector
  (the schemes share them). Errors are relative to the largest |C| of the group (dipoles or
  four-fermion) at m_Z or at the scale. Observed (this commit): ≤ 6e-5 everywhere at 4.8 GeV
  except W05 egamma 3.9e-4 (tensor → dipole ∝ m_c: jaxalign's m_c(m_Z) = 0.6350 GeV from the
  inputs vs wilson's 0.6365); at 1.0 GeV ≤ 6e-5 for the four-fermion classes, egamma 9e-4 (same
  m_c, and the masses across the thresholds), dgamma/dG 3.0e-3 (wilson's quark-mass running in
  its 4- and 3-flavour theories is 0.2–1.6 % faster than the three-loop γ_m it uses above
  4.2 GeV; not reproduced).
* ``scheme="jms"`` (default): thresholds, the closed-form QED running of egamma and α_e of
  jaxalign.wet.qed (m_Z → 1 GeV and below 1 GeV down to m_μ), the leading-log tensor → dipole
  mixing below 1 GeV, a gradient against finite differences, and the input checks.
"""

from __future__ import annotations

import functools
import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.errors import InputError
from jaxalign.inputs import load_inputs
from jaxalign.smeft.flavour_basis import to_warsaw_down
from jaxalign.smeft.sm_couplings import sm_couplings_ew, vev_from_gf
from jaxalign.wet import qed
from jaxalign.wet.running import M_MU, M_Z, SHAPES, initial_state, run_wet

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "wilson_wet_running.json"
REF = json.loads(DATA.read_text())["records"]
HERMITIAN = ("VedLL", "VedLR", "VdeLR", "VedRR")
DIPOLES = ("egamma", "dgamma", "dG")
LOOP = 1.0 / (16.0 * np.pi**2)

# tolerances of the wilson comparison, per scale and class (see the module docstring)
TOL = {4.8: {"egamma": 5e-4, "default": 1e-4},
       1.0: {"egamma": 1.5e-3, "dgamma": 4e-3, "dG": 4e-3, "default": 2e-4}}


def _c(v):
    return complex(v["Re"], v["Im"]) if isinstance(v, dict) else complex(v)


def wilson_arrays(block: dict) -> dict:
    """Full JMS arrays of the sector from wilson's non-redundant keys."""
    out = {}
    for key, v in block.items():
        name, digits = key.split("_")
        if name not in SHAPES:
            continue
        idx = tuple(int(i) - 1 for i in digits)
        a = out.setdefault(name, np.zeros(SHAPES[name], complex))
        a[idx] = _c(v)
        if name in HERMITIAN:
            p, r, s, t = idx
            a[r, p, t, s] = np.conj(_c(v))
    return out


@pytest.fixture(scope="module")
def sm():
    return load_inputs("reference")


@pytest.fixture(scope="module")
def base(sm):
    """SM state at m_Z (couplings, masses from the reference inputs), all coefficients zero."""
    y = to_warsaw_down(sm_couplings_ew(sm, {}), vev_from_gf(sm.GF))
    return initial_state({}, y, sm)


def _with(base, coeffs: dict):
    st = dict(base)
    for k, v in coeffs.items():
        st[k] = jnp.asarray(v, complex)
    return st


def _stack(states):
    return jax.tree.map(lambda *xs: jnp.stack(xs), *states)


@functools.lru_cache(maxsize=None)
def _runner(mu_hi: float, mu_lo: float, scheme: str):
    """jit(vmap(run_wet)) for fixed scales: compiled once per (scales, scheme)."""
    return jax.jit(jax.vmap(lambda s: run_wet(s, mu_hi, mu_lo, scheme=scheme)))


def _entry(shape, idx_val):
    a = np.zeros(shape, complex)
    for idx, v in idx_val.items():
        a[idx] = v
    return a


# ---- wilson ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [4.8, pytest.param(1.0, marks=pytest.mark.slow)])
def test_wilson_scheme_agrees_with_wilson(base, scale):
    """4.8 GeV in the default run; 1.0 GeV (b and c thresholds; ~30 s to compile) with -m slow."""
    inputs = [wilson_arrays(r["input"]) for r in REF]
    out = _runner(M_Z, scale, "wilson")(_stack([_with(base, w) for w in inputs]))
    failures = []
    for n, (rec, w0) in enumerate(zip(REF, inputs)):
        w = wilson_arrays(rec["jms"][str(scale)])
        for group in (DIPOLES, tuple(k for k in SHAPES if k not in DIPOLES)):
            big = max([np.max(np.abs(d[k])) for d in (w0, w) for k in group if k in d], default=0.0)
            if big == 0.0:
                continue
            for name in group:
                ref = w.get(name, np.zeros(SHAPES[name], complex))
                err = np.max(np.abs(np.asarray(out[name][n]) - ref)) / big
                tol = TOL[scale].get(name, TOL[scale]["default"])
                if err > tol:
                    failures.append(f"{rec['id']} {name} {err:.1e} > {tol:.0e}")
    assert not failures, failures


# ---- jms: thresholds and closed forms from m_Z to 1 GeV ----------------------------------------


@pytest.fixture(scope="module")
def jms_to_1gev(base):
    """Two states run with the default scheme from m_Z to 1 GeV: (A) dipoles and four-fermion
    entries without tensors (egamma runs by QED alone), (B) tensors/scalars of u and c."""
    a = {"egamma": _entry((3, 3), {(1, 1): 1e-10 + 2e-11j, (1, 2): 3e-12, (0, 1): 1e-12}),
         "dgamma": _entry((3, 3), {(0, 1): 1e-10, (1, 2): 2e-10}),
         "VedLL": _entry((3,) * 4, {(1, 1, 0, 1): 1e-9, (2, 2, 0, 1): 1e-9, (1, 1, 1, 2): 1e-9}),
         "SedRL": _entry((3,) * 4, {(1, 1, 0, 1): 1e-9, (1, 2, 0, 1): 1e-9})}
    b = {"TeuRR": _entry((3, 3, 2, 2), {(1, 1, 0, 0): 1e-9, (1, 1, 1, 1): 1e-9}),
         "SeuRR": _entry((3, 3, 2, 2), {(1, 1, 0, 0): 1e-9, (1, 1, 1, 1): 1e-9})}
    return _runner(M_Z, 1.0, "jms")(_stack([_with(base, a), _with(base, b)]))


def test_thresholds_decouple_heavy_fields(jms_to_1gev):
    """Below 4.2 (b), 1.777 (τ) and 1.3 GeV (c) every coefficient with that field is zero; the
    light entries survive (and were fed by the running)."""
    z = jax.tree.map(lambda x: np.asarray(x), jms_to_1gev)
    assert z["dgamma"][0, 1, 2] == 0 and z["dgamma"][0, 0, 1] != 0  # b
    assert z["egamma"][0, 1, 2] == 0 and z["egamma"][0, 1, 1] != 0  # τ
    assert z["VedLL"][0, 2, 2, 0, 1] == 0 and z["VedLL"][0, 1, 1, 1, 2] == 0  # τ, b
    assert z["VedLL"][0, 1, 1, 0, 1] != 0 and z["VedLL"][0, 0, 0, 0, 1] != 0  # μ; e from the penguin
    assert z["SedRL"][0, 1, 2, 0, 1] == 0 and z["SedRL"][0, 1, 1, 0, 1] != 0
    assert z["TeuRR"][1, 1, 1, 1, 1] == 0 and z["SeuRR"][1, 1, 1, 1, 1] == 0  # c
    assert z["TeuRR"][1, 1, 1, 0, 0] != 0 and z["SeuRR"][1, 1, 1, 0, 0] != 0
    assert np.all(z["m_d"][:, 2] > 0)  # masses are kept (only coefficients decouple)


def test_egamma_and_alpha_follow_closed_form_qed(jms_to_1gev, sm):
    """Without tensors egamma runs by QED alone: egamma(μ)/egamma(m_Z) and α_e(μ) equal the
    closed forms of jaxalign.wet.qed (same thresholds) — the one-loop ė = b_e e³ and
    L̇_eγ = (10 + b_e) e² L_eγ of JMS."""
    z = jms_to_1gev
    e1 = float(z["e"][0])
    assert e1**2 / (4 * np.pi) == pytest.approx(float(qed.alpha_e(1.0, sm.alpha_e_mz)), rel=1e-9)
    ratio = np.asarray(z["egamma"][0, 1, 1]) / (1e-10 + 2e-11j)
    assert ratio.imag == pytest.approx(0.0, abs=1e-12)
    assert ratio.real == pytest.approx(float(qed.dipole_running_factor(1.0, sm.alpha_e_mz)), rel=1e-8)


# ---- jms below 1 GeV ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def low(jms_to_1gev):
    """From 1 GeV to m_μ (QED only, QCD frozen): state A as at 1 GeV, and state B with its
    egamma reset to zero (to see the tensor → dipole mixing alone)."""
    b = jax.tree.map(lambda x: x[1], jms_to_1gev)
    b = {**b, "egamma": jnp.zeros((3, 3), complex)}
    start = _stack([jax.tree.map(lambda x: x[0], jms_to_1gev), b])
    return start, _runner(1.0, M_MU, "jms")(start)


def test_egamma_below_1gev_closed_form(low):
    start, z = low
    a1 = float(start["e"][0]) ** 2 / (4 * np.pi)
    assert float(z["e"][0]) ** 2 / (4 * np.pi) == pytest.approx(float(qed.alpha_e(M_MU, a1, mz=1.0)), rel=1e-9)
    ratio = complex(z["egamma"][0, 1, 1] / start["egamma"][0, 1, 1])
    assert ratio.real == pytest.approx(float(qed.dipole_running_factor(M_MU, a1, mz=1.0)), rel=1e-8)
    assert float(z["gs"][0]) == float(start["gs"][0])  # QCD frozen below 1 GeV


def test_tensor_to_dipole_leading_log_below_1gev(low):
    """Leading log: egamma_μμ(μ) = K₀ t with K₀ = −(8 e Q_u N_c/16π²) Σ_t m_t T_μμtt, t = ln(μ/1 GeV)
    (−1.5 % off here: the QED running over ln(1 GeV/m_μ) = 2.25). With the next term of the
    expansion, ½(γ_E K₀ + K₀′) t² (γ_E = (10 + b_e) A, K₀′ from the running of e, m_u, T and the
    S → T feed, A = e²/16π², b_e = 16/3 with e, μ, u, d, s), the residual is O((γ t)³) ≈ 1e-4."""
    start, z = low
    e = float(start["e"][1])
    m_u = np.asarray(start["m_u"][1])
    T, S = np.diagonal(np.asarray(start["TeuRR"][1])[1, 1]), np.diagonal(np.asarray(start["SeuRR"][1])[1, 1])
    Q_E, Q_U, A, b = -1.0, 2.0 / 3.0, e**2 * LOOP, 16.0 / 3.0
    c = -LOOP * 8.0 * e * Q_U * 3.0
    K0 = c * np.sum(m_u * T)
    dK0 = K0 * (b - 6 * Q_U**2 + 2 * (Q_E**2 + Q_U**2)) * A + c * (-2 * Q_E * Q_U * A) * np.sum(m_u * S)
    t = np.log(M_MU / 1.0)
    got = complex(z["egamma"][1, 1, 1])
    ll = K0 * t
    nll = ll + 0.5 * ((10.0 + b) * A * K0 + dK0) * t**2
    assert 5e-3 < abs(got / ll - 1.0) < 3e-2
    assert abs(got / nll - 1.0) < 5e-4


# ---- gradient, inputs --------------------------------------------------------------------------


def test_gradient_matches_finite_differences(low):
    """d Re egamma_μμ(m_μ)/d Re TeuRR_μμuu(1 GeV) by jax.grad through run_wet against a central
    finite difference of the same run."""
    start, _ = low
    st0 = jax.tree.map(lambda x: x[0], start)

    def state(x):
        return {**st0, "TeuRR": st0["TeuRR"].at[1, 1, 0, 0].set(x)}

    def f(x):
        return jnp.real(run_wet(state(x), 1.0, M_MU)["egamma"][1, 1])

    x0, h = 1e-9, 1e-11
    g = jax.jit(jax.grad(f))(x0)
    pm = _runner(1.0, M_MU, "jms")(_stack([state(x0 + h), state(x0 - h)]))
    fd = float(jnp.real(pm["egamma"][0, 1, 1] - pm["egamma"][1, 1, 1])) / (2 * h)
    assert float(g) == pytest.approx(fd, rel=1e-6)
    assert float(g) != 0.0


@pytest.mark.parametrize("hi, lo", [(100.0, 5.0), (91.1876, 0.1), (2.0, 3.0), (0.05, 0.01)])
def test_scales_outside_range_raise(base, hi, lo):
    with pytest.raises(InputError, match="m_μ"):
        run_wet(base, hi, lo)


def test_unknown_scheme_raises(base):
    with pytest.raises(InputError, match="scheme"):
        run_wet(base, 91.1876, 5.0, scheme="flavio")
