"""Neutrino trident ratio σ/σ_SM (jaxalign.lightnp.trident): NPG2's contact formula, MUOQ's
"m_X ≳ 60 (200) GeV for g_X ≈ 0.1 (0.3)", U1X's "g_μμ/m ≲ 1/0.5 TeV", the calibrated light-X
regime against the shared CCFR curve, NPG2's regime statements, gradients."""

import math
from statistics import NormalDist

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.lightnp import g2, limits, trident


@pytest.fixture(scope="module")
def GF():
    return float(g2.default_sm("2021").GF)


def _rmax(cl):
    r0, s = trident.MEASUREMENTS["CCFR"]
    return r0 + NormalDist().inv_cdf((1 + cl) / 2) * s


def test_contact_formula_npg2(GF):
    """NPG2 "Neutrino Tridents", printed: σ/σ_SM ≃ [K + (1 + 4s_W² + 2v²g′²/M²)²]/[K + (1 + 4s_W²)²]
    with K = 1.13 (CCFR), 1.54 (DUNE). ``contact=True`` is that formula (rtol 1e-14); the
    light-X average F(M) reduces to it for M ≫ Q (F M² = 1 − O(⟨Q²⟩/M²), < 1e-4 off at 1 TeV)."""
    v = (math.sqrt(2) * GF) ** -0.5
    sw2 = trident.SW2_MSBAR_MZ
    for exp, K in (("CCFR", 1.13), ("DUNE", 1.54)):
        for g, M in ((0.1, 50.0), (0.3, 200.0), (1.0, 1000.0)):
            ref = (K + (1 + 4 * sw2 + 2 * v**2 * g**2 / M**2) ** 2) / (K + (1 + 4 * sw2) ** 2)
            got = trident.trident_ratio(g, g, M, exp, GF=GF, contact=True)
            assert float(got) == pytest.approx(ref, rel=1e-14)
    assert float(trident.propagator_average(1000.0, "CCFR") * 1e6) == pytest.approx(1.0, abs=1e-4)
    assert float(trident.trident_ratio(0.0, 0.0, 1.0, "CCFR", GF=GF)) == 1.0
    r = trident.trident_ratio(0.2, 0.2, 30.0, "CHARM-II", GF=GF, g_A=0.05)
    s = trident.trident_shift(0.2, 0.2, 30.0, "CHARM-II", GF=GF, g_A=0.05)
    assert float(s) == pytest.approx(float(r) - 1.0, rel=1e-12)


def _m_min(g, cl, GF):
    """Smallest allowed m_X for coupling g: bisection in ln m on R(g, m) = R_max (full F(m))."""
    rmax = _rmax(cl)
    f = jax.jit(lambda lm: trident.trident_ratio(g, g, jnp.exp(lm), "CCFR", GF=GF) - rmax)
    lo, hi = math.log(1.0), math.log(1e4)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if float(f(mid)) > 0 else (lo, mid)
    return math.exp(0.5 * (lo + hi))


def test_muoq_trident_bound_60_200_GeV(GF):
    """MUOQ §III Type A: "constraints from neutrino trident production requires m_X ≳ 60 (200) GeV
    for g_X ∼ 0.1 (0.3)" (L_μ−L_τ, read off Fig. 2 of 1406.2332). CCFR 0.82 ± 0.28 gives
    53.9 (161.6) GeV at 95 % CL (R < 1.37) and 61.1 (183.3) GeV at 90 % CL. The words (≳, ∼, a
    log-scale figure, one digit for 200) allow ~30 %; note 200/60 = 3.3 while the contact limit
    scales as g (ratio 3), so the statement itself is consistent only to ~10 %. Test: within a
    factor 1.3 at both CLs."""
    for cl in (0.90, 0.95):
        for g, target in ((0.1, 60.0), (0.3, 200.0)):
            m = _m_min(g, cl, GF)
            assert target / 1.3 < m < target * 1.3, (cl, g, m)
    assert _m_min(0.1, 0.95, GF) == pytest.approx(53.87, rel=2e-3)


def test_u1x_trident_bound_half_tev(GF):
    """U1X backup "Neutrino trident production: g_μμ/m_Z′ ≲ 1/0.5 TeV". Contact limit at 95 % CL:
    2v²g²/M² < 0.418 → g/M < 1/(539 GeV). "0.5" has one digit: ±20 %."""
    x = float(trident.contact_limit_x(_rmax(0.95)))
    v = (math.sqrt(2) * GF) ** -0.5
    inv = 1.0 / math.sqrt(x / (2 * v**2))
    assert inv == pytest.approx(500.0, rel=0.2)
    assert inv == pytest.approx(538.7, rel=1e-3)


def test_light_x_against_ccfr_curve(GF):
    """Light-X regime (log-normal Q² average, calibrated on ccfr_trident_SYen.csv at 95 % CL —
    a calibration check, not an independent test): our limit g(m) from R = 1.37 lies within 12 %
    of every one of the 111 curve points (13.5 MeV – 52.6 GeV; max deviation 9.6 %, rms 3.5 %),
    explicitly also at 15 MeV, 0.1, 1, 10 and 50 GeV (interpolated curve)."""
    x = float(trident.contact_limit_x(_rmax(0.95)))
    v2 = 1.0 / (math.sqrt(2) * GF)
    glim = lambda m: jnp.sqrt(x / (2 * v2 * trident.propagator_average(m, "CCFR")))  # noqa: E731
    m, g, *_ = limits.curve_data("ccfr_trident")
    ratio = np.asarray(glim(jnp.asarray(m))) / g
    assert np.max(np.abs(ratio - 1)) < 0.12
    assert np.sqrt(np.mean(np.log(ratio) ** 2)) < 0.04
    for mm in (0.015, 0.1, 1.0, 10.0, 50.0):
        assert float(glim(mm) / limits.g_limit("ccfr_trident", mm)) == pytest.approx(1.0, abs=0.12)


def test_regime_statements_npg2():
    """NPG2: the contact formula holds "for Z′ masses ≳ few GeV" (CCFR) and "≳ few hundred MeV"
    (DUNE). With our F(M): F M² reaches 0.8 at 3.8 GeV (CCFR) and 0.52 GeV (DUNE; energy-scaled
    assumption). Test: 1–10 GeV and 0.1–1 GeV respectively."""
    M = jnp.logspace(-2, 2, 801)
    for exp, (lo, hi) in (("CCFR", (1.0, 10.0)), ("DUNE", (0.1, 1.0))):
        fm2 = np.asarray(trident.propagator_average(M, exp) * M**2)
        assert np.all(np.diff(fm2) > 0)  # monotone approach to the contact limit
        m80 = float(M[np.argmax(fm2 > 0.8)])
        assert lo < m80 < hi, (exp, m80)


def test_couplings_enter_as_product(GF):
    """B−3L_μ: R depends on g_ν g_V only (MUOQ: "scales directly with the effective coupling …
    −3g_X and (−3g_X − eε_BX)"): (−3g)(−3g) equals an L_μ−L_τ coupling 3g; opposite-sign
    couplings (g_ν g_V < 0) interfere destructively (R < 1 for small couplings)."""
    g, m = 2e-3, 0.5
    a = trident.trident_ratio(-3 * g, -3 * g, m, "CCFR", GF=GF)
    b = trident.trident_ratio(3 * g, 3 * g, m, "CCFR", GF=GF)
    assert float(a) == pytest.approx(float(b), rel=1e-14)
    assert float(trident.trident_ratio(g, -g, m, "CCFR", GF=GF)) < 1.0


def test_trident_gradients(GF):
    """Gradients of ln(R − 1) (trident_shift) in (ln m, ln g): grad = central finite differences (step 1e-5) at
    m = 10 MeV … 100 GeV, all experiments; rtol 1e-6."""
    pts = jnp.array([[math.log(m), math.log(g)] for m, g in ((0.01, 5e-4), (0.3, 2e-3), (5.0, 0.02), (100.0, 0.3))])
    for exp in ("CCFR", "CHARM-II", "DUNE"):
        f = lambda p: jnp.log(trident.trident_shift(jnp.exp(p[1]), jnp.exp(p[1]), jnp.exp(p[0]), exp, GF=GF))  # noqa: E731,B023
        gr = np.asarray(jax.jit(jax.vmap(jax.grad(f)))(pts))
        fv = jax.jit(jax.vmap(f))
        h = 1e-5
        for i in range(2):
            e = jnp.zeros(2).at[i].set(h)
            fd = (fv(pts + e) - fv(pts - e)) / (2 * h)
            np.testing.assert_allclose(gr[:, i], np.asarray(fd), rtol=1e-6)
