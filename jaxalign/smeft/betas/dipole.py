"""One-loop β̂ of the ψ²XH (dipole) classes: eW, eB, uG, uW, uB, dG, dW, dB.

Scope: every one-loop term of dC/d ln μ (times 16π²) of the eight dipole classes, with the
complete flavour structure. Sources of the running, by class:

* ψ²XH itself: gauge self-renormalisation and the gauge mixing X ↔ X' within a fermion pair
  (g², g g', g g_s, …), Yukawa² terms (wave functions, EOM-reduced loops, Yukawa triangles, the
  u ↔ d mixing through Gd†Gu);
* X³: C_G, C_Gtilde → uG, dG (g_s² Y); the analogous C_W → eW, uW, dW term is absent;
* X²H²: C_phiX, C_phiXtilde, C_phiWB, C_phiWtildeB → the dipole with the same X (g Y);
* ψ⁴: C_lequ3 → eW, eB (quark loop), uW, uB (lepton loop); C_quqd1, C_quqd8 → uX, dX via the
  tensor part of their Fierz rearrangement (g Y).
There is no λ term (no four-Higgs vertex can enter a one-loop ψ²XH divergence) and no feed from
ψ²H³, ψ²H²D or the current-current ψ⁴ classes.

Sources: [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014, App. C (class
ψ²XH: the gauge terms and the X³, X²H², ψ⁴ feeds); [JMT2] E. Jenkins, A. Manohar, M. Trott,
arXiv:1310.4838 (the Yukawa terms of ψ²XH); [JMT1] arXiv:1308.2627 (λ: none here). The gauge
coefficients are written in [AJMT]'s notation (c_F, N_c, b_0, y_i) and checked for consistency
across the three fermion pairs (one hypercharge polynomial for e, u, d); the Yukawa triangles, the
u ↔ d mixing and the quqd Fierz factors were re-derived here (sketches in the comments). The
lepton part (eW, eB from eW, eB, lequ3) is the one of jaxalign.smeft.beta, re-implemented with
the shared helpers and completed by the X²H² feeds.

Conventions (those of :mod:`.common`, i.e. WCxf/wilson): ``L ⊃ −[Ge l̄eH + Gd q̄dH + Gu q̄uH̃]``,
so [JMT]'s Y_ψ = G_ψ† (e.g. [AJMT] ``C_φW Y_e†`` ↔ ``C_phiW · Ge``, ``C_lequ3 Y_u†`` ↔
``Σ_st C_prst Gu*_st``); D = ∂ + i g' Y B + i g τ/2 W + i g_s T G; the dipole arrays carry the
flavour indices (left-handed doublet, right-handed singlet), like Gu, Gd, Ge. The up-type
dipoles contain H̃ = iσ²H*; the fermion-pair hypercharges y₁ (doublet), y₂ (singlet) fix the
Higgs one, y₁ − y₂ (= −½ for H̃).

Translation notes (all confirmed numerically against wilson 2.5.2, used only as a black box
with one source class switched on at a time):

* H†τᴵH → H̃†τᴵH̃ = −H†τᴵH: the C_phiWB, C_phiWtildeB feeds of uW, uB have the opposite sign of
  those of dW, dB, eW, eB (same combination C + iC̃ for all, fixed by the chirality σP_R).
* The Yukawa² terms contain, besides the wave functions and the EOM-reduced (ψ̄σ D̸ ψ)X loops
  of [JMT2], triangles with two Yukawa vertices on the doublet leg and the partner Yukawa
  (e.g. Gd Gd† C_uX): −2 for X = B, G and +2 for X = W (the SU(2) factor ε τᴵᵀ ε = +τᴵ versus
  ε 1 ε = −1), and triangles feeding the partner dipole (uX ← dX): −2, which together with the
  EOM term +1 gives the −C_dX Gd†Gu of the u ↔ d mixing.
* X³ → ψ²XH: two gluons of O_G on the quark line, f^{ABC}T^B T^C = (i/2) c_A T^A, give a term
  ∝ c_{A,3} g_s² (C_G + i C_Gtilde)·Gu; its size 3c_{A,3} = 9 (first taken from the oracle) is
  now derived in docs/derivations/beta_audit.md §5 (background-field gluon self-energy with the
  O_G two-gluon vertex; mass insertion, no EOM remainder). The sign of the C_Gtilde part
  depends on the ε/dual conventions: UNCONFIRMED (oracle value).
  There is no C_W → eW, uW, dW term (none in wilson either).
* quqd1/quqd8 → dipoles: Fierz (q̄_p u_r)(q̄_s d_t) ⊃ −⅛ (q̄_p σ d_t)(q̄_s σ u_r), colour
  δδ → (1/N_c)[1⊗1] + 2[T⊗T] (quqd1) and T⊗T → (c_F/N_c)[1⊗1] − (1/N_c)[T⊗T] (quqd8); the
  crossed tensor bilinear is then closed by one Yukawa like the quark loop of C_lequ3.

Found with the oracle while drafting (and then re-derived): the triangles above and the sign of
the u ↔ d mixing (a first draft kept only the EOM term, +C_dX Gd†Gu); the factor 2 of
C_φG → uG, dG (both quark legs carry colour: −4 g_s, not −2 g_s); the H̃ sign of the C_φWB feeds
of uW, uB. The stored text of [AJMT] (ar5iv) has its equations stripped, so no misprint of the
paper itself could be checked line by line.

Implementation: written for speed on CPU like the four-fermion modules (see "Implementation" in
:mod:`jaxalign.smeft.betas`): fusable matrix products and contractions (:func:`.common.mm`,
:func:`.common.fein`), Yukawa products from :func:`.common.yukf` / :func:`.common.yukx`.
"""

from __future__ import annotations

import jax.numpy as jnp

from .common import (B0_1, B0_2, B0_3, C_A3, C_F2, C_F3, N_C, Y_D, Y_E, Y_L, Y_Q, Y_U, Yuk,
                     dag, fein, mm, yukf, yukx)

__all__ = ["BETAS"]

# Static description of the three fermion pairs ψ̄₁σψ₂ (doublet ψ₁, singlet ψ₂):
#   y1, y2: hypercharges; coloured: quarks; eta: sign of H†τᴵH for the operator's Higgs
#   (−1 for H̃); G, partner: own and other Yukawa of the doublet; wf: wave-function matrices;
#   GGd, GdG: G G† and G† G (attributes of :class:`.common.YukF`).
_FAM = {
    "e": dict(y1=Y_L, y2=Y_E, coloured=False, eta=1.0, G="Ge", partner=None,
              wf=("Gam_l", "Gam_e"), GGd="GeGed", GdG="Gam_e"),
    "u": dict(y1=Y_Q, y2=Y_U, coloured=True, eta=-1.0, G="Gu", partner="d",
              wf=("Gam_q", "Gam_u"), GGd="GuGud", GdG="Gam_u"),
    "d": dict(y1=Y_Q, y2=Y_D, coloured=True, eta=1.0, G="Gd", partner="u",
              wf=("Gam_q", "Gam_d"), GGd="GdGdd", GdG="Gam_d"),
}


def _yukawa(C, Y: Yuk, f: str, X: str):
    """Yukawa² part of β(C_fX) ([JMT2], class ψ²XH), X ∈ {W, B, G}.

    * wave functions of H, ψ₁, ψ₂: γ_H C + Γ₁ C + C Γ₂;
    * the Higgs exchange between ψ̄₁ and ψ₂ vanishes (γ^ρ σ^{μν} γ_ρ = 0);
    * the operator's H and ψ₂ meet at one Yukawa vertex → (ψ̄₁ σ iD̸ ψ₁)X, reduced with the ψ₁
      EOM: C G†G (and, for quarks, the partner dipole, see below);
    * the operator's H and ψ̄₁ meet → (ψ̄₂ σ iD̸ ψ₂)X with the SU(2) trace of the operator's
      structure: 2 G G† C for X = B, G, 0 for X = W (Tr τᴵ = 0);
    * quarks only — triangles through the operator's Higgs with two partner-Yukawa vertices on
      the doublet leg: ∓2 G_p G_p† C (−2 for B, G; +2 for W), and the u ↔ d mixing:
      EOM (+1) plus triangles (−2): −C_{f'X} G_{f'}† G_f.
    """
    fam = _FAM[f]
    Cf = C[f + X]
    yf, x = yukf(Y), yukx(Y)
    out = (x.gamma_H * Cf + mm(getattr(yf, fam["wf"][0]), Cf) + mm(Cf, getattr(yf, fam["wf"][1]))
           + mm(Cf, getattr(yf, fam["GdG"])))
    if X != "W":
        out = out + 2.0 * mm(getattr(yf, fam["GGd"]), Cf)
    if fam["partner"] is not None:
        GpGpd = getattr(yf, _FAM[fam["partner"]]["GGd"])
        GpdG = x.GddGu if f == "u" else dag(x.GddGu)  # Gd† Gu, Gu† Gd
        tri = 2.0 if X == "W" else -2.0
        out = out + tri * mm(GpGpd, Cf) - mm(C[fam["partner"] + X], GpdG)
    return out


# ---- ψ⁴ → ψ²XH ([AJMT] App. C) --------------------------------------------------------------
# Closing a tensor bilinear (ψ̄₃ σ ψ₄) with one Yukawa vertex and emitting the gauge boson from
# the loop gives the dipole of the other bilinear with −2 g n (W, doublet line), 4 g' (y₃+y₄) n
# (B) and 4 g_s (both lines, Tr T^A T^B = δ/2) for the gluon, n the colour trace of the loop.


def _lequ3_loop(C, Y: Yuk, f: str):
    """S: the lequ3 tensor bilinear closed by a Yukawa (times the loop's colour trace)."""
    if f == "e":  # quark loop, closed by Gu: Σ_st C_prst Gu*_st
        return N_C * fein("prst,st->pr", C["lequ3"], jnp.conj(Y.Gu))
    # lepton loop, closed by Ge: Σ_pr C_prst Ge*_pr
    return fein("prst,pr->st", C["lequ3"], jnp.conj(Y.Ge))


def _quqd_loop(C, Y: Yuk, f: str, c8):
    """Crossed bilinear of (C_quqd1 + c8 C_quqd8) closed by a Yukawa.

    u: the (q̄_p … d_t) pair closed by Gd, Σ_pt C_prst Gd*_pt → (s, r);
    d: the (q̄_s … u_r) pair closed by Gu, Σ_sr C_prst Gu*_sr → (p, t).
    """
    Cq = C["quqd1"] + c8 * C["quqd8"]
    if f == "u":
        return fein("prst,pt->sr", Cq, jnp.conj(Y.Gd))
    return fein("prst,sr->pt", Cq, jnp.conj(Y.Gu))


def _psi4_W(C, Y, f, g):
    # [AJMT] App. C: ψ²WH ← ψ⁴
    out = -2.0 * g * _lequ3_loop(C, Y, f) if f in ("e", "u") else 0.0
    if f != "e":
        # singlet part of the Fierzed quqd: −⅛ · (1/N_c, c_F/N_c) · N_c · (−2g) = (g/4)(C1 + c_F C8)
        out = out + 0.25 * g * _quqd_loop(C, Y, f, C_F3)
    return out


def _psi4_B(C, Y, f, gp):
    out = 0.0
    if f == "e":  # quark loop: 4 g' N_c (y_q + y_u) C_lequ3·Y_u†
        out = 4.0 * gp * (Y_Q + Y_U) * _lequ3_loop(C, Y, f)
    elif f == "u":  # lepton loop: 4 g' (y_l + y_e) C_lequ3·Y_e†
        out = 4.0 * gp * (Y_L + Y_E) * _lequ3_loop(C, Y, f)
    if f != "e":
        # −⅛ · 4 g' (y_q + y_f') (C1 + c_F C8), f' the quark of the closed loop
        y_loop = Y_Q + (Y_D if f == "u" else Y_U)
        out = out - 0.5 * gp * y_loop * _quqd_loop(C, Y, f, C_F3)
    return out


def _psi4_G(C, Y, f, gs):
    # octet part of the Fierzed quqd: −⅛ · (2, −1/N_c) · 4 g_s = −g_s (C1 − C8/(2N_c))
    return -gs * _quqd_loop(C, Y, f, -0.5 / N_C)


# ---- X²H² and X³ → ψ²XH ([AJMT] App. C) --------------------------------------------------------
# One gauge field of C_φX H†H X X absorbed by a fermion leg (either X: factor 2), the Yukawa
# vertex next to it supplying the Higgs: −2 g_X (sum of the two legs' generators, in the
# normalisation of the dipole operator) (C_φX + i C_φX̃)·G, i.e. −2g'(y₁ + y₂) for B,
# −2g_s(1 + 1) for G (both quarks coloured), −2g·½ for W (doublet leg only, τᴵ = 2Tᴵ).
# C_φWB (H†τᴵH WᴵB, no factor 2): B absorbed → −η g'(y₁ + y₂) in the W dipole; W absorbed on
# the doublet, τᴵτᴵ/2 = 3/2 → −η (3/2) g in the B dipole; η = −1 for H̃ (H̃†τᴵH̃ = −H†τᴵH).


def _x2h2_W(C, f, g, gp):
    fam = _FAM[f]
    return (-g * (C["phiW"] + 1j * C["phiWtilde"])
            - fam["eta"] * gp * (fam["y1"] + fam["y2"]) * (C["phiWB"] + 1j * C["phiWtildeB"]))


def _x2h2_B(C, f, g, gp):
    fam = _FAM[f]
    return (-2.0 * gp * (fam["y1"] + fam["y2"]) * (C["phiB"] + 1j * C["phiBtilde"])
            - fam["eta"] * 1.5 * g * (C["phiWB"] + 1j * C["phiWtildeB"]))


def _x2h2_G(C, gs):
    return -4.0 * gs * (C["phiG"] + 1j * C["phiGtilde"])


# ---- β functions -------------------------------------------------------------------------------


def _beta_W(C, Y: Yuk, f: str):
    g, gp, gs = C["g"], C["gp"], C["gs"]
    fam = _FAM[f]
    y1, y2 = fam["y1"], fam["y2"]
    G = getattr(Y, fam["G"])
    # [AJMT] App. C, ψ²WH gauge: (3c_{F,2} − b_{0,2}) g² + (−3y₁² + 8y₁y₂ − 3y₂²) g'²
    # (+ 2c_{F,3} g_s², the tensor-current term, for quarks); mixing from the B dipole
    # g g'(3y₁ − y₂) and from the G dipole 2c_{F,3} g g_s
    self_ = (3.0 * C_F2 - B0_2) * g**2 + (-3.0 * y1**2 + 8.0 * y1 * y2 - 3.0 * y2**2) * gp**2
    out = g * gp * (3.0 * y1 - y2) * C[f + "B"]
    if fam["coloured"]:
        self_ = self_ + 2.0 * C_F3 * gs**2
        out = out + 2.0 * C_F3 * g * gs * C[f + "G"]
    out = out + self_ * C[f + "W"]
    out = out + _yukawa(C, Y, f, "W")  # [JMT2]
    out = out + _psi4_W(C, Y, f, g)
    out = out + _x2h2_W(C, f, g, gp) * G
    return out


def _beta_B(C, Y: Yuk, f: str):
    g, gp, gs = C["g"], C["gp"], C["gs"]
    fam = _FAM[f]
    y1, y2 = fam["y1"], fam["y2"]
    G = getattr(Y, fam["G"])
    # [AJMT] App. C, ψ²BH gauge: (3y₁² + 4y₁y₂ + 3y₂² − b_{0,1}) g'² − 3c_{F,2} g²
    # (+ 2c_{F,3} g_s² for quarks); mixing from the W dipole 4c_{F,2} g g'(3y₁ − y₂) and from
    # the G dipole 4c_{F,3} g' g_s (y₁ + y₂)
    self_ = (3.0 * y1**2 + 4.0 * y1 * y2 + 3.0 * y2**2 - B0_1) * gp**2 - 3.0 * C_F2 * g**2
    out = 4.0 * C_F2 * g * gp * (3.0 * y1 - y2) * C[f + "W"]
    if fam["coloured"]:
        self_ = self_ + 2.0 * C_F3 * gs**2
        out = out + 4.0 * C_F3 * (y1 + y2) * gp * gs * C[f + "G"]
    out = out + self_ * C[f + "B"]
    out = out + _yukawa(C, Y, f, "B")  # [JMT2]
    out = out + _psi4_B(C, Y, f, gp)
    out = out + _x2h2_B(C, f, g, gp) * G
    return out


def _beta_G(C, Y: Yuk, f: str):
    g, gp, gs = C["g"], C["gp"], C["gs"]
    fam = _FAM[f]
    y1, y2 = fam["y1"], fam["y2"]
    G = getattr(Y, fam["G"])
    # [AJMT] App. C, ψ²GH gauge: (10c_{F,3} − 4N_c − b_{0,3}) g_s² − 3c_{F,2} g²
    # + (−3y₁² + 8y₁y₂ − 3y₂²) g'²; mixing from the W dipole 8c_{F,2} g g_s and from the B
    # dipole 4(y₁ + y₂) g' g_s
    self_ = ((10.0 * C_F3 - 4.0 * N_C - B0_3) * gs**2 - 3.0 * C_F2 * g**2
             + (-3.0 * y1**2 + 8.0 * y1 * y2 - 3.0 * y2**2) * gp**2)
    out = (self_ * C[f + "G"] + 8.0 * C_F2 * g * gs * C[f + "W"]
           + 4.0 * (y1 + y2) * gp * gs * C[f + "B"])
    out = out + _yukawa(C, Y, f, "G")  # [JMT2]
    out = out + _psi4_G(C, Y, f, gs)
    # X²H² and X³ ([AJMT] App. C): −4 g_s (C_φG + iC_φG̃) Y† and 3c_{A,3} g_s² (C_G + iC_G̃) Y†
    # (3c_{A,3} g_s² C_G derived: docs/derivations/beta_audit.md §5; C_G̃ sign UNCONFIRMED)
    out = out + (_x2h2_G(C, gs) + 3.0 * C_A3 * gs**2 * (C["G"] + 1j * C["Gtilde"])) * G
    return out


def _beta_eW(C, Y):
    return _beta_W(C, Y, "e")


def _beta_eB(C, Y):
    return _beta_B(C, Y, "e")


def _beta_uG(C, Y):
    return _beta_G(C, Y, "u")


def _beta_uW(C, Y):
    return _beta_W(C, Y, "u")


def _beta_uB(C, Y):
    return _beta_B(C, Y, "u")


def _beta_dG(C, Y):
    return _beta_G(C, Y, "d")


def _beta_dW(C, Y):
    return _beta_W(C, Y, "d")


def _beta_dB(C, Y):
    return _beta_B(C, Y, "d")


BETAS = {"eW": _beta_eW, "eB": _beta_eB, "uG": _beta_uG, "uW": _beta_uW, "uB": _beta_uB,
         "dG": _beta_dG, "dW": _beta_dW, "dB": _beta_dB}
