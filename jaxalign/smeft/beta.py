"""One-loop SMEFT β-functions of the dipole sector (full flavour), in JAX.

Scope: the SM couplings ``g, gp, gs, Lambda, m2, Gu, Gd, Ge`` and the Warsaw classes
``eB, eW, ephi, lequ1, lequ3, ledq``. Every term of the one-loop renormalisation-group equations
that involves only SM couplings and these six classes is kept, with the complete flavour
structure (all three Yukawa matrices, no approximation). Terms fed by the other Warsaw classes
(C_le, C_lq, C_phiBox, C_phiW, …) are not included yet.

Sources — the one-loop anomalous dimensions of the Warsaw basis:

* [JMT1] E. Jenkins, A. Manohar, M. Trott, arXiv:1308.2627 (λ terms; SM-parameter running);
* [JMT2] E. Jenkins, A. Manohar, M. Trott, arXiv:1310.4838 (Yukawa terms);
* [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014 (gauge terms; its
  Appendix C collects the complete RGEs class by class, its Sec. 2 the SM ones).

Comments name the paper and the operator class/contribution; the terms were also re-derived
here diagram by diagram (wave functions, pairwise gauge/Higgs exchanges, field-strength
attachments, loops reduced with the equations of motion); the gauge³ part of the ψ²XH → ψ²H³
mixing is ALIGN eq. (3.11), its O(g·Y_e²) part is derived in docs/derivations/dipole_to_ephi.md.
All of it is checked against wilson 2.5.2 (tests/smeft/test_beta.py).

Conventions (WCxf / wilson; [JMT] use others, translated here):

* ``L ⊃ −[(Ge)_pr l̄_p e_r H + (Gd)_pr q̄_p d_r H + (Gu)_pr q̄_p u_r H̃] + h.c.``, H̃ = iσ²H*,
  so the [JMT] Yukawa matrices are Y_ψ = G_ψ† (e.g. [JMT] ``C Y_u`` ↔ ``Σ_st C_prst Gu*_st``);
* ``V = −m2 H†H + (Lambda/2)(H†H)²``: λ_JMT = Lambda/2, m²_JMT = m2;
* ``D = ∂ + i g' Y B + i g τ/2 W + i g_s T G`` (the [JMT] sign), ε₁₂ = +1;
* ``L = Σ C_i O_i + h.c.`` for non-Hermitian O_i; arrays in WCxf index order
  (``lequ3_2233`` ↔ ``lequ3[1, 1, 2, 2]``), dimension-six coefficients in GeV⁻².

Normalisation: dy/d ln μ = β̂_y/(16π²). :func:`beta` returns dy/d ln μ (loop factor included);
:func:`beta_hat` returns β̂ (no loop factor: the normalisation of the papers and of
``wilson.run.smeft.beta.beta``).

Layout: one private function per β (``_beta_eB`` …) built from commented blocks (gauge, λ,
Yukawa, mixing); Yukawa traces and wave-function matrices live in :class:`_Y`, the redundant
operators shared by several β's in ``_r_lepton_D2H``/``_tau_e``. Adding a class means adding its
key to :data:`KEYS_6`/``_SHAPES_6``, a ``_beta_<class>`` function, and its feed-in terms to the
existing functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

from ..errors import InputError, suggest

__all__ = ["beta", "beta_hat", "KEYS_SM", "KEYS_6", "LOOP_FACTOR"]

#: SM couplings (real scalars first, then complex 3×3 Yukawa matrices).
KEYS_SM = ("g", "gp", "gs", "Lambda", "m2", "Gu", "Gd", "Ge")
#: Dimension-six classes whose running is implemented.
KEYS_6 = ("eB", "eW", "ephi", "lequ1", "lequ3", "ledq")
_SHAPES_6 = {"eB": (3, 3), "eW": (3, 3), "ephi": (3, 3),
             "lequ1": (3, 3, 3, 3), "lequ3": (3, 3, 3, 3), "ledq": (3, 3, 3, 3)}

LOOP_FACTOR = 1.0 / (16.0 * jnp.pi**2)

# --- group theory and hypercharges ([AJMT] Sec. 2 notation) ---------------------------------
N_C = 3  # colours
N_G = 3  # generations
C_F2, C_A2 = 3.0 / 4.0, 2.0  # SU(2): Casimir of the doublet, of the adjoint
C_F3, C_A3 = 4.0 / 3.0, 3.0  # SU(3)
Y_H, Y_L, Y_E, Y_Q, Y_U, Y_D = 0.5, -0.5, -1.0, 1.0 / 6.0, 2.0 / 3.0, -1.0 / 3.0
# One-loop gauge β coefficients, dg_i/d ln μ = −b_{0,i} g_i³/(16π²) ([AJMT] Sec. 2):
B0_1 = -1.0 / 6.0 - 20.0 / 9.0 * N_G  # = −41/6
B0_2 = 43.0 / 6.0 - 4.0 / 3.0 * N_G  # = 19/6
B0_3 = 11.0 - 4.0 / 3.0 * N_G  # = 7


def _dag(a):
    return jnp.conj(jnp.swapaxes(a, -1, -2))


@dataclass(frozen=True)
class _Y:
    """Yukawa matrices and the recurring combinations built from them (G notation).

    γ_H = Tr[N_c Gu Gu† + N_c Gd Gd† + Ge Ge†] is the Higgs wave-function term ([JMT2] γ_H^(Y));
    Γ_q = ½(Gu Gu† + Gd Gd†), Γ_u = Gu† Gu, Γ_d = Gd† Gd, Γ_l = ½ Ge Ge†, Γ_e = Ge† Ge are the
    fermion wave-function matrices (field anomalous dimensions), acting on the index of the
    corresponding field.
    """

    Gu: jnp.ndarray
    Gd: jnp.ndarray
    Ge: jnp.ndarray

    @property
    def gamma_H(self):
        return jnp.real(N_C * jnp.trace(self.Gu @ _dag(self.Gu))
                        + N_C * jnp.trace(self.Gd @ _dag(self.Gd))
                        + jnp.trace(self.Ge @ _dag(self.Ge)))

    @property
    def Gam_q(self):
        return 0.5 * (self.Gu @ _dag(self.Gu) + self.Gd @ _dag(self.Gd))

    @property
    def Gam_u(self):
        return _dag(self.Gu) @ self.Gu

    @property
    def Gam_d(self):
        return _dag(self.Gd) @ self.Gd

    @property
    def Gam_l(self):
        return 0.5 * self.Ge @ _dag(self.Ge)

    @property
    def Gam_e(self):
        return _dag(self.Ge) @ self.Ge


def _ein(spec, *ops):
    return jnp.einsum(spec, *ops, optimize="optimal")


# ============================================================================================
# Redundant operators (reduced with the equations of motion) shared by several β's  [JMT2]
#
# (a) Closing the quark loop of C_lequ1 with one up-Yukawa vertex, or of C_ledq with one
#     down-Yukawa vertex, gives the divergence r_pr (l̄_p e_r D²H)/(16π²ε) with
#         r = N_c [−Σ_st C_lequ1,prst Gu*_st + Σ_st C_ledq,prst Gd_ts].
#     The Higgs equation of motion (these conventions)
#         D²H_j = m2 H_j − Lambda (H†H) H_j − Ge*_ab ē_b l^j_a − Gd*_ab d̄_b q^j_a − ε_kj Gu_ab q̄^k_a u_b
#     turns it into the m2 term of β_Ge, the Lambda term of β_ephi and Yukawa² terms of β_lequ1,
#     β_ledq. (Closing the lepton loop instead gives the analogous (q̄ u D²H̃), (d̄ q (D²H)†)
#     terms: m2 terms of β_Gu, β_Gd and Ge² terms of β_lequ1, β_ledq.)
# (b) Closing the lepton loop of C_ephi with one Ge vertex gives τ (H†H)((D²H)†H) + h.c. with
#     τ = Tr[C_ephi Ge†]; its EOM gives the m2 Re τ term of β_Lambda (the lepton part of
#     [JMT2]'s η₁) and the τ Ge term of β_ephi ([JMT2]'s η₁ + iη₅).
# Rule used throughout: a one-loop divergence ΔL = (X/(16π²ε))·O of a term K·O of L gives
# K̇ = −2X (d = 4 − 2ε).
# ============================================================================================


def _r_lepton_D2H(y):
    """r_pr: coefficient of (l̄_p e_r D²H) generated by the four-fermion operators (times 16π²ε)."""
    return N_C * (-_ein("prst,st->pr", y["lequ1"], jnp.conj(y["Gu"]))
                  + _ein("prst,ts->pr", y["ledq"], y["Gd"]))


def _tau_e(y):
    """τ = Tr[C_ephi Ge†]."""
    return jnp.trace(y["ephi"] @ _dag(y["Ge"]))


# ============================================================================================
# SM couplings
# ============================================================================================


def _beta_g(y):
    # [AJMT] Sec. 2: dg/d ln μ = −b_{0,2} g³ (the m2·C_phiW term is outside this sector).
    return -B0_2 * y["g"] ** 3


def _beta_gp(y):
    return -B0_1 * y["gp"] ** 3


def _beta_gs(y):
    return -B0_3 * y["gs"] ** 3


def _beta_Lambda(y, Y: _Y):
    """β of Lambda = 2λ_JMT ([JMT1] λ̇, [AJMT] Sec. 2): SM part + m2·Re Tr(C_ephi Ge†)."""
    g, gp, Lam, m2 = y["g"], y["gp"], y["Lambda"], y["m2"]
    Gu, Gd, Ge = y["Gu"], y["Gd"], y["Ge"]
    quartic = jnp.real(N_C * jnp.trace(Gu @ _dag(Gu) @ Gu @ _dag(Gu))
                       + N_C * jnp.trace(Gd @ _dag(Gd) @ Gd @ _dag(Gd))
                       + jnp.trace(Ge @ _dag(Ge) @ Ge @ _dag(Ge)))
    sm = (12.0 * Lam**2 - 3.0 * (3.0 * g**2 + gp**2) * Lam
          + 0.75 * gp**4 + 1.5 * g**2 * gp**2 + 2.25 * g**4
          + 4.0 * Lam * Y.gamma_H - 4.0 * quartic)
    # dimension six, (b): EOM of τ (H†H)((D²H)†H) + h.c. → m2 (τ + τ*)(H†H)², i.e.
    # λ̇_JMT ⊃ 2 m2 (τ + τ*)  ([JMT2], lepton part of 4 m² η₁)
    d6 = 8.0 * m2 * jnp.real(_tau_e(y))
    return sm + d6


def _beta_m2(y, Y: _Y):
    # [JMT1]: ṁ² = m²(12λ + 2γ_H − 9/2 g² − 3/2 g'²); no contribution from this sector.
    g, gp, Lam, m2 = y["g"], y["gp"], y["Lambda"], y["m2"]
    return m2 * (6.0 * Lam + 2.0 * Y.gamma_H - 4.5 * g**2 - 1.5 * gp**2)


def _beta_Gu(y, Y: _Y):
    """SM one-loop Yukawa β ([AJMT] Sec. 2, [JMT2]) + m2·C_lequ1 term."""
    g, gp, gs, m2 = y["g"], y["gp"], y["gs"], y["m2"]
    Gu, Gd, Ge = y["Gu"], y["Gd"], y["Ge"]
    sm = ((Y.gamma_H - 2.25 * g**2 - 17.0 / 12.0 * gp**2 - 8.0 * gs**2) * Gu
          + 1.5 * (Gu @ _dag(Gu) @ Gu - Gd @ _dag(Gd) @ Gu))
    # dimension six ([JMT2]): lepton loop of C_lequ1 closed by Ge → (q̄ u D²H̃), EOM → m2 term
    d6 = -2.0 * m2 * _ein("prst,pr->st", y["lequ1"], jnp.conj(Ge))
    return sm + d6


def _beta_Gd(y, Y: _Y):
    """SM one-loop Yukawa β + m2·C_ledq term."""
    g, gp, gs, m2 = y["g"], y["gp"], y["gs"], y["m2"]
    Gu, Gd, Ge = y["Gu"], y["Gd"], y["Ge"]
    sm = ((Y.gamma_H - 2.25 * g**2 - 5.0 / 12.0 * gp**2 - 8.0 * gs**2) * Gd
          + 1.5 * (Gd @ _dag(Gd) @ Gd - Gu @ _dag(Gu) @ Gd))
    # dimension six ([JMT2]): lepton loop of C_ledq closed by Ge → (d̄ q (D²H)†), EOM → m2 term
    d6 = 2.0 * m2 * _ein("prst,pr->ts", jnp.conj(y["ledq"]), Ge)
    return sm + d6


def _beta_Ge(y, Y: _Y):
    """SM one-loop Yukawa β + m2 terms of C_ephi, C_lequ1, C_ledq."""
    g, gp, m2 = y["g"], y["gp"], y["m2"]
    Ge = y["Ge"]
    sm = (Y.gamma_H - 2.25 * g**2 - 3.75 * gp**2) * Ge + 1.5 * Ge @ _dag(Ge) @ Ge
    # dimension six: Higgs tadpole in Q_ephi (3 contractions) → 6 m2 C_ephi ([JMT1]);
    # EOM of the redundant (l̄ e D²H) of (a) → 2 m2 r ([JMT2])
    d6 = 6.0 * m2 * y["ephi"] + 2.0 * m2 * _r_lepton_D2H(y)
    return sm + d6


# ============================================================================================
# ψ²XH: C_eW, C_eB
# ============================================================================================


def _dipole_yukawa(C, Y: _Y, n_lbar: float):
    """Yukawa part of β_eW, β_eB ([JMT2], ψ²XH class).

    Wave functions of l, e, H (γ_H + Γ_l C + C Γ_e); the Higgs exchange across the tensor vertex
    vanishes (γ^ρ σ^{μν} γ_ρ = 0). The loops in which the operator's H and one of its leptons
    meet at a Yukawa vertex give (l̄ σ iD̸ l)- and (ē iD̸ σ e)-type operators, reduced with the
    lepton EOM: C Ge†Ge (e side) and n_lbar Ge Ge† C (l̄ side, SU(2) trace: Tr[1] = 2 for eB,
    Tr[τ^I] = 0 for eW).
    """
    Ge = Y.Ge
    return (Y.gamma_H * C + Y.Gam_l @ C + C @ Y.Gam_e
            + C @ _dag(Ge) @ Ge + n_lbar * Ge @ _dag(Ge) @ C)


def _beta_eW(y, Y: _Y):
    g, gp = y["g"], y["gp"]
    CW, CB = y["eW"], y["eB"]
    # gauge ([AJMT] App. C, ψ²XH): (3c_{F,2} − b_{0,2}) g² + (−3y_l² + 8y_l y_e − 3y_e²) g'², and
    # eB → eW mixing (B from the operator absorbed by the l̄ or H leg, W emitted)
    gauge = ((3.0 * C_F2 - B0_2) * g**2
             + (-3.0 * Y_L**2 + 8.0 * Y_L * Y_E - 3.0 * Y_E**2) * gp**2) * CW
    gauge = gauge + g * gp * (3.0 * Y_L - Y_E) * CB
    # ψ⁴ → ψ²XH ([AJMT]): quark loop of C_lequ3 closed by one up Yukawa, W on the q line:
    # −2 g N_c C_lequ3·Y_u  (Y_u = Gu†)
    mix = -2.0 * g * N_C * _ein("prst,st->pr", y["lequ3"], jnp.conj(y["Gu"]))
    return gauge + _dipole_yukawa(CW, Y, 0.0) + mix


def _beta_eB(y, Y: _Y):
    g, gp = y["g"], y["gp"]
    CW, CB = y["eW"], y["eB"]
    # gauge ([AJMT] App. C, ψ²XH): (3y_l² + 4y_l y_e + 3y_e² − b_{0,1}) g'² − 3c_{F,2} g², and
    # eW → eB mixing 4c_{F,2} g g' (3y_l − y_e)
    gauge = ((3.0 * Y_L**2 + 4.0 * Y_L * Y_E + 3.0 * Y_E**2 - B0_1) * gp**2
             - 3.0 * C_F2 * g**2) * CB
    gauge = gauge + 4.0 * C_F2 * g * gp * (3.0 * Y_L - Y_E) * CW
    # ψ⁴ → ψ²XH ([AJMT]): as for eW, B on the q and on the u line: 4 g' N_c (y_u + y_q) C_lequ3·Y_u
    mix = 4.0 * gp * N_C * (Y_U + Y_Q) * _ein("prst,st->pr", y["lequ3"], jnp.conj(y["Gu"]))
    return gauge + _dipole_yukawa(CB, Y, 2.0) + mix


# ============================================================================================
# ψ²H³: C_ephi
# ============================================================================================


def _beta_ephi(y, Y: _Y):
    g, gp, Lam = y["g"], y["gp"], y["Lambda"]
    Ge, Gu, Gd = y["Ge"], y["Gu"], y["Gd"]
    C, CW, CB = y["ephi"], y["eW"], y["eB"]
    GeGed = Ge @ _dag(Ge)
    GedGe = _dag(Ge) @ Ge
    # gauge ([AJMT] App. C): wave functions + exchanges among l̄, e and the three Higgs legs
    gauge = -(27.0 / 4.0 * g**2
              + 3.0 * (3.0 * Y_L**2 - 4.0 * Y_L * Y_E + 3.0 * Y_E**2) * gp**2) * C
    # λ ([JMT1]): Higgs bubble, 24 λ_JMT = 12 Lambda
    lam = 12.0 * Lam * C
    # Yukawa ([JMT2]):
    #   wave functions: 3 γ_H (three Higgs legs) + Γ_l C + C Γ_e;
    #   H–lepton loops at one Yukawa vertex, reduced by the lepton EOM: l̄ side 3 (SU(2) trace 2
    #   plus 1), e side 2 (two Higgs fields to contract);
    #   triangles through the operator's H† (two Yukawa vertices on one lepton line): 2 + 2;
    #   η terms from the EOM of τ (H†H)((D²H)†H): 2 τ Ge.
    yuk = (3.0 * Y.gamma_H * C + Y.Gam_l @ C + C @ Y.Gam_e
           + (3.0 + 2.0) * GeGed @ C + (2.0 + 2.0) * C @ GedGe
           + 2.0 * _tau_e(y) * Ge)
    # ψ²XH → ψ²H³, gauge³ part: ALIGN (arXiv:2111.13724) eq. (3.11),
    #   −6[4 g'³ y_h²(y_e + y_l) + g² g' y_h] C_eB − 3[4 g'² g y_h(y_e + y_l) + 3 g³] C_eW,
    # with y_h = 1/2, y_l = −1/2, y_e = −1 (the [AJMT] gauge terms).
    dip = ((4.0 * gp**3 * Y_H**2 * (Y_E + Y_L) + g**2 * gp * Y_H) * (-6.0) * CB
           - 3.0 * (4.0 * gp**2 * g * Y_H * (Y_E + Y_L) + 3.0 * g**3) * CW)
    # ψ²XH → ψ²H³, O(g·Y_e²) part: derived in docs/derivations/dipole_to_ephi.md (eq. (F)):
    #   boxes (dipole's X on the lepton line, two Yukawa vertices on the loop), triangles giving
    #   ψ²H²D structures reduced with one lepton EOM, and the O(g) (l̄ e D²H)-free ψ²HD²
    #   structures (D²l̄) e H, l̄ H (D²e) reduced with two lepton EOMs. With general hypercharges
    #   −g'[3(y_l + y_h) + 9y_e] C_eB Ge†Ge − g'[9y_l + 3y_e − 3y_h] Ge Ge† C_eB
    #   − 3g (C_eW Ge†Ge − Ge Ge† C_eW);   the Ge C† Ge structures cancel (note, Sec. 7).
    # Small in absolute terms (∝ y_τ²), but ~1 % of the dipole mixing for τ entries because the
    # gauge³ terms above nearly cancel (g² ≈ 3g'²).
    dip_y = (-gp * (3.0 * (Y_L + Y_H) + 9.0 * Y_E) * CB @ GedGe
             - gp * (9.0 * Y_L + 3.0 * Y_E - 3.0 * Y_H) * GeGed @ CB
             - 3.0 * g * (CW @ GedGe - GeGed @ CW))
    # ψ⁴ → ψ²H³:
    #   via the Higgs EOM of (a): 2 Lambda r;
    #   quark loop closed by three Yukawas (the mixed u–d chains vanish by SU(2)):
    #   +4 N_c C_lequ1·(Gu† Gu Gu†), −4 N_c C_ledq·(Gd Gd† Gd)  ([JMT2])
    eom = 2.0 * Lam * _r_lepton_D2H(y)
    y3 = 4.0 * N_C * (_ein("prst,ts->pr", y["lequ1"], _dag(Gu) @ Gu @ _dag(Gu))
                      - _ein("prst,ts->pr", y["ledq"], Gd @ _dag(Gd) @ Gd))
    return gauge + lam + yuk + dip + dip_y + eom + y3


# ============================================================================================
# ψ⁴: C_lequ1, C_lequ3, C_ledq
# ============================================================================================


def _ffwf(C, G_a, G_b, G_c, G_d):
    """Wave-function part of a ψ⁴ coefficient C_prst (ψ̄_p ψ_r)(ψ̄_s ψ_t): Γ acts from the left on
    the barred indices p, s and from the right on r, t ([JMT2])."""
    return (_ein("pv,vrst->prst", G_a, C) + _ein("vr,pvst->prst", G_b, C)
            + _ein("sv,prvt->prst", G_c, C) + _ein("vt,prsv->prst", G_d, C))


# Gauge part of the (L̄R)(L̄R) operators ([AJMT] App. C, ψ⁴ class). Derived from the general
# one-loop formula: wave functions Σ c_i, exchange inside a bilinear −2 I_ij k_Γ (k_S = 4,
# k_T = 0), exchange between bilinears ±½ I_ij (γ^α γ^ρ Γ_A ⊗ γ_α γ_ρ Γ_B)-type structures,
# decomposed on S = P_R⊗P_R and T = σP_R⊗σP_R (I_ij: product of the two legs' charges).


def _beta_lequ1(y, Y: _Y):
    g, gp, gs = y["g"], y["gp"], y["gs"]
    C1, C3 = y["lequ1"], y["lequ3"]
    # gauge: −[6(y_e² + y_e(y_u − y_q) + y_q y_u) g'² + 6c_{F,3} g_s²] C1
    #        − [24 (y_q + y_u)(2y_e − y_q + y_u) g'² − 18 g²] C3
    gauge = -(6.0 * (Y_E**2 + Y_E * (Y_U - Y_Q) + Y_Q * Y_U) * gp**2 + 6.0 * C_F3 * gs**2) * C1
    gauge = gauge - (24.0 * (Y_Q + Y_U) * (2.0 * Y_E - Y_Q + Y_U) * gp**2 - 18.0 * g**2) * C3
    wf = _ffwf(C1, Y.Gam_l, Y.Gam_e, Y.Gam_q, Y.Gam_u)
    # Yukawa: EOM of the redundant (l̄ e D²H) of (a) and of (q̄ u D²H̃) (lepton loop closed by Ge)
    eom = (-2.0 * _ein("pr,st->prst", _r_lepton_D2H(y), y["Gu"])
           + 2.0 * _ein("ab,prst,pr->abst", y["Ge"], C1, jnp.conj(y["Ge"])))
    # Yukawa: Higgs exchange inside the (d̄ q) bilinear of C_ledq, (d̄ q) → (q̄ u)  ([JMT2])
    exch = 2.0 * _ein("prvw,sv,wt->prst", y["ledq"], y["Gd"], y["Gu"])
    return gauge + wf + eom + exch


def _beta_lequ3(y, Y: _Y):
    g, gp, gs = y["g"], y["gp"], y["gs"]
    C1, C3 = y["lequ1"], y["lequ3"]
    # gauge: [Σ y_i² + 6(y_l y_q + y_e y_u) − 6(y_l y_u + y_e y_q)] g'² − 3 g² + 2c_{F,3} g_s² on C3,
    #        [−½ (y_q + y_u)(2y_e − y_q + y_u) g'² + 3/8 g²] on C1
    u1 = ((Y_L**2 + Y_E**2 + Y_Q**2 + Y_U**2)
          + 6.0 * (Y_L * Y_Q + Y_E * Y_U) - 6.0 * (Y_L * Y_U + Y_E * Y_Q))
    gauge = (u1 * gp**2 - 3.0 * g**2 + 2.0 * C_F3 * gs**2) * C3
    gauge = gauge + (-0.5 * (Y_Q + Y_U) * (2.0 * Y_E - Y_Q + Y_U) * gp**2 + 3.0 / 8.0 * g**2) * C1
    wf = _ffwf(C3, Y.Gam_l, Y.Gam_e, Y.Gam_q, Y.Gam_u)
    # ψ²XH → ψ⁴ ([AJMT]): the dipole's W (B) and H both attached to the quark line, joined by a q
    # (q or u) propagator: [−(3/2) g C_eW + g'(y_q + y_u) C_eB]_pr Gu_st
    mix = _ein("pr,st->prst", -1.5 * g * y["eW"] + gp * (Y_Q + Y_U) * y["eB"], y["Gu"])
    return gauge + wf + mix


def _beta_ledq(y, Y: _Y):
    gp, gs = y["gp"], y["gs"]
    C = y["ledq"]
    # gauge: the SU(2) terms cancel (wave functions of l, q against the l̄–q exchange);
    # g'²: Σ y_i² − 8(y_l y_e + y_d y_q) + 2(y_l y_d + y_e y_q) − 2(y_l y_q + y_e y_d); −6c_{F,3} g_s²
    u1 = (Y_L**2 + Y_E**2 + Y_D**2 + Y_Q**2) - 8.0 * (Y_L * Y_E + Y_D * Y_Q) \
        + 2.0 * (Y_L * Y_D + Y_E * Y_Q) - 2.0 * (Y_L * Y_Q + Y_E * Y_D)
    gauge = (u1 * gp**2 - 6.0 * C_F3 * gs**2) * C
    wf = _ffwf(C, Y.Gam_l, Y.Gam_e, Y.Gam_d, Y.Gam_q)
    # Yukawa: EOM of (l̄ e D²H) of (a) and of (d̄ q (D²H)†) (lepton loop closed by Ge)
    eom = (2.0 * _ein("pr,ts->prst", _r_lepton_D2H(y), jnp.conj(y["Gd"]))
           + 2.0 * _ein("ab,prst,pr->abst", y["Ge"], C, jnp.conj(y["Ge"])))
    # Yukawa: Higgs exchange inside the (q̄ u) bilinear of C_lequ1, (q̄ u) → (d̄ q)  ([JMT2])
    exch = 2.0 * _ein("prvw,vs,tw->prst", y["lequ1"], jnp.conj(y["Gd"]), jnp.conj(y["Gu"]))
    return gauge + wf + eom + exch


# ============================================================================================
# public interface
# ============================================================================================


def _complete(y: dict) -> dict:
    for k in y:
        if k not in KEYS_SM and k not in KEYS_6:
            raise InputError(
                f"beta: no running implemented for {k!r} (implemented: {', '.join(KEYS_6)})."
                + suggest(k, KEYS_SM + KEYS_6))
    missing = [k for k in KEYS_SM if k not in y]
    if missing:
        raise InputError(f"beta: state lacks the SM couplings {missing}.")
    out = dict(y)
    for k in KEYS_6:
        if k not in out:
            out[k] = jnp.zeros(_SHAPES_6[k], dtype=jnp.complex128)
    for k in ("Gu", "Gd", "Ge") + KEYS_6:
        out[k] = jnp.asarray(out[k], dtype=jnp.complex128)
    return out


def beta_hat(y: dict[str, jnp.ndarray]) -> dict[str, jnp.ndarray]:
    """One-loop β̂_y with dy/d ln μ = β̂_y/(16π²) (no loop factor; normalisation of the papers).

    Returns a dict with the keys of ``y`` (missing dimension-six classes count as zero).
    """
    z = _complete(y)
    Y = _Y(z["Gu"], z["Gd"], z["Ge"])
    b = {
        "g": _beta_g(z), "gp": _beta_gp(z), "gs": _beta_gs(z),
        "Lambda": _beta_Lambda(z, Y), "m2": _beta_m2(z, Y),
        "Gu": _beta_Gu(z, Y), "Gd": _beta_Gd(z, Y), "Ge": _beta_Ge(z, Y),
        "eW": _beta_eW(z, Y), "eB": _beta_eB(z, Y), "ephi": _beta_ephi(z, Y),
        "lequ1": _beta_lequ1(z, Y), "lequ3": _beta_lequ3(z, Y), "ledq": _beta_ledq(z, Y),
    }
    return {k: b[k] for k in y}


def beta(y: dict[str, jnp.ndarray]) -> dict[str, jnp.ndarray]:
    """dy/d ln(mu) = beta_y / (16 pi^2) (the 1/(16π²) IS included)."""
    return {k: v * LOOP_FACTOR for k, v in beta_hat(y).items()}
