"""One-loop β-functions of the scalar/tensor four-fermion classes (L̄R)(R̄L) and (L̄R)(L̄R).

Scope: the Warsaw classes ``ledq`` ((L̄R)(R̄L)) and ``lequ1, lequ3, quqd1, quqd8`` ((L̄R)(L̄R)),
with every one-loop term of the complete RGEs (gauge, Yukawa and mixing from all other classes).

Sources: [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014 (App. C: complete
RGEs class by class), [JMT2] E. Jenkins, A. Manohar, M. Trott, arXiv:1310.4838 (Yukawa terms),
[JMT1] arXiv:1308.2627. Every block was re-derived diagram by diagram in the conventions below
(this is how the papers' conventions were translated):

* Yukawa (Higgs) exchange between two legs of a ψ⁴ vertex, each leg flipping chirality at a
  Yukawa vertex ``−y (χ̄ φ ψ)``: divergence ΔL = X O/(16π²ε) with X = ∓C y₁y₂ (γ^α⊗γ_α)/4
  inserted on the two legs (− for two legs of one line or a ψ̄/ψ pair of different bilinears,
  + for two ψ̄ or two ψ legs of different bilinears); β̂ = −2X. Decompositions used:
  γ^νγ^α ⊗ γ_νγ_α = 4 1⊗1 − σ⊗σ, γ^νγ^α ⊗ γ_αγ_ν = 4 1⊗1 + σ⊗σ (σ⊗σ vanishes between
  P_R and P_L bilinears).
* Gauge exchange: the same with y₁y₂ → −g² T_i⊗T_j, plus field anomalous dimensions g² C_i
  (Feynman gauge); reproduces [AJMT] for lequ1/lequ3/ledq and gives quqd1/quqd8.
* Fierz identities for anticommuting fields (P_R⊗P_R, bilinears (12)(34) → (14)(32)):
  S = −½ S' − ⅛ T', T = −6 S' + ½ T', hence (q̄_p σ u_r)(q̄_s σ d_t) = −4 (q̄_p u_r)(q̄_s d_t)
  − 8 (q̄_p d_t)(q̄_s u_r); (ψ̄₁γ^μP_Lψ₂)(ψ̄₃γ_μP_Rψ₄) = −2 (ψ̄₁P_Rψ₄)(ψ̄₃P_Lψ₂).
  Tensor structures of four quarks are therefore rewritten on quqd1/quqd8 with the two q̄ flavour
  indices exchanged (C^sw_prst = C_srpt), colour crossed: δ_ad δ_cb = 2 T^A_ab T^A_cd + δ_ab δ_cd/3.
* Closed fermion loops (one Yukawa vertex) give the redundant operators (l̄ e D²H), (q̄ d D²H),
  (q̄ u D²H̃) with coefficients r_e, r_d, r_u (closing a scalar bilinear (ψ̄_a ψ_b) with
  ``−y (ψ̄_b ψ_a) φ`` gives +C y D²φ, times the colour trace); the Higgs equation of motion
  D²H_j = m2 H_j − Lambda (H†H)H_j − Ge*_ab ē_b l^j_a − Gd*_ab d̄_b q^j_a − ε_kj Gu_ab q̄^k_a u_b
  turns them into ψ⁴ terms ([JMT2]'s "EOM" terms).

Conventions (see :mod:`.common`): WCxf/wilson, ``L ⊃ −[Ge l̄ e H + Gd q̄ d H + Gu q̄ u H̃] + h.c.``
(the [JMT] Yukawas are Y = G†), ``D = ∂ + i g' Y B + i g τ/2 W + i g_s T G``, ε₁₂ = +1,
O_lequ1 = (l̄^j e) ε_jk (q̄^k u), O_quqd1 = (q̄^j u) ε_jk (q̄^k d), O_ledq = (l̄^j e)(d̄ q^j);
non-Hermitian operators come with + h.c.; flavour arrays full, Lagrangian summed over all indices.
Functions return β̂ (no 1/16π²). The dipole-sector terms of ledq/lequ1/lequ3 are those of
:mod:`jaxalign.smeft.beta`; the EOM blocks are generalised here to the full r_e, r_u, r_d.

Validation: wilson 2.5.2 used as a numerical black box, one source class non-zero at a time
(every Warsaw class as source, all five targets): every source → target map agrees to ~1e-15
relative, and the complete reference points (tests/smeft/test_betas_lrrl.py) to < 1e-15.
No disagreement had to be resolved. The paper text itself could not be retrieved when this
module was written, so the coefficients rest on the derivations above (the [AJMT]/[JMT2] labels
name where the terms sit in the papers); no statement about misprints in the papers is made.

Implementation: written for speed on CPU (see "Implementation" in :mod:`jaxalign.smeft.betas`).
"""

from __future__ import annotations

import jax.numpy as jnp

from .common import (C_F3, N_C, Y_D, Y_E, Y_L, Y_Q, Y_U, fein, ffwf_f, materialize, outer,
                     shared, yukf)

__all__ = ["BETAS"]


def _outer(a, b):
    return outer(a, b)


@shared
def _r_all(C, Y):
    """(r_e, r_u, r_d), computed once into memory (:func:`.common.materialize`: they enter outer
    products, which would otherwise re-evaluate them for every element)."""
    return materialize(_r_e(C), _r_u(C), _r_d(C))


def _sw(a):
    """a^sw_prst = a_srpt (exchange of the two barred-q flavour indices)."""
    return jnp.transpose(a, (2, 1, 0, 3))


# ============================================================================================
# Redundant operators from closed fermion loops (one Yukawa vertex)   [JMT2]
# ============================================================================================


def _r_e(C):
    """r_e: coefficient of (l̄_p e_r D²H) (×16π²ε)."""
    Gu, Gd, Ge = C["Gu"], C["Gd"], C["Ge"]
    # quark loops of C_lequ1 (closed by Gu) and C_ledq (closed by Gd), colour trace N_c
    r = N_C * (-fein("prst,st->pr", C["lequ1"], jnp.conj(Gu)) + fein("prst,ts->pr", C["ledq"], Gd))
    # C_le Fierzed, −2 (l̄_p e_t)(ē_s l_r), loop (ē_s l_r) closed by Ge_rs
    r = r - 2.0 * fein("prst,rs->pt", C["le"], Ge)
    return r


def _r_u(C):
    """r_u: coefficient of (q̄_p u_r D²H̃) (×16π²ε)."""
    Gu, Gd, Ge = C["Gu"], C["Gd"], C["Ge"]
    C1, C8 = C["quqd1"], C["quqd8"]
    # lepton loop of C_lequ1 closed by Ge* ([JMT2])
    r = -fein("prst,pr->st", C["lequ1"], jnp.conj(Ge))
    # quark loop of the (q̄_s d_t) bilinear of C_quqd1 closed by Gd* (colour trace N_c; T^A: 0)
    r = r + N_C * fein("prst,st->pr", C1, jnp.conj(Gd))
    # loop through (q̄_p d_t) after the Fierz −½ (q̄_p d_t)(q̄_s u_r) (ε order: −1); colour 1, C_F
    r = r + 0.5 * fein("prst,pt->sr", C1 + C_F3 * C8, jnp.conj(Gd))
    # C_qu1, C_qu8 Fierzed, −2 (q̄_p u_t)(ū_s q_r), loop (ū_s q_r) closed by Gu_rs (colour 1, C_F)
    r = r - 2.0 * fein("prst,rs->pt", C["qu1"] + C_F3 * C["qu8"], Gu)
    return r


def _r_d(C):
    """r_d: coefficient of (q̄_p d_r D²H) (×16π²ε)."""
    Gu, Gd, Ge = C["Gu"], C["Gd"], C["Ge"]
    C1, C8 = C["quqd1"], C["quqd8"]
    # quark loop of the (q̄_p u_r) bilinear of C_quqd1 closed by Gu* (N_c)
    r = N_C * fein("prst,pr->st", C1, jnp.conj(Gu))
    # loop through (q̄_s u_r) after the Fierz (colour 1, C_F)
    r = r + 0.5 * fein("prst,sr->pt", C1 + C_F3 * C8, jnp.conj(Gu))
    # lepton loop of C_ledq (its h.c. gives (q̄_t d_s D²H))
    r = r + fein("prst,pr->ts", jnp.conj(C["ledq"]), Ge)
    # C_qd1, C_qd8 Fierzed, −2 (q̄_p d_t)(d̄_s q_r), loop (d̄_s q_r) closed by Gd_rs
    r = r - 2.0 * fein("prst,rs->pt", C["qd1"] + C_F3 * C["qd8"], Gd)
    return r


# ============================================================================================
# (L̄R)(R̄L): C_ledq
# ============================================================================================


def _beta_ledq(C, Y):
    gp, gs = C["gp"], C["gs"]
    Gu, Gd, Ge = C["Gu"], C["Gd"], C["Ge"]
    Cl = C["ledq"]
    # [AJMT] App. C, (L̄R)(R̄L): gauge. The SU(2) terms cancel (wave functions of l, q against
    # the l̄–q exchange); g'²: Σ y_i² − 8(y_l y_e + y_d y_q) + 2(y_l y_d + y_e y_q)
    # − 2(y_l y_q + y_e y_d) (= −8/3); −6c_{F,3} g_s² (= −8)
    u1 = (Y_L**2 + Y_E**2 + Y_D**2 + Y_Q**2) - 8.0 * (Y_L * Y_E + Y_D * Y_Q) \
        + 2.0 * (Y_L * Y_D + Y_E * Y_Q) - 2.0 * (Y_L * Y_Q + Y_E * Y_D)
    gauge = (u1 * gp**2 - 6.0 * C_F3 * gs**2) * Cl
    # [JMT2] wave functions
    wf = ffwf_f(Cl, yukf(Y).Gam_l, yukf(Y).Gam_e, yukf(Y).Gam_d, yukf(Y).Gam_q)
    # [JMT2] EOM of (l̄ e D²H) (quark part) and of (q̄ d D²H) (lepton part, h.c.)
    eom = (2.0 * fein("pr,ts->prst", _r_all(C, Y)[0], jnp.conj(Gd))
           + 2.0 * fein("ab,pr->abrp", Ge, jnp.conj(_r_all(C, Y)[2])))
    # [JMT2] Higgs exchange inside the (q̄ u) bilinear of C_lequ1, (q̄ u) → (d̄ q)
    exch = 2.0 * fein("prvw,vs,tw->prst", C["lequ1"], jnp.conj(Gd), jnp.conj(Gu))
    # [JMT2] Higgs exchange between the two currents of ψ⁴ (L̄L)(R̄R)/(L̄L)(L̄L)/(R̄R)(R̄R) classes
    # (only the scalar part survives between P_R and P_L bilinears):
    #   lq1 + 3 lq3 (l → e, q̄ → d̄), ld (l → e, d → q), qe (q̄ → d̄, ē → l̄), ed (ē → l̄, d → q)
    cur = (2.0 * fein("prst,rb,sc->pbct", C["lq1"] + 3.0 * C["lq3"], Ge, jnp.conj(Gd))
           - 2.0 * fein("prst,rb,ct->pbsc", C["ld"], Ge, jnp.conj(Gd))
           - 2.0 * fein("prst,pc,as->atcr", C["qe"], jnp.conj(Gd), Ge)
           + 2.0 * fein("prst,ap,ct->arsc", C["ed"], Ge, jnp.conj(Gd)))
    return gauge + wf + eom + exch + cur


# ============================================================================================
# (L̄R)(L̄R): C_lequ1, C_lequ3
# ============================================================================================


@shared
def _lequ_currents(C, Y):
    """Higgs exchange between the currents of lq1, lq3, lu, qe, eu → (l̄ e)ε(q̄ u) structures.

    Returns (S, T): coefficients of the scalar (l̄e)(q̄u) and of the tensor (l̄σe)(q̄σu) parts
    before the factors of β (β_lequ1 = 2 S, β_lequ3 = −½ S_T as below).
    """
    Gu, Ge = C["Gu"], C["Ge"]
    # both ψ legs (l → e, q → u): X ∝ +(4 − σσ)/4, SU(2) ε_kj = −ε_jk (lq1), +3 ε_jk (lq3)
    a = fein("prst,rb,tc->pbsc", C["lq1"] - 3.0 * C["lq3"], Ge, Gu)
    # lu: l → e (ψ), ū → q̄ (ψ̄): X ∝ −(4 + σσ)/4, SU(2) −1
    b = fein("prst,rb,as->pbat", C["lu"], Ge, Gu)
    # qe: q → u (ψ), ē → l̄ (ψ̄): X ∝ −(4 + σσ)/4, SU(2) −1
    c = fein("prst,rc,as->atpc", C["qe"], Gu, Ge)
    # eu: ē → l̄, ū → q̄ (both ψ̄): X ∝ +(4 − σσ)/4, SU(2) −1
    d = fein("prst,ap,bs->arbt", C["eu"], Ge, Gu)
    a, b, c, d = materialize(a, b, c, d)  # computed once for S and T (:func:`.common.materialize`)
    S = 2.0 * a - 2.0 * b - 2.0 * c + 2.0 * d
    T = -0.5 * a - 0.5 * b - 0.5 * c - 0.5 * d
    return S, T


def _beta_lequ1(C, Y):
    g, gp, gs = C["g"], C["gp"], C["gs"]
    Gu, Gd, Ge = C["Gu"], C["Gd"], C["Ge"]
    C1, C3 = C["lequ1"], C["lequ3"]
    # [AJMT] App. C, (L̄R)(L̄R): gauge
    #   −[6(y_e² + y_e(y_u − y_q) + y_q y_u) g'² + 6c_{F,3} g_s²] C1
    #   − [24 (y_q + y_u)(2y_e − y_q + y_u) g'² − 18 g²] C3
    gauge = -(6.0 * (Y_E**2 + Y_E * (Y_U - Y_Q) + Y_Q * Y_U) * gp**2 + 6.0 * C_F3 * gs**2) * C1
    gauge = gauge - (24.0 * (Y_Q + Y_U) * (2.0 * Y_E - Y_Q + Y_U) * gp**2 - 18.0 * g**2) * C3
    # [JMT2] wave functions
    wf = ffwf_f(C1, yukf(Y).Gam_l, yukf(Y).Gam_e, yukf(Y).Gam_q, yukf(Y).Gam_u)
    # [JMT2] EOM of (l̄ e D²H) (quark part) and of (q̄ u D²H̃) (lepton part)
    r_e, r_u, _ = _r_all(C, Y)
    eom = (-2.0 * _outer(r_e, Gu) - 2.0 * _outer(Ge, r_u))
    # [JMT2] Higgs exchange inside the (d̄ q) bilinear of C_ledq, (d̄ q) → (q̄ u)
    exch = 2.0 * fein("prvw,sv,wt->prst", C["ledq"], Gd, Gu)
    # [JMT2] Higgs exchange between currents (lq1, lq3, lu, qe, eu)
    S, _ = _lequ_currents(C, Y)
    return gauge + wf + eom + exch + S


def _beta_lequ3(C, Y):
    g, gp, gs = C["g"], C["gp"], C["gs"]
    Gu, Ge = C["Gu"], C["Ge"]
    C1, C3 = C["lequ1"], C["lequ3"]
    # [AJMT] App. C, (L̄R)(L̄R): gauge
    #   [Σ y_i² + 6(y_l y_q + y_e y_u) − 6(y_l y_u + y_e y_q)] g'² − 3 g² + 2c_{F,3} g_s² on C3,
    #   [−½ (y_q + y_u)(2y_e − y_q + y_u) g'² + 3/8 g²] on C1
    u1 = ((Y_L**2 + Y_E**2 + Y_Q**2 + Y_U**2)
          + 6.0 * (Y_L * Y_Q + Y_E * Y_U) - 6.0 * (Y_L * Y_U + Y_E * Y_Q))
    gauge = (u1 * gp**2 - 3.0 * g**2 + 2.0 * C_F3 * gs**2) * C3
    gauge = gauge + (-0.5 * (Y_Q + Y_U) * (2.0 * Y_E - Y_Q + Y_U) * gp**2 + 3.0 / 8.0 * g**2) * C1
    # [JMT2] wave functions
    wf = ffwf_f(C3, yukf(Y).Gam_l, yukf(Y).Gam_e, yukf(Y).Gam_q, yukf(Y).Gam_u)
    # [AJMT] ψ²XH → ψ⁴: the dipole's X and H both attached to the other fermion line:
    #   lepton dipoles on the quark line [−(3/2) g C_eW + g'(y_q + y_u) C_eB]_pr Gu_st,
    #   quark dipoles on the lepton line Ge_pr [−(3/2) g C_uW + g'(y_l + y_e) C_uB]_st
    mix = (_outer(-1.5 * g * C["eW"] + gp * (Y_Q + Y_U) * C["eB"], Gu)
           + _outer(Ge, -1.5 * g * C["uW"] + gp * (Y_L + Y_E) * C["uB"]))
    # [JMT2] Higgs exchange between currents (tensor part)
    _, T = _lequ_currents(C, Y)
    return gauge + wf + mix + T


# ============================================================================================
# (L̄R)(L̄R): C_quqd1, C_quqd8
# ============================================================================================


def _quqd_tensor_to_scalar(A, B):
    """Rewrite Σ A_prst T_prst[1] + B_prst T_prst[8] on quqd1/quqd8 (returns their β parts).

    T_prst[c] = (q̄_p σ u_r) ε (q̄_s σ d_t) with colour c; Fierz (see module docstring):
    T[1]_prst = −4 S[1]_prst + 8/3 S[1]_srpt + 16 S[8]_srpt,
    T[8]_prst = −4 S[8]_prst + 32/9 S[1]_srpt − 8/3 S[8]_srpt.
    """
    b1 = -4.0 * A + 8.0 / 3.0 * _sw(A) + 32.0 / 9.0 * _sw(B)
    b8 = 16.0 * _sw(A) - 4.0 * B - 8.0 / 3.0 * _sw(B)
    return b1, b8


@shared
def _quqd_common(C, Y):
    """(β_quqd1, β_quqd8) of all terms; computed once and shared by the two keys."""
    g, gp, gs = C["g"], C["gp"], C["gs"]
    Gu, Gd = C["Gu"], C["Gd"]
    C1, C8 = C["quqd1"], C["quqd8"]
    # --- gauge ([AJMT] App. C, (L̄R)(L̄R)) ---
    # scalar part: U(1) as for lequ1 with (y_l, y_e, y_q, y_u) → (y_q, y_u, y_q, y_d) (= −1/3);
    # SU(2) cancels; SU(3): −12 c_{F,3} g_s² on the singlet, +2 g_s² on the octet
    uS = (2.0 * Y_Q**2 + Y_U**2 + Y_D**2 - 8.0 * (Y_Q * Y_U + Y_Q * Y_D)
          + 2.0 * (Y_Q**2 + Y_U * Y_D) - 2.0 * (Y_Q * Y_D + Y_U * Y_Q))
    b1 = (uS * gp**2 - 12.0 * C_F3 * gs**2) * C1
    b8 = (uS * gp**2 + 2.0 * gs**2) * C8
    # tensor parts generated by exchanges between the bilinears (Fierzed back below)
    tEW = -0.5 * (Y_Q + Y_U) * (Y_Q + Y_D) * gp**2 + 3.0 / 8.0 * g**2
    A = tEW * C1 - 4.0 / 9.0 * gs**2 * C8
    B = -2.0 * gs**2 * C1 + (tEW - 5.0 / 6.0 * gs**2) * C8
    # --- ψ²XH → ψ⁴ ([AJMT]): dipole's X and H both on the other quark line ---
    A = A + (_outer(-gp * (Y_Q + Y_D) * C["uB"] + 1.5 * g * C["uW"], Gd)
             + _outer(Gu, -gp * (Y_Q + Y_U) * C["dB"] + 1.5 * g * C["dW"]))
    B = B - 2.0 * gs * (_outer(C["uG"], Gd) + _outer(Gu, C["dG"]))
    t1, t8 = _quqd_tensor_to_scalar(A, B)
    b1, b8 = b1 + t1, b8 + t8
    # --- wave functions [JMT2] ---
    b1 = b1 + ffwf_f(C1, yukf(Y).Gam_q, yukf(Y).Gam_u, yukf(Y).Gam_q, yukf(Y).Gam_d)
    b8 = b8 + ffwf_f(C8, yukf(Y).Gam_q, yukf(Y).Gam_u, yukf(Y).Gam_q, yukf(Y).Gam_d)
    # --- EOM of (q̄ d D²H) and (q̄ u D²H̃) (quark parts) [JMT2] ---
    _, r_u, r_d = _r_all(C, Y)
    b1 = b1 + 2.0 * _outer(Gu, r_d) + 2.0 * _outer(r_u, Gd)
    # --- Higgs exchange between the currents of four-quark classes [JMT2] ---
    # qu1/qu8: q → d, ū → q̄;  qd1/qd8: q → u, d̄ → q̄  (colour: crossed → 2·8 + 1/3·1)
    # (each dressed array is computed once, :func:`.common.materialize`: both targets read it)
    xqu1 = fein("prst,rc,as->ptac", C["qu1"], Gd, Gu)
    xqu8 = fein("prst,rc,as->ptac", C["qu8"], Gd, Gu)
    xqd1 = fein("prst,rc,as->acpt", C["qd1"], Gu, Gd)
    xqd8 = fein("prst,rc,as->acpt", C["qd8"], Gu, Gd)
    # ud1/ud8: ū → q̄, d̄ → q̄ (both ψ̄): 2 S_arbt + 2 (Fierzed) S_brat
    xud1 = fein("prst,ap,bs->arbt", C["ud1"], Gu, Gd)
    xud8 = fein("prst,ap,bs->arbt", C["ud8"], Gu, Gd)
    # qq1, qq3 (SU(2) factor −3): q → u and q → d on the two currents (two contractions)
    xqq = fein("prst,rc,td->pcsd", C["qq1"] - 3.0 * C["qq3"], Gu, Gd)
    xq1, xq8, xud1, xud8, xqq = materialize(xqu1 + xqd1, xqu8 + xqd8, xud1, xud8, xqq)
    b1 = b1 + 4.0 / 3.0 * xq1 + 16.0 / 9.0 * xq8  # qu, qd
    b8 = b8 + 8.0 * xq1 - 4.0 / 3.0 * xq8
    b1 = b1 - 4.0 * xud1 + 4.0 / 3.0 * _sw(xud1) + 16.0 / 9.0 * _sw(xud8)  # ud
    b8 = b8 - 4.0 * xud8 + 8.0 * _sw(xud1) - 4.0 / 3.0 * _sw(xud8)
    b1 = b1 - 8.0 * xqq + 8.0 / 3.0 * _sw(xqq)
    b8 = b8 + 16.0 * _sw(xqq)
    return b1, b8


def _beta_quqd1(C, Y):
    return _quqd_common(C, Y)[0]


def _beta_quqd8(C, Y):
    return _quqd_common(C, Y)[1]


BETAS = {
    "ledq": _beta_ledq,
    "lequ1": _beta_lequ1,
    "lequ3": _beta_lequ3,
    "quqd1": _beta_quqd1,
    "quqd8": _beta_quqd8,
}
