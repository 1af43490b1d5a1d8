"""One-loop QCD + QED running of the weak effective theory (JMS basis) from m_Z down to m_μ.

The sector run here is what the observables of jaxalign need (the names and index orders of
:func:`jaxalign.matching.smeft_to_wet.match_tree`):

* lepton dipoles ``egamma`` (3, 3) with the mixing of the lepton–up-quark tensor operators
  ``TeuRR`` (e, e, u, u; u and c) and, through them, of the scalars ``SeuRR``;
* the b → s sector: quark dipoles ``dgamma``, ``dG`` (3, 3) and the semileptonic operators
  ``VedLL, VedLR, VdeLR, VedRR, SedRL``;
* the couplings e, g_s and the running masses of the charged leptons, u, c and d, s, b.

Notation: ``ẋ ≡ 16π² dx/d ln μ``, ``L = Σ L_i O_i`` (+ h.c.), ``D = ∂ + i e Q A + i g_s T G``
as in Jenkins, Manohar, Stoffer, arXiv:1711.05270 [JMS], whose one-loop RGEs (renormalizable
couplings and masses, dipole operators, ψ⁴ operators) are the default here (``scheme="jms"``):

* couplings and masses [JMS eqs. for ė, ġ, Ṁ at dimension four]:
  ``ė = b_e e³``, ``b_e = (4/3) Σ_f N_c Q_f²`` over the active charged fermions (i.e.
  dα/d ln μ = (α²/2π) b_e, the closed form of :mod:`jaxalign.wet.qed`); ``ġ_s = −β₀ g_s³``,
  β₀ = 11 − 2n_f/3; ``ṁ_f = −6 (Q_f² e² + C_F g_s² [quarks]) m_f``.
* dipoles [JMS, dipole RGEs at O(e², g²) and the ψ⁴ → dipole mass insertions]:
  ``L̇_eγ = (10 Q_e² + b_e) e² L_eγ − 8 e Q_u N_c Σ_t m_t L^{T,RR}_{eu,prtt}``;
  ``L̇_dγ = [2 C_F g² + (10 Q_d² + b_e) e²] L_dγ + 8 C_F Q_d e g L_dG``;
  ``L̇_dG = [(10 C_F − 4 N_c − β₀) g² + 2 Q_d² e²] L_dG + 8 Q_d e g L_dγ``.
  Checks of the normalisation: with ``C7 ∝ L_dγ/(e m_b)``, ``C8 ∝ L_dG/(g m_b)`` these are the
  textbook γ₇₇ = 8C_F = 32/3, γ₈₈ = 16C_F − 4N_c = 28/3, γ₈₇ = 8C_F Q_d = −32/9; the abelian
  limit of the last (C_F → Q², N_c → 0) gives γ = 16Q² for ``L_eγ/(e m)``, i.e. the classic
  −(4α/π) ln(Λ/m_μ) QED correction to a heavy new-physics a_μ (Degrassi–Giudice,
  hep-ph/9803384); and the U(1)_Y part of the SMEFT ψ²BH running (3y₁² + 4y₁y₂ + 3y₂² − b₀,
  Alonso–Jenkins–Manohar–Trott, arXiv:1312.2014) reduces to 10Q² + b for y₁ = y₂ = Q.
  The tensor → dipole term continues C_lequ3 → C_eB, C_eW of the SMEFT below m_Z.
* scalar/tensor [JMS ψ⁴, (LR)(LR) class, abelian + QCD current renormalisation]:
  ``L̇^{S,RR}_{eu} = −[6(Q_e² + Q_u²) e² + 6 C_F g²] S − 96 Q_e Q_u e² T``,
  ``L̇^{T,RR}_{eu} = [2(Q_e² + Q_u²) e² + 2 C_F g²] T − 2 Q_e Q_u e² S``,
  ``L̇^{S,RL}_{ed} = −[6(Q_e² + Q_d²) e² + 6 C_F g²] S`` (no exchange term: σ P_R ⊗ σ P_L = 0).
* semileptonic vectors [JMS ψ⁴, (LL)(LL), (LL)(RR), (RR)(RR)]: photon exchange between the
  currents ``+12 Q_e Q_d e²`` (LL, RR) and ``−12 Q_e Q_d e²`` (LR); photon penguins: a
  flavour-diagonal current (w w) closed into a loop feeds ``(4/3) e² N_c Q_loop Q_f`` times
  the Σ_w of the coefficient into the currents of every active f of both chiralities. Only
  the feeds inside this sector are included (lepton loops → ē e d̄ d with the same d current,
  d loops → the same lepton current with d̄ d); the penguins of four-quark, four-lepton and
  ``Veu`` operators into this sector, and of this sector into them, are not (those classes are
  not produced by :func:`match_tree`; see "Sources outside the sector" below).

The text of [JMS] itself could not be consulted here (no stored copy); the forms above are
fixed by the cross-checks quoted and by wilson 2.5.2, used only as a numerical black box (one
operator switched on, steps of 1e-4 in ln μ, QED or QCD switched off): every one-loop entry of
the four-fermion, scalar, tensor, S ↔ T, T → dipole, dgamma ↔ dG and penguin terms agrees with
wilson's instantaneous rates to ≤ 1e-4 once wilson's couplings (below) are used, and the QCD
parts of the dipoles too; the QED self-running of the dipoles is where wilson and the paper
differ (item 3).

wilson 2.5.2 (``match_run`` between WET scales) uses a different scheme, measured here:

1. the leading-log evolution is solved in the variable α_s with α_s(μ) at **three loops**
   (α_s(m_Z) = 0.1185): every ADM is effectively multiplied by
   f = β^{3-loop}(α_s)/β^{1-loop}(α_s) = 1 + (β₁/β₀) a + (β₂/β₀) a², a = α_s/4π
   (f = 1.0497 at m_Z, 1.098 at 4.2 GeV, 1.37 at 1 GeV), QED terms included. At the
   thresholds α_s jumps: α_s⁽⁴⁾/α_s⁽⁵⁾ = 1.0031726 at 4.2 GeV, α_s⁽³⁾/α_s⁽⁴⁾ = 0.995607 at
   1.3 GeV (measured; a decoupling constant, not reproduced by one-loop continuity);
2. **α_e is frozen** at 1/127.9 and lepton masses do not run; quark masses run with the
   three-loop γ_m = 8a + 2(202/3 − 20n_f/9)a² + 2(1249 − (2216/27 + 160ζ₃/3)n_f − 140n_f²/81)a³
   (measured 9.145 a at m_Z) but enter the tensor → dipole mixing **frozen at the start** of
   each run segment (m_Z, 4.2, 1.3 GeV: wilson's egamma from TeuRR_2222 over 91 → 4.8 GeV is
   17 % below the running-mass result, the average of m_c(μ)/m_c(m_Z));
3. dipoles are run in a mass-normalised form, ``d ln L_dγ = f(8C_F a + 16Q_d² a_e) − γ_m``,
   ``d ln L_dG = f((16C_F − 4N_c − β₀) a + 8Q_d² a_e) − γ_m``, ``d ln L_eγ = f·16 Q_e² a_e``
   (a_e = α_e/4π): the QCD parts agree with [JMS] (2C_F = 8C_F − 6C_F), but in QED the lepton
   and quark masses and e do not run, so the −6Q² (mass) and +b_e (coupling) pieces of the
   paper's 10Q² + b_e are missing — egamma runs with 16 instead of 18.9 (n_f = 5, three
   leptons), 15.3 below 1.3 GeV with τ and c decoupled;
4. QED is included at **first order** in α_e, not resummed: C = U_s C₀ + ∫ U_s Γ_e U_s C₀ with
   U_s the (f-rescaled) QCD evolution (it includes dgamma ← dG and the tensor → dipole
   insertion, which carry no α_e once the dipoles are normalised by e m), restarted at each
   threshold (measured: the logs of pure-QED evolutions over 91 → 4.8 GeV are ln(1 − γA), not
   −γA, A = ∫ f α_e/4π d ln μ — 1.6 % for egamma (γ = 16), 0.4 % for VedLL_1223 (γ = 4));
5. the τ is decoupled together with the c quark at 1.3 GeV (wilson's WET-4 keeps the τ, its
   WET-3 has no τ operators); b at 4.2 GeV, c at 1.3 GeV as here.

``scheme="wilson"`` reproduces 1.–5. with the same one-loop ADMs, for validation: from wilson's
own coefficients at m_Z (sector only) it agrees with wilson to ≤ 6e-5 of the largest
coefficient at 4.8 GeV (to 1e-9 for the scalar, tensor and vector classes) except the
egamma fed by tensors (3.9e-4, m_c(m_Z) = 0.6350 here vs 0.6365 in wilson), and at 1.8/1.0 GeV
to ≤ 6e-5 (four-fermion), 9e-4 (egamma from tensors), 5e-4/3e-3 (dgamma, dG: wilson's quark
masses run 0.2–1.6 % faster than the three-loop γ_m below 4.2 GeV — not reproduced).

``scheme="jms"`` (default) is the one-loop JMS running with the couplings run by their
one-loop RGEs and everything resummed. Against wilson (sector only, same start) it differs by
scheme terms: QCD-dominated classes by the f factor and α_s at one vs three loops — SedRL,
SeuRR 2.5 % at 4.8 GeV, 7–12 % at 1 GeV; dG 6 % / 22 %; dgamma 1–2 % / 3 %; TeuRR 0.3 % /
0.9 %; egamma self-running 2.2e-3 at 4.8 GeV (10 + b_e with running α vs 16 with frozen α,
first order), 1.5e-4 at 1 GeV (partial cancellation); egamma from tensors 7 % at 4.8 GeV
(running vs frozen m_c); the semileptonic vectors ≤ 2e-3. All of these are beyond leading-log
accuracy except the egamma QED self-running, where wilson's form is incomplete (item 3).

Thresholds: b at 4.2 GeV and c at 1.3 GeV (wilson's ``mb_matchingscale``,
``mc_matchingscale``), τ at its mass 1.777 GeV (``jms``; as in :mod:`jaxalign.wet.qed`). The
muon is active down to the lower end m_μ. Tree-level matching at a threshold is continuity of
couplings, masses and the coefficients of light fields; coefficients with a decoupled field are
set to zero below it. Below ``MU_QCD`` = 1 GeV QCD is frozen (α_s at one loop reaches its
Landau pole near 0.15 GeV for n_f = 3) and only QED runs, with u, d, s, e, μ in the photon
vacuum polarisation as in :mod:`jaxalign.wet.qed` (for the lepton dipole the ``jms`` running
reproduces its closed form exactly; the hadronic vacuum polarisation makes the quark loops an
approximation there). Each segment is integrated numerically (diffrax, Dormand–Prince 5),
differentiable in the coefficients and couplings; ``run_wet`` is jit- and vmap-compatible for
fixed scales.

Sources outside the sector: the penguins of four-quark, four-lepton and ``Veu`` operators into
the semileptonic classes (and of this sector into them) are not included, since
:func:`jaxalign.matching.smeft_to_wet.match_tree` does not produce those classes. In the SMEFT
reference points this leaves up to 8e-3 of the largest four-fermion coefficient at 4.8 GeV in
flavour-diagonal lepton entries such as VedLR_1123 (Z-exchange (s̄b)(q̄q) operators closing a
quark loop); including them needs the four-quark WET classes in the matching.
"""

from __future__ import annotations

import diffrax
import jax
import jax.numpy as jnp
import numpy as np
from jax.flatten_util import ravel_pytree

from ..errors import InputError

__all__ = ["THRESHOLDS", "MU_QCD", "SHAPES", "SCHEMES", "M_Z", "M_MU", "beta_wet", "run_wet",
           "initial_state", "active_flavours"]

N_C = 3.0
C_F = 4.0 / 3.0
Q_E, Q_U, Q_D = -1.0, 2.0 / 3.0, -1.0 / 3.0
LOOP = 1.0 / (16.0 * np.pi**2)
ZETA3 = 1.2020569031595942
M_Z = 91.1876
M_MU = 0.1056583755

#: α_s(below)/α_s(above) at the b and c thresholds in the ``wilson`` scheme (measured; the
#: ``jms`` scheme keeps α_s continuous, the one-loop matching at μ = m).
WILSON_ALPHA_S_JUMP = {"b": 1.0031726, "c": 0.995607}
#: (scale in GeV, decoupled field) from above. The last entry, the muon at its mass, is the
#: lower end of the range (THRESHOLDS[-1][0] = m_μ, used by jaxalign.chain): the muon stays active.
THRESHOLDS = ((4.2, "b"), (1.777, "tau"), (1.3, "c"), (M_MU, "mu"))
#: below this scale (GeV) QCD is not run: g_s and the QCD parts of the ADMs and of the quark
#: masses are frozen (the one-loop α_s reaches its Landau pole near 0.15 GeV with n_f = 3);
#: QED keeps running with u, d, s in the photon vacuum polarisation, as in jaxalign.wet.qed.
MU_QCD = 1.0
SCHEMES = ("jms", "wilson")

SHAPES = {
    "egamma": (3, 3), "dgamma": (3, 3), "dG": (3, 3),
    "VedLL": (3, 3, 3, 3), "VedLR": (3, 3, 3, 3), "VdeLR": (3, 3, 3, 3), "VedRR": (3, 3, 3, 3),
    "SedRL": (3, 3, 3, 3), "SeuRR": (3, 3, 2, 2), "TeuRR": (3, 3, 2, 2),
}
_INDEX_FIELDS = {  # field type of each index, for the masks
    "egamma": "ee", "dgamma": "dd", "dG": "dd", "VedLL": "eedd", "VedLR": "eedd", "VdeLR": "ddee",
    "VedRR": "eedd", "SedRL": "eedd", "SeuRR": "eeuu", "TeuRR": "eeuu",
}


def active_flavours(mu: float, scheme: str = "jms") -> dict:
    """Active flavours (boolean numpy arrays e: (e, μ, τ), u: (u, c), d: (d, s, b)) at ``mu``;
    a field is active strictly above its threshold."""
    tau = mu > (THRESHOLDS[2][0] if scheme == "wilson" else THRESHOLDS[1][0])
    return {"qcd": mu > MU_QCD, "e": np.array([True, True, tau]),
            "d": np.array([True, True, mu > THRESHOLDS[0][0]]),
            "u": np.array([True, mu > THRESHOLDS[2][0]])}


def _mask(name: str, act: dict):
    m = None
    for f in _INDEX_FIELDS[name]:
        a = act[f]
        m = a if m is None else np.multiply.outer(m, a)
    return m


def _b_e(act):
    """b_e = (4/3) Σ N_c Q² over the active charged fermions."""
    return 4.0 / 3.0 * (act["e"].sum() * Q_E**2 + N_C * act["u"].sum() * Q_U**2
                        + N_C * act["d"].sum() * Q_D**2)


def _qcd_coeffs(nf: int):
    """β₀, β₁, β₂ (dg/d ln μ = −g Σ β_i a^{i+1}, a = g²/16π²) and γ_m0,1,2 (d ln m/d ln μ)."""
    b0 = 11.0 - 2.0 * nf / 3.0
    b1 = 102.0 - 38.0 * nf / 3.0
    b2 = 2857.0 / 2.0 - 5033.0 * nf / 18.0 + 325.0 * nf**2 / 54.0
    g0 = 8.0
    g1 = 2.0 * (202.0 / 3.0 - 20.0 * nf / 9.0)
    g2 = 2.0 * (1249.0 - (2216.0 / 27.0 + 160.0 * ZETA3 / 3.0) * nf - 140.0 * nf**2 / 81.0)
    return (b0, b1, b2), (g0, g1, g2)


def beta_wet(y: dict, act: dict, scheme: str = "jms", m_mix=None, qed: float = 1.0) -> dict:
    """dy/d ln μ of the WET sector (loop factor included) with the active flavours ``act``.

    ``m_mix``: up-quark masses for the tensor → dipole mixing if not the running ones (the
    ``wilson`` scheme freezes them at the start of each segment). ``qed``: factor of the O(α_e)
    terms of the coefficients' ADMs (e², and e g_s in dG ← dgamma); 0 gives the part resummed
    in the ``wilson`` scheme (QCD, dgamma ← dG and the tensor → dipole mass insertion, which
    carry no α_e in the mass-normalised basis)."""
    e, gs = y["e"], y["gs"]
    if not act.get("qcd", True):  # below MU_QCD: QCD frozen (the coupling g_s stays as it is)
        gs = jnp.zeros_like(gs)
    e2, g2 = qed * e**2, gs**2
    a = g2 * LOOP  # α_s/4π
    nf = int(act["u"].sum() + act["d"].sum())
    (b0, b1, b2), (gm0, gm1, gm2) = _qcd_coeffs(nf)
    be = _b_e(act)
    me, mu, md = y["m_e"], y["m_u"], y["m_d"]
    T, S = y["TeuRR"], y["SeuRR"]
    m_t = mu if m_mix is None else m_mix
    mix_T = -8.0 * e * Q_U * N_C * jnp.einsum("prtt,t->pr", T, m_t.astype(complex))
    out = {}
    if scheme == "jms":
        f = 1.0
        out["e"] = be * e**3  # the couplings and masses always run in full (qed: ADMs only)
        out["gs"] = -b0 * gs**3
        out["m_e"] = -6.0 * Q_E**2 * e**2 * me
        out["m_u"] = -6.0 * (Q_U**2 * e**2 + C_F * g2) * mu
        out["m_d"] = -6.0 * (Q_D**2 * e**2 + C_F * g2) * md
        out["egamma"] = (10.0 * Q_E**2 + be) * e2 * y["egamma"] + mix_T
        out["dgamma"] = ((2.0 * C_F * g2 + (10.0 * Q_D**2 + be) * e2) * y["dgamma"]
                         + 8.0 * C_F * Q_D * e * gs * y["dG"])
        out["dG"] = (((10.0 * C_F - 4.0 * N_C - b0) * g2 + 2.0 * Q_D**2 * e2) * y["dG"]
                     + 8.0 * Q_D * e * gs * qed * y["dgamma"])
    elif scheme == "wilson":
        # see the module docstring, items 1.–3.: ADMs × f, α_s and m_q at three loops, e and
        # m_ℓ frozen, dipoles in the mass-normalised form
        f = 1.0 + (b1 / b0) * a + (b2 / b0) * a**2
        gam_m = (gm0 * a + gm1 * a**2 + gm2 * a**3) / LOOP
        out["e"] = jnp.zeros_like(e)
        out["gs"] = -gs * (b0 * a + b1 * a**2 + b2 * a**3) / LOOP
        out["m_e"] = jnp.zeros_like(me)
        out["m_u"] = -gam_m * mu
        out["m_d"] = -gam_m * md
        out["egamma"] = f * (16.0 * Q_E**2 * e2 * y["egamma"] + mix_T)
        out["dgamma"] = ((f * (8.0 * C_F * g2 + 16.0 * Q_D**2 * e2) - gam_m) * y["dgamma"]
                         + f * 8.0 * C_F * Q_D * e * gs * y["dG"])
        out["dG"] = ((f * ((16.0 * C_F - 4.0 * N_C - b0) * g2 + 8.0 * Q_D**2 * e2) - gam_m) * y["dG"]
                     + f * 8.0 * Q_D * e * gs * qed * y["dgamma"])
    else:
        raise InputError(f"unknown WET running scheme {scheme!r}; use one of {SCHEMES}")
    psi4 = {}
    psi4["SeuRR"] = ((-6.0 * (Q_E**2 + Q_U**2) * e2 - 6.0 * C_F * g2) * S
                     - 96.0 * Q_E * Q_U * e2 * T)
    psi4["TeuRR"] = ((2.0 * (Q_E**2 + Q_U**2) * e2 + 2.0 * C_F * g2) * T
                     - 2.0 * Q_E * Q_U * e2 * S)
    psi4["SedRL"] = (-6.0 * (Q_E**2 + Q_D**2) * e2 - 6.0 * C_F * g2) * y["SedRL"]
    # semileptonic vector currents: photon exchange between the currents
    x = 12.0 * Q_E * Q_D * e2
    LL, LR, DE, RR = y["VedLL"], y["VedLR"], y["VdeLR"], y["VedRR"]
    # photon penguins. Lepton loops (Σ over active w of the (ē_w e_w) part, either chirality)
    # → lepton currents of both chiralities with the same quark current:
    le = jnp.asarray(act["e"], float)
    ld = jnp.asarray(act["d"], float)
    eye_e = jnp.diag(le).astype(complex)
    eye_d = jnp.diag(ld).astype(complex)
    kl = 4.0 / 3.0 * e2 * Q_E * Q_E
    P_dL = jnp.einsum("w,wwst->st", le, LL) + jnp.einsum("w,stww->st", le, DE)  # (d̄_L d_L) part
    P_dR = jnp.einsum("w,wwst->st", le, LR) + jnp.einsum("w,wwst->st", le, RR)  # (d̄_R d_R) part
    # quark (d) loops → d currents of both chiralities with the same lepton current:
    kq = 4.0 / 3.0 * e2 * N_C * Q_D * Q_D
    P_eL = jnp.einsum("w,prww->pr", ld, LL) + jnp.einsum("w,prww->pr", ld, LR)  # (ē_L e_L) part
    P_eR = jnp.einsum("w,wwpr->pr", ld, DE) + jnp.einsum("w,prww->pr", ld, RR)  # (ē_R e_R) part
    psi4["VedLL"] = (x * LL + kl * jnp.einsum("pr,st->prst", eye_e, P_dL)
                     + kq * jnp.einsum("pr,st->prst", P_eL, eye_d))
    psi4["VdeLR"] = (-x * DE + kl * jnp.einsum("st,pr->stpr", P_dL, eye_e)
                     + kq * jnp.einsum("st,pr->stpr", eye_d, P_eR))
    psi4["VedLR"] = (-x * LR + kl * jnp.einsum("pr,st->prst", eye_e, P_dR)
                     + kq * jnp.einsum("pr,st->prst", P_eL, eye_d))
    psi4["VedRR"] = (x * RR + kl * jnp.einsum("pr,st->prst", eye_e, P_dR)
                     + kq * jnp.einsum("pr,st->prst", P_eR, eye_d))
    for k, v in psi4.items():
        out[k] = f * v
    # inactive entries do not run
    for k in SHAPES:
        out[k] = out[k] * _mask(k, act)
    out["gs"] = out["gs"] * act.get("qcd", True)
    return {k: v * LOOP for k, v in out.items()}


def initial_state(jms: dict, y_ew: dict, sm) -> dict:
    """WET state at m_Z: JMS coefficients (missing ones zero), e and g_s from the inputs at m_Z,
    running masses from the SMEFT mass matrices at m_Z (Warsaw-down basis, new physics included)."""
    from ..smeft.flavour_basis import mass_matrices
    from ..smeft.sm_couplings import vev_from_gf

    Me, Md, Mu = mass_matrices(y_ew, vev_from_gf(sm.GF))
    st = {k: jnp.asarray(jms[k], complex) if k in jms else jnp.zeros(s, complex) for k, s in SHAPES.items()}
    st["e"] = jnp.sqrt(4.0 * jnp.pi * sm.alpha_e_mz)
    st["gs"] = jnp.sqrt(4.0 * jnp.pi * sm.alpha_s_mz)
    st["m_e"] = jnp.abs(jnp.diagonal(Me))
    st["m_d"] = jnp.abs(jnp.diagonal(Md))
    st["m_u"] = jnp.sqrt(jnp.sum(jnp.abs(Mu) ** 2, axis=0))[:2]
    return st


def _split(y):
    return {k: (jnp.real(v), jnp.imag(v)) if jnp.iscomplexobj(v) else v for k, v in y.items()}


def _merge(y):
    return {k: v[0] + 1j * v[1] if isinstance(v, tuple) else v for k, v in y.items()}


def _segment(y, mu_hi: float, mu_lo: float, scheme, rtol, atol):
    act = active_flavours(float(np.sqrt(mu_hi * mu_lo)), scheme)
    # coefficients are tiny: integrate in units of their largest entry at the segment start
    s = jax.lax.stop_gradient(jnp.maximum(
        jnp.max(jnp.stack([jnp.max(jnp.abs(y[k])) for k in SHAPES])), 1e-300))
    scale = {k: (s if k in SHAPES else 1.0) for k in y}
    y0 = {k: v / scale[k] for k, v in y.items()}
    if scheme == "wilson":
        # first order in α_e: C = C_s + C_e with C_s resummed in QCD only and C_e the O(α_e)
        # term, dC_e = Γ_s C_e + Γ_e C_s (module docstring, item 5.)
        y0["qed"] = {k: jnp.zeros_like(y0[k]) for k in SHAPES}
        m_mix = y["m_u"]
    x0, unravel = ravel_pytree(_split_all(y0))

    def rhs(t, x, args):
        z = _merge_all(unravel(x))
        z = {k: (v if k == "qed" else v * scale[k]) for k, v in z.items()}
        if scheme != "wilson":
            dz = beta_wet(z, act, scheme)
            return ravel_pytree(_split({k: dz[k] / scale[k] for k in z}))[0]
        zs = {k: v for k, v in z.items() if k != "qed"}
        full = beta_wet(zs, act, scheme, m_mix=m_mix)
        qcd = beta_wet(zs, act, scheme, m_mix=m_mix, qed=0.0)
        ze = {**zs, **{k: z["qed"][k] * scale[k] for k in SHAPES}}
        qcd_e = beta_wet(ze, act, scheme, m_mix=m_mix, qed=0.0)
        dz = {k: qcd[k] / scale[k] for k in zs}
        dz["qed"] = {k: (qcd_e[k] + full[k] - qcd[k]) / scale[k] for k in SHAPES}
        return ravel_pytree(_split_all(dz))[0]

    sol = diffrax.diffeqsolve(
        diffrax.ODETerm(rhs), diffrax.Dopri5(), t0=float(np.log(mu_hi)), t1=float(np.log(mu_lo)),
        dt0=None, y0=x0, stepsize_controller=diffrax.PIDController(rtol=rtol, atol=atol),
        max_steps=4096)
    z = _merge_all(unravel(sol.ys[-1]))
    out = {k: v * scale[k] for k, v in z.items() if k != "qed"}
    if scheme == "wilson":
        for k in SHAPES:
            out[k] = out[k] + z["qed"][k] * scale[k]
    return out


def _split_all(y):
    return {k: (_split(v) if k == "qed" else _split({k: v})[k]) for k, v in y.items()}


def _merge_all(y):
    return {k: (_merge(v) if k == "qed" else _merge({k: v})[k]) for k, v in y.items()}


def run_wet(y: dict, mu_hi: float, mu_lo: float, *, scheme: str = "jms", rtol: float = 1e-9,
            atol: float = 1e-12) -> dict:
    """Run the WET state ``y`` (see :func:`initial_state`) from ``mu_hi`` down to ``mu_lo`` (GeV).

    The scales are Python floats (they fix the threshold segments) with m_μ ≤ mu_lo ≤ mu_hi ≤ m_Z.
    Crossing a threshold sets the coefficients of the decoupled field to zero. ``scheme``:
    ``"jms"`` (one-loop JMS running, default) or ``"wilson"`` (the conventions of wilson 2.5.2,
    for validation; see the module docstring).
    """
    if scheme not in SCHEMES:
        raise InputError(f"unknown WET running scheme {scheme!r}; use one of {SCHEMES}")
    try:
        mu_hi, mu_lo = float(mu_hi), float(mu_lo)
    except (TypeError, ValueError) as exc:  # traced or non-numeric scales
        raise InputError(f"WET running scales must be Python numbers, got {mu_hi!r}, {mu_lo!r}") from exc
    if not (M_MU * (1 - 1e-9) <= mu_lo <= mu_hi <= M_Z * (1 + 1e-9)):
        raise InputError(
            f"WET running needs m_μ = {M_MU} ≤ mu_lo ≤ mu_hi ≤ m_Z = {M_Z} (GeV), got "
            f"mu_hi = {mu_hi} and mu_lo = {mu_lo}.")
    ths = [m for m, fld in THRESHOLDS[:3] if not (scheme == "wilson" and fld == "tau")]  # τ goes with c
    points = [mu_hi] + [m for m in ths + [MU_QCD] if mu_lo < m < mu_hi] + [mu_lo]

    def decouple(y, mu):
        act = active_flavours(mu, scheme)
        return {k: (v * _mask(k, act) if k in SHAPES else v) for k, v in y.items()}

    names = dict(THRESHOLDS)  # scale → decoupled field

    y = decouple(dict(y), mu_hi)  # a start below (or at) a threshold: that field is absent
    for hi, lo in zip(points[:-1], points[1:]):
        if lo < hi:
            y = _segment(y, hi, lo, scheme, rtol, atol)
        if lo > mu_lo and lo in names:  # crossed a threshold
            y = decouple(y, lo)
            if scheme == "wilson" and names[lo] in WILSON_ALPHA_S_JUMP:
                y["gs"] = y["gs"] * np.sqrt(WILSON_ALPHA_S_JUMP[names[lo]])
    return y
