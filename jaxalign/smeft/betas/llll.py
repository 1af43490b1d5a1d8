"""One-loop β̂ of the (L̄L)(L̄L) four-fermion classes: ``ll, qq1, qq3, lq1, lq3``.

Scope: every one-loop term of the Warsaw-basis RGEs of these five classes (all flavour indices,
general complex Yukawa matrices): gauge exchange between the four legs, gauge penguins (closed
and open fermion loops of all ψ⁴ classes with a left-handed current, Higgs loops of the ψ²H²D
classes, reduced with the gauge-field equations of motion), fermion wave functions, Higgs
"triangles" (a right-handed current of an (L̄L)(R̄R) operator, or the Higgs current of a ψ²H²D
operator, turned into a left-handed current by two Yukawa vertices) and Higgs "boxes" (the
scalar/tensor operators ledq, lequ1, lequ3, quqd1, quqd8 with both right-handed legs converted).

Sources:

* [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014, App. C (complete RGEs,
  class by class) and Sec. 2 (gauge-field EOMs, hypercharges);
* [JMT2] E. Jenkins, A. Manohar, M. Trott, arXiv:1310.4838 (Yukawa terms);
* [JMT1] arXiv:1308.2627 (conventions).

Each block below was re-derived diagram by diagram in Feynman gauge (d = 4 − 2ε; a divergence
ΔL = X O/(16π²ε) gives β̂ = −2X) and is labelled with the corresponding [AJMT]/[JMT2] term
(the paper text itself could not be retrieved here, so no statement about misprints is made).
Checked against wilson 2.5.2 used as a numerical black box, one source class non-zero at a time
(all 59 classes, generic complex Yukawas): every source → target block agrees to ~1e-16.
The only disagreement met on the way was the overall sign of the quqd1/quqd8 boxes: the SU(2)
contraction ε_jk ε_nm had been copied from the lequ1 box without noticing that the H̃ leg sits
on the other bilinear; re-deriving it flips the sign (see ``_box_qq``). The full test is
tests/smeft/test_betas_llll.py (all classes non-zero, 4 points, 1e-10).

Conventions (WCxf/wilson, :mod:`.common`): L ⊃ −[Ge l̄ e H + Gd q̄ d H + Gu q̄ u H̃] + h.c., so the
[JMT] Yukawas are Y = G† (e.g. [JMT2] (Y_e†Y_e) ↔ Ge Ge†); D = ∂ + i g' y B + i g τ/2 W +
i g_s T G; L = Σ C O summed over all flavour indices. β̂ is returned as one representative
array D with ΔL = Σ D_prst O_prst (the assembly projects onto the class symmetries, which leaves
the Lagrangian unchanged); contributions of the ``+ h.c.`` of non-Hermitian source operators
are added explicitly (:func:`.common.hc4`).

Recurring Fierz/group identities (anticommuting fields, chiral LL currents):
(ψ̄₁γ^μψ₂)(ψ̄₃γ_μψ₄) = (ψ̄₁γ^μψ₄)(ψ̄₃γ_μψ₂); τ^I_ij τ^I_kl = 2δ_il δ_kj − δ_ij δ_kl;
T^A_αβ T^A_γδ = ½(δ_αδ δ_γβ − δ_αβ δ_γδ/N_c); σ^{μν}γ^ρP_L ⊗ σ_μν γ_ρP_L = −12 γ^ρP_L ⊗ γ_ρP_L.

Implementation: written for speed on CPU (see "Implementation" in :mod:`jaxalign.smeft.betas`).
"""

from __future__ import annotations

import jax.numpy as jnp

from .common import (I3, N_C, Y_D, Y_E, Y_H, Y_L, Y_Q, Y_U, fein, ffwf_f, hc4, materialize,
                     outer, shared, yukf)

__all__ = ["BETAS"]


def _swap(a):
    """a_prst → a_ptsr (exchange of the two ψ fields, i.e. the Fierz partner)."""
    return jnp.transpose(a, (0, 3, 2, 1))





def _d(v):
    """v_pr δ_st."""
    return outer(v, I3)


def _d_first(v):
    """δ_pr v_st."""
    return outer(I3, v)


def _open(C):
    """Open-loop (Fierz) trace Σ_w (C_awwb + C_wbaw) of an identical-pair class."""
    return fein("awwb->ab", C) + fein("wbaw->ab", C)


def _closed(C):
    """Closed-loop trace Σ_w (C_abww + C_wwab) of an identical-pair class."""
    return fein("abww->ab", C) + fein("wwab->ab", C)


def _octet_to_qq(X1, X3):
    """(q̄_p T^A q_r)(q̄_s T^A q_t) structures X1 (SU(2) 1⊗1) + X3 (τ⊗τ) → (qq1, qq3) arrays.

    Colour T⊗T = ½(crossed − 1/N_c); the crossed term is Fierzed back to colour singlets with
    pairs (p t)(s r), re-pairing SU(2): 1⊗1 → ½(1⊗1 + τ⊗τ), τ⊗τ → 3/2 1⊗1 − ½ τ⊗τ.
    """
    q1 = 0.5 * _swap(0.5 * X1 + 1.5 * X3) - X1 / (2.0 * N_C)
    q3 = 0.5 * _swap(0.5 * X1 - 0.5 * X3) - X3 / (2.0 * N_C)
    return q1, q3


# ============================================================================================
# Gauge penguins ([AJMT] App. C: the g'² y, g² and g_s² "penguin" terms of each class).
# A fermion loop closing the current ψ̄γ^νMψ of an operator term V_ν(ψ̄γ^νMψ) gives
# ΔL_div = −(2/3) g² Tr(T^a M) V_ν (D_μF^μν)^a/(16π²ε) (a complex-scalar loop of a Higgs current:
# half of it); with the EOM (D_μF^μν)^a = g j^{aν} this is β̂ = (4/3) g² Tr(T^a M) V·j^a, where
# j_B = Σ y_ψ ψ̄γψ + y_h H†iD↔H, j_W^I = Σ ψ̄γ(τ^I/2)ψ + ½ H†iD↔^I H, j_G^A = Σ q̄γT^A q + ...
# Below: V·Tr(T M) as 3×3 matrices in the flavours of the remaining current.
# ============================================================================================


def _vB_l(C):
    """Coefficient of (l̄_a γ l_b)·(hypercharge-weighted loop) from ll, lq1, le, lu, ld, Hl1."""
    return (2.0 * Y_L * _closed(C["ll"]) + Y_L * _open(C["ll"])  # SU(2) trace 2 (closed), 1 (open)
            + 2.0 * N_C * Y_Q * fein("abww->ab", C["lq1"])
            + Y_E * fein("abww->ab", C["le"])
            + N_C * Y_U * fein("abww->ab", C["lu"])
            + N_C * Y_D * fein("abww->ab", C["ld"])
            + 0.5 * 2.0 * Y_H * C["phil1"])  # Higgs loop: ½ × SU(2) trace 2


def _vB_q(C):
    """Coefficient of (q̄_a γ q_b)·(loop) from qq1, qq3, lq1, qe, qu1, qd1, Hq1."""
    return (2.0 * N_C * Y_Q * _closed(C["qq1"]) + Y_Q * _open(C["qq1"])
            + 3.0 * Y_Q * _open(C["qq3"])  # Σ_j τ^I_ij τ^I_jl = 3δ_il
            + 2.0 * Y_L * fein("wwab->ab", C["lq1"])
            + Y_E * fein("abww->ab", C["qe"])
            + N_C * Y_U * fein("abww->ab", C["qu1"])
            + N_C * Y_D * fein("abww->ab", C["qd1"])
            + Y_H * C["phiq1"])


def _vW_l(C):
    """Coefficient of (l̄_a γ T^I l_b)·(loop), T = τ/2: ll (open), lq3 (quark loop), Hl3."""
    return _open(C["ll"]) + 2.0 * N_C * fein("abww->ab", C["lq3"]) + C["phil3"]


def _vW_q(C):
    """Coefficient of (q̄_a γ T^I q_b)·(loop): qq1 (open), qq3 (closed, open: τ^J T τ^J = −T),
    lq3 (lepton loop), Hq3."""
    return (_open(C["qq1"]) + 2.0 * N_C * _closed(C["qq3"]) - _open(C["qq3"])
            + 2.0 * fein("wwab->ab", C["lq3"]) + C["phiq3"])


def _vG(C):
    """Coefficient of (q̄_a γ T^A q_b)·(loop): qq1, qq3 (open loops), qu8, qd8 (Tr T^A T^B = ½δ)."""
    return (_open(C["qq1"]) + 3.0 * _open(C["qq3"])
            + 0.5 * fein("abww->ab", C["qu8"]) + 0.5 * fein("abww->ab", C["qd8"]))


@shared
def _pen(C, Y):
    """The five penguin matrices (vB_l, vB_q, vW_l, vW_q, vG), computed once into memory
    (:func:`.common.materialize`; otherwise re-evaluated for every element of every target)."""
    return materialize(_vB_l(C), _vB_q(C), _vW_l(C), _vW_q(C), _vG(C))


# ============================================================================================
# Higgs boxes: scalar/tensor operators with both right-handed legs turned left-handed by one
# Yukawa each, the two Higgs lines joined ([JMT2], ledq/lequ/quqd → lq/qq). Loop: ∫k̸⊗(±k̸)/k⁶.
# ============================================================================================


@shared
def _box_lq(C, Y):
    """(β̂_lq1, β̂_lq3) from ledq, lequ1, lequ3 and their h.c."""
    # ledq: (l̄_p^j e_r)(d̄_s q_t^j): e_r → l_a (Ge*_ar), d̄_s → q̄_c (Gd_cs), same-sign momenta;
    # SU(2) δ_pt δ_ac → ½(1⊗1 + τ⊗τ) on (pa)(ct):  +¼ X to lq1 and lq3
    X = fein("prst,ar,cs->pact", C["ledq"], jnp.conj(Y.Ge), Y.Gd)
    # lequ1/3: (l̄_p^j e_r) ε_jk (q̄_s^k u_t): e_r → l_a (Ge*_ar), u_t → q_c (Gu*_ct), opposite
    # momenta; ε_jk ε_cm-type SU(2) → −½ 1⊗1 + ½ τ⊗τ; tensor: σγ⊗σγ = −12 γ⊗γ
    Z = fein("prst,ar,ct->pasc", C["lequ1"] - 12.0 * C["lequ3"], jnp.conj(Y.Ge), jnp.conj(Y.Gu))
    b1 = 0.25 * X + 0.25 * Z
    b3 = 0.25 * X - 0.25 * Z
    return b1 + hc4(b1), b3 + hc4(b3)


@shared
def _box_qq(C, Y):
    """(β̂_qq1, β̂_qq3) from quqd1, quqd8 and their h.c.: u_r → q_a (Gu*_ar), d_t → q_c (Gd*_ct).

    As for lequ1 (opposite momenta), but the H̃ now sits on the *first* bilinear: the SU(2)
    structure ε_jk ε_am (a: first, m: second converted leg) is minus that of lequ1,
    i.e. +½ 1⊗1 − ½ τ⊗τ on (pa)(sc)."""
    Gus, Gds = jnp.conj(Y.Gu), jnp.conj(Y.Gd)
    Z1 = fein("prst,ar,ct->pasc", C["quqd1"], Gus, Gds)
    Z8 = fein("prst,ar,ct->pasc", C["quqd8"], Gus, Gds)
    o1, o3 = _octet_to_qq(-0.25 * Z8, 0.25 * Z8)
    b1 = -0.25 * Z1 + o1
    b3 = 0.25 * Z1 + o3
    return b1 + hc4(b1), b3 + hc4(b3)


def _tri(C, G):
    """Higgs triangle of an (L̄L)(R̄R) operator C_prvw (R̄_v R_w) with Yukawa G (L̄ G R Φ):
    −Σ_vw C_prvw G_sv G*_tw, target (L̄_p L_r)(L̄_s L_t), SU(2) singlet ([JMT2])."""
    return -fein("prvw,sv,tw->prst", C, G, jnp.conj(G))


# ============================================================================================
# β functions
# ============================================================================================


def _beta_ll(C, Y):
    g, gp = C["g"], C["gp"]
    ll = C["ll"]
    # [AJMT] App. C, (L̄L)(L̄L): gauge exchange between the currents: 12 y_l² g'² C_prst;
    # SU(2): −3 g² C_prst + 6 g² C_ptsr (τ⊗τ Fierzed)
    out = 12.0 * Y_L**2 * gp**2 * ll - 3.0 * g**2 * ll + 6.0 * g**2 * _swap(ll)
    # [AJMT] App. C, (L̄L)(L̄L): g'² penguins  (4/3) g'² y_l V_pr δ_st
    vB_l, _, vw, _, _ = _pen(C, Y)
    out = out + 4.0 / 3.0 * gp**2 * Y_L * _d(vB_l)
    # [AJMT] App. C: g² penguins (4/3) g² V_pr (l̄Tl)(l̄Tl) = g²[⅔ V_pt δ_rs − ⅓ V_pr δ_st]
    out = out + g**2 * (2.0 / 3.0 * _swap(_d(vw)) - 1.0 / 3.0 * _d(vw))
    # [JMT2]: wave functions
    out = out + ffwf_f(ll, yukf(Y).Gam_l, yukf(Y).Gam_l, yukf(Y).Gam_l, yukf(Y).Gam_l)
    # [JMT2]: Higgs triangles: C_le (e current → l), C_Hl1, C_Hl3 (Higgs current → l current)
    GeGed = yukf(Y).GeGed
    out = out + _tri(C["le"], Y.Ge)
    out = out - fein("pr,st->prst", C["phil1"], GeGed)
    h3 = fein("pr,st->prst", C["phil3"], GeGed)  # (l̄τl)(l̄τl) = 2 swap − 1
    out = out - 2.0 * _swap(h3) + h3
    return out


def _beta_lq1(C, Y):
    g, gp = C["g"], C["gp"]
    c1, c3 = C["lq1"], C["lq3"]
    # [AJMT] App. C: gauge exchange 12 y_l y_q g'² C1 + 9 g² C3
    out = 12.0 * Y_L * Y_Q * gp**2 * c1 + 9.0 * g**2 * c3
    # [AJMT] App. C: g'² penguins (lepton current × j_B ⊃ y_q q̄γq, quark current × y_l l̄γl)
    vB_l, vB_q, _, _, _ = _pen(C, Y)
    out = out + 4.0 / 3.0 * gp**2 * (Y_Q * _d(vB_l) + Y_L * _d_first(vB_q))
    # [JMT2]: wave functions
    out = out + ffwf_f(c1, yukf(Y).Gam_l, yukf(Y).Gam_l, yukf(Y).Gam_q, yukf(Y).Gam_q)
    # [JMT2]: Higgs triangles: lu, ld (u, d current → q), qe (e current → l)
    out = out + _tri(C["lu"], Y.Gu) + _tri(C["ld"], Y.Gd)
    out = out + jnp.transpose(_tri(C["qe"], Y.Ge), (2, 3, 0, 1))
    # [JMT2]: Higgs current → fermion current: C_Hl1 (Gu Gu† − Gd Gd†), −(Ge Ge†) C_Hq1
    GuGud, GdGdd, GeGed = yukf(Y).GuGud, yukf(Y).GdGdd, yukf(Y).GeGed
    out = out + fein("pr,st->prst", C["phil1"], GuGud - GdGdd)
    out = out - fein("pr,st->prst", GeGed, C["phiq1"])
    # [JMT2]: Higgs boxes of ledq, lequ1, lequ3
    out = out + _box_lq(C, Y)[0]
    return out


def _beta_lq3(C, Y):
    g, gp = C["g"], C["gp"]
    c1, c3 = C["lq1"], C["lq3"]
    # [AJMT] App. C: gauge exchange (12 y_l y_q g'² − 6 g²) C3 + 3 g² C1
    out = (12.0 * Y_L * Y_Q * gp**2 - 6.0 * g**2) * c3 + 3.0 * g**2 * c1
    # [AJMT] App. C: g² penguins, (4/3) g² V (l̄Tl)(q̄Tq) = ⅓ g² V (l̄τl)(q̄τq)
    _, _, vW_l, vW_q, _ = _pen(C, Y)
    out = out + g**2 / 3.0 * (_d(vW_l) + _d_first(vW_q))
    # [JMT2]: wave functions
    out = out + ffwf_f(c3, yukf(Y).Gam_l, yukf(Y).Gam_l, yukf(Y).Gam_q, yukf(Y).Gam_q)
    # [JMT2]: Higgs current → fermion current: −C_Hl3 (Gu Gu† + Gd Gd†), −(Ge Ge†) C_Hq3
    GuGud, GdGdd, GeGed = yukf(Y).GuGud, yukf(Y).GdGdd, yukf(Y).GeGed
    out = out - fein("pr,st->prst", C["phil3"], GuGud + GdGdd)
    out = out - fein("pr,st->prst", GeGed, C["phiq3"])
    # [JMT2]: Higgs boxes
    out = out + _box_lq(C, Y)[1]
    return out


@shared
def _qq_common(C, Y):
    """Terms of (β̂_qq1, β̂_qq3) beyond the wave functions and the U(1)/SU(2) exchange."""
    g, gp, gs = C["g"], C["gp"], C["gs"]
    c1, c3 = C["qq1"], C["qq3"]
    # [AJMT] App. C: gluon exchange −6 g_s² T⊗T: qq1: 3 C1_ptsr − 2 C1_prst + 9 C3_ptsr,
    # qq3: 3 C1_ptsr − 3 C3_ptsr − 2 C3_prst  (N_c = 3: 6/N_c = 2)
    q1 = gs**2 * (3.0 * _swap(c1) - 6.0 / N_C * c1 + 9.0 * _swap(c3))
    q3 = gs**2 * (3.0 * _swap(c1) - 3.0 * _swap(c3) - 6.0 / N_C * c3)
    _, vB_q, _, vW_q, vg = _pen(C, Y)
    # [AJMT] App. C: g'² penguins
    q1 = q1 + 4.0 / 3.0 * gp**2 * Y_Q * _d(vB_q)
    # [AJMT] App. C: g² penguins (4/3) g² V (q̄Tq)(q̄Tq) = ⅓ g² V (q̄τq)(q̄τq)
    q3 = q3 + g**2 / 3.0 * _d(vW_q)
    # [AJMT] App. C: g_s² penguins (4/3) g_s² V (q̄T^A q)(q̄T^A q)
    o1, o3 = _octet_to_qq(_d(vg), jnp.zeros_like(c1))
    q1 = q1 + 4.0 / 3.0 * gs**2 * o1
    q3 = q3 + 4.0 / 3.0 * gs**2 * o3
    # [JMT2]: Higgs triangles: qu1, qd1 (singlet), qu8, qd8 (colour octet)
    q1 = q1 + _tri(C["qu1"], Y.Gu) + _tri(C["qd1"], Y.Gd)
    o1, o3 = _octet_to_qq(_tri(C["qu8"], Y.Gu) + _tri(C["qd8"], Y.Gd), jnp.zeros_like(c1))
    q1, q3 = q1 + o1, q3 + o3
    # [JMT2]: Higgs current → quark current
    GuGud, GdGdd = yukf(Y).GuGud, yukf(Y).GdGdd
    q1 = q1 + fein("pr,st->prst", C["phiq1"], GuGud - GdGdd)
    q3 = q3 - fein("pr,st->prst", C["phiq3"], GuGud + GdGdd)
    # [JMT2]: Higgs boxes of quqd1, quqd8
    b1, b3 = _box_qq(C, Y)
    return q1 + b1, q3 + b3


def _beta_qq1(C, Y):
    g, gp = C["g"], C["gp"]
    c1, c3 = C["qq1"], C["qq3"]
    out = 12.0 * Y_Q**2 * gp**2 * c1 + 9.0 * g**2 * c3  # [AJMT] App. C: B, W exchange
    Gq = yukf(Y).Gam_q
    out = out + ffwf_f(c1, Gq, Gq, Gq, Gq)  # [JMT2] wave functions
    return out + _qq_common(C, Y)[0]


def _beta_qq3(C, Y):
    g, gp = C["g"], C["gp"]
    c1, c3 = C["qq1"], C["qq3"]
    out = (12.0 * Y_Q**2 * gp**2 - 6.0 * g**2) * c3 + 3.0 * g**2 * c1  # [AJMT] App. C
    Gq = yukf(Y).Gam_q
    out = out + ffwf_f(c3, Gq, Gq, Gq, Gq)  # [JMT2] wave functions
    return out + _qq_common(C, Y)[1]


BETAS = {"ll": _beta_ll, "qq1": _beta_qq1, "qq3": _beta_qq3, "lq1": _beta_lq1, "lq3": _beta_lq3}
