"""The U(2)_L × U(2)_E spurion model of ALIGN §4.2 (jaxalign.models.u2_spurion).

What is checked, with its tolerance (ALIGN = arXiv:2111.13724, seed text 000_8c72148c1d23c2a9):

* spurion structure: every entry of eq. (4.4) and of eq. (4.9) typed here by hand (1e-15), the
  Yukawa of eq. (4.2), and the power counting of each entry under rescaling of δ'_e, δ_e, ε_ℓ, s_e
  (exact powers, 1e-12);
* flavour phases: eq. (3.18) ratios = −eq. (4.5) exactly (sign convention of the rotation angle),
  θ_R independent of the operator, eq. (4.6) to first order in ε_ℓ² (error ≤ 2 d ε² relative);
* δ_e, δ'_e from the lepton masses (singular-value ratios 1e-12), the exact mass-basis rotation
  (U_L† 𝒴_e U_R diagonal to 1e-15 relative, with and without C_eH);
* bounds: at points on the bound the model's ε₁₂^L, ε₂₃^L equal the left-hand sides of eqs. (4.7),
  (4.10) (1.5 % and 3 %: the formulas are first order in ε_ℓ², s_e δ'/δ), and with the muon dipole
  fixed by Δa_μ = 251×10⁻¹¹ (eq. 2.2) BR(μ→eγ), BR(τ→μγ) land on the limits of eqs. (2.6), (2.9)
  (tolerances from the printed digits); eq. (4.8): 2×10⁻³ from the formula against the printed
  "≲ 10⁻³" (documented as order-of-magnitude rounding);
* exact alignment when the dipole is proportional to the Yukawa (ε = 0 to 1e-10 of the misaligned
  value); gradients (check_grads, fwd + rev); input errors; the model-point example;
* slow: the full chain (SMEFT running, mass basis at m_Z) at the bound point, and the likelihood of
  fits/align_u2_spurion.yaml.
"""

from __future__ import annotations

import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

from jaxalign.errors import InputError
from jaxalign.inputs import load_inputs
from jaxalign.matching.smeft_to_wet import weak_mixing
from jaxalign.models import MODELS
from jaxalign.models.u2_spurion import (
    U2Spurion,
    _lepton_ratios,
    delta_theta_eq46,
    deltas_from_mass_ratios,
    eps12_eq47,
    eps12_first_order,
    eps23_eq410,
    eps_ratios,
    spurion_matrix,
    theta_L_eq45,
    theta_R_eq45,
)
from jaxalign.observables.dipoles import delta_a_lepton
from jaxalign.observables.lfv_radiative import br_radiative_lfv
from jaxalign.smeft.sm_couplings import vev_from_gf

ROOT = pathlib.Path(__file__).resolve().parents[2]

# ALIGN eq. (2.2): Δa_μ = (251 ± 59) × 10⁻¹¹; eq. (2.6): "B(μ⁺ → e⁺γ) < 4.2 × 10⁻¹³ (90% C.L.)" ⇒
# |C'_eγ,12| < 2.1 × 10⁻¹⁰ TeV⁻², with eq. (2.4) Re C'_eγ,22 ≈ 1.0 × 10⁻⁵ TeV⁻² ⇒ eq. (2.7) 2 × 10⁻⁵;
# eq. (2.9): "B(τ → μγ) < 4.4 × 10⁻⁸" ⇒ |C'_eγ,23| < 2.7 × 10⁻⁶ TeV⁻²; eq. (2.10): 1.6 × 10⁻².
DAMU = 251e-11
BR_MEG = 4.2e-13
C12_MAX, C22_REF = 2.1e-10, 1.0e-5  # TeV⁻²
BR_BABAR = 4.4e-8
EPS23_MAX = 1.6e-2


@pytest.fixture(scope="module", autouse=True)
def _warm_up():
    """Load the 2021 inputs and the SM couplings once (≈ 5-10 s, shared by all tests)."""
    U2Spurion(operators=("egamma",)).coefficients(_x(U2Spurion(operators=("egamma",))))


def _x(model, **kw):
    """Parameter vector of ``model`` from keyword values (defaults: eq. 4.2 Yukawa, a = g = 1)."""
    base = {"eps_l": 0.1, "s_e": 0.05, "delta_e": 0.06, "delta_p_e": 3e-4,
            "a_Y": 1.0, "b_Y": 0.0, "f_Y": 1.0, "g_Y": 1.0}
    for tag, size in (("eg", "C_egamma_22"), ("eH", "C_ephi_22"), ("u3", "C_lequ3_2233"),
                      ("u1", "C_lequ1_2233"), ("d", "C_ledq_2233")):
        base.update({size: 1e-11, f"a_{tag}": 1.0, f"b_{tag}": 0.5, f"f_{tag}": 1.0, f"g_{tag}": 1.0})
    base.update(kw)
    return jnp.array([base[n] for n in model.parameter_names])


# ------------------------------------------------------------------------------------------------
# Spurion structure and power counting (eqs. 4.2–4.6, 4.9)
# ------------------------------------------------------------------------------------------------


def test_spurion_matrix_is_eq44_and_eq49():
    """Each entry of the light block equals eq. (4.4) as printed,
    X = [[a c δ', −a s δ], [s δ'(a + bε²), c δ(a + bε²)]], the (2,3) block equals eq. (4.9)
    [[·, f ε], [0, g]], the remaining entries vanish (V_ℓ = (0, ε), no (3, β) term). 1e-15."""
    rng = np.random.default_rng(1)
    for _ in range(5):
        eps, s, d, dp = rng.uniform(0.01, 0.3), rng.uniform(-0.5, 0.5), rng.uniform(1e-3, 0.1), rng.uniform(1e-5, 1e-3)
        a, b, f, g = rng.normal(size=4)
        c = np.sqrt(1 - s**2)
        S = np.asarray(spurion_matrix(eps, s, d, dp, a, b, f, g))
        X = np.array([[a * c * dp, -a * s * d], [s * dp * (a + b * eps**2), c * d * (a + b * eps**2)]])
        assert np.abs(S[:2, :2] - X).max() < 1e-15
        assert S[1, 2] == pytest.approx(f * eps, rel=1e-15) and S[2, 2] == pytest.approx(g, rel=1e-15)
        assert S[0, 2] == 0 and S[2, 0] == 0 and S[2, 1] == 0
    # eq. (4.2): Y_e/y_τ = [[Δ_e, V_ℓ], [0, 1]] for a = f = g = 1, b = 0
    S = np.asarray(spurion_matrix(0.1, 0.2, 0.06, 3e-4, 1.0, 0.0, 1.0, 1.0))
    c = np.sqrt(1 - 0.04)
    Delta = np.array([[c, -0.2], [0.2, c]]) @ np.diag([3e-4, 0.06])  # O_eᵀ diag(δ', δ)
    assert np.abs(S[:2, :2] - Delta).max() < 1e-16 and S[1, 2] == 0.1 and S[0, 2] == 0


def test_power_counting_of_each_entry():
    """Power counting of eqs. (4.2)–(4.4), (4.9): under δ'_e → λδ'_e only the 1st column scales (∝λ);
    δ_e → λδ_e only the 2nd light column (∝λ); ε_ℓ → λε_ℓ: (2,3) ∝ λ and the O(V_ℓ²Δ_e) part of the
    2nd light row ∝ λ²; s_e → λs_e (small): the off-diagonal light entries ∝ λ, the diagonal ones
    change at O(s_e²). Exact powers to 1e-12 (the O(s²) ones to 2 s²)."""
    args = dict(eps_l=0.1, s_e=1e-3, delta_e=0.06, delta_p_e=3e-4, a=1.3, b=-0.7, f=0.8, g=1.1)

    def S(**kw):
        p = {**args, **kw}
        return np.asarray(spurion_matrix(p["eps_l"], p["s_e"], p["delta_e"], p["delta_p_e"], p["a"], p["b"], p["f"], p["g"]))

    S0, lam = S(), 3.0
    S1 = S(delta_p_e=lam * args["delta_p_e"])
    np.testing.assert_allclose(S1[:, 0], lam * S0[:, 0], rtol=1e-12)
    np.testing.assert_allclose(S1[:, 1:], S0[:, 1:], rtol=1e-12)
    S2 = S(delta_e=lam * args["delta_e"])
    np.testing.assert_allclose(S2[:2, 1], lam * S0[:2, 1], rtol=1e-12)
    np.testing.assert_allclose(S2[:, [0, 2]], S0[:, [0, 2]], rtol=1e-12)
    S3 = S(eps_l=lam * args["eps_l"])
    assert S3[1, 2] == pytest.approx(lam * S0[1, 2], rel=1e-12)
    Sb0 = S(b=0.0)  # the O(V_ℓ² Δ_e) part of row 2
    np.testing.assert_allclose(S3[1, :2] - S(b=0.0, eps_l=lam * args["eps_l"])[1, :2], lam**2 * (S0[1, :2] - Sb0[1, :2]), rtol=1e-12)
    np.testing.assert_allclose(S3[0], S0[0], rtol=1e-12)  # row 1 has no V_ℓ
    S4 = S(s_e=lam * args["s_e"])
    assert S4[0, 1] == pytest.approx(lam * S0[0, 1], rel=1e-12) and S4[1, 0] == pytest.approx(lam * S0[1, 0], rel=1e-12)
    s = lam * args["s_e"]
    assert abs(S4[1, 1] / S0[1, 1] - 1) < 2 * s**2 and abs(S4[0, 0] / S0[0, 0] - 1) < 2 * s**2
    # the hierarchy of the Yukawa entries for |δ'| ≪ |δ| ≪ |ε| ≪ 1 (eq. 4.3 and below)
    Y = np.abs(S(a=1.0, b=0.0, f=1.0, g=1.0, s_e=0.07))
    assert Y[1, 0] < Y[0, 0] < Y[0, 1] < Y[1, 1] < Y[1, 2] < Y[2, 2]


def test_flavour_phases_eq45_eq46():
    """θ_L^n = C^n_12/C^n_22 (eq. 3.18) = −(s/c)/(1 + d_n ε²) = −θ_L of eq. (4.5) exactly, θ_R^n =
    C^n_21/C^n_22 = −θ_R of eq. (4.5) exactly and the same for every n (single U(2)_E spurion);
    eq. (4.5) prints the rotation angles, i.e. the opposite sign convention (module docstring).
    Eq. (4.6) is the first-order difference: relative error ≤ 2 |d| ε²; 23 sector θ = h ε (eq. 4.9)."""
    model = U2Spurion(operators=("egamma", "lequ3", "lequ1"))
    x = _x(model, s_e=0.03, eps_l=0.15, b_eg=0.7, b_u3=-1.2, b_u1=0.3, f_eg=0.4, g_eg=1.5, f_u3=2.0, g_u3=0.5)
    p = dict(zip(model.parameter_names, np.asarray(x)))
    th = {k: float(v) for k, v in model.flavour_phases(x).items()}
    for tag in ("Y", "eg", "u3", "u1"):
        assert th[f"theta_L_{tag}"] == pytest.approx(-float(theta_L_eq45(p["s_e"], p["eps_l"], p[f"a_{tag}"], p[f"b_{tag}"])), rel=1e-13)
        assert th[f"theta_R_{tag}"] == pytest.approx(-float(theta_R_eq45(p["s_e"], p["delta_e"], p["delta_p_e"])), rel=1e-13)
        assert th[f"theta_L23_{tag}"] == pytest.approx(p[f"f_{tag}"] / p[f"g_{tag}"] * p["eps_l"], rel=1e-13)
    for n, m in (("Y", "eg"), ("eg", "u3"), ("u1", "u3")):
        d_n, d_m = p[f"b_{n}"] / p[f"a_{n}"], p[f"b_{m}"] / p[f"a_{m}"]
        exact = -(th[f"theta_L_{m}"] - th[f"theta_L_{n}"])  # rotation-angle convention of eq. (4.6)
        approx = float(delta_theta_eq46(p["s_e"], p["eps_l"], d_n, d_m))
        assert abs(exact / approx - 1) < 2 * max(abs(d_n), abs(d_m)) * p["eps_l"] ** 2


def test_deltas_from_mass_ratios():
    """δ_e, δ'_e solved from the inputs' m_e/m_τ, m_μ/m_τ (MSbar at m_Z): the singular values of the
    eq. (4.2) Yukawa have exactly those ratios (1e-12), also for general coefficients, and the
    hierarchy |δ'_e| ≪ |δ_e| ≪ 1 of eq. (4.3) comes out: δ_e = (m_μ/m_τ)(1 + ε²), δ'_e =
    (m_e/m_τ)√(1 + ε²) up to O(δ²ε²) (the δ_e column of Δ_e has norm δ_e whatever s_e), 1e-3."""
    r_e, r_mu = _lepton_ratios("2021")
    sm = load_inputs("2021")
    m = np.asarray(sm.m_lepton_mz)
    assert r_e == pytest.approx(m[0] / m[2], rel=1e-15) and r_mu == pytest.approx(m[1] / m[2], rel=1e-15)
    for eps, s, coeffs in ((0.1, 0.07, (1, 0, 1, 1)), (0.3, -0.2, (0.8, 1.5, 0.6, 1.2)), (0.02, 1e-5, (1, 0, 1, 1))):
        d, dp = deltas_from_mass_ratios(eps, s, r_e, r_mu, *coeffs)
        S = np.asarray(spurion_matrix(eps, s, d, dp, *coeffs))
        sv = np.sort(np.linalg.svd(S, compute_uv=False))
        assert sv[0] / sv[2] == pytest.approx(r_e, rel=1e-12) and sv[1] / sv[2] == pytest.approx(r_mu, rel=1e-12)
    d, dp = deltas_from_mass_ratios(0.1, 0.07, r_e, r_mu)
    assert float(d) == pytest.approx(r_mu * 1.01, rel=1e-3) and float(dp) == pytest.approx(np.sqrt(1.01) * r_e, rel=1e-3)
    assert float(dp) < 0.01 * float(d) < 0.01


def test_rotation_diagonalises_mass_matrix():
    """The returned coefficients live in the basis where 𝒴_e = Y_e − (v²/2) C_eH (eq. 3.7) of the model
    is diagonal: U_L† 𝒴_e U_R diagonal (off-diagonal < 1e-13 of m_τ: U_R = 𝒴†U_L/m amplifies the
    rounding of the electron column by m_τ/m_e), and the rotated C_eH has
    the same relation; the rotation acts on (l̄, e) only (quark indices of C_lequ untouched)."""
    model = U2Spurion()
    x = _x(model, C_ephi_22=2e-9, b_eH=3.0, f_eH=0.2)  # v²/2 C_eH,22 ~ 0.06 y_μ: shifts the basis
    UL, UR = model.rotation(x)
    Me = model.mass_matrix(x)
    D = np.asarray(UL.conj().T @ Me @ UR)
    off = D - np.diag(np.diag(D))
    assert np.abs(off).max() < 1e-13 * abs(D[2, 2])
    assert np.all(np.diag(D).real > 0) and D[0, 0].real < D[1, 1].real < D[2, 2].real
    C, C0 = model.coefficients(x), model.unrotated_coefficients(x)
    np.testing.assert_allclose(np.asarray(C["ephi"]), np.asarray(UL.conj().T @ C0["ephi"] @ UR), atol=1e-25)
    ref = np.einsum("pa,abst,bq->pqst", np.asarray(UL.conj().T), np.asarray(C0["lequ3"]), np.asarray(UR))
    np.testing.assert_allclose(np.asarray(C["lequ3"]), ref, atol=1e-25)
    assert float(jnp.abs(C["lequ3"][:, :, :2, :]).max()) == 0.0
    # with C_eH the Yukawa alone is not diagonal in the returned basis
    Y = np.asarray(UL.conj().T @ model.flavour_matrices(x)["Y"] @ UR)
    assert abs(Y[0, 1]) > 1e-8 * abs(Y[1, 1])


# ------------------------------------------------------------------------------------------------
# Bounds (eqs. 4.7, 4.8, 4.10) from the model's predictions
# ------------------------------------------------------------------------------------------------


def _at_mz_without_running(model, x, sm):
    """egamma (GeV⁻¹) = (v/√2)(c_θ C'_eB − s_θ C'_eW), the Λ coefficients taken at m_Z (no running:
    the dipole runs multiplicatively and the Yukawa rotation is flavour-universal at this order)."""
    C = model.coefficients(x)
    cw, sw, _ = weak_mixing(sm)
    return vev_from_gf(sm.GF) / np.sqrt(2.0) * (cw * C["eB"] - sw * C["eW"])


def _saturate_damu(model, x, sm):
    """Rescale C_egamma_22 so that Δa_μ (jaxalign's a_μ formula) = 251 × 10⁻¹¹ (ALIGN eq. 2.2)."""
    _, _, e = weak_mixing(sm)
    eg = _at_mz_without_running(model, x, sm)
    da = float(delta_a_lepton(eg, sm.lepton_mass, e, 1))
    i = model.parameter_names.index("C_egamma_22")
    return x.at[i].multiply(DAMU / da)


def test_eq47_eq48_bound_point_and_mu_to_e_gamma():
    """ALIGN eq. (4.7): |θ^eγ − θ^Y| = |s_e/c_e| ε_ℓ² |d_Y − d_eγ| ≤ 2×10⁻⁵, with eq. (4.8): for
    ε_ℓ = 0.1, c_e ≈ 1: |s_e(d_Y − d_eγ)| ≲ 10⁻³.

    What the bound means: at s_e = 2×10⁻³, d_Y − d_eγ = 1 (b_eγ = −1), ε_ℓ = 0.1 the formula (4.7)
    gives exactly 2.0×10⁻⁵; the model's ε₁₂^L = C'_eγ,12/C'_eγ,22 in the mass basis equals it to
    2 % (the formula is first order: 1/(1 + dε²) → 1 − dε² is 1 %, the second-order rotation another
    0.5 %, which is also the difference to the exact θ_L^eγ − θ_L^Y of eq. 3.18); with C'_22 saturating Δa_μ = 251×10⁻¹¹, BR(μ→eγ) is then the MEG limit 4.2×10⁻¹³ times
    (2.0/2.1)², since eq. (2.7) is eq. (2.6)/(2.4) = 2.1×10⁻⁵ rounded to one digit. Tolerance 15 %
    (BR ∝ |C|², printed numbers with two digits). Misprint/rounding recorded: eq. (4.8)'s "10⁻³" is the
    order of magnitude of 2×10⁻³ (= 2×10⁻⁵/ε_ℓ²); at s_e = 10⁻³ the model gives |ε₁₂| = 1.0×10⁻⁵,
    half the bound."""
    sm = load_inputs("2021")
    model = U2Spurion(operators=("egamma",), deltas_from_masses=True)
    s_bound = 2e-5 / 0.1**2 / 1.0  # |s_e| ε² |Δd| = 2e-5 with c_e → 1
    assert s_bound == pytest.approx(2e-3)  # eq. (4.8) from (4.7): 2e-3, printed "≲ 1e-3"
    x = _x(model, s_e=s_bound, b_eg=-1.0, f_eg=1.0)
    x = _saturate_damu(model, x, sm)
    eg = _at_mz_without_running(model, x, sm)
    eps = eps_ratios(eg)
    lhs = float(eps12_eq47(s_bound, 0.1, 0.0, -1.0))
    assert abs(float(eps["eps_12_L"])) == pytest.approx(lhs, rel=0.02)
    th = model.flavour_phases(x)  # exact difference of the eq. (3.18) ratios: 0.6 % (second-order rotation)
    assert float(eps["eps_12_L"]) == pytest.approx(float(th["theta_L_eg"] - th["theta_L_Y"]), rel=0.006)
    assert abs(float(eps["eps_12_R"])) < 0.01 * lhs  # θ_R aligned for all operators (eq. 4.5)
    br = float(br_radiative_lfv(eg, sm.lepton_mass, sm.lepton_width, 1, 0))
    assert br == pytest.approx(BR_MEG * (2.0 / 2.1) ** 2, rel=0.15)
    # the sign of ε₁₂ follows θ^eγ − θ^Y = −(s/c)(1/(1 + d_eγ ε²) − 1) > 0 for d_eγ = −1 … here < 0:
    assert float(eps["eps_12_L"]) < 0
    # at the printed 1e-3: half the bound
    x2 = x.at[model.parameter_names.index("s_e")].set(1e-3)
    e2 = float(eps_ratios(_at_mz_without_running(model, x2, sm))["eps_12_L"])
    assert abs(e2) == pytest.approx(1.0e-5, rel=0.02)


def test_eq410_bound_point_and_tau_to_mu_gamma():
    """ALIGN eq. (4.10): |ε_ℓ(h_Y − h_eγ)| ≲ 2×10⁻² → |h_Y − h_eγ| ≲ 0.2 (ε_ℓ = 0.1).

    At h_Y − h_eγ = 0.16 (h_Y = 1 from eq. 4.2, f_eγ = 0.84, g_eγ = 1) the formula gives 1.6×10⁻², the
    bound of eq. (2.10) with the natural normalisation (2.11); the model's ε₂₃^L = C'_23/C'_33 equals
    it to 3 % (first order in ε_ℓ²), the τ dipole is natural (C'_33/C'_22 = m_τ/m_μ within 3 %), and
    with Δa_μ saturated BR(τ→μγ) is the BaBar limit 4.4×10⁻⁸ of eq. (2.9) within 25 % (printed
    1.0, 1.6, 2.7 with two digits; BR ∝ |C|²). The printed 2×10⁻² is 1.6×10⁻² rounded."""
    sm = load_inputs("2021")
    model = U2Spurion(operators=("egamma",), deltas_from_masses=True)
    x = _x(model, s_e=0.0, b_eg=0.0, f_eg=0.84, g_eg=1.0)
    x = _saturate_damu(model, x, sm)
    eg = _at_mz_without_running(model, x, sm)
    eps23 = float(eps_ratios(eg)["eps_23_L"])
    lhs = float(eps23_eq410(0.1, 1.0, 0.84))
    assert lhs == pytest.approx(EPS23_MAX, rel=1e-12)
    assert abs(eps23) == pytest.approx(lhs, rel=0.03)
    m = np.asarray(sm.lepton_mass)
    assert abs(complex(eg[2, 2] / eg[1, 1])) == pytest.approx(m[2] / m[1], rel=0.03)
    br = float(br_radiative_lfv(eg, sm.lepton_mass, sm.lepton_width, 2, 1))
    assert br == pytest.approx(BR_BABAR, rel=0.25)
    # ε₁₂ stays zero for s_e = 0 (the 12 sector decouples)
    assert abs(float(eps_ratios(eg)["eps_12_L"])) < 1e-14


def test_alignment_when_dipole_proportional_to_yukawa():
    """If the dipole has the Yukawa's O(1) coefficients (d_eγ = d_Y, h_eγ = h_Y, same g/a), C_eγ ∝ Y_e
    and the mass basis diagonalises both: every ε vanishes (< 1e-10 of the misaligned value with
    b_eγ = −1, s_e = 0.05)."""
    sm = load_inputs("2021")
    model = U2Spurion(operators=("egamma",), deltas_from_masses=True)
    ref = abs(float(eps_ratios(_at_mz_without_running(model, _x(model, b_eg=-1.0), sm))["eps_12_L"]))
    assert ref > 1e-5
    eps = eps_ratios(_at_mz_without_running(model, _x(model, b_eg=0.0, f_eg=1.0, g_eg=1.0), sm))
    for k, v in eps.items():
        assert abs(float(v)) < 1e-10 * ref, k


def test_eq47_misses_the_23_sector_feed_through():
    """Finding (documented in the module and docs/models/align_models.md): at first order the model
    gives ε₁₂^L = (s_e/c_e) ε_ℓ² [(d_eγ − d_Y) − (g_eγ/a_eγ)(a_Y/g_Y) h_Y (h_eγ − h_Y)]
    (:func:`eps12_first_order`); eq. (4.7) has only the first term. Checked for random O(1)
    coefficients (general Yukawa coefficients too): relative error < 10 % at ε_ℓ = 0.1 and shrinking
    like ε_ℓ² (at ε_ℓ = 0.05 below 0.3 × the ε_ℓ = 0.1 error + 1 % for the ε-independent O(δ_e², s_e δ'/δ)
    corrections), i.e. the formula is the complete first order; and the pure second term alone:
    with d_eγ = d_Y, h_eγ = 0.5, g_eγ = 2 (eq. 4.7 predicts 0) the model gives |ε₁₂| = s_e ε_ℓ² within 3 %."""
    sm = load_inputs("2021")
    model = U2Spurion(operators=("egamma",))
    rng = np.random.default_rng(7)
    for _ in range(6):
        cY = (rng.uniform(0.7, 1.3), rng.uniform(-1, 1), rng.uniform(0.7, 1.3), rng.uniform(0.7, 1.3))
        ce = (rng.uniform(0.7, 1.3), rng.uniform(-2, 2), rng.uniform(0.0, 2.0), rng.uniform(0.5, 2.0))
        kw = dict(zip(("a_Y", "b_Y", "f_Y", "g_Y", "a_eg", "b_eg", "f_eg", "g_eg"), cY + ce))
        err = []
        for eps in (0.1, 0.05):
            x = _x(model, s_e=1e-3, eps_l=eps, **kw)
            e12 = float(eps_ratios(_at_mz_without_running(model, x, sm))["eps_12_L"])
            ref = float(eps12_first_order(1e-3, eps, cY, ce))
            err.append(abs(e12 / ref - 1))
        assert err[0] < 0.1 and err[1] < 0.3 * err[0] + 0.01, (kw, err)
    x = _x(model, s_e=1e-3, b_eg=0.0, f_eg=1.0, g_eg=2.0)
    assert float(eps12_eq47(1e-3, 0.1, 0.0, 0.0)) == 0.0
    e12 = float(eps_ratios(_at_mz_without_running(model, x, sm))["eps_12_L"])
    assert e12 == pytest.approx(1e-3 * 0.1**2, rel=0.03)


# ------------------------------------------------------------------------------------------------
# Gradients, errors, interface
# ------------------------------------------------------------------------------------------------


def _grad_setup(full: bool):
    """(f, p0): O(1) outputs of the coefficients as a function of O(1) parameters. ``full``: three
    operators and δ's from the masses (the slow test); else the dipole alone (small program)."""
    ops = ("egamma", "lequ3", "ephi") if full else ("egamma",)
    model = U2Spurion(operators=ops, deltas_from_masses=full)
    names = model.parameter_names
    x0 = _x(model, s_e=0.03, b_eg=-0.8, f_eg=0.7, b_u3=0.4, C_ephi_22=1e-10)
    scale = jnp.array([1e-11 if n.startswith("C_") else 1.0 for n in names])
    want = ["eps_l", "s_e", "C_egamma_22", "b_eg", "f_eg", "g_eg"]
    want += ["C_lequ3_2233", "b_u3", "C_ephi_22", "b_eH"] if full else ["delta_e", "delta_p_e", "b_Y", "f_Y"]
    free = jnp.array([names.index(n) for n in want])

    def f(p):
        x = (x0 / scale).at[free].set(p) * scale
        C = model.coefficients(x)
        z = [C["eB"].ravel()] + ([C["lequ3"][:, :, 2, 2].ravel(), C["ephi"].ravel()] if full else [])
        z = jnp.concatenate(z) * 1e11
        return jnp.concatenate([jnp.real(z), jnp.imag(z)])

    return f, (x0 / scale)[free]


def test_gradients_vs_finite_differences():
    """Directional derivatives (jit(jvp)) through the spurion structure (dipole alone, δ's as
    parameters) and the exact rotation, against central finite differences of the same compiled map along 3 random
    directions (step 1e-5 in O(1) parameters: ε_ℓ, s_e, sizes in 1e-11 GeV⁻², b, f, g): agreement to
    1e-6 of the largest component (FD truncation ~h², rounding ~1e-16/h)."""
    f, p0 = _grad_setup(full=False)
    g = jax.jit(lambda p, v: jax.jvp(f, (p,), (v,)))
    rng = np.random.default_rng(3)
    h = 1e-5
    for _ in range(3):
        v = jnp.asarray(rng.normal(size=p0.shape))
        _, jv = g(p0, v)
        fd = (np.asarray(g(p0 + h * v, v)[0]) - np.asarray(g(p0 - h * v, v)[0])) / (2 * h)
        assert np.abs(np.asarray(jv) - fd).max() < 1e-6 * np.abs(fd).max()


@pytest.mark.slow  # eager check_grads through eigh-based rotations: ~40 s
def test_gradients_check_grads():
    """jax.test_util.check_grads (order 1, fwd and rev; JAX's float64 defaults) with three operators,
    C_eH in the mass matrix and δ_e, δ'_e solved from the masses."""
    f, p0 = _grad_setup(full=True)
    check_grads(f, (p0,), order=1, modes=("fwd", "rev"))


def test_jit_and_bad_input():
    """jit = eager; clear InputError for bad values and options; |s_e| ≥ 1 under jit raises at run
    time (jaxalign.errors.check) instead of returning NaN — unless runtime_checks=False (the fit
    setting, documented: NaN)."""
    model = U2Spurion(operators=("egamma",))
    x = _x(model)
    fj = jax.jit(model.coefficients)
    a, b = model.coefficients(x), fj(x)
    assert float(jnp.abs(a["eB"] - b["eB"]).max()) < 1e-13 * float(jnp.abs(a["eB"]).max())
    with pytest.raises(InputError, match="s_e"):
        model.coefficients(x.at[1].set(1.2))
    with pytest.raises(InputError, match="expected"):
        model.coefficients(x[:-1])
    with pytest.raises(InputError, match="non-finite"):
        model.coefficients(x.at[0].set(jnp.nan))
    with pytest.raises(InputError, match="a_eg"):
        model.coefficients(_x(model, a_eg=1.0, b_eg=-100.0))
    with pytest.raises(InputError, match="operators"):
        U2Spurion(operators=("egamma", "bogus"))
    with pytest.raises(InputError, match="sm_inputs"):
        U2Spurion(sm_inputs="1999")
    with pytest.raises(Exception, match="s_e"):
        jax.block_until_ready(fj(x.at[1].set(1.5)))
    # runtime_checks=False (fits): no host callback; an invalid traced point gives NaN, a valid one
    # the same numbers
    m2 = U2Spurion(operators=("egamma",), runtime_checks=False)
    f2 = jax.jit(m2.coefficients)
    assert float(jnp.abs(f2(x)["eB"] - a["eB"]).max()) < 1e-13 * float(jnp.abs(a["eB"]).max())
    assert bool(jnp.any(jnp.isnan(f2(x.at[1].set(1.5))["eB"])))
    with pytest.raises(InputError, match="s_e"):  # concrete input: still validated in Python
        m2.coefficients(x.at[1].set(1.5))


def test_interface_and_model_point():
    """Registered as ``u2_spurion``; parameter names; the example model point reads and gives
    finite coefficients with the documented structure (the example file is a valid point)."""
    from jaxalign.models.point import read_model_point

    assert MODELS["u2_spurion"] is U2Spurion
    m = U2Spurion()
    assert m.parameter_names[:8] == ("eps_l", "s_e", "delta_e", "delta_p_e", "a_Y", "b_Y", "f_Y", "g_Y")
    assert len(m.parameter_names) == 8 + 5 * 5
    assert len(U2Spurion(deltas_from_masses=True, operators=("egamma",)).parameter_names) == 11
    assert set(m.default_bounds()) == set(m.parameter_names)
    assert hash(m) == hash(U2Spurion()) and m == U2Spurion()
    pt = read_model_point(ROOT / "examples" / "u2_spurion_point.yaml")
    C = pt.model.coefficients(jnp.asarray(pt.x))
    assert all(bool(jnp.all(jnp.isfinite(v))) for v in C.values())
    assert pt.scale == pytest.approx(1000.0)


# ------------------------------------------------------------------------------------------------
# Slow: full chain and the fit likelihood
# ------------------------------------------------------------------------------------------------


@pytest.mark.slow  # SMEFT ODE running compile: ~1 min
def test_full_chain_at_eq47_bound():
    """Through jaxalign's chain (one-loop SMEFT running 1 TeV → m_Z with the model's coefficients,
    exact mass basis at m_Z, tree matching, QED running): at the eq. (4.7) bound point the low-scale
    ε₁₂^L equals the Λ-level value to 1 % and Δa_μ, BR(μ→eγ) follow (Δa_μ within 5 % of the
    no-running estimate: dipole self-running 1 TeV → m_Z)."""
    from jaxalign.chain import _solve, photon_dipole_mz

    sm = load_inputs("2021")
    model = U2Spurion(operators=("egamma",), deltas_from_masses=True)
    x = _saturate_damu(model, _x(model, s_e=2e-3, b_eg=-1.0, f_eg=0.9), sm)
    eg_hi = _at_mz_without_running(model, x, sm)
    from jaxalign.models.base import zero_coefficients
    from jaxalign.smeft.operators import D6_CLASSES

    C = {**zero_coefficients(D6_CLASSES), **model.coefficients(x)}
    y = _solve(C, 1000.0, float(sm.scale_ew), sm, "integrate")
    eg = photon_dipole_mz(y, sm)
    lo, hi = eps_ratios(eg), eps_ratios(eg_hi)
    assert float(lo["eps_12_L"]) == pytest.approx(float(hi["eps_12_L"]), rel=0.01)
    assert float(lo["eps_23_L"]) == pytest.approx(float(hi["eps_23_L"]), rel=0.01)
    _, _, e = weak_mixing(sm)
    assert float(delta_a_lepton(eg, sm.lepton_mass, e, 1)) == pytest.approx(DAMU, rel=0.05)


@pytest.mark.slow  # evolution matrix of the linear likelihood: ~1 min
def test_fit_config_likelihood():
    """fits/align_u2_spurion.yaml builds; −log L is finite with finite gradient; the SM-like point
    (C_eγ = 0) has χ² = χ²_SM and the bound point s_e = 2e-3 costs Δχ² of the MEG half-normal
    (BR at the limit ⇒ Δχ² = Φ⁻¹(0.95)² ≈ 2.7 for a 90 % CL limit, within 40 %: ε₁₂ = 2.0e-5 vs 2.1e-5
    and the running of C_22)."""
    from jaxalign.fit.driver import build_fit, load_fit_config

    lik, data, space = build_fit(load_fit_config(ROOT / "fits" / "align_u2_spurion.yaml"))
    assert space.names == ("s_e", "C_egamma_22", "f_eg")
    nll = jax.jit(lik.nll)
    x0 = jnp.array([0.0, 0.0, 1.0])
    assert 2 * float(nll(x0, data)) == pytest.approx(float(lik.chi2_sm(data)), rel=1e-10)
    # Δa_μ-saturating size at 1 TeV from the chain itself
    c_grid = jnp.linspace(0.5e-11, 2e-11, 61)
    vals = jax.vmap(lambda c: nll(jnp.array([0.0, c, 1.0]), data))(c_grid)
    c_best = float(c_grid[int(jnp.argmin(vals))])
    base = float(nll(jnp.array([0.0, c_best, 1.0]), data))
    bound = float(nll(jnp.array([2e-3, c_best, 1.0]), data))
    from scipy.stats import norm

    assert 2 * (bound - base) == pytest.approx(norm.ppf(0.95) ** 2, rel=0.4)
    g = jax.grad(lik.nll)(jnp.array([1e-3, c_best, 0.9]), data)
    assert bool(jnp.all(jnp.isfinite(g)))
