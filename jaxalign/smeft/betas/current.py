"""One-loop β̂ of the ψ²H²D (Higgs-current) classes: ``phil1, phil3, phie, phiq1, phiq3, phiu,
phid, phiud``.

Scope: every one-loop term of the Warsaw-basis RGEs of these eight classes, with full flavour
structure and general complex Yukawa matrices:

* gauge: the Higgs-loop penguin of the operator itself, the SU(2) self term of the triplet
  currents, the U(1) term of the non-conserved current ``phiud``; the B/W penguins of every
  closed or open fermion loop (ψ⁴ and ψ²H²D sources) and of the bosonic C_H□, C_HD, all reduced
  with the gauge-field equations of motion ∂^ν B_νμ = g' J_μ, (D^ν W_νμ)^I = g J^I_μ;
* Yukawa: wave functions (2γ_H for the two Higgs legs, Γ_ψ on the fermion legs), the Higgs
  exchange across the fermion current (L ↔ R currents), the "Higgs-to-fermion" loops reduced
  with the fermion EOM (the extra {Y†Y, C} terms and the singlet/triplet mixing), the fermion
  loops of the ψ⁴ currents closed by two Yukawa vertices, and the triangles of C_H□, C_HD.
  There is no λ term and no g_s term in this class (checked: zero in the oracle as well).

Sources:

* [AJMT] R. Alonso, E. Jenkins, A. Manohar, M. Trott, arXiv:1312.2014, App. C (complete RGEs,
  ψ²H²D class; ξ_B-type penguin terms) and Sec. 2 (gauge-field EOMs, hypercharges);
* [JMT2] E. Jenkins, A. Manohar, M. Trott, arXiv:1310.4838 (Yukawa terms);
* [JMT1] arXiv:1308.2627 (conventions; no λ terms in this class).

The paper text could not be retrieved in this environment (the stored-page search did not return
the appendix), so the terms were written from the structure of those results and re-derived
here (d = 4 − 2ε; a divergence ΔL = X O/(16π²ε) gives β̂ = −2X):

* penguins: a loop of a field φ (charge y, n components) with the current (φ̄γφ or
  H† i D↔ H) inserted gives ⟨current_μ⟩ = −g y c_φ n ∂^ν B_νμ/(16π²ε), with the vacuum-
  polarisation weights c = 2/3 (Weyl fermion), 1/3 (complex scalar); with the EOM this is
  β̂ ⊃ 2 g² c n y y' C, y' the charge in J_μ of the current produced (y_h for the Higgs current
  H† i D↔ H, y_ψ for a fermion current: the ξ_B terms) (W: generators τ/2, J^I ⊃ ½ X^I);
* Yukawa-closed fermion currents: with a background "flavour gauge field" a coupled to the
  current, the fermion loop is invariant under the local flavour rotation with H (or H̃)
  co-rotating, so its divergence is M|D_a H|²/(16π²ε) (M = the Yukawa matrix product of the
  Higgs wave function); hence ⟨ψ̄_s γ_μ ψ_t⟩ = ±M_ts (H† i D↔_μ H)/(16π²ε) (sign = Higgs charge
  under ψ-number: + for l, d-part of q; − for e, u-part of q, ...; the triplet currents
  ⟨q̄ τ^I γ q⟩ get +(Gu Gu† + Gd Gd†)), and for the (ū γ d) loop ⟨d̄_s γ u_r⟩ =
  −(Gu†Gd)_rs (H̃† i D↔ H);
* open loops via the Fierz identity (ψ̄₁γψ₂)(ψ̄₃γψ₄) = (ψ̄₁γψ₄)(ψ̄₃γψ₂) (chiral currents),
  τ^I_ij τ^I_kl = 2δ_il δ_kj − δ_ij δ_kl, T^A_αβ T^A_γδ = ½(δ_αδ δ_γβ − δ_αβ δ_γδ/N_c),
  H^i H†_j = ½δ^i_j H†H + ½ τ^I_ij H†τ^I H;
* Higgs exchange across the fermion current (ψ̄γψ → χ̄γχ) fixed by the Ward identity of the
  Yukawa-corrected gauge vertex: −G C G† (SU(2) trace 1) or −2 G† C G (trace 2);
* the scalar–fermion gauge exchange between the two currents: argued to cancel for U(1) (the
  fermion side gives the same γ^μ for both orientations of the exchanged boson, which enter with
  opposite signs), leaving for SU(2) only the ε^{IJK} (commutator) part: no singlet ↔ triplet
  g² mixing, only a self term of the triplets (−6 g²); the oracle confirms that there is no
  g'² y_h y_ψ C term and no C1 ↔ C3 g² term. All of this (the −6 g², the cancellations, and the
  −3(y_u − y_d)² g'² of phiud) is now derived diagram by diagram in
  docs/derivations/beta_audit.md §7.

Every block was then checked against wilson 2.5.2 used as a numerical black box, one source
class non-zero at a time (all 59 classes, generic complex Yukawas; separately U(1)-only,
SU(2)-only, SU(3)-only, Yukawa-only, λ-only): every source → target block agrees to ~1e-16.
Derived here and confirmed by the oracle: all ψ⁴ penguins (B and W, closed and open loops),
the Higgs-loop penguins (4/3 g'² y_h², 1/3 g²), the ξ_B/ξ_W traces of the ψ²H²D classes, all
Yukawa-closed ψ⁴ loops (including ud1/ud8 → phiud), the Higgs exchange across the current, the
wave functions, the absence of λ, g_s and U(1)-exchange terms, the C_H□/C_HD gauge penguins
(see ``_Shared.xi_B``), their Yukawa triangles into the Hermitian currents (see
``_Shared.box_D``) and the "Higgs-to-fermion" Yukawa terms of the Hermitian currents (below).
Originally read off the oracle (exact small rationals fitted with residual ~1e-16), audit status
(docs/derivations/beta_audit.md): the SU(2) self term −6 g² of the triplets and the
−3(y_u − y_d)² g'² of phiud are now derived (§7: Feynman-gauge exchange, contact and
wave-function diagrams of a scalar-current × fermion-current operator). Every Yukawa term that
involves phiud (its extra 2(Y_uY_u† C + C Y_dY_d†), the C_Hud ↔ C_Hu, C_Hd mixing and the
(2C_H□ − C_HD) triangle) remains UNCONFIRMED (oracle value). The Yukawa traces of these classes
into C_H□, C_HD, C_H (including C_Hud's) are derived in §3.

Higgs-to-fermion terms (the operator's Higgs and fermion meet at one Yukawa vertex), computed
here for the e current, per side of the current (M = Y_eY_e† on that index):
a triangle (e → l → e on the fermion line, the loop closed by the operator's H†) gives
ΔL = −|y|² C [X·(ēγe) − ½(H†H) ē i∂̸ e]/(16π²ε), i.e. β̂ ⊃ 2 C M; a bubble (operator e and H
into ē l H†), reduced with the l EOM iD̸l = y e H, gives ΔL = −½|y|² C X·(ēγe)/(16π²ε),
i.e. β̂ ⊃ 1 C M. Hence β̂_He ⊃ 3{Y_eY_e†, C} on top of the wave functions. For a doublet current
the SU(2) contractions S1 = (H†H)(l̄l), S2 = (H†_a H^b)(l̄_b l^a) are mapped by the triangle
S1 ↔ S2 (weight 1) and by the bubble S1 → S2 (1), S2 → S2 (2); with O3 = 2S2 − S1 this gives
(per {Y_e†Y_e, ·}) C1 → 3/2 C1 + 3/2 C3 and C3 → 9/2 C1 + 1/2 C3; for quarks the H̃ (u) part
enters with the opposite sign in the singlet ↔ triplet mixing (H̃† i D↔ H̃ = −H† i D↔ H, the
triplet current is even), and u, d currents get 3{Y Y†, C} like e — all as found by the oracle.

Errors found on the way were mine (colour/symmetry factors of the uu, dd loops; spurious
U(1) scalar–fermion exchange and singlet ↔ triplet g² mixing terms; a factor 2 in ξ_B), not
misprints of the papers (whose text could not be compared line by line).

Conventions (WCxf/wilson, :mod:`.common`): L ⊃ −[Ge l̄ e H + Gd q̄ d H + Gu q̄ u H̃] + h.c., so the
[JMT] Yukawas are Y = G† (e.g. [JMT2] Y_e†Y_e ↔ Ge Ge† on l indices, Y_e Y_e† ↔ Ge†Ge on e
indices); D = ∂ + i g' y B + i g τ/2 W + i g_s T G; Q_Hψ = (H† i D↔_μ H)(ψ̄_p γ^μ ψ_r),
Q_Hud = i(H̃† D_μ H)(ū_p γ^μ d_r) = ½(H̃† i D↔_μ H)(ū γ^μ d) (+ h.c.); L = Σ C O over all flavour
indices. β̂ has no 1/(16π²) and need not be symmetrised (the assembly applies ``project``).

Implementation: written for speed on CPU like the four-fermion modules (see "Implementation" in
:mod:`jaxalign.smeft.betas`): contractions and matrix products are fusable code
(:func:`.common.fein`, :func:`.common.mm`; traces with the identity are plain partial traces),
the Yukawa products come from :func:`.common.yukf` / :func:`.common.yukx`, and the shared
sub-expressions (:class:`_Shared`) are built once per evaluation (:func:`.common.shared`).
"""

from __future__ import annotations

from functools import cached_property

import jax.numpy as jnp

from .common import (C_F3, I3, N_C, Y_D, Y_E, Y_H, Y_L, Y_Q, Y_U, Yuk, dag, fein, mm, shared,
                     yukf, yukx)

__all__ = ["BETAS"]

# Vacuum-polarisation weights of a loop: Weyl fermion, complex scalar.
_CF, _CS = 2.0 / 3.0, 1.0 / 3.0
# The Higgs doublet loop of the operator's own current: 2 components.
_H_PENGUIN_B = 2.0 * _CS * 2.0 * Y_H**2  # = (4/3) y_h²  ([AJMT] App. C: 4/3 g'² y_h² C_Hψ)
_H_PENGUIN_W = 2.0 * _CS * 0.5  # = 1/3  ([AJMT]: (1/3) g² C_Hψ(3), τ/2 generators)
_EXCH_W = -6.0  # scalar–fermion W exchange etc., triplet currents only (derived: beta_audit.md §7)


def _anti(a, c):
    """{a, c} = a c + c a."""
    return mm(a, c) + mm(c, a)


# The three loop closures; M = None stands for the identity (a plain partial trace).


def _close2(C4, M=None):
    """Σ_st C_prst M_ts: the second current closed into a loop (closed penguin)."""
    return fein("prss->pr", C4) if M is None else fein("prst,ts->pr", C4, M)


def _close1(C4, M=None):
    """Σ_pr C_prst M_rp: the first current closed into a loop; indices (s, t)."""
    return fein("ppst->st", C4) if M is None else fein("prst,rp->st", C4, M)


def _open(C4, M=None):
    """Σ_rs C_prst M_rs: ψ_r contracted with ψ̄_s (open penguin); indices (p, t)."""
    return fein("prrt->pt", C4) if M is None else fein("prst,rs->pt", C4, M)


class _Shared:
    """Sub-expressions shared by the eight β's of one call (each computed at most once)."""

    def __init__(self, C, Y: Yuk):
        self.C = C
        self.gp2, self.g2 = C["gp"] ** 2, C["g"] ** 2
        self.gamma_H = yukx(Y).gamma_H
        f = yukf(Y)
        # Yukawa products = Higgs wave-function matrices of the loops (G notation)
        self.Ml = f.GeGed  # l indices   ([JMT2] Y_e†Y_e)
        self.Me = f.Gam_e  # e indices   ([JMT2] Y_e Y_e†)
        self.Mu = f.Gam_u  # u indices
        self.Md = f.Gam_d  # d indices
        self.Muq = f.GuGud  # q indices  ([JMT2] Y_u†Y_u)
        self.Mdq = f.GdGdd  # q indices  ([JMT2] Y_d†Y_d)
        self.Mud = dag(yukx(Y).GddGu)  # (u, d) indices ([JMT2] Y_u Y_d†): Gu† Gd

    @cached_property
    def Sq(self):
        """⟨q̄γq⟩ → (H† i D↔ H): the H̃ (u) part has the opposite sign."""
        return self.Mdq - self.Muq

    @cached_property
    def Tq(self):
        """⟨q̄τγq⟩ → (H†τ i D↔ H): same sign for H and H̃."""
        return self.Mdq + self.Muq

    def _tr(self, k):
        return jnp.real(fein("ii->", self.C[k]))

    @cached_property
    def xi_B(self):
        """[AJMT] ξ_B: enters as Ċ_Hψ ⊃ g'² y_ψ xi_B δ_pr."""
        C, tr = self.C, self._tr
        # B penguins of the closed ψ²H²D fermion loops (weight 2·(2/3)·n·y)
        return (2.0 * _CF * (2.0 * Y_L * tr("phil1") + Y_E * tr("phie")
                             + 2.0 * N_C * Y_Q * tr("phiq1") + N_C * Y_U * tr("phiu")
                             + N_C * Y_D * tr("phid"))
                # C_H□, C_HD Higgs loops: with ⟨φ† D_μ φ⟩ = (i/6) g y ∂^ν B_νμ/(16π²ε) per
                # complex component (fixed by the closed-loop weight 1/3 and ⟨∂(φ†φ)⟩ = 0),
                # O_HD = |H†D H|² gives −(1/3) g' y_h X·∂B (closed loops only) and
                # O_H□ = −(∂(H†H))² the same from its two open contractions (plus
                # −(1/6) g X^I·(DW)^I): Ċ_Hψ ⊃ (2/3) g'² y_h y_ψ (C_H□ + C_HD)
                + _CF * Y_H * (jnp.real(C["phiBox"]) + jnp.real(C["phiD"])))

    @cached_property
    def xi_W(self):
        """[AJMT] ξ_W: W penguins of the closed triplet loops (c·n·½·2) and of the open
        contractions of C_H□ (1/6, see xi_B); enters as Ċ_Hψ(3) ⊃ g² xi_W δ_pr."""
        return (_CF * (self._tr("phil3") + N_C * self._tr("phiq3"))
                + jnp.real(self.C["phiBox"]) / 6.0)

    # [JMT2] C_H□, C_HD triangles (fermion line with two Yukawa vertices, Higgs pair into the
    # operator). With background leptons, ⟨∂_μH^a H†_b⟩ = −(i/4)(l̄_b γ_μ Y_e†Y_e l^a)/(16π²ε)
    # (e in the loop; ⟨H ∂H†⟩ the opposite): O_HD = |H†∂H|² gives only closed (singlet)
    # contractions, ΔL = ¼ C_HD X·(l̄γl); O_H□ = −(∂(H†H))² gives only open ones,
    # ΔL = ½ C_H□ (H†_a i∂↔ H^b)(l̄_b γ l^a) = ¼ C_H□ (O1 + O3). Hence singlets
    # ∝ (C_H□ + C_HD) (−½ Y_e†Y_e for l; e: sign flipped and SU(2) weight 2 → +Y_eY_e†),
    # triplets ∝ C_H□ only; phiud ∝ (2C_H□ − C_HD) (read off the oracle).
    @cached_property
    def box_D(self):
        return jnp.real(self.C["phiBox"]) + jnp.real(self.C["phiD"])

    @cached_property
    def box(self):
        return jnp.real(self.C["phiBox"])

    @cached_property
    def box_ud(self):
        return 2.0 * jnp.real(self.C["phiBox"]) - jnp.real(self.C["phiD"])


@shared
def _shared_S(C, Y):
    """The :class:`_Shared` of one evaluation (built once per ``Y``, see :func:`.common.shared`)."""
    return _Shared(C, Y)


def _b_penguin(S, loops):
    """B penguin of the ψ⁴ fermion loops, the spectator current times the Higgs part y_h X of
    the B current: 2 g'² c y_h Σ n y_loop (C traced over the loop)."""
    return 2.0 * S.gp2 * Y_H * _CF * loops


def _beta_phil1(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c, c3 = C["phil1"], C["phil3"]
    # [AJMT] App. C, ψ²H²D: Higgs-loop B penguin of the operator and the ξ_B terms
    gauge = _H_PENGUIN_B * S.gp2 * c + S.gp2 * Y_L * S.xi_B * I3
    # [AJMT] App. C: g'² penguins of the ψ⁴ currents (ll closed ×2 sym ×2 SU(2), ll open ×2,
    # le, lq1 (2N_c), lu, ld (N_c))
    gauge = gauge + _b_penguin(S, (
        Y_L * (4.0 * _close2(C["ll"]) + 2.0 * _open(C["ll"]))
        + Y_E * _close2(C["le"]) + 2.0 * N_C * Y_Q * _close2(C["lq1"])
        + N_C * Y_U * _close2(C["lu"]) + N_C * Y_D * _close2(C["ld"])))
    # [JMT2] wave functions 2γ_H + Γ_l C + C Γ_l, plus the Higgs-to-lepton loops reduced by the
    # lepton EOM: together 2{Y_e†Y_e, C1} + (9/2){Y_e†Y_e, C3}
    yuk = 2.0 * S.gamma_H * c + 2.0 * _anti(S.Ml, c) + 4.5 * _anti(S.Ml, c3)
    # [JMT2] Higgs exchange across the e current: −Y_e† C_He Y_e
    yuk = yuk - mm(C["Ge"], C["phie"], dag(C["Ge"]))
    # [JMT2] C_H□, C_HD triangles: −½ Y_e†Y_e (C_H□ + C_HD)
    yuk = yuk - 0.5 * S.Ml * S.box_D
    # [JMT2] ψ⁴ currents closed by two Yukawas (⟨l̄l⟩ = +Ml, ⟨ēe⟩ = −Me, ⟨ūu⟩ = +Mu,
    # ⟨d̄d⟩ = −Md, ⟨q̄q⟩ = N_c Sq), β̂ = −2 × loop; ll: closed (2 orderings) + open (½ singlet)
    f4 = (-4.0 * _close2(C["ll"], S.Ml) - 2.0 * _open(C["ll"], S.Ml)
          + 2.0 * _close2(C["le"], S.Me) - 2.0 * N_C * _close2(C["lq1"], S.Sq)
          - 2.0 * N_C * _close2(C["lu"], S.Mu) + 2.0 * N_C * _close2(C["ld"], S.Md))
    return gauge + yuk + f4


def _beta_phil3(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c, c1 = C["phil3"], C["phil1"]
    # [AJMT] App. C: (1/3 − 6) g² C_Hl(3) (Higgs-loop W penguin, scalar–fermion W exchange) and
    # the ξ_W terms; W penguins of the ψ⁴ loops: ll open (c·g², τ/2 ⊗ τ/2), lq3 closed (c N_c g²)
    gauge = (_H_PENGUIN_W + _EXCH_W) * S.g2 * c + S.g2 * S.xi_W * I3
    gauge = gauge + S.g2 * _CF * (_open(C["ll"]) + N_C * _close2(C["lq3"]))
    # [JMT2] wave functions + Higgs-to-lepton loops: 2γ_H C3 + {Y_e†Y_e, C3} + (3/2){Y_e†Y_e, C1}
    yuk = 2.0 * S.gamma_H * c + _anti(S.Ml, c) + 1.5 * _anti(S.Ml, c1)
    # [JMT2] C_H□ triangle: −½ Y_e†Y_e C_H□
    yuk = yuk - 0.5 * S.Ml * S.box
    # [JMT2] ψ⁴ loops: ll open (triplet half), lq3 closed (⟨q̄τq⟩ = N_c Tq)
    f4 = -2.0 * _open(C["ll"], S.Ml) - 2.0 * N_C * _close2(C["lq3"], S.Tq)
    return gauge + yuk + f4


def _beta_phie(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c = C["phie"]
    # [AJMT] App. C: Higgs-loop penguin, ξ_B, ψ⁴ penguins (le: l loop n=2; ee: 4 equal
    # contractions of the Fierz-symmetric class; eu, ed: N_c; qe: 2N_c)
    gauge = _H_PENGUIN_B * S.gp2 * c + S.gp2 * Y_E * S.xi_B * I3
    gauge = gauge + _b_penguin(S, (
        2.0 * Y_L * _close1(C["le"]) + 4.0 * Y_E * _close2(C["ee"])
        + N_C * Y_U * _close2(C["eu"]) + N_C * Y_D * _close2(C["ed"])
        + 2.0 * N_C * Y_Q * _close1(C["qe"])))
    # [JMT2] 2γ_H C + 4{Y_e Y_e†, C} (wave functions + Higgs-to-lepton loops), Higgs exchange
    # −2 Y_e C_Hl(1) Y_e† (SU(2) trace 2), triangles + Y_e Y_e† (C_H□ + C_HD)
    yuk = (2.0 * S.gamma_H * c + 4.0 * _anti(S.Me, c)
           - 2.0 * mm(dag(C["Ge"]), C["phil1"], C["Ge"]) + S.Me * S.box_D)
    f4 = (-2.0 * _close1(C["le"], S.Ml) + 8.0 * _close2(C["ee"], S.Me)
          - 2.0 * N_C * _close2(C["eu"], S.Mu) + 2.0 * N_C * _close2(C["ed"], S.Md)
          - 2.0 * N_C * _close1(C["qe"], S.Sq))
    return gauge + yuk + f4


def _beta_phiq1(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c, c3 = C["phiq1"], C["phiq3"]
    Gu, Gd = C["Gu"], C["Gd"]
    # [AJMT] App. C: Higgs-loop penguin, ξ_B, ψ⁴ penguins (qq1 closed 2·2N_c, open 2 (colour
    # singlet); qq3 open 2·(2·2 − 1) = 6; lq1 (l loop), qe, qu1, qd1; octets have no trace)
    gauge = _H_PENGUIN_B * S.gp2 * c + S.gp2 * Y_Q * S.xi_B * I3
    gauge = gauge + _b_penguin(S, (
        2.0 * Y_L * _close1(C["lq1"])
        + Y_Q * (4.0 * N_C * _close2(C["qq1"]) + 2.0 * _open(C["qq1"])
                 + 6.0 * _open(C["qq3"]))
        + Y_E * _close2(C["qe"]) + N_C * Y_U * _close2(C["qu1"])
        + N_C * Y_D * _close2(C["qd1"])))
    # [JMT2] 2γ_H C + 2{Y_u†Y_u + Y_d†Y_d, C1} + (9/2){Y_d†Y_d − Y_u†Y_u, C3};
    # Higgs exchange −Y_u† C_Hu Y_u − Y_d† C_Hd Y_d; triangles ½(Y_u†Y_u − Y_d†Y_d)(C_H□ + C_HD)
    yuk = (2.0 * S.gamma_H * c + 2.0 * _anti(S.Tq, c) + 4.5 * _anti(S.Sq, c3)
           - mm(Gu, C["phiu"], dag(Gu)) - mm(Gd, C["phid"], dag(Gd)) - 0.5 * S.Sq * S.box_D)
    # [JMT2] ψ⁴ loops; qq1 open: ½ S (colour 1) ×2; qq3 open: (2 − ½) S ×2
    f4 = (-2.0 * _close1(C["lq1"], S.Ml) - 4.0 * N_C * _close2(C["qq1"], S.Sq)
          - 2.0 * _open(C["qq1"], S.Sq) - 6.0 * _open(C["qq3"], S.Sq)
          + 2.0 * _close2(C["qe"], S.Me) - 2.0 * N_C * _close2(C["qu1"], S.Mu)
          + 2.0 * N_C * _close2(C["qd1"], S.Md))
    return gauge + yuk + f4


def _beta_phiq3(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c, c1 = C["phiq3"], C["phiq1"]
    # [AJMT] App. C: (1/3 − 6) g², ξ_W, W penguins: lq3 (l loop), qq3 closed (2 N_c), qq1 open
    # (+1 ×2), qq3 open (−1 ×2)
    gauge = (_H_PENGUIN_W + _EXCH_W) * S.g2 * c + S.g2 * S.xi_W * I3
    gauge = gauge + S.g2 * _CF * (
        _close1(C["lq3"]) + 2.0 * N_C * _close2(C["qq3"]) + _open(C["qq1"])
        - _open(C["qq3"]))
    # [JMT2] 2γ_H C3 + {Y_u†Y_u + Y_d†Y_d, C3} + (3/2){Y_d†Y_d − Y_u†Y_u, C1};
    # triangle −½(Y_u†Y_u + Y_d†Y_d) C_H□
    yuk = (2.0 * S.gamma_H * c + _anti(S.Tq, c) + 1.5 * _anti(S.Sq, c1) - 0.5 * S.Tq * S.box)
    # [JMT2] ψ⁴ loops: lq3 (⟨l̄τl⟩ = +Ml), qq3 closed (N_c Tq ×2), qq1 open (½T ×2),
    # qq3 open (−½T ×2)
    f4 = (-2.0 * _close1(C["lq3"], S.Ml) - 4.0 * N_C * _close2(C["qq3"], S.Tq)
          - 2.0 * _open(C["qq1"], S.Tq) + 2.0 * _open(C["qq3"], S.Tq))
    return gauge + yuk + f4


def _beta_phiu(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c = C["phiu"]
    Gu, Gd = C["Gu"], C["Gd"]
    # [AJMT] App. C: Higgs-loop penguin, ξ_B, ψ⁴ penguins (uu closed 2·N_c, open 2; lu, eu,
    # ud1, qu1)
    gauge = _H_PENGUIN_B * S.gp2 * c + S.gp2 * Y_U * S.xi_B * I3
    gauge = gauge + _b_penguin(S, (
        2.0 * Y_L * _close1(C["lu"]) + Y_E * _close1(C["eu"])
        + Y_U * (2.0 * N_C * _close2(C["uu"]) + 2.0 * _open(C["uu"]))
        + N_C * Y_D * _close2(C["ud1"]) + 2.0 * N_C * Y_Q * _close1(C["qu1"])))
    # [JMT2] 2γ_H C + 4{Y_u Y_u†, C}; Higgs exchange −2 Y_u C_Hq(1) Y_u†; C_Hud terms
    # (C_Hud Y_d Y_u† + h.c.); triangles −Y_u Y_u† (C_H□ + C_HD)
    cud = mm(C["phiud"], dag(S.Mud))  # C_Hud Gd† Gu
    yuk = (2.0 * S.gamma_H * c + 4.0 * _anti(S.Mu, c) - 2.0 * mm(dag(Gu), C["phiq1"], Gu)
           + cud + dag(cud) - S.Mu * S.box_D)
    # [JMT2] ψ⁴ loops: uu closed (2 N_c) and open (2, colour singlet)
    f4 = (-2.0 * _close1(C["lu"], S.Ml) + 2.0 * _close1(C["eu"], S.Me)
          - 4.0 * N_C * _close2(C["uu"], S.Mu) - 4.0 * _open(C["uu"], S.Mu)
          + 2.0 * N_C * _close2(C["ud1"], S.Md) - 2.0 * N_C * _close1(C["qu1"], S.Sq))
    return gauge + yuk + f4


def _beta_phid(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c = C["phid"]
    Gd = C["Gd"]
    # [AJMT] App. C: Higgs-loop penguin, ξ_B, ψ⁴ penguins (dd closed 2·N_c, open 2; ld, ed,
    # ud1, qd1)
    gauge = _H_PENGUIN_B * S.gp2 * c + S.gp2 * Y_D * S.xi_B * I3
    gauge = gauge + _b_penguin(S, (
        2.0 * Y_L * _close1(C["ld"]) + Y_E * _close1(C["ed"])
        + Y_D * (2.0 * N_C * _close2(C["dd"]) + 2.0 * _open(C["dd"]))
        + N_C * Y_U * _close1(C["ud1"]) + 2.0 * N_C * Y_Q * _close1(C["qd1"])))
    # [JMT2] 2γ_H C + 4{Y_d Y_d†, C}; Higgs exchange −2 Y_d C_Hq(1) Y_d†; C_Hud terms
    # −(C_Hud† Y_u Y_d† + h.c.); triangles + Y_d Y_d† (C_H□ + C_HD)
    cdu = mm(dag(C["phiud"]), S.Mud)
    yuk = (2.0 * S.gamma_H * c + 4.0 * _anti(S.Md, c) - 2.0 * mm(dag(Gd), C["phiq1"], Gd)
           - cdu - dag(cdu) + S.Md * S.box_D)
    f4 = (-2.0 * _close1(C["ld"], S.Ml) + 2.0 * _close1(C["ed"], S.Me)
          + 4.0 * N_C * _close2(C["dd"], S.Md) + 4.0 * _open(C["dd"], S.Md)
          - 2.0 * N_C * _close1(C["ud1"], S.Mu) - 2.0 * N_C * _close1(C["qd1"], S.Sq))
    return gauge + yuk + f4


def _beta_phiud(C, Y, S=None):
    S = S or _shared_S(C, Y)
    c = C["phiud"]
    # [AJMT] App. C: −3(y_u − y_d)² g'² C_Hud (the only gauge term: no penguin, no g² term;
    # derived: docs/derivations/beta_audit.md §7)
    gauge = -3.0 * (Y_U - Y_D) ** 2 * S.gp2 * c
    # [JMT2] 2γ_H C + 3(Y_u Y_u† C + C Y_d Y_d†) (wave functions Γ_u C + C Γ_d + Higgs-to-quark
    # loops, extra 2 from the oracle); 2 C_Hu Y_u Y_d† − 2 Y_u Y_d† C_Hd; triangles
    # (2C_H□ − C_HD) Y_u Y_d† — UNCONFIRMED (oracle value) for these three
    yuk = (2.0 * S.gamma_H * c + 3.0 * (mm(S.Mu, c) + mm(c, S.Md))
           + 2.0 * mm(C["phiu"], S.Mud) - 2.0 * mm(S.Mud, C["phid"]) + S.Mud * S.box_ud)
    # [JMT2] ud1/ud8 Fierzed to (ū γ d)(d̄ γ u), (d̄ γ u) loop closed by Yu, Yd:
    # 4 Σ (C_ud1 + c_F,3 C_ud8)_prst (Y_u Y_d†)_rs  (colour: 1, and N_c/2 − 1/(2N_c) = c_F,3)
    f4 = 4.0 * _open(C["ud1"] + C_F3 * C["ud8"], S.Mud)
    return gauge + yuk + f4


def _all(C, Y):
    """All eight β̂'s with the shared sub-expressions computed once."""
    S = _shared_S(C, Y)
    return {k: f(C, Y, S) for k, f in BETAS.items()}


BETAS = {"phil1": _beta_phil1, "phil3": _beta_phil3, "phie": _beta_phie,
         "phiq1": _beta_phiq1, "phiq3": _beta_phiq3, "phiu": _beta_phiu,
         "phid": _beta_phid, "phiud": _beta_phiud}
