r"""The S₁ + Φ scalar model of ALIGN §5, matched onto the SMEFT (tree level + one-loop dipole).

Source: [ALIGN] Isidori, Pagès, Wilsch, arXiv:2111.13724, §5, eqs. (5.1)–(5.9) and Table 1. The
S₁ pieces reuse :mod:`jaxalign.models.muoquark` (its conventions, derivations and the function
:func:`~jaxalign.models.muoquark.s1_dipoles` for the chirally enhanced dipole); everything else was
derived here and is checked in ``tests/models/test_s1phi.py``.

Lagrangian (ALIGN eq. 5.2; S₁ ~ (3̄, 1)_{1/3}, Φ ~ (1, 2)_{1/2}, Φ̃ = εΦ*, ε₁₂ = +1)::

    L ⊃ −[λ^L_{iα} (q̄^c_i ε ℓ_α) S₁ + λ^R_{iα} (ū^c_i e_α) S₁ + h.c.] − M_S₁² |S₁|²
        −[λ^e_{αβ} (ℓ̄_α e_β) Φ + λ^u_{ij} (q̄_i u_j) Φ̃ + h.c.] − M_Φ² |Φ|²

(i, j quark generations in the WCxf Warsaw-down basis at the matching scale, as in the muoquark
module: λ^{L,R}_{iα} ≡ η^{1L,1R}_i of MUOQ for α = μ; α, β lepton generations.)

Basis change (eq. 5.1). Q_lequ^(1) = Q_Φ and Q_lequ^(3) = 8 Q_S₁ + 4 Q_Φ with
Q_S₁ = ε_jk (ℓ̄^j q^{ck})(ū^c e), Q_Φ = ε_jk (ℓ̄^j e)(q̄^k u); equivalently (Fierz + charge
conjugation, checked as a 4×4 matrix identity in the tests) Q_S₁ = −½ Q_lequ^(1) + ⅛ Q_lequ^(3).
S₁ exchange gives C_S₁ = −λ^{L*}λ^R/M² in front of Q_S₁, hence C^(1) = −½ C_S₁, C^(3) = ⅛ C_S₁.

Tree-level matching (eq. 5.3 and the other classes; ``L_eff = J J†/M²`` for ``L ⊃ J X + h.c.``):

    C_lequ^(1)_{αβij} =  λ^{L*}_{iα} λ^R_{jβ}/(2M_S₁²) − λ^e_{αβ} λ^u_{ij}/M_Φ²     (eq. 5.3)
    C_lequ^(3)_{αβij} = −λ^{L*}_{iα} λ^R_{jβ}/(8M_S₁²)                              (eq. 5.3)
    C_lq^(1)_{αβij} = −C_lq^(3)_{αβij} = λ^{L*}_{iα} λ^L_{jβ}/(4M_S₁²),   C_eu_{αβij} = λ^{R*}_{iα} λ^R_{jβ}/(2M_S₁²)
    C_le_{prst} = −λ^e_{pt} λ^{e*}_{rs}/(2M_Φ²)
    C_qu^(1)_{prst} = −λ^u_{pt} λ^{u*}_{rs}/(6M_Φ²),   C_qu^(8)_{prst} = −λ^u_{pt} λ^{u*}_{rs}/M_Φ²

(the S₁ lines generalise :func:`~jaxalign.models.muoquark.tree_matching` to all lepton flavours;
the Φ lines: (āP_R b)(c̄P_L d) = −½(āγ^μP_L d)(c̄γ_μP_R b) and, for the colour-crossed quark
current, δ_ad δ_bc = δ_ab δ_cd/3 + 2 T^A_ab T^A_cd; the sign of the λ^eλ^u term follows from
ε_ak = −ε_ka and agrees with eq. 5.3).

One-loop dipole (eq. 5.4), derived here. With X = λ^{L†} Y_u* λ^R, L_μ = ln(μ²/M_S₁²)::

    C_eγ(μ) = e/(16π² M_S₁²) { +⅛ [λ^{L†}λ^L Y_e] + ⅛ [Y_e λ^{R†}λ^R] − (7/4 + L_μ) X }

i.e. **minus** the printed eq. (5.4): same magnitudes and relative signs, opposite overall sign.
The chirally enhanced term is the muoquark module's (its docstring: the printed sign contradicts
ALIGN eqs. 3.16 + 5.3 and NPG2). The non-enhanced terms: the full one-loop vertex (Feynman
parameters, external chirality flip, m_t ≪ M) for a loop of a fermion F (charge Q_F) and scalar
(charge Q_S) with couplings a, b gives F₂ = 2m_ℓ²(|a|²+|b|²)(Q_F/6 − Q_S/12)/(16π² Q_ℓ M²) +
2m_ℓ m_F Re(a*b)[Q_F(ln(M²/m_F²) − 3/2) − Q_S/2]/(16π² Q_ℓ M²) (this reproduces the textbook
heavy-scalar limits ln − 7/6 and −(ln − 11/6) for F = ℓ); with t^c (Q_F = −2/3) and S₁*
(Q_S = −1/3) the non-enhanced part is Δa_μ = +m_μ²(|λ^L|²+|λ^R|²)/(32π²M²) (N_c = 3 included; positive),
which is exactly +⅛ in the normalisation of eq. (5.4) via eq. (2.3), while the matching constant of
the enhanced term is −7/4. So the relative sign printed in eq. (5.4) (−⅛ vs +7/4) is right and the
overall sign is not (with eq. 2.3, positive Δa_μ needs positive C_eγ). The flavour phase eq. (5.7)
is a ratio and is unaffected. Split into the unbroken phase: the λ^Lλ^L loop runs on the lepton
doublet with q^c (Y = −1/6) and S₁* (Y = −1/3): hypercharge part Y_F/6 − Y_S/12 = 0, so it is pure
C_eW (the loop fermion has the weak isospin of the external lepton): ``C_eW ⊃ −g/(16π²M²) ⅛
[λ^{L†}λ^L Y_e]``; the λ^Rλ^R loop has only singlets (u^c, S₁*): ``C_eB ⊃ +g'/(16π²M²) ⅛ [Y_e
λ^{R†}λ^R]``. The enhanced term: C_eB = −g' X (19/16 + 5/8 L_μ)/(16π²M²), C_eW = +g X (9/16 +
3/8 L_μ)/(16π²M²) (muoquark). Φ gives no dipole at this order (ALIGN footnote 2: only with a Φ–H
quartic, a dimension-8 effect).

Flavour phases (eqs. 5.5–5.7), at μ_H = M_S₁: :func:`theta_u1_eq55`, :func:`theta_u3_eq56`,
:func:`theta_eg_eq57` are the closed forms; :meth:`S1Phi.flavour_phases` computes the same ratios
from the matched coefficients (eq. 3.18 definitions). **Misprint recorded**: eq. (5.5) prints
``+2λ^e_12 λ^u_33 M_S₁²/M_Φ²`` (and the same in the denominator); eq. (5.3) (and the derivation
above) give ``−``: C^(1)_{1233}/C^(1)_{2233} = (λ^{L*}_31 λ^R_32 − 2λ^e_12λ^u_33 M_S₁²/M_Φ²)/(…22…).
``theta_u1_eq55(..., printed=True)`` gives the printed form. Eq. (5.7) neglects the light up
Yukawas and takes (Y_u)_33 = y_t; in the Warsaw-down basis the top Yukawa column is y_t V*_{ti},
so the matched θ^eγ differs from eq. (5.7) by O(|V_ts|², λ^L_{iα}V_ti) terms.

θ_L^Y is not predicted by the general model: its couplings live in the WCxf basis where Y_e is
diagonal (θ_L^Y ≡ 0 there; nonzero 12 entries of the couplings measure the misalignment). The
U(2) version :class:`S1PhiU2` realises eq. (5.9): λ^L_{3α} ∝ (V_ℓ, 1) so θ_L^eγ = λ^{L*}_31/λ^{L*}_32
= (V_ℓ)_1/(V_ℓ)_2 = 0, and Y_e is eq. (4.2), θ_L^Y = (Δ_e)_12/(Δ_e)_22 = −s_e/c_e (eq. 5.9 prints
"→ s_e": lowest order, rotation-angle sign convention as in eq. 4.5); its coefficients are rotated
to the basis where that Y_e is diagonal (see :mod:`jaxalign.models.u2_spurion`, "Mass basis"), so
ε₁₂^L ≈ θ^eγ − θ^Y ≈ s_e and eq. (2.7) gives |s_e| ≲ 2×10⁻⁵.

Scale: the coefficients are given at μ = ``mu_H`` (default None: μ = M_S₁, the paper's choice
μ_H = M_S₁); the tree-level ones are not run between M and μ. In a fit, set ``mu_H`` equal to the
fit's ``scale`` when M_S₁ is free (then the ln(μ²/M²) of the dipole is included). SM couplings in
the loop (Y_u, Y_e, g, g') are those of ``sm_inputs`` at ``sm_scale`` (cached; None = m_Z).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import InputError, check
from ..smeft.flavour_basis import rotate
from ..smeft.operators import DIPOLE_SECTOR
from .base import SMEFTModelBase, zero_coefficients
from .muoquark import s1_dipoles, sm_couplings_at
from .u2_spurion import (
    _concrete,
    _lepton_ratios,
    _singular_values,
    deltas_from_mass_ratios,
    eps_ratios,
    mass_basis_rotation,
    spurion_matrix,
    spurions,
)

__all__ = [
    "S1Phi",
    "S1PhiU2",
    "S1PHI_CLASSES",
    "s1_tree_matching",
    "phi_tree_matching",
    "s1phi_tree_matching",
    "s1_dipole_matrices",
    "theta_u1_eq55",
    "theta_u3_eq56",
    "theta_eg_eq57",
    "phases_from_coefficients",
]

#: Warsaw classes returned by the models.
S1PHI_CLASSES = DIPOLE_SECTOR + ("lq1", "lq3", "eu", "le", "qu1", "qu8")

_LOOP = 1.0 / (16.0 * np.pi**2)


# ---------------------------------------------------------------------------------------------
# Tree level (eqs. 5.1, 5.3)
# ---------------------------------------------------------------------------------------------


def s1_tree_matching(lamL, lamR, M) -> dict:
    """S₁ exchange (module docstring): ``lequ1, lequ3, lq1, lq3, eu`` (3,3,3,3), GeV⁻².

    Args: lamL, lamR: complex (3, 3) couplings [quark i, lepton α]; M: M_S₁ (GeV)."""
    lamL, lamR = jnp.asarray(lamL, complex), jnp.asarray(lamR, complex)
    bLR = jnp.einsum("ia,jb->abij", jnp.conj(lamL), lamR) / M**2
    bLL = jnp.einsum("ia,jb->abij", jnp.conj(lamL), lamL) / M**2
    bRR = jnp.einsum("ia,jb->abij", jnp.conj(lamR), lamR) / M**2
    return {"lequ1": 0.5 * bLR, "lequ3": -0.125 * bLR, "lq1": 0.25 * bLL, "lq3": -0.25 * bLL, "eu": 0.5 * bRR}


def phi_tree_matching(lame, lamu, M) -> dict:
    """Φ exchange (module docstring): ``lequ1, le, qu1, qu8`` (3,3,3,3), GeV⁻².

    Args: lame: complex (3, 3) [α, β]; lamu: complex (3, 3) [i, j]; M: M_Φ (GeV)."""
    lame, lamu = jnp.asarray(lame, complex), jnp.asarray(lamu, complex)
    uu = jnp.einsum("pt,rs->prst", lamu, jnp.conj(lamu)) / M**2
    return {
        "lequ1": -jnp.einsum("ab,ij->abij", lame, lamu) / M**2,
        "le": -0.5 * jnp.einsum("pt,rs->prst", lame, jnp.conj(lame)) / M**2,
        "qu1": -uu / 6.0,
        "qu8": -uu,
    }


def s1phi_tree_matching(lamL, lamR, lame, lamu, MS, MPhi) -> dict:
    """Sum of :func:`s1_tree_matching` and :func:`phi_tree_matching` (eq. 5.3 for lequ1, lequ3)."""
    a = s1_tree_matching(lamL, lamR, MS)
    b = phi_tree_matching(lame, lamu, MPhi)
    out = dict(a)
    for k, v in b.items():
        out[k] = out[k] + v if k in out else v
    return out


# ---------------------------------------------------------------------------------------------
# One-loop dipole (eq. 5.4, sign derived)
# ---------------------------------------------------------------------------------------------


def s1_dipole_matrices(lamL, lamR, M, mu, Gu, Ge, g1, g2):
    """(C_eB, C_eW) 3×3 at the scale μ from S₁ at one loop (module docstring):

    enhanced: :func:`~jaxalign.models.muoquark.s1_dipoles` for every (α, β) with
    η^{1L} = λ^L[:, α], η^{1R} = λ^R[:, β]; non-enhanced: C_eW −= g ⅛[λ^{L†}λ^L G_e]/(16π²M²),
    C_eB += g' ⅛[G_e λ^{R†}λ^R]/(16π²M²). Photon combination: e/(16π²M²){⅛[λ^{L†}λ^LY_e] +
    ⅛[Y_eλ^{R†}λ^R] − (7/4 + ln μ²/M²)[λ^{L†}Y_u*λ^R]} = −(ALIGN eq. 5.4 as printed)."""
    lamL, lamR = jnp.asarray(lamL, complex), jnp.asarray(lamR, complex)
    Gu, Ge = jnp.asarray(Gu, complex), jnp.asarray(Ge, complex)

    def one(a, b):
        return s1_dipoles(a, b, M, mu, Gu, g1, g2)

    eB, eW = jax.vmap(lambda a: jax.vmap(lambda b: one(a, b))(lamR.T))(lamL.T)
    pref = _LOOP / M**2 / 8.0
    LL = jnp.conj(lamL).T @ lamL @ Ge
    RR = Ge @ jnp.conj(lamR).T @ lamR
    return eB + g1 * pref * RR, eW - g2 * pref * LL


# ---------------------------------------------------------------------------------------------
# Flavour phases (eqs. 3.18, 5.5-5.7)
# ---------------------------------------------------------------------------------------------


def theta_u1_eq55(lamL, lamR, lame, lamu, MS, MPhi, printed: bool = False):
    """ALIGN eq. (5.5): θ_L^{u1} = (λ^{L*}_31λ^R_32 ∓ 2λ^e_12λ^u_33 M_S₁²/M_Φ²)/(λ^{L*}_32λ^R_32 ∓
    2λ^e_22λ^u_33 M_S₁²/M_Φ²); sign − from eq. (5.3) (default), + as printed (``printed=True``)."""
    s = 1.0 if printed else -1.0
    r = MS**2 / MPhi**2
    num = jnp.conj(lamL[2, 0]) * lamR[2, 1] + s * 2.0 * lame[0, 1] * lamu[2, 2] * r
    den = jnp.conj(lamL[2, 1]) * lamR[2, 1] + s * 2.0 * lame[1, 1] * lamu[2, 2] * r
    return num / den


def theta_u3_eq56(lamL):
    """ALIGN eq. (5.6): θ_L^{u3} = λ^{L*}_31/λ^{L*}_32."""
    return jnp.conj(lamL[2, 0]) / jnp.conj(lamL[2, 1])


def theta_eg_eq57(lamL, lamR, Ye, yt):
    """ALIGN eq. (5.7) (μ_H = M_S₁, light up Yukawas neglected, (Y_u)_33 = y_t):
    θ_L^{eγ} = [(Y_e)_{1α}λ^{R*}_{iα}λ^R_{i2} + λ^{L*}_{i1}λ^L_{iα}(Y_e)_{α2} − 14 y_t λ^{L*}_31λ^R_32]
    / [same with 1 → 2 in the first index]."""
    lamL, lamR, Ye = (jnp.asarray(a, complex) for a in (lamL, lamR, Ye))
    RR = Ye @ jnp.conj(lamR).T @ lamR
    LL = jnp.conj(lamL).T @ lamL @ Ye
    num = RR[0, 1] + LL[0, 1] - 14.0 * yt * jnp.conj(lamL[2, 0]) * lamR[2, 1]
    den = RR[1, 1] + LL[1, 1] - 14.0 * yt * jnp.conj(lamL[2, 1]) * lamR[2, 1]
    return num / den


def phases_from_coefficients(C: dict, cw, sw, Ye=None) -> dict:
    """Left-handed 12 flavour phases (ALIGN eq. 3.18) of Warsaw arrays ``C``: ``theta_u1``,
    ``theta_u3``, ``theta_eg`` (C_eγ = c_θ C_eB − s_θ C_eW) and, with ``Ye``, ``theta_Y``; plus
    the right-handed ones (21/22) ``thetaR_*`` (complex)."""
    eg = cw * C["eB"] - sw * C["eW"]
    mats = {"u1": C["lequ1"][:, :, 2, 2], "u3": C["lequ3"][:, :, 2, 2], "eg": eg}
    if Ye is not None:
        mats["Y"] = Ye
    out = {}
    for k, m in mats.items():
        out[f"theta_{k}"] = m[0, 1] / m[1, 1]
        out[f"thetaR_{k}"] = m[1, 0] / m[1, 1]
    return out


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------


class _S1PhiBase(SMEFTModelBase):
    """Shared implementation; subclasses give ``parameter_names``, ``couplings(x)`` (λ^L, λ^R,
    λ^e, λ^u as complex 3×3) and ``yukawa(x)`` (Y_e in the couplings' basis)."""

    _MASSES = ("M_S1", "M_Phi")

    def _validate_fields(self):
        from ..inputs import INPUT_SETS

        if self.mu_H is not None and not (np.isfinite(self.mu_H) and self.mu_H > 0):
            raise InputError(f"mu_H must be a positive number of GeV (or None), got {self.mu_H!r}.")
        if self.sm_scale is not None and not (np.isfinite(self.sm_scale) and self.sm_scale > 0):
            raise InputError(f"sm_scale must be a positive number of GeV (or None), got {self.sm_scale!r}.")
        if self.sm_inputs not in INPUT_SETS:
            raise InputError(f"sm_inputs must be one of {INPUT_SETS}, got {self.sm_inputs!r}.")

    def check_parameters(self, x):
        """Python-level validation of a concrete parameter vector (InputError)."""
        x = np.asarray(x, float)
        n = len(self.parameter_names)
        if x.ndim != 1 or x.shape[0] != n:
            raise InputError(f"{type(self).__name__}: expected a parameter vector of length {n} "
                             f"({', '.join(self.parameter_names)}), got shape {tuple(x.shape)}.")
        if not np.all(np.isfinite(x)):
            bad = [self.parameter_names[i] for i in np.flatnonzero(~np.isfinite(x))]
            raise InputError(f"{type(self).__name__}: non-finite parameter(s) {bad}.")
        for m in self._MASSES:
            v = x[self.parameter_names.index(m)]
            if not v > 0:
                raise InputError(f"{type(self).__name__}: mass {m} = {float(v)} GeV must be positive.")

    def _bad(self, x):
        """Run-time validity condition (traced ``x``): non-positive masses (subclasses extend it)."""
        idx = jnp.array([self.parameter_names.index(m) for m in self._MASSES])
        return jnp.any(x[idx] <= 0)

    def _check_x(self, x):
        """``x`` validated: :meth:`check_parameters` (InputError) when concrete, else ONE run-time
        ``jaxalign.errors.check`` (several host checks in one vmapped program were seen to
        deadlock XLA:CPU for large batches; see the U2Spurion class docstring)."""
        x = jnp.asarray(x, float)
        xn = _concrete(x)
        if xn is not None:
            self.check_parameters(xn)
            return x
        if not self.runtime_checks:
            return x
        return check(x, self._bad(x), f"{type(self).__name__}: masses M_S1, M_Phi must be positive"
                     + (" and |s_e| < 1" if "s_e" in self.parameter_names else ""))

    def masses(self, x):
        x = jnp.asarray(x, float)
        return x[self.parameter_names.index("M_S1")], x[self.parameter_names.index("M_Phi")]

    def matching_scale(self, x):
        """μ (GeV) of the returned coefficients: ``mu_H`` or M_S₁ (ALIGN: μ_H = M_S₁)."""
        if self.mu_H is not None:
            return jnp.asarray(self.mu_H, float)
        return self.masses(x)[0]

    def _sm(self):
        return sm_couplings_at(self.sm_inputs, self.sm_scale)

    def weak_mixing(self):
        """(c_θ, s_θ) of the SM couplings used (eq. 3.8)."""
        s = self._sm()
        return s["g2"] / np.hypot(s["g1"], s["g2"]), s["g1"] / np.hypot(s["g1"], s["g2"])

    def unrotated_coefficients(self, x) -> dict:
        """Warsaw arrays at :meth:`matching_scale` in the basis of the couplings."""
        return self._unrotated(self._check_x(x))

    def _unrotated(self, x) -> dict:
        lamL, lamR, lame, lamu = self.couplings(x)
        MS, MPhi = self.masses(x)
        C = zero_coefficients(S1PHI_CLASSES)
        C.update(s1phi_tree_matching(lamL, lamR, lame, lamu, MS, MPhi))
        if self.include_dipoles:
            s = self._sm()
            eB, eW = s1_dipole_matrices(lamL, lamR, MS, self.matching_scale(x), jnp.asarray(s["Gu"]),
                                        self.yukawa(x), s["g1"], s["g2"])
            C["eB"], C["eW"] = eB, eW
        return C

    def flavour_phases(self, x) -> dict:
        """θ_L^{u1}, θ_L^{u3}, θ_L^{eγ}, θ_L^Y (eq. 3.18, 12 sector) and the right-handed ones, from
        the matched coefficients at :meth:`matching_scale` in the couplings' basis (complex)."""
        cw, sw = self.weak_mixing()
        return phases_from_coefficients(self.unrotated_coefficients(x), cw, sw, self.yukawa(x))

    def derived(self, y_ew, egamma_ew):
        """ε₁₂^{L,R}, ε₂₃^{L,R} (ALIGN eq. 2.8) from the photon dipole at m_Z (real parts; 0 where
        the diagonal entry vanishes, see :func:`jaxalign.models.u2_spurion.eps_ratios`)."""
        return eps_ratios(egamma_ew)


def _cplx_names(prefix, pairs):
    return tuple(f"{prefix}_{a}{b}_{p}" for a, b in pairs for p in ("re", "im"))


@dataclass(frozen=True, eq=True)
class S1Phi(_S1PhiBase):
    """ALIGN §5 S₁ + Φ model with general complex couplings (module docstring).

    Parameters ``x`` (real): ``lamL_iα_re/_im`` (λ^L_{iα}), ``lamR_iα_*``, ``lame_αβ_*``,
    ``lamu_ij_*`` (i, j, α, β = 1, 2, 3; Warsaw-down basis, Y_e diagonal), then ``M_S1``, ``M_Phi``
    (GeV). With ``third_generation=True`` only λ^{L,R}_{3α} and λ^u_33 are parameters (the others
    vanish; the setting of ALIGN eqs. 5.5–5.8).

    Args (static fields):
        third_generation: restrict the quark couplings to the third generation.
        mu_H: scale of the coefficients (None: M_S₁).
        sm_inputs, sm_scale: SM couplings in the loop (input set; GeV or None for m_Z).
        include_dipoles: add the one-loop C_eB, C_eW (eq. 5.4).
        runtime_checks: one run-time ``jaxalign.errors.check`` under a trace (positive masses);
            ``False`` for fits, see :class:`jaxalign.models.u2_spurion.U2Spurion`.
    """

    third_generation: bool = False
    mu_H: float | None = None
    sm_inputs: str = "2021"
    sm_scale: float | None = 3000.0
    include_dipoles: bool = True
    runtime_checks: bool = True
    description: str = "ALIGN §5: S1 leptoquark + Higgs-like Phi, tree (eq. 5.3) + one-loop dipole (eq. 5.4)"
    references: tuple = ("Isidori, Pagès, Wilsch, arXiv:2111.13724 (ALIGN), §5 eqs. 5.1-5.9, Table 1",)

    def __post_init__(self):
        self._validate_fields()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        all_ = [(a, b) for a in (1, 2, 3) for b in (1, 2, 3)]
        q = [(3, b) for b in (1, 2, 3)] if self.third_generation else all_
        u = [(3, 3)] if self.third_generation else all_
        return (_cplx_names("lamL", q) + _cplx_names("lamR", q) + _cplx_names("lame", all_)
                + _cplx_names("lamu", u) + ("M_S1", "M_Phi"))

    def couplings(self, x):
        """(λ^L, λ^R, λ^e, λ^u) as complex 3×3 arrays ([i, α], [i, α], [α, β], [i, j])."""
        x = jnp.asarray(x, float)
        z = x[0:-2:2] + 1j * x[1:-2:2]
        if self.third_generation:
            lamL = jnp.zeros((3, 3), complex).at[2].set(z[0:3])
            lamR = jnp.zeros((3, 3), complex).at[2].set(z[3:6])
            lame = z[6:15].reshape(3, 3)
            lamu = jnp.zeros((3, 3), complex).at[2, 2].set(z[15])
        else:
            lamL, lamR, lame, lamu = (z[9 * k: 9 * k + 9].reshape(3, 3) for k in range(4))
        return lamL, lamR, lame, lamu

    def yukawa(self, x):
        """Y_e of the inputs at ``sm_scale`` (diagonal in this basis)."""
        return jnp.asarray(self._sm()["Ge"], complex)

    def coefficients(self, x):
        """Warsaw arrays (GeV⁻²) at :meth:`matching_scale`: tree level (eq. 5.3 and the other
        classes) + one-loop dipoles; the couplings' basis is the WCxf one (nothing to rotate)."""
        return self.unrotated_coefficients(x)

    def default_bounds(self) -> dict:
        return {n: ((500.0, 20000.0) if n in self._MASSES else (-1.0, 1.0)) for n in self.parameter_names}


@dataclass(frozen=True, eq=True)
class S1PhiU2(_S1PhiBase):
    """ALIGN §5 with a minimally broken U(2)_L × U(2)_E (eq. 5.9; spurions of eq. 4.3).

    Couplings (real; i = 3 only, condition I of Table 1 needs λ^L_{iα} ≪ λ^L_{3α} for i = 1, 2):

    * λ^L_{3α} = (λ^L_32 (V_ℓ)_α/(V_ℓ)_2, λ^L_33) = (0, ``lamL_32``, ``lamL_33``) — U(2)_L: the
      light-lepton coupling ∝ V_ℓ;
    * λ^R_{3β} ∝ (V_ℓ†Δ_e)_β = ε_ℓ (Δ_e)_{2β} for β = 1, 2: (``lamR_32`` (Δ_e)_21/(Δ_e)_22,
      ``lamR_32``, ``lamR_33``);
    * λ^e = ``lame_22`` S^Φ/S^Φ_22 with the spurion structure of eqs. (4.4)/(4.9), coefficients
      a_Φ ≡ 1, ``b_Phi``, ``f_Phi``, ``g_Phi``; λ^u = ``lamu_33`` at (3, 3) only;
    * Y_e = eq. (4.2) (a = f = g = 1, b = 0) normalised to the inputs' y_τ at ``sm_scale``.

    Parameters: ``eps_l, s_e`` (+ ``delta_e, delta_p_e`` unless ``deltas_from_masses``),
    ``lamL_32, lamL_33, lamR_32, lamR_33, lame_22, b_Phi, f_Phi, g_Phi, lamu_33, M_S1, M_Phi``.

    The coefficients are returned in the basis where this Y_e is diagonal (exact, differentiable
    rotation of the lepton indices; see :mod:`jaxalign.models.u2_spurion`, "Mass basis").
    ``runtime_checks``: as in :class:`S1Phi` (masses > 0 and |s_e| < 1).
    """

    deltas_from_masses: bool = True
    mu_H: float | None = None
    sm_inputs: str = "2021"
    sm_scale: float | None = 3000.0
    include_dipoles: bool = True
    runtime_checks: bool = True
    description: str = "ALIGN eq. 5.9: S1 + Phi with minimally broken U(2)_L x U(2)_E couplings, lepton mass basis"
    references: tuple = S1Phi.references

    def __post_init__(self):
        self._validate_fields()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        d = () if self.deltas_from_masses else ("delta_e", "delta_p_e")
        return (("eps_l", "s_e") + d + ("lamL_32", "lamL_33", "lamR_32", "lamR_33", "lame_22", "b_Phi",
                                         "f_Phi", "g_Phi", "lamu_33", "M_S1", "M_Phi"))

    def check_parameters(self, x):
        super().check_parameters(x)
        p = dict(zip(self.parameter_names, np.asarray(x, float)))
        if not abs(p["s_e"]) < 1:
            raise InputError(f"S1PhiU2: |s_e| must be < 1, got {p['s_e']}.")
        if not self.deltas_from_masses and (p["delta_e"] == 0 or p["delta_p_e"] == 0):
            raise InputError("S1PhiU2: delta_e and delta_p_e must be nonzero.")
        if 1.0 + p["b_Phi"] * p["eps_l"] ** 2 == 0:
            raise InputError("S1PhiU2: 1 + b_Phi ε_ℓ² = 0: the 22 entry of λ^e cannot carry its size.")

    def _bad(self, x):
        return super()._bad(x) | (jnp.abs(x[self.parameter_names.index("s_e")]) >= 1)

    def _p(self, x):
        x = jnp.asarray(x, float)
        return dict(zip(self.parameter_names, (x[i] for i in range(x.shape[0]))))

    def deltas(self, p):
        if not self.deltas_from_masses:
            return p["delta_e"], p["delta_p_e"]
        r_e, r_mu = _lepton_ratios(self.sm_inputs)
        return deltas_from_mass_ratios(p["eps_l"], p["s_e"], r_e, r_mu)

    def couplings(self, x):
        p = self._p(x)
        d, dp = self.deltas(p)
        _, D = spurions(p["eps_l"], p["s_e"], d, dp)
        lamL = jnp.zeros((3, 3), complex).at[2, 1].set(p["lamL_32"]).at[2, 2].set(p["lamL_33"])
        lamR = (jnp.zeros((3, 3), complex).at[2, 0].set(p["lamR_32"] * D[1, 0] / D[1, 1])
                .at[2, 1].set(p["lamR_32"]).at[2, 2].set(p["lamR_33"]))
        one = jnp.ones_like(p["eps_l"])
        S = spurion_matrix(p["eps_l"], p["s_e"], d, dp, one, p["b_Phi"], p["f_Phi"], p["g_Phi"])
        lame = (p["lame_22"] * S / S[1, 1]).astype(complex)
        lamu = jnp.zeros((3, 3), complex).at[2, 2].set(p["lamu_33"])
        return lamL, lamR, lame, lamu

    def yukawa(self, x):
        """Y_e of eq. (4.2) in the U(2) basis (3×3 complex), largest singular value = y_τ(inputs)."""
        p = self._p(x)
        d, dp = self.deltas(p)
        one = jnp.ones_like(p["eps_l"])
        S = spurion_matrix(p["eps_l"], p["s_e"], d, dp, one, 0.0 * one, one, one)
        ytau = abs(float(np.real(self._sm()["Ge"][2, 2])))
        return (ytau * S / _singular_values(S)[2]).astype(complex)

    def theta_eq59(self, x) -> dict:
        """ALIGN eq. (5.9) to lowest order: θ_L^eγ = (V_ℓ)_1/(V_ℓ)_2 (= 0) and
        θ_L^Y = (Δ_e)_12/(Δ_e)_22 (= −s_e/c_e; printed "→ s_e")."""
        p = self._p(x)
        d, dp = self.deltas(p)
        V, D = spurions(p["eps_l"], p["s_e"], d, dp)
        return {"theta_eg": V[0] / V[1], "theta_Y": D[0, 1] / D[1, 1]}

    def rotation(self, x):
        """(U_L, U_R) with Y_e = U_L diag U_R† (Y_e of :meth:`yukawa`)."""
        return mass_basis_rotation(self.yukawa(x))

    def coefficients(self, x):
        """Warsaw arrays (GeV⁻²) at :meth:`matching_scale` in the basis where Y_e is diagonal."""
        x = self._check_x(x)
        UL, UR = mass_basis_rotation(self.yukawa(x))
        return rotate(self._unrotated(x), {"l": UL, "e": UR})

    def default_bounds(self) -> dict:
        out = {}
        for n in self.parameter_names:
            if n in self._MASSES:
                out[n] = (500.0, 20000.0)
            elif n == "eps_l":
                out[n] = (0.0, 0.5)
            elif n == "s_e":
                out[n] = (-0.3, 0.3)
            elif n.startswith("delta"):
                out[n] = (1e-5, 0.2)
            else:
                out[n] = (-1.0, 1.0)
        return out
