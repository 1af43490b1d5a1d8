"""One-loop β̂ of the ψ²H³ classes (ephi, uphi, dphi) and of the Yukawa matrices Gu, Gd, Ge.

Scope
-----
``BETAS`` maps ``ephi, uphi, dphi, Gu, Gd, Ge`` to functions ``(C, Y) -> β̂`` (no 1/16π²), with
the complete one-loop flavour structure: the SM part of the Yukawa running plus every
dimension-six term (m2·C for the Yukawas; gauge, λ and Yukawa terms, and the mixing from all
other Warsaw classes, for ψ²H³). Sources feeding ψ²H³: ψ²H³ itself, H⁴D² (phiBox, phiD), X²H²
(phiW, phiB, phiWB, phiG and their duals), ψ²XH (dipoles), ψ²H²D (currents) and the scalar-type
four-fermion classes (le, qu1, qu8, qd1, qd8, lequ1, ledq, quqd1, quqd8). X³, H⁶ and the other
four-fermion classes do not feed these keys at one loop.

Sources
-------
[AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014 (App. C, ψ²H³ class: the
complete RGEs; Sec. 2: SM part); [JMT1] arXiv:1308.2627 (λ and m² terms); [JMT2]
arXiv:1310.4838 (Yukawa terms, the η_i traces).

How the terms were obtained (please read): the paper text could not be retrieved with the
tools of this session. The list of contributions (which source class feeds which target, through
which topology or redundant operator, and which flavour structures are possible) follows the
papers and one-loop reasoning; the dipole → ψ²H³ O(g·Y²) and gauge³ terms follow the project's
derivation (docs/derivations/dipole_to_ephi.md, ALIGN eq. (3.11)), extended to quarks. Many
numerical coefficients, however, were FIXED with wilson 2.5.2 used as a numerical black box:
for each (source class → target) the wilson contribution, with random couplings and random
complex Yukawas, was decomposed on a complete list of flavour-covariant contractions (least
squares; every fit closes at ~1e-15 with simple rational coefficients). They are therefore
wilson's numbers, i.e. [AJMT]/[JMT] as implemented by wilson, not an independent transcription.
No RGE source code was read.

Audit status (docs/derivations/beta_audit.md, derivations independent of wilson):

* derived: 6 m2 C_fH in β(G_f) and the H⁴D² part m2 (C_HD − 2C_H□) G_f of m2·R_f (§1); the η
  terms 2τ G_f (2τ* Gu) (§2); ε₂ including its g² piece 4/3 g²(N_c Tr C_Hq3 + Tr C_Hl3) (§3);
  the g² parts of ``_h4d2``, 10/3 g² C_H□ and 3/2(g'² − g²) C_HD, and the H⁴D² part
  Lambda (C_HD − 2C_H□) G_f of Lambda·R_f (§8);
* UNCONFIRMED (oracle value): everything else that goes beyond the SM part, in particular the
  AAA terms of ``_h4d2``; ``_x2h2``; ``_gauge_self`` (as recalled from [AJMT]); the quark
  extension of the dipole terms, including −12 g G_B G_B† C_fW and the cross terms
  −6 g C_dW Gd†Gu, −6 g C_uW Gu†Gd; the gluon-dipole terms; the ψ²H²D g'², g² and Yukawa³ terms;
  the ψ²H²D and four-fermion parts of R_f (hence of m2·R_f and Lambda·R_f) and the cubic
  four-fermion terms; the Yukawa self terms (5.5, 5, −1.5) and the doublet-partner ψ²H³ terms.

Conventions (see :mod:`.common`)
--------------------------------
WCxf/wilson: ``L ⊃ −[Ge l̄eH + Gd q̄dH + Gu q̄uH̃] + h.c.``, so [JMT]'s Y_ψ = G_ψ† (their
``Y_u†`` is our ``Gu``, ``C_uH Y_u Y_u†`` is ``uphi @ Gu† @ Gu``); λ_JMT = Lambda/2,
m²_JMT = m2. Four-fermion arrays in WCxf index order, summed over all indices. The up-type
Yukawa couples to H̃ = iσ²H*, which flips the sign of the Higgs hypercharge and of τ³ on the
up-type side: hence the sign pattern s_u = −1, s_d = s_e = +1 in the X²H² (phiWB) and gauge³
dipole terms, and the complex conjugate η trace (η₁ − iη₅) in β(uphi).

Structure of the code
---------------------
* ``_R[f]`` (f = u, d, e): the coefficient of the redundant operator (ψ̄_L ψ_R D²H) (D²H̃ for
  u), generated at one loop by H⁴D², ψ²H²D and the scalar four-fermion classes (Higgs/fermion
  loops closed with one Yukawa vertex). The Higgs EOM D²H = m2 H − Lambda (H†H)H + … turns it
  into ``m2·R`` in β(G_f) and ``Lambda·R`` in β(C_fH) — exactly the same contraction, which the
  oracle confirms term by term ([JMT1]: the m² terms of Ẏ and the λ terms of Ċ_ψH).
* Four-fermion classes also give a cubic Yukawa term in β(C_fH): the same contraction with the
  loop Yukawa M replaced by M M† M and a factor −2 ([JMT2]).
* η-type traces ([JMT2] η₁, η₂, η₅): τ = N_c Tr(C_dH Gd†) + Tr(C_eH Ge†) + N_c Tr(Gu C_uH†) and
  the real ε₂ (C_Hq3, C_Hl3, C_Hud traces, plus their g² pieces), multiplying the Yukawa of
  the target (τ* for up-type).

Notable
-------
* The dipole → ψ²H³ terms contain both the gauge³ part (ALIGN arXiv:2111.13724 eq. (3.11)) and
  an O(g·Y²) part (derived for leptons in docs/derivations/dipole_to_ephi.md). For quarks the
  oracle fit reproduces both lepton formulas with y_h → s_f y_h (H̃), and shows in addition a
  term −12 g G_B G_B† C_fW with the doublet-partner Yukawa G_B and the cross terms
  −6 g C_dW Gd† Gu (→ uphi), −6 g C_uW Gu† Gd (→ dphi); these were not derived here.
* **wilson 2.5.2 discrepancy (kept out of this module):** in β(dphi) wilson's cubic term from
  C_quqd1 in the contraction Σ C_quqd1[v,w,p,r] M[w,v] uses M = Gu Gu† Gu where flavour
  covariance requires M = Gu† Gu Gu† (w is a u index, v a q index). wilson's β(dphi) is
  therefore not covariant under U(3)_q×U(3)_u×U(3)_d rotations (checked numerically: O(1)
  violation with only C_quqd1 ≠ 0), while its λ and m2 terms of the same contraction, the other
  contraction, and the mirror term of β(uphi) are covariant. This module implements the
  covariant −12 Σ C_quqd1[v,w,p,r] (Gu†GuGu†)[w,v] (the mirror of the uphi term); the test adds
  the difference explicitly when comparing with wilson. Independently re-checked in
  docs/derivations/beta_audit.md §6 (covariance argument + black-box rotation test: replacing that
  single term makes wilson's β(dphi) covariant to 1e-15). In [JMT] notation (Y_u = Gu†) the
  covariant cubic is Y_u Y_u† Y_u; whether the printed [JMT2] equation for Ċ_dH or only its
  transcription has the misplaced dagger could not be checked (paper text not retrievable).

Implementation
--------------
Written for speed on CPU like the four-fermion modules (see "Implementation" in
:mod:`jaxalign.smeft.betas`): every matrix product and contraction is fusable code
(:func:`.common.mm`, :func:`.common.fein`, no dot kernels), the Yukawa products come from
:func:`.common.yukf` / :func:`.common.yukx`, and the pieces shared by several keys (R_f, the
three ψ²H³ β's) are traced once per evaluation (:func:`.common.shared`).
"""

from __future__ import annotations

import jax.numpy as jnp

from .common import (C_F3, N_C, Y_D, Y_E, Y_H, Y_L, Y_Q, Y_U, Yuk, dag, fein, ftrp, mm, shared,
                     yukf, yukx)

__all__ = ["BETAS"]


# ============================================================================================
# Redundant (ψ̄_L ψ_R D²H) operators and the four-fermion loops                  [JMT1], [JMT2]
#
# A Higgs or fermion loop closed with ONE Yukawa vertex on an H⁴D², ψ²H²D or scalar four-fermion
# vertex diverges like (ψ̄_L ψ_R D²H) (D²H̃ for up quarks). Its coefficient R_f is computed below;
# the Higgs EOM  D²H = m2 H − Lambda (H†H) H + (Yukawa terms)  gives
#     β̂(G_f) ⊃ m2 R_f,      β̂(C_fH) ⊃ Lambda R_f.
# The four-fermion loops give in addition −2 × the same contraction with the loop Yukawa M
# replaced by M M† M ([JMT2] Yukawa³ terms). The functions take the "loop Yukawas" L = {u, d, e}
# so that the cubic terms reuse the contractions with L_f = G_f G_f† G_f.
# Index conventions: WCxf order, e.g. quqd1[p,r,s,t] = (q̄_p u_r) ε (q̄_s d_t).
# ============================================================================================


def _ff_R_u(C, L):
    Lu, Ld, Le = L
    return (  # (q̄q)(ūu): quark loop through one up Yukawa, colour factors 1 and c_F3
        -4.0 * fein("pwvr,wv->pr", C["qu1"], Lu) - 4.0 * C_F3 * fein("pwvr,wv->pr", C["qu8"], Lu)
        # (q̄u)ε(q̄d): the (q̄d) bilinear closed (2 N_c), or a loop across the bilinears (1, c_F3)
        + 2.0 * N_C * fein("prvw,wv->pr", C["quqd1"], dag(Ld))
        + fein("vrpw,wv->pr", C["quqd1"], dag(Ld))
        + C_F3 * fein("vrpw,wv->pr", C["quqd8"], dag(Ld))
        # (l̄e)ε(q̄u): lepton loop
        - 2.0 * fein("vwpr,wv->pr", C["lequ1"], dag(Le)))


def _ff_R_d(C, L):
    Lu, Ld, Le = L
    return (-4.0 * fein("pwvr,wv->pr", C["qd1"], Ld)
            - 4.0 * C_F3 * fein("pwvr,wv->pr", C["qd8"], Ld)
            + 2.0 * N_C * fein("vwpr,wv->pr", C["quqd1"], dag(Lu))
            + fein("pwvr,wv->pr", C["quqd1"], dag(Lu))
            + C_F3 * fein("pwvr,wv->pr", C["quqd8"], dag(Lu))
            # (l̄e)(d̄q) enters through its h.c. (q̄d)(ēl): lepton loop
            + 2.0 * fein("wvrp,wv->pr", jnp.conj(C["ledq"]), Le))


def _ff_R_e(C, L):
    Lu, Ld, Le = L
    return (-4.0 * fein("pwvr,wv->pr", C["le"], Le)
            # quark loops of (l̄e)ε(q̄u) and (l̄e)(d̄q): 2 N_c
            - 2.0 * N_C * fein("prvw,wv->pr", C["lequ1"], dag(Lu))
            + 2.0 * N_C * fein("prvw,wv->pr", C["ledq"], Ld))


@shared
def _R(C, Y: Yuk):
    """R_u, R_d, R_e: coefficients of the redundant (ψ̄ψ D²H) operators (β̂ normalisation)."""
    Gu, Gd, Ge = Y.Gu, Y.Gd, Y.Ge
    L = (Gu, Gd, Ge)
    # [JMT1] H⁴D²: Higgs-EOM part of O_H□, O_HD  (λ(… −(2C_H□ − C_HD)) with λ_JMT = Lambda/2)
    # (its m2 part in β(G_f) derived: beta_audit.md §1; its Lambda part in β(C_fH): §8)
    hd = -2.0 * C["phiBox"] + C["phiD"]
    # [JMT1]/[JMT2] ψ²H²D: the Higgs current closed on one Yukawa vertex
    # (this and the four-fermion parts of R_f: UNCONFIRMED (oracle value))
    Ru = (hd * Gu + mm(-2.0 * C["phiq1"] + 6.0 * C["phiq3"], Gu) + 2.0 * mm(Gu, C["phiu"])
          - 2.0 * mm(Gd, dag(C["phiud"])) + _ff_R_u(C, L))
    Rd = (hd * Gd + mm(2.0 * C["phiq1"] + 6.0 * C["phiq3"], Gd) - 2.0 * mm(Gd, C["phid"])
          - 2.0 * mm(Gu, C["phiud"]) + _ff_R_d(C, L))
    Re = (hd * Ge + mm(2.0 * C["phil1"] + 6.0 * C["phil3"], Ge) - 2.0 * mm(Ge, C["phie"])
          + _ff_R_e(C, L))
    return Ru, Rd, Re


def _ff_cubic(C, Y: Yuk):
    """[JMT2] Yukawa³ terms of the four-fermion → ψ²H³ mixing: −2 R_ff(G → G G† G).
    UNCONFIRMED (oracle value); for quqd1 → dphi wilson's form is not covariant (beta_audit §6)."""
    x = yukx(Y)
    L3 = (x.GuGudGu, x.GdGddGd, x.GeGedGe)
    return -2.0 * _ff_R_u(C, L3), -2.0 * _ff_R_d(C, L3), -2.0 * _ff_R_e(C, L3)


def _tau(C, Y: Yuk):
    """[JMT2] η₁ + iη₅ (in β̂ units /2): τ = N_c Tr(C_dH Gd†) + Tr(C_eH Ge†) + N_c Tr(Gu C_uH†).

    From the EOM of the redundant τ (H†H)((D²H)†H) + h.c. generated by closing the fermion loop of
    a ψ²H³ vertex with one Yukawa; the up-type term enters conjugated (H̃). Derived:
    docs/derivations/beta_audit.md §2."""
    return (N_C * ftrp(C["dphi"], dag(Y.Gd)) + ftrp(C["ephi"], dag(Y.Ge))
            + N_C * ftrp(Y.Gu, dag(C["uphi"])))


def _eps2(C, Y: Yuk, g):
    """[JMT2] η₂-type real trace (+ its [AJMT] g² piece): fermion loops of the triplet and
    right-handed charged currents closed with two Yukawas, times the target Yukawa. Derived
    (both parts): docs/derivations/beta_audit.md §3 (ε₂ = 2a, a the R₂ coefficient)."""
    f = yukf(Y)
    t = (-4.0 * N_C * ftrp(C["phiq3"], f.GuGud + f.GdGdd)
         - 4.0 * ftrp(C["phil3"], f.GeGed)
         + 4.0 * N_C * jnp.real(ftrp(mm(Y.Gu, C["phiud"]), dag(Y.Gd))))
    # g² piece: W penguin of the closed triplet loop, (D^νW_νμ)^I EOM → −(1/3)g² s₃(3O_H□ − 2R₂),
    # Yukawa part of the Higgs EOM in R₂ (derived: beta_audit.md §3)
    t = t + 4.0 / 3.0 * g**2 * (N_C * fein("ii->", C["phiq3"]) + fein("ii->", C["phil3"]))
    return jnp.real(t)


# ============================================================================================
# ψ²H³
# ============================================================================================
#
# Per target f the pieces are, in this order:
#   (1) gauge self-renormalisation, (2) λ, (3) Yukawa self terms (wave functions, Higgs
#   exchanges, triangles), (4) other ψ²H³ (η and doublet-partner terms), (5) H⁴D², (6) X²H²,
#   (7) ψ²XH, (8) ψ²H²D, (9) four-fermion; Lambda·R_f and the cubic four-fermion terms are added
#   by _psi2H3.


def _gauge_self(g, gp, gs, yL, yR, quark):
    # [AJMT] App. C, ψ²H³: −[27/4 g² + 3(3y_L² − 4y_L y_R + 3y_R²) g'² + 6 c_F3 g_s²]
    r = 27.0 / 4.0 * g**2 + 3.0 * (3.0 * yL**2 - 4.0 * yL * yR + 3.0 * yR**2) * gp**2
    return -(r + (6.0 * C_F3 * gs**2 if quark else 0.0))


def _x2h2(C, g, gp, gs, yL, yR, s, quark):
    """[AJMT] App. C, X²H² → ψ²H³ (times the target Yukawa): Higgs-gauge loops of O_HX, with the
    CP-odd duals entering as C_HX + i C_HX̃. s = −1 for up quarks (H̃), +1 otherwise.
    UNCONFIRMED (oracle value)."""
    r = (9.0 * g**2 * (C["phiW"] + 1j * C["phiWtilde"])
         + 12.0 * (yL**2 + yR**2) * gp**2 * (C["phiB"] + 1j * C["phiBtilde"])
         + 6.0 * s * yL * g * gp * (C["phiWB"] + 1j * C["phiWtildeB"]))
    if quark:
        r = r + 24.0 * C_F3 * gs**2 * (C["phiG"] + 1j * C["phiGtilde"])
    return r


def _h4d2(C, A, AAA, g, gp):
    """[AJMT]/[JMT2] H⁴D² → ψ²H³ beyond the Higgs-EOM (Lambda R) part (AAA = A A† A). The g²
    terms are 2a G with a the R₂ coefficient (derived: beta_audit.md §8); the AAA terms:
    UNCONFIRMED (oracle value)."""
    return (C["phiBox"] * (10.0 / 3.0 * g**2 * A - 6.0 * AAA)
            + C["phiD"] * (1.5 * (gp**2 - g**2) * A + AAA))


def _dipole_mix(CB, CW, AAd, AdA, BBd, g, gp, yL, yR, s):
    """ψ²XH (B, W) → ψ²H³ for one fermion type (Yukawa A): AAd = A A†, AdA = A† A, BBd = B B†
    with B the doublet-partner Yukawa (None for leptons).

    gauge³ ([AJMT]; ALIGN eq. (3.11), y_h → s·y_h for H̃):
        −6[4g'³y_h²(y_L + y_R) + s g²g' y_h] C_B − 3[4 s g'² g y_h(y_L + y_R) + 3g³] C_W;
    O(g·Y²) (docs/derivations/dipole_to_ephi.md, quark analogue):
        −g'[3(y_L + s y_h) + 9y_R] C_B A†A − g'[9y_L + 3y_R − 3 s y_h] AA† C_B
        + 3g (AA† C_W − C_W A†A) − 12 g BB† C_W.
    The lepton O(g·Y²) part is derived in docs/derivations/dipole_to_ephi.md; the quark extension
    (y_h → s·y_h) and the −12 g BB† C_W term are UNCONFIRMED (oracle value)."""
    yh = s * Y_H
    r = (-6.0 * (4.0 * gp**3 * Y_H**2 * (yL + yR) + g**2 * gp * yh) * CB
         - 3.0 * (4.0 * gp**2 * g * yh * (yL + yR) + 3.0 * g**3) * CW)
    r = r + (-gp * (3.0 * (yL + yh) + 9.0 * yR) * mm(CB, AdA)
             - gp * (9.0 * yL + 3.0 * yR - 3.0 * yh) * mm(AAd, CB)
             + 3.0 * g * (mm(AAd, CW) - mm(CW, AdA)))
    if BBd is not None:
        r = r - 12.0 * g * mm(BBd, CW)
    return r


@shared
def _psi2H3(C, Y: Yuk):
    """β̂ of uphi, dphi, ephi (computed together: they share R, τ, ε₂ and the cubic terms)."""
    g, gp, gs, Lam = C["g"], C["gp"], C["gs"], C["Lambda"]
    Gu, Gd, Ge = Y.Gu, Y.Gd, Y.Ge
    f, x = yukf(Y), yukx(Y)
    Cu, Cd, Ce = C["uphi"], C["dphi"], C["ephi"]
    Ru, Rd, Re = _R(C, Y)
    Ku, Kd, Ke = _ff_cubic(C, Y)
    tau = _tau(C, Y)
    e2 = _eps2(C, Y, g)
    gH = x.gamma_H
    uu, dd, ee = f.GuGud, f.GdGdd, f.GeGed
    uuGu, ddGd = x.GuGudGu, x.GdGddGd
    ddGu = mm(dd, Gu)  # Gd Gd† Gu
    uuGd = mm(uu, Gd)  # Gu Gu† Gd
    GddGu = x.GddGu  # Gd† Gu
    GudGd = dag(GddGu)  # Gu† Gd

    # ---- uphi ------------------------------------------------------------------------------
    bu = _gauge_self(g, gp, gs, Y_Q, Y_U, True) * Cu + 12.0 * Lam * Cu  # (1), (2) [AJMT], [JMT1]
    # (3) [JMT2]: 3γ_H + Γ_q C + C Γ_u + Higgs exchanges/triangles (5 uu†C + 4 C u†u − 2 dd†C)
    bu = bu + 3.0 * gH * Cu + 5.5 * mm(uu, Cu) + 5.0 * mm(Cu, f.Gam_u) - 1.5 * mm(dd, Cu)
    # (4) [JMT2]: η terms (τ*) and the d-type ψ²H³ through the doublet
    bu = bu + 2.0 * jnp.conj(tau) * Gu - mm(Cd, GddGu) - 2.0 * mm(Gd, dag(Cd), Gu) + e2 * Gu
    bu = bu + _h4d2(C, Gu, uuGu, g, gp) + _x2h2(C, g, gp, gs, Y_Q, Y_U, -1.0, True) * Gu  # (5), (6)
    # (7) ψ²XH: B, W ([AJMT] + O(gY²)), gluon −12 c_F3 g_s (uu†C + C u†u), d-dipole via the doublet
    bu = bu + _dipole_mix(C["uB"], C["uW"], uu, f.Gam_u, dd, g, gp, Y_Q, Y_U, -1.0)
    bu = bu - 12.0 * C_F3 * gs * (mm(uu, C["uG"]) + mm(C["uG"], f.Gam_u))
    bu = bu - 6.0 * g * mm(C["dW"], GddGu)  # UNCONFIRMED (oracle value)
    # (8) ψ²H²D beyond Lambda R ([AJMT] g'², g² terms; [JMT2] Yukawa³): UNCONFIRMED (oracle value)
    bu = bu + (4.0 * gp**2 * mm(C["phiq1"], Gu) - 2.0 * mm(C["phiq1"], uuGu)
               - 4.0 * gp**2 * mm(C["phiq3"], Gu) + 6.0 * mm(C["phiq3"], ddGu)
               + (gp**2 - 3.0 * g**2) * mm(Gu, C["phiu"]) + 2.0 * mm(uuGu, C["phiu"])
               + 3.0 * g**2 * mm(Gd, dag(C["phiud"])) - 2.0 * mm(ddGd, dag(C["phiud"])))
    bu = bu + Lam * Ru + Ku  # (9) and the Higgs-EOM terms

    # ---- dphi ------------------------------------------------------------------------------
    bd = _gauge_self(g, gp, gs, Y_Q, Y_D, True) * Cd + 12.0 * Lam * Cd
    bd = bd + 3.0 * gH * Cd + 5.5 * mm(dd, Cd) + 5.0 * mm(Cd, f.Gam_d) - 1.5 * mm(uu, Cd)
    bd = bd + 2.0 * tau * Gd - mm(Cu, GudGd) - 2.0 * mm(Gu, dag(Cu), Gd) + e2 * Gd
    bd = bd + _h4d2(C, Gd, ddGd, g, gp) + _x2h2(C, g, gp, gs, Y_Q, Y_D, 1.0, True) * Gd
    bd = bd + _dipole_mix(C["dB"], C["dW"], dd, f.Gam_d, uu, g, gp, Y_Q, Y_D, 1.0)
    bd = bd - 12.0 * C_F3 * gs * (mm(dd, C["dG"]) + mm(C["dG"], f.Gam_d))
    bd = bd - 6.0 * g * mm(C["uW"], GudGd)  # UNCONFIRMED (oracle value)
    bd = bd + (-2.0 * gp**2 * mm(C["phiq1"], Gd) + 2.0 * mm(C["phiq1"], ddGd)
               - 2.0 * gp**2 * mm(C["phiq3"], Gd) + 6.0 * mm(C["phiq3"], uuGd)
               + (gp**2 + 3.0 * g**2) * mm(Gd, C["phid"]) - 2.0 * mm(ddGd, C["phid"])
               + 3.0 * g**2 * mm(Gu, C["phiud"]) - 2.0 * mm(uuGu, C["phiud"]))
    bd = bd + Lam * Rd + Kd

    # ---- ephi ------------------------------------------------------------------------------
    be = _gauge_self(g, gp, gs, Y_L, Y_E, False) * Ce + 12.0 * Lam * Ce
    be = be + 3.0 * gH * Ce + 5.5 * mm(ee, Ce) + 5.0 * mm(Ce, f.Gam_e)
    be = be + 2.0 * tau * Ge + e2 * Ge
    be = be + _h4d2(C, Ge, x.GeGedGe, g, gp) + _x2h2(C, g, gp, gs, Y_L, Y_E, 1.0, False) * Ge
    be = be + _dipole_mix(C["eB"], C["eW"], ee, f.Gam_e, None, g, gp, Y_L, Y_E, 1.0)
    be = be + (-6.0 * gp**2 * mm(C["phil1"], Ge) + 2.0 * mm(C["phil1"], x.GeGedGe)
               - 6.0 * gp**2 * mm(C["phil3"], Ge)
               + 3.0 * (g**2 - gp**2) * mm(Ge, C["phie"]) - 2.0 * mm(x.GeGedGe, C["phie"]))
    be = be + Lam * Re + Ke
    return bu, bd, be


def _beta_uphi(C, Y):
    return _psi2H3(C, Y)[0]


def _beta_dphi(C, Y):
    return _psi2H3(C, Y)[1]


def _beta_ephi(C, Y):
    return _psi2H3(C, Y)[2]


# ============================================================================================
# Yukawa matrices
# ============================================================================================
# SM: [AJMT] Sec. 2 / [JMT2] (G = Y† translation). Dimension six ([JMT1]): the Higgs tadpole of
# the ψ²H³ vertex (three contractions of H†H·H with the m2 insertion) gives 6 m2 C_fH (derived:
# beta_audit.md §1), and the Higgs EOM of the redundant (ψ̄ψ D²H) gives m2 R_f (see _R; its
# H⁴D² part derived in beta_audit.md §1 from the tadpole + Higgs rescaling, the rest UNCONFIRMED).


def _beta_Gu(C, Y):
    g, gp, gs, m2 = C["g"], C["gp"], C["gs"], C["m2"]
    Gu = Y.Gu
    x = yukx(Y)
    sm = ((x.gamma_H - 2.25 * g**2 - 17.0 / 12.0 * gp**2 - 8.0 * gs**2) * Gu
          + 1.5 * (x.GuGudGu - mm(yukf(Y).GdGdd, Gu)))
    return sm + 6.0 * m2 * C["uphi"] + m2 * _R(C, Y)[0]


def _beta_Gd(C, Y):
    g, gp, gs, m2 = C["g"], C["gp"], C["gs"], C["m2"]
    Gd = Y.Gd
    x = yukx(Y)
    sm = ((x.gamma_H - 2.25 * g**2 - 5.0 / 12.0 * gp**2 - 8.0 * gs**2) * Gd
          + 1.5 * (x.GdGddGd - mm(yukf(Y).GuGud, Gd)))
    return sm + 6.0 * m2 * C["dphi"] + m2 * _R(C, Y)[1]


def _beta_Ge(C, Y):
    g, gp, m2 = C["g"], C["gp"], C["m2"]
    Ge = Y.Ge
    x = yukx(Y)
    sm = (x.gamma_H - 2.25 * g**2 - 3.75 * gp**2) * Ge + 1.5 * x.GeGedGe
    return sm + 6.0 * m2 * C["ephi"] + m2 * _R(C, Y)[2]


BETAS = {
    "uphi": _beta_uphi, "dphi": _beta_dphi, "ephi": _beta_ephi,
    "Gu": _beta_Gu, "Gd": _beta_Gd, "Ge": _beta_Ge,
}
