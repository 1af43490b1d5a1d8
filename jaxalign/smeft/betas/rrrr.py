"""One-loop β̂ of the (R̄R)(R̄R) four-fermion classes: ee, uu, dd, eu, ed, ud1, ud8.

Scope: every one-loop term of dC/d ln μ = β̂/(16π²) for these seven classes, with full flavour
structure: gauge terms (g', g_s; the targets are SU(2) singlets and no SU(2) penguin reaches
them), Yukawa terms, and the mixing from all other Warsaw classes (ψ⁴ and ψ²H²D). There are no
λ terms and no dipole (ψ²XH) feed-in at one loop for these classes.

Sources:

* [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014, App. C, (R̄R)(R̄R):
  gauge terms (current–current exchange, B and gluon penguins);
* [JMT2] E. Jenkins, A. Manohar, M. Trott, arXiv:1310.4838: Yukawa terms;
* [JMT1] arXiv:1308.2627: formalism (no λ terms in this class).

The terms were re-derived here diagram by diagram (Feynman gauge, 4-d Fierz identities, the
gauge-field equations of motion for the penguins) in the conventions below, and checked against
wilson 2.5.2 used as a numerical black box, one source class at a time
(tests/smeft/test_betas_rrrr.py).

Conventions (WCxf / wilson, see :mod:`.common`): ``L ⊃ −[Ge l̄eH + Gd q̄dH + Gu q̄uH̃] + h.c.``
([JMT] Y = G†); ``D = ∂ + i g' Y B + i g_s T G``; the Lagrangian is ``Σ C_prst O_prst`` over all
flavour indices (+ h.c. for the non-Hermitian sources ledq, lequ1, lequ3, quqd1, quqd8, phiud).
Each function returns the coefficient of ``Σ_prst O_prst`` generated at one loop; it is not
symmetrised (the assembly applies :func:`.common.project`), but Hermitian conjugate pieces of
non-Hermitian sources are added explicitly.

Building blocks (derived once, used for all seven classes):

* exchange of a gauge boson between the four legs of (ψ̄₁γψ₂)(ψ̄₃γψ₄), all right-handed:
  per pair (1,3), (2,4): +8 g² T⊗T; (1,4), (2,3): −2 g² T⊗T; inside a bilinear (1,2), (3,4):
  −2 g² (T X T), wave functions +g² C_F per leg. For hypercharge this is 12 g'² y_a y_b; for colour
  singlet⊗singlet S → 6F − (6/N)S, F → 6S − (6/N)F (F: colour-crossed, F_prst = S_ptsr by Fierz);
* penguins: a closed loop of a Weyl field χ (hypercharge y_χ, multiplicity N_χ; the Higgs doublet
  counts as N = 1) in C (ψ̄γψ)(χ̄γχ) gives, with the B equation of motion
  ∂_μB^{μν} = g' J_Y^ν, δL = (4/3) g'² y_χ N_χ C (ψ̄γψ)·J_Y; for the gluon (2/3) g_s² C_oct
  (ψ̄γT^Aψ)·J^A (closed loops of colour singlets vanish, open penguins of uu, dd are written as
  closed loops of the Fierzed form);
* Yukawa: wave functions Γ_e = Ge†Ge, Γ_u = Gu†Gu, Γ_d = Gd†Gd on every leg; Higgs exchange
  inside a left-handed bilinear turns (L̄L) into (R̄R): −2 G†(...)G; Higgs exchange between the
  two barred legs of the scalar/tensor operators: lequ1 → eu (+1), lequ3 → eu (−12),
  ledq → ed (+1), quqd1,8 → ud1,8; the Higgs loop of ψ²H²D attached to a right-handed line
  (fixed by the Ward identity of the charge the operator's Higgs current couples to):
  ±2 C_Hψ Γ_χ (+ for e, d lines, − for u lines); C_phiud: 2 C_phiud (Gd†Gu), Fierzed.

Oracle checks (wilson 2.5.2, one source class at a time, gauge-only and Yukawa-only): all terms
agreed at machine precision as derived, except the C_phiud → ud1, ud8 term, first written a
factor 2 too small (only one of the two Higgs contractions of H̃†D_μH had been counted); no
misprint of the papers was needed to reach agreement. Note that wilson's raw β_ee is not
Fierz-symmetric; only its projection (:func:`.common.project`) is compared.

Implementation: written for speed on CPU (see "Implementation" in :mod:`jaxalign.smeft.betas`).
"""

from __future__ import annotations

import jax.numpy as jnp

from .common import (I3, N_C, Y_D, Y_E, Y_H, Y_L, Y_Q, Y_U, dag, fein, ffwf_f, hc4,
                     materialize, shared, yukf)

__all__ = ["BETAS"]



def _tr2(C):
    """Σ_w C_prww."""
    return fein("prww->pr", C)


def _tr1(C):
    """Σ_w C_wwst."""
    return fein("wwst->st", C)



def _cross(K):
    """Coefficient array of Σ K_prst (ψ̄_p γ ψ_t)(ψ̄_s γ ψ_r) in the uncrossed basis: K_ptsr."""
    return jnp.transpose(K, (0, 3, 2, 1))


def _conv(Gl, C, Gr):
    """Σ_xy Gl_ax C_xyst Gr_yb -> [a, b, s, t] (bilinear on the first pair)."""
    return fein("ax,xyst,yb->abst", Gl, C, Gr)


def _conv2(Gl, C, Gr):
    """Σ_xy Gl_ax C_prxy Gr_yb -> [p, r, a, b] (bilinear on the second pair)."""
    return fein("ax,prxy,yb->prab", Gl, C, Gr)


# ============================================================================================
# Penguin currents  [AJMT] App. C, (R̄R)(R̄R): the g'² y (...) δ and g_s² (...) δ terms
# ============================================================================================


def _pen_B(C):
    """P_f[pr]: δL ⊃ (4/3) g'² Σ_f P_f[pr] (f̄_p γ f_r)·J_Y for f = e, u, d (all sources)."""
    ee, uu, dd = C["ee"], C["uu"], C["dd"]
    Pe = (Y_E * (_tr2(ee) + _tr1(ee) + fein("pwwr->pr", ee) + fein("wrpw->pr", ee))
          + 2.0 * Y_L * _tr1(C["le"]) + N_C * Y_U * _tr2(C["eu"]) + N_C * Y_D * _tr2(C["ed"])
          + 2.0 * N_C * Y_Q * _tr1(C["qe"]) + Y_H * C["phie"])
    Pu = (Y_U * (N_C * (_tr2(uu) + _tr1(uu)) + fein("pwwr->pr", uu) + fein("wrpw->pr", uu))
          + Y_E * _tr1(C["eu"]) + N_C * Y_D * _tr2(C["ud1"]) + 2.0 * N_C * Y_Q * _tr1(C["qu1"])
          + 2.0 * Y_L * _tr1(C["lu"]) + Y_H * C["phiu"])
    Pd = (Y_D * (N_C * (_tr2(dd) + _tr1(dd)) + fein("pwwr->pr", dd) + fein("wrpw->pr", dd))
          + Y_E * _tr1(C["ed"]) + N_C * Y_U * _tr1(C["ud1"]) + 2.0 * N_C * Y_Q * _tr1(C["qd1"])
          + 2.0 * Y_L * _tr1(C["ld"]) + Y_H * C["phid"])
    return Pe, Pu, Pd


@shared
def _pens(C, Y):
    """(Pe, Pu, Pd, PGu, PGd) of :func:`_pen_B`, :func:`_pen_G`, computed once into memory
    (:func:`.common.materialize`; otherwise re-evaluated for every element of every target)."""
    return materialize(*_pen_B(C), *_pen_G(C))


def _pen_G(C):
    """P^G_f[pr]: δL ⊃ (2/3) g_s² Σ_f P^G_f[pr] (f̄_p γ T^A f_r)·J^A for f = u, d."""
    uu, dd = C["uu"], C["dd"]
    Pu = (2.0 * (fein("pwwr->pr", uu) + fein("wrpw->pr", uu)) + _tr2(C["ud8"])
          + 2.0 * _tr1(C["qu8"]))
    Pd = (2.0 * (fein("pwwr->pr", dd) + fein("wrpw->pr", dd)) + _tr1(C["ud8"])
          + 2.0 * _tr1(C["qd8"]))
    return Pu, Pd


def _octet_to_uu(K):
    """Σ K_prst (ψ̄_p T^A ψ_r)(ψ̄_s T^A ψ_t) in the singlet uu/dd basis: ½ F − S/(2N)."""
    return 0.5 * _cross(K) - 0.5 / N_C * K


# ============================================================================================
# β functions
# ============================================================================================


def _beta_ee(C, Y):
    gp = C["gp"]
    Ce = C["ee"]
    Pe, _, _, _, _ = _pens(C, Y)
    # [AJMT] App. C (R̄R)(R̄R), Ċ_ee: current–current exchange 12 g'² y_e² C_ee
    out = 12.0 * Y_E**2 * gp**2 * Ce
    # [AJMT]: B penguin (4/3) g'² y_e (...)_pr δ_st
    out = out + 4.0 / 3.0 * gp**2 * Y_E * fein("pr,st->prst", Pe, I3)
    # [JMT2]: wave functions
    out = out + ffwf_f(Ce, yukf(Y).Gam_e, yukf(Y).Gam_e, yukf(Y).Gam_e, yukf(Y).Gam_e)
    # [JMT2]: Higgs exchange inside the (l̄l) of C_le; Higgs loop of C_phie on an e line
    out = out - 2.0 * _conv(dag(Y.Ge), C["le"], Y.Ge)
    out = out + 2.0 * fein("pr,st->prst", C["phie"], yukf(Y).Gam_e)
    return out


def _beta_uu(C, Y):
    gp, gs = C["gp"], C["gs"]
    Cu = C["uu"]
    _, Pu, _, PGu, _ = _pens(C, Y)
    # [AJMT]: exchange, 12 g'² y_u² C; colour: S → 6F − (6/N)S
    out = 12.0 * Y_U**2 * gp**2 * Cu + gs**2 * (6.0 * _cross(Cu) - 6.0 / N_C * Cu)
    # [AJMT]: B and gluon penguins
    out = out + 4.0 / 3.0 * gp**2 * Y_U * fein("pr,st->prst", Pu, I3)
    out = out + 2.0 / 3.0 * gs**2 * _octet_to_uu(fein("pr,st->prst", PGu, I3))
    # [JMT2]: wave functions; Higgs exchange in (q̄q) of C_qu1, C_qu8; Higgs loop of C_phiu
    out = out + ffwf_f(Cu, yukf(Y).Gam_u, yukf(Y).Gam_u, yukf(Y).Gam_u, yukf(Y).Gam_u)
    out = out - 2.0 * _conv(dag(Y.Gu), C["qu1"], Y.Gu)
    out = out - 2.0 * _octet_to_uu(_conv(dag(Y.Gu), C["qu8"], Y.Gu))
    out = out - 2.0 * fein("pr,st->prst", C["phiu"], yukf(Y).Gam_u)
    return out


def _beta_dd(C, Y):
    gp, gs = C["gp"], C["gs"]
    Cd = C["dd"]
    _, _, Pd, _, PGd = _pens(C, Y)
    out = 12.0 * Y_D**2 * gp**2 * Cd + gs**2 * (6.0 * _cross(Cd) - 6.0 / N_C * Cd)
    out = out + 4.0 / 3.0 * gp**2 * Y_D * fein("pr,st->prst", Pd, I3)
    out = out + 2.0 / 3.0 * gs**2 * _octet_to_uu(fein("pr,st->prst", PGd, I3))
    out = out + ffwf_f(Cd, yukf(Y).Gam_d, yukf(Y).Gam_d, yukf(Y).Gam_d, yukf(Y).Gam_d)
    out = out - 2.0 * _conv(dag(Y.Gd), C["qd1"], Y.Gd)
    out = out - 2.0 * _octet_to_uu(_conv(dag(Y.Gd), C["qd8"], Y.Gd))
    out = out + 2.0 * fein("pr,st->prst", C["phid"], yukf(Y).Gam_d)
    return out


def _beta_eu(C, Y):
    gp = C["gp"]
    Cc = C["eu"]
    Pe, Pu, _, _, _ = _pens(C, Y)
    out = 12.0 * Y_E * Y_U * gp**2 * Cc
    out = out + 4.0 / 3.0 * gp**2 * (Y_U * fein("pr,st->prst", Pe, I3)
                                     + Y_E * fein("pr,st->prst", I3, Pu))
    out = out + ffwf_f(Cc, yukf(Y).Gam_e, yukf(Y).Gam_e, yukf(Y).Gam_u, yukf(Y).Gam_u)
    # [JMT2]: Higgs exchange inside (l̄l) of C_lu, inside (q̄q) of C_qe
    out = out - 2.0 * _conv(dag(Y.Ge), C["lu"], Y.Ge)
    out = out - 2.0 * jnp.transpose(_conv(dag(Y.Gu), C["qe"], Y.Gu), (2, 3, 0, 1))
    # [JMT2]: Higgs loops of C_phie, C_phiu
    out = out + 2.0 * (fein("pr,st->prst", yukf(Y).Gam_e, C["phiu"])
                       - fein("pr,st->prst", C["phie"], yukf(Y).Gam_u))
    # [JMT2]: Higgs exchange between l̄ and q̄ of C_lequ1, C_lequ3: (C1 − 12 C3) + h.c.
    K = fein("ap,prst,bs->arbt", dag(Y.Ge), C["lequ1"] - 12.0 * C["lequ3"], dag(Y.Gu))
    out = out + K + hc4(K)
    return out


def _beta_ed(C, Y):
    gp = C["gp"]
    Cc = C["ed"]
    Pe, _, Pd, _, _ = _pens(C, Y)
    out = 12.0 * Y_E * Y_D * gp**2 * Cc
    out = out + 4.0 / 3.0 * gp**2 * (Y_D * fein("pr,st->prst", Pe, I3)
                                     + Y_E * fein("pr,st->prst", I3, Pd))
    out = out + ffwf_f(Cc, yukf(Y).Gam_e, yukf(Y).Gam_e, yukf(Y).Gam_d, yukf(Y).Gam_d)
    out = out - 2.0 * _conv(dag(Y.Ge), C["ld"], Y.Ge)
    out = out - 2.0 * jnp.transpose(_conv(dag(Y.Gd), C["qe"], Y.Gd), (2, 3, 0, 1))
    out = out + 2.0 * (fein("pr,st->prst", C["phie"], yukf(Y).Gam_d)
                       + fein("pr,st->prst", yukf(Y).Gam_e, C["phid"]))
    # [JMT2]: Higgs exchange between l̄ and q of C_ledq, + h.c.
    K = fein("ap,prst,tb->arsb", dag(Y.Ge), C["ledq"], Y.Gd)
    out = out + K + hc4(K)
    return out


@shared
def _ud_common(C, Y):
    """Contributions to (ud1, ud8) shared by both."""
    gp, gs = C["gp"], C["gs"]
    C1, C8 = C["ud1"], C["ud8"]
    _, Pu, Pd, PGu, PGd = _pens(C, Y)
    # [AJMT]: exchange: hypercharge 12 g'² y_u y_d; colour S → 12 O8, O8 → (3 − 3/N²)S − (12/N)O8
    b1 = 12.0 * Y_U * Y_D * gp**2 * C1 + (3.0 - 3.0 / N_C**2) * gs**2 * C8
    b8 = 12.0 * Y_U * Y_D * gp**2 * C8 + gs**2 * (12.0 * C1 - 12.0 / N_C * C8)
    # [AJMT]: penguins
    b1 = b1 + 4.0 / 3.0 * gp**2 * (Y_D * fein("pr,st->prst", Pu, I3)
                                   + Y_U * fein("pr,st->prst", I3, Pd))
    b8 = b8 + 2.0 / 3.0 * gs**2 * (fein("pr,st->prst", PGu, I3) + fein("pr,st->prst", I3, PGd))
    # [JMT2]: wave functions
    b1 = b1 + ffwf_f(C1, yukf(Y).Gam_u, yukf(Y).Gam_u, yukf(Y).Gam_d, yukf(Y).Gam_d)
    b8 = b8 + ffwf_f(C8, yukf(Y).Gam_u, yukf(Y).Gam_u, yukf(Y).Gam_d, yukf(Y).Gam_d)
    # [JMT2]: Higgs exchange inside (q̄q) of qu1,8 (→ d̄d) and qd1,8 (→ ūu)
    b1 = b1 - 2.0 * (jnp.transpose(_conv(dag(Y.Gd), C["qu1"], Y.Gd), (2, 3, 0, 1))
                     + _conv(dag(Y.Gu), C["qd1"], Y.Gu))
    b8 = b8 - 2.0 * (jnp.transpose(_conv(dag(Y.Gd), C["qu8"], Y.Gd), (2, 3, 0, 1))
                     + _conv(dag(Y.Gu), C["qd8"], Y.Gu))
    # [JMT2]: Higgs loops of C_phiu (d line), C_phid (u line)
    b1 = b1 + 2.0 * (fein("pr,st->prst", C["phiu"], yukf(Y).Gam_d)
                     - fein("pr,st->prst", yukf(Y).Gam_u, C["phid"]))
    # [JMT2]: Higgs loop of C_phiud: 2 C_phiud,pr (Gd†Gu)_st (ū_p γ d_r)(d̄_s γ u_t) + h.c.
    # (both Higgs fields of H̃†iD_μH can attach to either Yukawa vertex: two contractions,
    # each +1); Fierz: = colour-crossed (ū_p u_t)(d̄_s d_r) = 2 O8 + S/N
    Kh = 2.0 * fein("pr,st->ptsr", C["phiud"], fein("xs,xt->st", jnp.conj(Y.Gd), Y.Gu))
    b1 = b1 + (Kh + hc4(Kh)) / N_C
    b8 = b8 + 2.0 * (Kh + hc4(Kh))
    # [JMT2]: Higgs exchange between the two q̄ of quqd1, quqd8, + h.c.
    #   (a) q̄_p → ū, q̄_s → d̄: −(ū_a u_r)(d̄_b d_t)
    A1 = -fein("ap,prst,bs->arbt", dag(Y.Gu), C["quqd1"], dag(Y.Gd))
    A8 = -fein("ap,prst,bs->arbt", dag(Y.Gu), C["quqd8"], dag(Y.Gd))
    #   (b) q̄_p → d̄, q̄_s → ū: +(d̄_a u_r)(ū_b d_t) = colour-crossed (ū_b u_r)(d̄_a d_t)
    B1 = fein("ap,prst,bs->brat", dag(Y.Gd), C["quqd1"], dag(Y.Gu))
    B8 = fein("ap,prst,bs->brat", dag(Y.Gd), C["quqd8"], dag(Y.Gu))
    k1 = A1 + B1 / N_C + (0.5 - 0.5 / N_C**2) * B8
    k8 = A8 + 2.0 * B1 - B8 / N_C
    b1 = b1 + k1 + hc4(k1)
    b8 = b8 + k8 + hc4(k8)
    return b1, b8


def _beta_ud1(C, Y):
    return _ud_common(C, Y)[0]


def _beta_ud8(C, Y):
    return _ud_common(C, Y)[1]


BETAS = {"ee": _beta_ee, "uu": _beta_uu, "dd": _beta_dd, "eu": _beta_eu, "ed": _beta_ed,
         "ud1": _beta_ud1, "ud8": _beta_ud8}
