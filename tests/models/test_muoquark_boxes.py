"""S₁/S₃ muoquark boxes → four-quark SMEFT coefficients (jaxalign.models.muoquark_boxes).

What is checked (each against something independent of the closed-form expressions):

* the box master formula against the published SM box: the Goldstone box (same topology, a
  massless-scalar/heavy-fermion loop) must reproduce the x_t → ∞ limit of the Inami–Lim result
  C_VLL = −G_F² m_W²/(4π²) λ_t² S₀(x_t) (S₀ from ``jaxalign.observables.bsll.s0``; the same
  normalisation as flavio 2.7.1's ``df2_prefactor``/``cvll_d``); and the loop function against a
  direct numerical integration;
* SU(2), colour, Fierz and flavour-index placement: an explicit component-level evaluation of the
  box (Pauli and Gell-Mann matrices, the couplings of MUOQ eq. 2 written out, colour crossed)
  compared, modulo the Fierz and bilinear-exchange identities, with the Warsaw operators built
  from the returned arrays; the Dirac Fierz sign itself as a 4×4 matrix identity;
* WCxf conventions: prst ↔ stpr symmetry and hermiticity, the round trip through
  ``arrays_to_wcxf``/``wcxf_to_arrays`` and the pattern of a unit WCxf key;
* M₁ = M₃: continuity and derivatives (analytic −1/M³, finite differences, ``check_grads``);
* scaling ∝ η⁴/M², and the sign and limits of the mixed S₁–S₃ box;
* the size at the MUOQ best fit (leading-order estimate, no SMEFT running).
"""

from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads
from scipy.integrate import quad

from jaxalign.errors import InputError
from jaxalign.models.muoquark_boxes import (
    BOX_CLASSES,
    BOX_CLASSES_NUR,
    box_coefficients,
    bs_mixing_coefficient,
    delta_ms_ratio_estimate,
    loop_function,
    qcd_factor_lo,
)
from jaxalign.observables.bsll import s0
from jaxalign.smeft.operators import arrays_to_wcxf, class_shape, wcxf_to_arrays

PREF = -1.0 / (128.0 * np.pi**2)
BOXES = jax.jit(box_coefficients)  # compiled once per argument structure, shared by the tests
EPS = np.array([[0.0, 1.0], [-1.0, 0.0]])
PAULI = [np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]], complex)]


def _gell_mann():
    lam = np.zeros((8, 3, 3), complex)
    lam[0][0, 1] = lam[0][1, 0] = 1
    lam[1][0, 1], lam[1][1, 0] = -1j, 1j
    lam[2][0, 0], lam[2][1, 1] = 1, -1
    lam[3][0, 2] = lam[3][2, 0] = 1
    lam[4][0, 2], lam[4][2, 0] = -1j, 1j
    lam[5][1, 2] = lam[5][2, 1] = 1
    lam[6][1, 2], lam[6][2, 1] = -1j, 1j
    lam[7] = np.diag([1, 1, -2]) / np.sqrt(3)
    return lam / 2.0


def _rand_eta(rng, n=3):
    return rng.normal(size=n) + 1j * rng.normal(size=n)


@pytest.fixture(scope="module")
def etas():
    rng = np.random.default_rng(7)
    return [_rand_eta(rng) * 0.4 for _ in range(4)]  # eta3L, eta1L, eta1R, eta1Rt


# ------------------------------------------------------------------------------------------------
# (1) master formula: published SM box (Inami–Lim) and the loop integral
# ------------------------------------------------------------------------------------------------


def test_master_formula_vs_inami_lim():
    """The S₁ ν-box for the b–s component, with η_i ↦ y V_ti (y = g m_t/(√2 m_W)) and M₁ ↦ m_t, is
    the SM Goldstone box in the limit m_W ≪ m_t (same topology: fermion flow along both lines,
    P_R k̸ P_L numerators, complex scalar exchanged crosswise; the ∫ with a massless scalar and a
    heavy fermion equals the one with a massless fermion and a heavy scalar). It must equal
    −G_F² m_W²/(4π²) λ_t² · x_t/4, the x_t → ∞ limit of Inami–Lim (S₀(x) → x/4), which tests the
    sign, 1/(16π²) and the ΔF = 2 symmetry factor ½ of the master formula at once."""
    g, mW = 0.652, 80.4
    GF = np.sqrt(2.0) * g**2 / (8.0 * mW**2)
    Vts, Vtb = -0.0405 + 7.5e-4j, 0.99914
    lam_t = Vtb * np.conj(Vts)
    boxes = BOXES
    for xt in (1e4, 1e6, 1e8):
        mt = mW * np.sqrt(xt)
        y = g * mt / (np.sqrt(2.0) * mW)
        eta1L = y * np.array([0.0, Vts, Vtb])
        C = boxes(np.zeros(3), eta1L, np.zeros(3), mt, 2.0 * mt)
        c_lq = complex(C["qq1"][1, 2, 1, 2] + C["qq3"][1, 2, 1, 2])
        c_leading = -GF**2 * mW**2 / (4 * np.pi**2) * lam_t**2 * xt / 4.0
        assert abs(c_lq / c_leading - 1.0) < 1e-12
        c_il = -GF**2 * mW**2 / (4 * np.pi**2) * lam_t**2 * float(s0(xt))
        # the remainder of S₀ is O(ln x / x): WG and WW boxes, finite m_W in the GG box
        assert abs(c_lq / c_il - 1.0) < 10.0 * np.log(xt) / xt


@pytest.mark.parametrize("r", [1.0, 1.0 + 1e-7, 0.995, 1.005, 1.02, 0.3, 10.0, 1e3])
def test_loop_function_vs_numerical_integral(r):
    """F(M₁, M₃) = ∫₀^∞ dx/((x+M₁²)(x+M₃²)) (the Euclidean box integral after the angular average)."""
    M1 = 2500.0
    M3 = r * M1
    a, b = M1**2, M3**2
    num, _ = quad(lambda t: 1.0 / ((t * a + a) * (t * a + b)) * a, 0, np.inf, epsabs=0, epsrel=1e-12, limit=200)
    assert float(loop_function(M1, M3)) == pytest.approx(num, rel=1e-9)
    assert float(loop_function(M3, M1)) == pytest.approx(float(loop_function(M1, M3)), rel=1e-14)


# ------------------------------------------------------------------------------------------------
# (2) SU(2), colour, Fierz, flavour placement: component-level evaluation; WCxf symmetries
# ------------------------------------------------------------------------------------------------


def test_dirac_fierz_sign():
    """(γ^μP_L)_ij (γ_μP_L)_kl = −(γ^μP_L)_il (γ_μP_L)_kj as matrices; with anticommuting fields the
    Fierz rearrangement of the LL vector current product therefore has sign +1."""
    s = PAULI
    z = np.zeros((2, 2))
    g0 = np.block([[z, np.eye(2)], [np.eye(2), z]])
    gs = [np.block([[z, si], [-si, z]]) for si in s]
    gam = [g0] + gs
    g5 = 1j * gam[0] @ gam[1] @ gam[2] @ gam[3]
    PL = (np.eye(4) - g5) / 2
    metric = [1, -1, -1, -1]
    lhs = sum(m * np.einsum("ij,kl->ijkl", G @ PL, G @ PL) for m, G in zip(metric, gam))
    rhs = -np.einsum("ilkj->ijkl", lhs)
    np.testing.assert_allclose(lhs, rhs, atol=1e-14)


def _yukawas(eta3L, eta1L):
    """Component couplings Y^s[b, (i, a)] of F̄_b P_L q_{i a} S_s from MUOQ eq. (2): s = 0 (S₁),
    1..3 (S₃^A); b, a SU(2) indices (overall signs of the terms are irrelevant)."""
    Y = [np.einsum("i,ab->bia", eta1L, EPS)]
    for A in range(3):
        Y.append(-np.einsum("i,ab->bia", eta3L, EPS @ PAULI[A]))
    return Y


def _canon(W):
    """Symmetrise a coefficient tensor W[q̄1, q2, q̄3, q4] of LL vector operators over the identities
    of the operator: bilinear exchange (13)(24) and the Fierz exchange q2 ↔ q4 (sign +1)."""
    return 0.25 * (W + np.einsum("abcd->cdab", W) + np.einsum("abcd->adcb", W) + np.einsum("abcd->cbad", W))


def test_qq_component_level(etas):
    """(M) evaluated in components (flavour × colour × SU(2) = 18 states, colour crossed, no Fierz
    applied) equals Σ C1 (q̄q)(q̄q) + C3 (q̄τq)(q̄τq) of the returned arrays, modulo the operator
    identities — for unequal masses, so that the S₁–S₃ boxes carry F(M₁, M₃)."""
    eta3L, eta1L, eta1R, _ = etas
    M1, M3 = 1800.0, 3100.0
    masses = [M1, M3, M3, M3]
    Y = _yukawas(eta3L, eta1L)
    d3 = np.eye(3)
    # box: coefficient of (q̄_{Jα a'} q_{Iβ a})(q̄_{Lγ c'} q_{Kδ c}) with δ_{αδ} δ_{βγ}
    K = np.zeros((3, 2, 3, 2, 3, 2, 3, 2), complex)  # [J a', I a, L c', K c]
    for s, sp in itertools.product(range(4), repeat=2):
        F = float(loop_function(masses[s], masses[sp]))
        line1 = np.einsum("bJx,bIa->JxIa", Y[sp].conj(), Y[s])
        line2 = np.einsum("bLy,bKc->LyKc", Y[s].conj(), Y[sp])
        K += PREF * F * np.einsum("JxIa,LyKc->JxIaLyKc", line1, line2)
    # slots (flavour, colour, SU(2)): q̄_J (J, m, x), q_I (I, n, a), q̄_L (L, o, y), q_K (K, w, c)
    W_box = np.einsum("JxIaLyKc,mw,no->JmxInaLoyKwc", K, d3, d3).reshape(18, 18, 18, 18)
    C = BOXES(eta3L, eta1L, eta1R, M1, M3)
    d2 = np.eye(2)
    su1 = np.einsum("xa,yc->xayc", d2, d2)
    su3 = sum(np.einsum("xa,yc->xayc", t, t) for t in PAULI)
    W_w = (np.einsum("prst,mn,ow,xayc->pmxrnasoytwc", np.asarray(C["qq1"]), d3, d3, su1)
           + np.einsum("prst,mn,ow,xayc->pmxrnasoytwc", np.asarray(C["qq3"]), d3, d3, su3))
    W_w = W_w.reshape(18, 18, 18, 18)
    scale = np.abs(W_w).max()
    np.testing.assert_allclose(_canon(W_box), _canon(W_w), rtol=0, atol=1e-12 * scale)
    # the two sides are not trivially equal before symmetrisation (colour is crossed in the box)
    assert np.abs(W_box - W_w).max() > 1e-3 * scale


def test_qu_and_uu_component_level(etas):
    """q–u box (one line with ℓ^c, one with μ_R^c, only S₁; colour crossed, no Fierz) against
    C_qu1 (q̄q)(ūu) + C_qu8 (q̄T^Aq)(ūT^Au); u–u box (colour crossed, Fierz) against C_uu."""
    eta3L, eta1L, eta1R, _ = etas
    M1, M3 = 2100.0, 2900.0
    F = 1.0 / M1**2
    d3, d2 = np.eye(3), np.eye(2)
    T = _gell_mann()
    completeness = np.einsum("Aij,Akl->ijkl", T, T)
    np.testing.assert_allclose(completeness, 0.5 * (np.einsum("il,kj->ijkl", d3, d3)
                                                     - np.einsum("ij,kl->ijkl", d3, d3) / 3), atol=1e-15)
    Y1 = np.einsum("i,ab->bia", eta1L, EPS)
    line_q = np.einsum("bJx,bIa->JxIa", Y1.conj(), Y1)  # q line, SU(2) indices of q̄_J, q_I
    line_u = np.einsum("L,K->LK", eta1R.conj(), eta1R)
    # both line orderings of the q–u box: factor 2 × PREF
    # slots: q̄_J (J, m, x), q_I (I, n, a), ū_L (L, o), u_K (K, w); colour crossed δ_mw δ_no
    W_box = 2 * PREF * F * np.einsum("JxIa,LK,mw,no->JmxInaLoKw", line_q, line_u, d3, d3)
    C = BOXES(eta3L, eta1L, eta1R, M1, M3)
    W_w = (np.einsum("prst,mn,ow,xa->pmxrnasotw", np.asarray(C["qu1"]), d3, d3, d2)
           + np.einsum("prst,Amn,Aow,xa->pmxrnasotw", np.asarray(C["qu8"]), T, T, d2))
    np.testing.assert_allclose(W_box, W_w, rtol=0, atol=1e-12 * np.abs(W_w).max())
    # u–u: (ū_Jα u_Iβ)(ū_Lβ u_Kα) with (η*_J η_I)(η*_L η_K)
    Wuu = PREF * F * np.einsum("J,I,L,K,mw,no->JmInLoKw", eta1R.conj(), eta1R, eta1R.conj(), eta1R, d3, d3)
    Wuu_w = np.einsum("prst,mn,ow->pmrnsotw", np.asarray(C["uu"]), d3, d3)
    Wuu, Wuu_w = Wuu.reshape(9, 9, 9, 9), Wuu_w.reshape(9, 9, 9, 9)
    np.testing.assert_allclose(_canon(Wuu), _canon(Wuu_w), rtol=0, atol=1e-12 * np.abs(Wuu_w).max())


def test_nuR_boxes_are_the_uR_ones_with_d_quarks(etas):
    """η̃^{1R} boxes (optional, massless ν_R): same S₁-only structure as the u_R ones (ν_R^c in
    place of μ_R^c), so dd/qd1/qd8 at η̃ = η^{1R} equal uu/qu1/qu8, and ud1/ud8 are the u–d
    analogue −X^R X̃/(192π²M₁²), −X^R X̃/(32π²M₁²); nothing changes in the other classes."""
    eta3L, eta1L, eta1R, eta1Rt = etas
    M1 = 2200.0
    C = BOXES(eta3L, eta1L, eta1R, M1, 2700.0, eta1Rt=eta1R)
    for a, b in (("dd", "uu"), ("qd1", "qu1"), ("qd8", "qu8")):
        np.testing.assert_array_equal(np.asarray(C[a]), np.asarray(C[b]))
    C2 = BOXES(eta3L, eta1L, eta1R, M1, 2700.0, eta1Rt=eta1Rt)
    XR = np.outer(eta1R.conj(), eta1R)
    XN = np.outer(eta1Rt.conj(), eta1Rt)
    ref = np.einsum("pr,st->prst", XR, XN) / M1**2
    np.testing.assert_allclose(np.asarray(C2["ud1"]), -ref / (192 * np.pi**2), rtol=1e-13)
    np.testing.assert_allclose(np.asarray(C2["ud8"]), -ref / (32 * np.pi**2), rtol=1e-13)
    C0 = BOXES(eta3L, eta1L, eta1R, M1, 2700.0)
    for k in BOX_CLASSES:
        np.testing.assert_array_equal(np.asarray(C2[k]), np.asarray(C0[k]))


def test_wcxf_symmetries_and_round_trip(etas):
    """Identical-current classes: C_prst = C_stpr (the two orderings wcxf_to_arrays fills equally);
    all classes Hermitian (C_rpts = C*_prst); arrays → WCxf keys → arrays is the identity; a unit
    key ``qq1_1223`` fills the same pattern (½ at 1223 and 2312) that the boxes produce; the
    ΔF = 2 key ``qq1_2323`` equals the array entry (one ordering)."""
    eta3L, eta1L, eta1R, eta1Rt = etas
    C = {k: np.asarray(v) for k, v in BOXES(eta3L, eta1L, eta1R, 1500.0, 2500.0, eta1Rt=eta1Rt).items()}
    assert set(C) == set(BOX_CLASSES) | set(BOX_CLASSES_NUR)
    for k, v in C.items():
        assert v.shape == class_shape(k)
        scale = np.abs(v).max()
        assert scale > 0
        np.testing.assert_allclose(np.einsum("prst->rpts", v), v.conj(), rtol=0, atol=1e-15 * scale)
        if k in ("qq1", "qq3", "uu", "dd"):
            np.testing.assert_allclose(np.einsum("prst->stpr", v), v, rtol=0, atol=1e-15 * scale)
    keys = arrays_to_wcxf(C)
    back = wcxf_to_arrays(keys)
    for k in C:
        np.testing.assert_allclose(back[k], C[k], rtol=0, atol=1e-15 * np.abs(C[k]).max())
    unit = wcxf_to_arrays({"qq1_1223": 1.0})["qq1"]
    assert unit[0, 1, 1, 2] == unit[1, 2, 0, 1] == 0.5
    assert C["qq1"][0, 1, 1, 2] == pytest.approx(C["qq1"][1, 2, 0, 1], rel=1e-15)
    assert keys["qq1_1223"] == pytest.approx(2 * C["qq1"][0, 1, 1, 2], rel=1e-15)
    assert keys["qq1_2323"] == pytest.approx(C["qq1"][1, 2, 1, 2], rel=1e-15)
    assert wcxf_to_arrays({"qq1_2323": 1.0})["qq1"][1, 2, 1, 2] == 1.0


# ------------------------------------------------------------------------------------------------
# (3) M₁ = M₃: continuity and derivatives
# ------------------------------------------------------------------------------------------------


def test_degenerate_point_value_and_gradient():
    """At M₁ = M₃ = M: F = 1/M², ∂F/∂M₁ = ∂F/∂M₃ = −1/M³ (d ln F = −2 d ln M in total); the series
    and log branches agree at the switch (|u| = 10⁻²) and the gradient matches central finite
    differences on both sides of it."""
    M = 3000.0
    lf = jax.jit(loop_function)
    grads = jax.jit(jax.grad(loop_function, (0, 1)))
    assert float(lf(M, M)) == 1.0 / M**2
    g1, g3 = grads(M, M)
    assert float(g1) == pytest.approx(-1.0 / M**3, rel=1e-14)
    assert float(g3) == pytest.approx(-1.0 / M**3, rel=1e-14)
    for ratio in (np.sqrt(1.01) * (1 - 1e-12), np.sqrt(1.01) * (1 + 1e-12)):  # straddle the switch
        f = float(lf(M, M * ratio))
        u = ratio**2 - 1
        assert f * M**2 == pytest.approx(np.log1p(u) / u, rel=1e-14)
    for ratio in (1.0, 1.004, 1.00499, 1.00501, 1.2):
        M3 = M * ratio
        h = 1e-3
        fd = (float(lf(M, M3 + h)) - float(lf(M, M3 - h))) / (2 * h)
        ad = float(grads(M, M3)[1])
        assert ad == pytest.approx(fd, rel=1e-6)


def test_box_coefficients_gradients_at_degenerate_point(etas):
    """check_grads (fwd and rev, first order) of the ΔF = 2 coefficient in (M₁, M₃) at M₁ = M₃ and
    nearby, and continuity of every array across M₃ = M₁."""
    eta3L, eta1L, eta1R, _ = etas

    @jax.jit
    def f(m):
        C = box_coefficients(eta3L, eta1L, eta1R, m[0], m[1])
        c = C["qq1"][1, 2, 1, 2] + C["qq3"][1, 2, 1, 2] + C["qq1"][0, 2, 1, 1]
        return jnp.stack([jnp.real(c), jnp.imag(c)]) * 1e12

    for m in (jnp.array([3000.0, 3000.0]), jnp.array([3000.0, 3010.0])):
        check_grads(f, (m,), order=1, modes=("fwd", "rev"), eps=1e-2, rtol=1e-5)
    C0 = BOXES(eta3L, eta1L, eta1R, 3000.0, 3000.0)
    C1 = BOXES(eta3L, eta1L, eta1R, 3000.0, 3000.0 * (1 + 1e-9))
    for k in C0:
        assert float(jnp.max(jnp.abs(C1[k] - C0[k]))) <= 3e-9 * float(jnp.max(jnp.abs(C0[k])))


# ------------------------------------------------------------------------------------------------
# (4) scaling, (5) the mixed box
# ------------------------------------------------------------------------------------------------


def test_scaling_eta4_over_M2(etas):
    eta3L, eta1L, eta1R, eta1Rt = etas
    C = BOXES(eta3L, eta1L, eta1R, 1700.0, 2600.0, eta1Rt=eta1Rt)
    lam, kap = 1.7, 2.3
    Cl = BOXES(lam * eta3L, lam * eta1L, lam * eta1R, 1700.0, 2600.0, eta1Rt=lam * eta1Rt)
    Ck = BOXES(eta3L, eta1L, eta1R, kap * 1700.0, kap * 2600.0, eta1Rt=eta1Rt)
    for k in C:
        ref = np.asarray(C[k])
        np.testing.assert_allclose(np.asarray(Cl[k]), lam**4 * ref, rtol=0, atol=1e-13 * np.abs(ref).max() * lam**4)
        np.testing.assert_allclose(np.asarray(Ck[k]), ref / kap**2, rtol=0, atol=1e-13 * np.abs(ref).max())
    # rephasing the quark fields q_i → e^{iφ_i} q_i: C_prst → e^{-iφ_p+iφ_r-iφ_s+iφ_t} C_prst
    ph = np.exp(1j * np.array([0.3, -1.1, 2.0]))
    Cp = BOXES(eta3L * ph, eta1L * ph, eta1R, 1700.0, 2600.0)
    rot = np.einsum("p,r,s,t->prst", ph.conj(), ph, ph.conj(), ph)
    np.testing.assert_allclose(np.asarray(Cp["qq1"]), rot * np.asarray(C["qq1"]), rtol=0,
                               atol=1e-14 * np.abs(np.asarray(C["qq1"])).max())


def test_bs_component_weights_and_mixed_box():
    """b–s (ΔF = 2) weights 1 (S₁), 5 (S₃), 2F(M₁,M₃) (S₁–S₃, both orderings): the mixed box adds
    with the same sign as the pure ones (its coupling product is |Y₁|²|Y₃|²-like for the down
    components), so aligned couplings at M₁ = M₃ give 1 + 5 + 2 = 8 times the S₁ box; for
    M₃ ≫ M₁ the mixed part → 2 ln(M₃²/M₁²)/M₃²; bs_mixing_coefficient equals the array entry."""
    V = np.array([0.0086 - 0.0032j, -0.0405 + 7.5e-4j, 0.99914])
    e1, e3, z = 0.3 * V, 0.3 * V, np.zeros(3)
    M = 2000.0

    def cbs(eta3L, eta1L, M1, M3):
        C = BOXES(eta3L, eta1L, z, M1, M3)
        return complex(C["qq1"][1, 2, 1, 2] + C["qq3"][1, 2, 1, 2])

    bsmix = jax.jit(bs_mixing_coefficient)
    x = np.conj(e1[1]) * e1[2]
    c1 = cbs(z, e1, M, M)
    assert c1 == pytest.approx(PREF * x**2 / M**2, rel=1e-14)
    assert cbs(e3, z, M, M) == pytest.approx(5 * c1, rel=1e-14)
    assert cbs(e3, e1, M, M) == pytest.approx(8 * c1, rel=1e-14)
    for M3 in (M, 3 * M, 30 * M, 3000 * M):
        both, only1, only3 = cbs(e3, e1, M, M3), cbs(z, e1, M, M3), cbs(e3, z, M, M3)
        mixed = both - only1 - only3
        assert mixed == pytest.approx(2 * PREF * x**2 * float(loop_function(M, M3)), rel=1e-9)
        assert (mixed / only1).real > 0 and abs((mixed / only1).imag) < 1e-12  # constructive
        assert complex(bsmix(e3, e1, M, M3)) == pytest.approx(both, rel=1e-14)
    mixed_far = (cbs(e3, e1, M, 3000 * M) - cbs(z, e1, M, 3000 * M) - cbs(e3, z, M, 3000 * M)) / (PREF * x**2)
    M3 = 3000 * M
    assert mixed_far.real == pytest.approx(2 * np.log(M3**2 / M**2) / M3**2, rel=1e-6)


# ------------------------------------------------------------------------------------------------
# size at the MUOQ best fit, JAX transforms, bad input
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a", [1.0, -1.0])
def test_best_fit_size(a):
    """MUOQ Fig. 1 best fit (η₃^{3L}, η₃^{1L} = η₃^{1R}) = (0.43, 0.12), M₁ = M₃ = 3 TeV, flavour
    (a V_td, a V_ts, 1): C_VLL^bs ≈ −2.7e-14 GeV⁻², phase of λ_t² (independent of a), so
    ΔM_s/ΔM_s^SM − 1 ≈ +3e-4 (LO estimate against C_VLL^SM = −G_F²m_W²λ_t²S₀/(4π²), no SMEFT running,
    LO QCD from 3 TeV to m_Z: factor ≈ 0.9)."""
    from jaxalign.inputs import load_inputs
    from jaxalign.smeft.sm_couplings import ckm_standard

    sm = load_inputs("2021")
    V = np.asarray(ckm_standard(sm.Vus, sm.Vub, sm.Vcb, sm.delta_ckm))
    c = np.array([a * V[2, 0], a * V[2, 1], 1.0])  # = MuoquarkU2(spurion_coeff=a).flavour_vector()
    C = BOXES(0.43 * c, 0.12 * c, np.array([0.0, 0.0, 0.12]), 3000.0, 3000.0)
    lam_t = V[2, 2] * np.conj(V[2, 1])
    c_bs = complex(C["qq1"][1, 2, 1, 2] + C["qq3"][1, 2, 1, 2])
    expect = PREF * (0.12**4 + 5 * 0.43**4 + 2 * 0.12**2 * 0.43**2) * np.conj(V[2, 1]) ** 2 / 3000.0**2
    assert c_bs == pytest.approx(expect, rel=1e-13)
    mW, GF = float(sm.match_m_W), float(sm.GF)
    x_t = (162.5 / mW) ** 2  # m_t(m_t) ≈ 162.5 GeV: an estimate only
    c_sm = -GF**2 * mW**2 / (4 * np.pi**2) * lam_t**2 * float(s0(x_t))
    assert abs(np.angle(c_bs / c_sm)) < 1e-12  # same phase as the SM (V_tb real): ΔM_s increases
    r = jax.jit(qcd_factor_lo)(3000.0, 91.1876, float(sm.alpha_s_mz), float(sm.m_up_mz[2]))
    assert 0.85 < float(r) < 0.95
    d = float(delta_ms_ratio_estimate(C, c_sm, r))
    assert 2e-4 < d < 4e-4


def test_qcd_factor_lo_composes():
    """The LO factor composes across the m_t threshold and is 1 for equal scales."""
    a, mt = 0.1179, 163.0
    f = lambda h, l: float(qcd_factor_lo(h, l, a, mt))  # noqa: E731
    assert f(3000.0, 3000.0) == 1.0
    assert f(3000.0, 91.1876) == pytest.approx(f(3000.0, 500.0) * f(500.0, 120.0) * f(120.0, 91.1876), rel=1e-13)


def test_vmap_and_bad_input(etas):
    """vmap over M₁ of bs_mixing_coefficient = the array entry point by point; a wrong coupling
    shape is an InputError before tracing; a non-positive mass is a run-time error (also under jit)."""
    eta3L, eta1L, eta1R, _ = etas
    Ms = jnp.array([1900.0, 2400.0, 5000.0])
    v = jax.jit(jax.vmap(lambda m: bs_mixing_coefficient(eta3L, eta1L, m, 2400.0)))(Ms)
    for i, m in enumerate(Ms):
        ref = BOXES(eta3L, eta1L, eta1R, m, 2400.0)
        assert complex(v[i]) == pytest.approx(complex(ref["qq1"][1, 2, 1, 2] + ref["qq3"][1, 2, 1, 2]), rel=1e-13)
    with pytest.raises(InputError, match="eta1L"):
        box_coefficients(eta3L, eta1L[:2], eta1R, 1900.0, 2400.0)
    with pytest.raises(Exception, match="M1 must be positive"):
        jax.block_until_ready(BOXES(eta3L, eta1L, eta1R, -1900.0, 2400.0))
