r"""One-loop leptoquark boxes of the S₁ + S₃ muoquark model: four-quark SMEFT coefficients (B_s mixing).

Sources: [MUOQ] Greljo, Stangl, Thomsen, arXiv:2103.13991, eq. (2) (the Lagrangian; see
:mod:`jaxalign.models.muoquark` for its conventions, which are used unchanged here); [IL] Inami,
Lim, Prog. Theor. Phys. 65 (1981) 297 (the SM box function S₀, as implemented in
:func:`jaxalign.observables.bsll.s0` and in flavio 2.7.1, ``flavio/physics/mesonmixing/
wilsoncoefficient.py``: ``C_VLL = −G_F² m_W²/(4π²) λ_t² S₀(x_t)`` for ``L = C (s̄_Lγ^μ b_L)²``),
used below as the published normalisation check of the box master formula. The leptoquark
literature that quotes these boxes (Gherardi, Marzocca, Venturini arXiv:2003.12525 and
arXiv:2008.09548; Doršner et al. arXiv:1603.04993; Crivellin, Folch Eguren, Virto
arXiv:2109.13600) could not be read here (only abstracts were retrievable), so every factor below
rests on the derivation given here and on the checks in ``tests/models/test_muoquark_boxes.py``;
see ``docs/models/muoquark_boxes.md``.

Lagrangian and notation
-----------------------
MUOQ eq. (2), in the conventions of :mod:`jaxalign.models.muoquark` (Warsaw-down basis, only the
second-generation leptons ℓ = (ν_μ, μ)_L, μ_R, ν_μR couple)::

    L ⊃ −( η^{3L}_i q̄^c_i iσ²σ^A ℓ S₃^A − η^{1L}_i q̄^c_i iσ² ℓ S₁ − η^{1R}_i ū^c_i μ_R S₁
           − η̃^{1R}_i d̄^c_i ν_μR S₁ + h.c. ) − M₁²|S₁|² − M₃²|S₃|².

With ``q̄^c Γ ℓ = ℓ̄^c Γ q`` (Γ = 1, γ₅; anticommuting fields) every term has the generic form
``L ⊃ Σ F̄_b Y^s_{b,I} P q_I S_s + h.c.`` with a massless fermion F (F = ℓ^c for the doublets,
μ_R^c for u_R, ν_R^c for d_R), I = (generation, colour, SU(2) index) and s running over
S₁ and the three real-basis components S₃^A: ``Y^{S₁}_{b,(i a)} = η^{1L}_i ε_{ab}``,
``Y^{A}_{b,(i a)} = −η^{3L}_i (εσ^A)_{ab}`` (ε = iσ², ε₁₂ = +1). All box results are products
Y Y* Y Y* of each scalar's couplings, so the overall sign of each term of eq. (2) drops out.

Master formula (one box)
------------------------
The box with two fermion lines ``q_I → F → q_J`` and ``q_K → F → q_L`` and two scalar propagators
(S_s from the I-vertex to the L-vertex, S_{s'} from the J-vertex to the K-vertex) has the loop
momentum running along both fermion lines in their fermion-flow direction, so the numerator is
``k̸ ⊗ k̸ → (k²/4) γ^μ ⊗ γ_μ``; the chiral projectors remove any fermion mass. Vertex and
propagator factors i⁴·i²·i² = +1 and, after Wick rotation,
``∫ d⁴k/(2π)⁴ k²/(4 k⁴ (k²−M_s²)(k²−M_{s'}²)) = −i/(64π²) F(M_s, M_{s'})`` with

    F(M_a, M_b) = ∫₀^∞ dx /((x+M_a²)(x+M_b²)) = ln(M_a²/M_b²)/(M_a² − M_b²),   F(M, M) = 1/M².

The effective action of the loop with two F–S–F–S insertions has the symmetry factor ½ (from
(1/4!)·4!/(2!2!)·2 contractions), so, summed over *all* flavour, colour and SU(2) indices::

    L_eff = −1/(128π²) Σ_{s,s'} F(M_s, M_{s'}) [Y^{s'*}_{b,J} Y^s_{b,I}] [Y^{s*}_{b',L} Y^{s'}_{b',K}]
                                              (q̄_J γ^μ P q_I)(q̄_L γ_μ P q_K),          (M)

with colour crossed: q_I carries the colour of q̄_L (it flows through S_s) and q_K that of q̄_J.
For two distinct bilinears the two terms (J I)(L K) and (L K)(J I) of the sum add, giving the
single-diagram value −1/(64π²); for ΔF = 2 the operator appears once and the coefficient is
−1/(128π²) per Y⁴. Check (``test_master_formula_vs_inami_lim``): for the SM Goldstone box
(F = t, S = G^±, y_i = g m_t V_ti/(√2 m_W)) the same formula gives −G_F² m_t² λ_t²/(16π²) =
−G_F² m_W² λ_t²/(4π²) · x_t/4, the x_t → ∞ limit of the Inami–Lim result above (S₀ → x_t/4), which
fixes the sign, the loop integral and the factor ½ together.

Fierz, colour and SU(2)
-----------------------
For LL (or RR) vector currents of anticommuting fields
``(ψ̄₁γ^μP_Lψ₂)(ψ̄₃γ_μP_Lψ₄) = +(ψ̄₁γ^μP_Lψ₄)(ψ̄₃γ_μP_Lψ₂)``, which turns (M) for two q lines into
colour singlets ``(q̄_J^{a'} γ q_K^{c})(q̄_L^{c'} γ q_I^{a})`` (a', a, c', c the SU(2) indices of
q̄_J, q_I, q̄_L, q_K). The SU(2) tensor ``T = Σ_{bb'} Y^{s'*}_{a'b} Y^s_{ab} Y^{s*}_{c'b'} Y^{s'}_{cb'}`` is
reduced with ``δ_{a'a}δ_{c'c} = ½δ_{a'c}δ_{c'a} + ½τ_{a'c}·τ_{c'a}``,
``τ^B_{a'a}τ^B_{c'c} = 3/2 δ_{a'c}δ_{c'a} − ½τ_{a'c}·τ_{c'a}``, ``εσ^Aε† = −σ^{A*}`` and
``Σ_{AA'} (σ^{A'}σ^A)_{a'a}(σ^Aσ^{A'})_{c'c} = 3δ_{a'a}δ_{c'c} + 2τ^B_{a'a}τ^B_{c'c}``::

    S₁S₁:            T = δ_{a'a}δ_{c'c}              → (A, B) = (½, ½)
    S₃S₃ (Σ_{A,A'}):  T = 3δδ + 2τ^Bτ^B (uncrossed)   → (A, B) = (9/2, ½)
    S₁S₃, S₃S₁:       T = τ^A_{a'a}τ^A_{c'c}          → (A, B) = (3/2, −½) each

with A (B) the coefficient of δ_{a'c}δ_{c'a} (τ_{a'c}·τ_{c'a}). For the all-down (or all-up)
component both structures count +1, so the SU(2) weights of the ΔF = 2 down-quark amplitude are
1 (S₁: ν only), 5 (S₃: (√2)⁴ from S₃^{4/3} with μ, 1 from S₃^{1/3} with ν) and 1 + 1 for the two
mixed orderings (ν only). These decompositions are checked against a component-level evaluation
of (M) with explicit Pauli matrices in the tests.

Result (L = Σ_{all prst} C_prst O_prst, the full-array convention of
:mod:`jaxalign.smeft.operators`; X^x_{pr} ≡ η^{x*}_p η^x_r, F_ab ≡ F(M_a, M_b))::

    C_qq^(1)_prst = −1/(128π²) [ ½ F₁₁ X¹_pr X¹_st + 9/2 F₃₃ X³_pr X³_st + 3/2 F₁₃ (X³_pr X¹_st + X¹_pr X³_st) ]
    C_qq^(3)_prst = −1/(128π²) [ ½ F₁₁ X¹_pr X¹_st + ½ F₃₃ X³_pr X³_st − ½ F₁₃ (X³_pr X¹_st + X¹_pr X³_st) ]

(X¹ = X^{1L}, X³ = X^{3L}). In particular the B_s-mixing coefficient of
``L ⊃ C (s̄_Lγ^μb_L)(s̄_Lγ_μb_L)`` (p r s t = 2 3 2 3, WCxf ``qq1_2323 + qq3_2323``) is

    C_VLL^bs = −[ (X¹_23)²/M₁² + 5 (X³_23)²/M₃² + 2 F(M₁,M₃) X¹_23 X³_23 ] / (128π²),

with X_23 = η*_2 η_3 = η_s* η_b: it has the phase of the SM λ_t² = (V_tb V_ts*)² for the MUOQ
flavour structure η_i ∝ (V_td, V_ts, 1), hence always *increases* ΔM_s there.

The η^{1R} (u_R, line fermion μ_R^c) boxes give, with X^R_pr = η^{1R*}_p η^{1R}_r::

    C_uu_prst  = −X^R_pr X^R_st /(128π² M₁²)
    C_qu1_prst = −X¹_pr X^R_st /(192π² M₁²),   C_qu8_prst = −X¹_pr X^R_st /(32π² M₁²)

(one q line with ℓ^c and one u line with μ_R^c; only S₁ couples to both, so no S₃ and no F₁₃; the
two line orderings give −1/(64π²), and the crossed colour is
``δ_{αδ}δ_{γβ} = (1/3)δ_{αβ}δ_{γδ} + 2T^A_{αβ}T^A_{γδ}``; no Fierz is needed). Lines q → u need a
μ_L–μ_R propagator ∝ m_μ, absent in the unbroken phase. With the optional ``eta1Rt`` (η̃^{1R},
line fermion ν_R^c) the analogous ``dd``, ``qd1``, ``qd8``, ``ud1``, ``ud8`` are added — valid only
for ν_R masses ≪ M₁ (a Majorana mass would change the loop function and add crossed boxes ∝ M_R²);
the muoquark models omit them (η̃^{1R} = 0 in MUOQ's fit).

Scale and logs
--------------
The boxes are UV and IR finite (massless leptons: ∫dx/(x+M²)² converges) and have no SMEFT
counterpart at dimension six (two insertions of the tree-level C_lq give dimension eight), so
the coefficients contain no ln μ and are the same at any matching scale; they are returned "at
μ = max(M₁, M₃)" only in the sense that they are to be run from there. The only logarithm is the
physical ln(M₁²/M₃²) of F₁₃ (for M₁ ≪ M₃, F₁₃ → ln(M₃²/M₁²)/M₃²; an intermediate EFT with
only S₃ integrated out could resum it, which is not done: fixed one-loop order). Not included: the O(η² g²)
one-loop pieces of C_qq (gauge-penguin and EOM terms, one flavour-diagonal current, no ΔF = 2),
two-loop QCD corrections (+5–10 % per arXiv:2109.13600's abstract).

The loop function is evaluated as ``ln(1+u)/u / M₁²``, u = M₃²/M₁² − 1, with its Taylor series for
|u| < 10⁻² (a "double where": the unused branch sees a safe u), so it is smooth and exactly 1/M²
with derivative −1/M³ per mass at M₁ = M₃.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ..errors import InputError, check

__all__ = [
    "BOX_CLASSES",
    "BOX_CLASSES_NUR",
    "loop_function",
    "box_coefficients",
    "bs_mixing_coefficient",
    "qcd_factor_lo",
    "delta_ms_ratio_estimate",
]

#: Warsaw classes returned by :func:`box_coefficients` (without ``eta1Rt``).
BOX_CLASSES = ("qq1", "qq3", "uu", "qu1", "qu8")
#: Extra classes with the η̃^{1R} (ν_R) boxes.
BOX_CLASSES_NUR = ("dd", "qd1", "qd8", "ud1", "ud8")

_PREF = -1.0 / (128.0 * np.pi**2)
_SERIES_U = 1e-2
_N_SERIES = 9  # ln(1+u)/u = Σ_{n<9} (−u)^n/(n+1) + O(u⁹): < 1e-18 relative for |u| < 1e-2


def loop_function(M1, M3):
    """F(M₁, M₃) = ln(M₁²/M₃²)/(M₁² − M₃²) in GeV⁻² (module docstring); F(M, M) = 1/M².

    Symmetric in its arguments, smooth and differentiable everywhere for positive masses (Taylor
    series of ln(1+u)/u for |u| < 10⁻², u = M₃²/M₁² − 1, selected with a double ``where``).
    """
    a = M1**2
    u = M3**2 / a - 1.0
    small = jnp.abs(u) < _SERIES_U
    u_safe = jnp.where(small, 1.0, u)
    exact = jnp.log1p(u_safe) / u_safe
    u_ser = jnp.where(small, u, 0.0)
    series = sum((-u_ser) ** n / (n + 1.0) for n in range(_N_SERIES))
    return jnp.where(small, series, exact) / a


def _x(eta, name="eta"):
    """X_pr = η*_p η_r (complex 3×3)."""
    eta = jnp.asarray(eta, complex)
    if eta.shape != (3,):
        raise InputError(
            f"muoquark boxes: {name} must have shape (3,) (one entry per quark generation), got {eta.shape}."
        )
    return jnp.outer(jnp.conj(eta), eta)


def _pair(A, B):
    return jnp.einsum("pr,st->prst", A, B)


def box_coefficients(eta3L, eta1L, eta1R, M1, M3, eta1Rt=None) -> dict:
    """Four-quark Warsaw coefficients (GeV⁻², full-flavour arrays) from the S₁/S₃ boxes.

    Args:
        eta3L, eta1L, eta1R: complex (3,) couplings η^{3L}_i, η^{1L}_i, η^{1R}_i of MUOQ eq. (2)
            (quark generation i, Warsaw-down basis; :mod:`jaxalign.models.muoquark`).
        M1, M3: leptoquark masses (GeV), positive.
        eta1Rt: optional complex (3,) η̃^{1R}_i; adds the ν_R boxes (massless-ν_R approximation).

    Returns:
        ``{"qq1", "qq3", "uu", "qu1", "qu8"}`` (+ ``"dd", "qd1", "qd8", "ud1", "ud8"`` with
        ``eta1Rt``), arrays of shape ``class_shape(k)`` in the convention ``L = Σ_prst C_prst O_prst``
        (identical-current classes symmetric under prst ↔ stpr, as :func:`wcxf_to_arrays` fills them),
        μ-independent at one loop (module docstring). Pure JAX; jit/grad/vmap-safe.
    """
    M1 = jnp.asarray(M1, float)
    M3 = jnp.asarray(M3, float)
    M1 = check(M1, ~(M1 > 0), "muoquark boxes: M1 must be positive")
    M3 = check(M3, ~(M3 > 0), "muoquark boxes: M3 must be positive")
    X1, X3, XR = _x(eta1L, "eta1L"), _x(eta3L, "eta3L"), _x(eta1R, "eta1R")
    F11, F33, F13 = 1.0 / M1**2, 1.0 / M3**2, loop_function(M1, M3)
    p11, p33 = _pair(X1, X1), _pair(X3, X3)
    pmix = _pair(X3, X1) + _pair(X1, X3)
    out = {
        "qq1": _PREF * (0.5 * F11 * p11 + 4.5 * F33 * p33 + 1.5 * F13 * pmix),
        "qq3": _PREF * (0.5 * F11 * p11 + 0.5 * F33 * p33 - 0.5 * F13 * pmix),
        "uu": _PREF * F11 * _pair(XR, XR),
        # two line orderings (×2) and the crossed colour (1/3, 2) of the q–u box
        "qu1": 2.0 * _PREF * F11 / 3.0 * _pair(X1, XR),
        "qu8": 2.0 * _PREF * F11 * 2.0 * _pair(X1, XR),
    }
    if eta1Rt is not None:
        XN = _x(eta1Rt, "eta1Rt")
        out["dd"] = _PREF * F11 * _pair(XN, XN)
        out["qd1"] = 2.0 * _PREF * F11 / 3.0 * _pair(X1, XN)
        out["qd8"] = 2.0 * _PREF * F11 * 2.0 * _pair(X1, XN)
        out["ud1"] = 2.0 * _PREF * F11 / 3.0 * _pair(XR, XN)
        out["ud8"] = 2.0 * _PREF * F11 * 2.0 * _pair(XR, XN)
    return out


def bs_mixing_coefficient(eta3L, eta1L, M1, M3):
    """C of ``L ⊃ C (s̄_Lγ^μ b_L)(s̄_Lγ_μ b_L)`` at the matching scale (GeV⁻², complex):
    ``−[x₁²/M₁² + 5x₃²/M₃² + 2F(M₁,M₃) x₁x₃]/(128π²)``, x_a = η^{aL*}_2 η^{aL}_3 (= η_s* η_b)
    (= ``qq1[1,2,1,2] + qq3[1,2,1,2]`` of :func:`box_coefficients`)."""
    x1 = _x(eta1L, "eta1L")[1, 2]
    x3 = _x(eta3L, "eta3L")[1, 2]
    return _PREF * (x1**2 / M1**2 + 5.0 * x3**2 / M3**2 + 2.0 * loop_function(M1, M3) * x1 * x3)


def qcd_factor_lo(mu_high, mu_low, alpha_s_mz, m_t, m_z=91.1876):
    """LO QCD factor C_VLL(μ_low)/C_VLL(μ_high) = Π [α_s(μ_end)/α_s(μ_start)]^(−γ₀/(2β₀)), γ₀ = 4,
    with one-loop α_s (n_f = 6 above ``m_t``, 5 below; α_s continuous at m_t), for
    m_Z ≤ μ_low ≤ μ_high. An estimate only: the chain runs the SMEFT instead (module
    :mod:`jaxalign.smeft.rge`), which also has the electroweak and Yukawa terms."""

    def a5(mu):
        return alpha_s_mz / (1.0 + alpha_s_mz * (23.0 / 3.0) / (2.0 * jnp.pi) * jnp.log(mu / m_z))

    a_t = a5(m_t)

    def a_s(mu):
        return jnp.where(mu <= m_t, a5(mu), a_t / (1.0 + a_t * 7.0 / (2.0 * jnp.pi) * jnp.log(mu / m_t)))

    mid = jnp.clip(m_t, mu_low, mu_high)
    f6 = (a_s(mid) / a_s(mu_high)) ** (-6.0 / 21.0)  # n_f = 6: β₀ = 7
    f5 = (a_s(mu_low) / a_s(mid)) ** (-6.0 / 23.0)  # n_f = 5: β₀ = 23/3
    return f6 * f5


def delta_ms_ratio_estimate(C: dict, c_vll_sm, qcd_factor=1.0):
    """ΔM_s/ΔM_s^SM − 1 = |1 + r·C_VLL^NP/C_VLL^SM| − 1 at leading order.

    ``C``: arrays with ``qq1``, ``qq3`` (e.g. :func:`box_coefficients`), C_VLL^NP = C1+C3 at
    [1,2,1,2]; ``c_vll_sm``: the SM coefficient (same Lagrangian normalisation, e.g.
    ``jaxalign.observables.bsll`` ``BsllParams.C_VLL_SM``, at some scale μ); ``qcd_factor`` r: the
    running of the NP coefficient from the matching scale to that μ (:func:`qcd_factor_lo`).
    """
    c_np = C["qq1"][1, 2, 1, 2] + C["qq3"][1, 2, 1, 2]
    return jnp.abs(1.0 + qcd_factor * c_np / c_vll_sm) - 1.0
