"""Tests of the one-loop dipole-sector β-functions (jaxalign.smeft.beta).

The reference values in tests/data/wilson_beta_dipole.json were produced with wilson 2.5.2 by
tests/data/make_wilson_beta_reference.py; wilson itself is not imported here.
"""

from __future__ import annotations

import json
import math
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.errors import InputError
from jaxalign.smeft.beta import KEYS_SM, beta, beta_hat
from jaxalign.smeft.operators import DIPOLE_SECTOR as KEYS_6  # the classes of this reference file

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "wilson_beta_dipole.json"
REF = json.loads(DATA.read_text())
POINTS = REF["points"]
KEYS = REF["header"]["keys"]
RTOL = 1e-10  # relative to the largest entry of the key
LOOP = 1.0 / (16.0 * math.pi**2)


def _dec(v):
    if isinstance(v, dict):
        return np.asarray(v["re"]) + 1j * np.asarray(v["im"])
    return float(v)


def _state(point, dim6=True):
    y = {k: _dec(v) for k, v in point["input"].items()}
    y = {k: (jnp.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in y.items()}
    if not dim6:
        y = {k: (jnp.zeros_like(v) if k in KEYS_6 else v) for k, v in y.items()}
    return y


def _max_rel_dev(mine, ref):
    mine, ref = np.asarray(mine), np.asarray(ref)
    scale = np.max(np.abs(ref))
    assert scale > 0
    return float(np.max(np.abs(mine - ref)) / scale)


def test_reference_file_is_what_we_expect():
    assert set(KEYS) == set(KEYS_SM) | set(KEYS_6)
    assert len(POINTS) >= 5
    assert "wilson 2.5.2" in REF["header"]["reference"]


@pytest.mark.parametrize("ip", range(len(POINTS)))
@pytest.mark.parametrize("key", KEYS)
def test_agrees_with_wilson(ip, key):
    point = POINTS[ip]
    mine = beta_hat(_state(point))[key]
    assert _max_rel_dev(mine, _dec(point["beta"][key])) < RTOL


@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_ephi_agrees_with_wilson_without_dipoles(ip):
    """With eB = eW = 0 every term of β_ephi is implemented: agreement to machine precision."""
    point = POINTS[ip]
    y = _state(point)
    y["eB"] = jnp.zeros_like(y["eB"])
    y["eW"] = jnp.zeros_like(y["eW"])
    assert _max_rel_dev(beta_hat(y)["ephi"], _dec(point["beta_nodipole"]["ephi"])) < RTOL


@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_ephi_dipole_mixing_agrees_with_wilson(ip):
    """The dipole → ψ²H³ mixing (gauge³ + O(g·Y_e²) terms, docs/derivations/dipole_to_ephi.md) on
    its own scale: β_ephi(y) − β_ephi(y with eB = eW = 0), against the same difference in wilson."""
    point = POINTS[ip]
    y = _state(point)
    no_dip = {**y, "eB": jnp.zeros_like(y["eB"]), "eW": jnp.zeros_like(y["eW"])}
    dip_mine = np.asarray(beta_hat(y)["ephi"]) - np.asarray(beta_hat(no_dip)["ephi"])
    dip_ref = _dec(point["beta"]["ephi"]) - _dec(point["beta_nodipole"]["ephi"])
    assert _max_rel_dev(dip_mine, dip_ref) < RTOL


def test_ephi_dipole_yukawa_terms_vanish_without_lepton_yukawas():
    """With Ge = 0 only the gauge³ part of the dipole mixing (ALIGN eq. (3.11)) survives: it is
    proportional to C_eB, C_eW entry by entry (no flavour mixing)."""
    y = _state(POINTS[0])
    y["Ge"] = jnp.zeros_like(y["Ge"])
    y["ephi"] = jnp.zeros_like(y["ephi"])
    y["lequ1"] = jnp.zeros_like(y["lequ1"])
    y["ledq"] = jnp.zeros_like(y["ledq"])
    g, gp = y["g"], y["gp"]
    expected = ((9.0 * gp**3 - 3.0 * g**2 * gp) * np.asarray(y["eB"])
                + (9.0 * gp**2 * g - 9.0 * g**3) * np.asarray(y["eW"]))
    np.testing.assert_allclose(np.asarray(beta_hat(y)["ephi"]), expected, rtol=0,
                               atol=1e-13 * np.max(np.abs(expected)))


@pytest.mark.parametrize("ip", range(len(POINTS)))
@pytest.mark.parametrize("key", ["Lambda", "Gu", "Gd", "Ge"])
def test_dimension_six_part_of_sm_betas(ip, key):
    """The O(C) part of the SM-coupling β's, on its own scale (it is ~1e-2 of the SM part)."""
    point = POINTS[ip]
    mine = np.asarray(beta_hat(_state(point))[key]) - np.asarray(beta_hat(_state(point, False))[key])
    ref = _dec(point["beta"][key]) - _dec(point["beta_sm"][key])
    assert _max_rel_dev(mine, ref) < 1e-8


@pytest.mark.parametrize("ip", range(len(POINTS)))
def test_sm_only_agrees(ip):
    point = POINTS[ip]
    b = beta_hat(_state(point, dim6=False))
    for key in KEYS_SM:
        assert _max_rel_dev(b[key], _dec(point["beta_sm"][key])) < RTOL
    for key in KEYS_6:
        assert np.all(np.asarray(b[key]) == 0)


def test_loop_factor_included():
    y = _state(POINTS[0])
    b, bh = beta(y), beta_hat(y)
    for key in KEYS:
        np.testing.assert_allclose(np.asarray(b[key]), np.asarray(bh[key]) * LOOP, rtol=1e-14, atol=0)


def test_sm_gauge_beta_coefficients():
    """dg_i/d ln μ = b_i g_i³/(16π²) with (b_1, b_2, b_3) = (41/6, −19/6, −7)."""
    y = _state(POINTS[1])
    b = beta(y)
    for key, b_i in (("gp", 41 / 6), ("g", -19 / 6), ("gs", -7.0)):
        assert float(b[key]) * 16 * math.pi**2 / y[key] ** 3 == pytest.approx(b_i, rel=1e-13)


def test_jit():
    y = _state(POINTS[2])
    b_jit = jax.jit(beta)(y)
    b = beta(y)
    assert set(b_jit) == set(y)
    for key in KEYS:
        np.testing.assert_allclose(np.asarray(b_jit[key]), np.asarray(b[key]), rtol=1e-12, atol=0)


def test_gradient_against_finite_differences():
    """Reverse-mode derivatives of a real functional of β w.r.t. real couplings and the real and
    imaginary parts of complex inputs, against central differences."""
    y0 = _state(POINTS[3])
    rng = np.random.default_rng(0)
    weights = {k: jnp.asarray(rng.normal(size=np.shape(y0[k])) + 1j * rng.normal(size=np.shape(y0[k])))
               for k in KEYS}
    scale = {k: (1e6 if k in KEYS_6 else 1.0) for k in KEYS}  # make C-terms O(1)

    def f(params):
        y = dict(y0)
        y["g"], y["gp"], y["Lambda"] = params["g"], params["gp"], params["Lambda"]
        y["Ge"] = params["Ge_re"] + 1j * params["Ge_im"]
        y["lequ3"] = (params["C3_re"] + 1j * params["C3_im"]) * 1e-6
        b = beta_hat(y)
        return sum(jnp.real(jnp.sum(jnp.conj(weights[k]) * b[k])) * scale[k] for k in KEYS)

    p0 = {
        "g": jnp.asarray(y0["g"]), "gp": jnp.asarray(y0["gp"]), "Lambda": jnp.asarray(y0["Lambda"]),
        "Ge_re": jnp.real(y0["Ge"]), "Ge_im": jnp.imag(y0["Ge"]),
        "C3_re": jnp.real(y0["lequ3"]) * 1e6, "C3_im": jnp.imag(y0["lequ3"]) * 1e6,
    }
    grad = jax.grad(f)(p0)
    # β is linear in the dimension-six coefficients, so for them a unit step is exact.
    checks = [("g", (), 1e-5), ("gp", (), 1e-5), ("Lambda", (), 1e-5), ("Ge_re", (1, 2), 1e-5),
              ("Ge_im", (0, 0), 1e-5), ("C3_re", (1, 0, 2, 2), 1.0), ("C3_im", (0, 1, 2, 1), 1.0)]
    f0 = abs(float(f(p0)))
    for name, idx, h in checks:
        def shifted(d):
            p = dict(p0)
            p[name] = p0[name].at[idx].add(d) if idx else p0[name] + d
            return f(p)
        fd = (shifted(h) - shifted(-h)) / (2 * h)
        g_ad = grad[name][idx] if idx else grad[name]
        assert float(g_ad) == pytest.approx(float(fd), rel=1e-6, abs=1e-10 * f0), name


def test_missing_dimension_six_classes_count_as_zero():
    full = _state(POINTS[4], dim6=False)
    sm_only = {k: full[k] for k in KEYS_SM}
    b_full, b_sm = beta_hat(full), beta_hat(sm_only)
    assert set(b_sm) == set(KEYS_SM)
    for key in KEYS_SM:
        np.testing.assert_array_equal(np.asarray(b_sm[key]), np.asarray(b_full[key]))


def test_unknown_keys_are_refused():
    y = _state(POINTS[0])
    with pytest.raises(InputError, match="baryon-number violating"):
        beta({**y, "duql": jnp.zeros((3, 3, 3, 3), complex)})
    with pytest.raises(InputError, match="Did you mean 'le'"):
        beta({**y, "lee": jnp.zeros((3, 3, 3, 3), complex)})
    with pytest.raises(InputError, match="Gu"):
        beta({k: v for k, v in y.items() if k != "Gu"})
