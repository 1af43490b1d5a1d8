r"""Flavour alignment of the lepton dipole: θ^X_{L,R}, ε₁₂^{L,R}, ε₂₃^{L,R}, Δ₁, Δ₃ (ALIGN §2–3).

ALIGN = Isidori, Pagès, Wilsch, "Flavour alignment of New Physics in light of the (g−2)μ anomaly",
arXiv:2111.13724. Equation numbers below are ALIGN's.

Conventions
-----------
Lepton indices are 0-based in the code (e, μ, τ = 0, 1, 2) and 1-based in the text. Every quantity
is given for four *sectors*:

=======  ===================  =====================  =====================================
sector   ε (eq. 2.8)          θ^X (eq. 3.18)         ALIGN
=======  ===================  =====================  =====================================
``12L``  C'_eγ,12 / C'_eγ,22  X_12 / X_22            ε₁₂^L, θ_L^X (eq. 3.18 as printed)
``12R``  C'_eγ,21 / C'_eγ,22  X_21 / X_22            ε₁₂^R, θ_R^X ("21 over 22", §3.2)
``23L``  C'_eγ,23 / C'_eγ,33  X_23 / X_33            ε₂₃^L ("completely analogous", §3.2)
``23R``  C'_eγ,32 / C'_eγ,33  X_32 / X_33            ε₂₃^R
=======  ===================  =====================  =====================================

The first lepton index belongs to ℓ̄ (left-handed doublet), the second to e (right-handed), as in
every operator of eq. (3.1). For the four-fermion classes X_ij means the quark-index-33 entry
C_ij33 (C_lequ^(1,3)_ij33, C_ledq_ij33, eq. 3.18). The operators ("X") are

==========  ===============================================  =================================
``Y``       [Y_e] = ``Ge`` (the Lagrangian Yukawa, eq. 3.3)   dimension four
``egamma``  C_eγ = c_θ C_eB − s_θ C_eW (eq. 3.6)              c_θ, s_θ from g, g' (eq. 3.8)
``eH``      C_eH = ``ephi``
``u1``      C_lequ^(1)_ij33 = ``lequ1[:, :, 2, 2]``
``u3``      C_lequ^(3)_ij33 = ``lequ3[:, :, 2, 2]``
``d``       C_ledq_ij33 = ``ledq[:, :, 2, 2]``
==========  ===============================================  =================================

At Λ the weak mixing of C_eγ uses the couplings g, g' of the state there (eq. 3.8); at μ_L it uses
the matching inputs of :func:`jaxalign.matching.smeft_to_wet.weak_mixing`, as the dipole
observables do (:func:`jaxalign.chain.photon_dipole_mz`).

**θ^Y and the basis at Λ.** A WCxf point is given in the Warsaw-down basis at Λ, where the lepton
*mass* matrix 𝒴_e = Y_e − (v²/2) C_eH is diagonal; then θ^Y = (v²/2)[C_eH]_12/[Y_e]_22 (zero
without C_eH). To study θ^Y ≠ 0 pass a state dict with an explicit ``Ge`` (and/or any other SM
coupling) at Λ, or rotate the Yukawa with :func:`rotate_lepton_yukawa` (the ``yukawa_rotation``
argument); the remaining SM couplings are fixed from the electroweak inputs
(:func:`jaxalign.smeft.rge.sm_at_scale`).

**Mass basis at μ_L.** After the running (no rotation to the Warsaw-down basis, ``rotate=False``),
𝒴_e = Y_e − (v²/2)C_eH is diagonalised exactly (:func:`jaxalign.smeft.flavour_basis.diagonalise`,
𝒴_e = U_L diag(y) U_R†, ascending masses, diag(U_L) real positive) and C'_eγ = U_L† C_eγ U_R. This
convention is the one in which eqs. (3.19)–(3.20) are the small-angle limit; the Warsaw-down basis
of the WCxf output additionally rephases the charged leptons to the PMNS standard form (which can
flip the sign of an off-diagonal entry), so ε here is compared with ALIGN's linear formulae, not
with the phases of a WCxf output file. |ε| is convention independent.

**Linearised decomposition.** For each sector (d = 22 for 12, 33 for 23)

    ε = (θ^eγ − θ^Y) + (θ^u3 − θ^eγ) Δ₃ + (θ^u1 − θ^Y) Δ₁                           (eq. 3.22)
          + (θ^d − θ^Y) Δ_d + (θ^eH − θ^Y) Δ_eH                            (rest of eq. 3.21)

with (eqs. 3.16–3.17, 3.21, 3.23–3.24; L̂ = ln(μ_H/μ_L)/(16π²))

    Δ₃ = −16 L̂ e y_t C_lequ^(3)_dd33(μ_H) / C_eγ,dd(μ_L),
    Δ₁ = −6 y_t³ L̂ v² C_lequ^(1)_dd33(μ_H) / 𝒴_dd(μ_L),
    Δ_d = +6 y_b³ L̂ v² C_ledq_dd33(μ_H) / 𝒴_dd(μ_L),
    Δ_eH = (v²/2)(1 − 9(y_t² + y_b²)L̂) C_eH,dd(μ_H) / 𝒴_dd(μ_L).

:func:`deltas_leading_log` evaluates these formulae (y_t = |[Y_u]_33|, y_b = |[Y_d]_33|,
e = g g'/√(g² + g'²) at μ_H by default, ``couplings="low"`` for μ_L); :func:`deltas_running` gives
the same coefficients from the numerical running, as linear responses: Δ₃ = δC_eγ,dd(μ_L)[C_lequ^(3)
alone]/C_eγ,dd(μ_L) and Δ_X = −δ𝒴_dd(μ_L)[X alone]/𝒴_dd(μ_L) for X = u1, d, eH (the one-loop running
of the coefficients is linear in them at fixed SM couplings). With these, eq. (3.21) reproduces the
rotation-linearised ε = C_eγ,off/C_eγ,dd − 𝒴_off/𝒴_dd (eqs. 3.19–3.20 with the exact running)
up to the flavour non-universality of the running (∝ y_μ², y_τ²) and the classes outside eq. (3.2).

**Absent and singular operators.** If X_off = X_dd = 0 the operator is absent in that sector: θ^X
is set to 0 with status ``absent`` (its Δ vanishes, so nothing depends on the value). If X_dd = 0
but X_off ≠ 0, θ^X is undefined (status ``singular``, value 0) and the linearised formula is
flagged invalid for that sector; the exact ε is unaffected. No function returns NaN.

Everything up to :func:`misalignment_exact`/:func:`misalignment_linear` is pure JAX (jit, grad);
:func:`alignment_report` validates the input in Python, runs one compiled program and adds the
experimental bounds of eqs. (2.5)–(2.10) from ``jaxalign/data/measurements/<vintage>/``.
"""

from __future__ import annotations

import functools
import math
import os
import pathlib
from dataclasses import dataclass, field
import jax
import jax.numpy as jnp
import numpy as np

from ..errors import InputError, WCxfError, suggest
from ..matching.smeft_to_wet import weak_mixing
from ..smeft.flavour_basis import diagonalise
from ..smeft.operators import D6_CLASSES, DIPOLE_SECTOR, SM_KEYS, class_shape
from ..smeft.rge import LOOP_FACTOR, run_smeft, sm_at_scale
from ..smeft.sm_couplings import vev_from_gf
from ..units import TeV

__all__ = [
    "SECTORS",
    "OPERATORS",
    "TERMS",
    "DELTAS",
    "ALIGN_PRINTED",
    "lepton_flavour_matrices",
    "flavour_phases",
    "rotate_lepton_yukawa",
    "high_scale_state",
    "run_unrotated",
    "mass_basis",
    "epsilons",
    "misalignment_exact",
    "check_state",
    "deltas_leading_log",
    "deltas_running",
    "misalignment_linear",
    "experimental_bounds",
    "AlignmentReport",
    "alignment_report",
    "format_report",
]

#: The four misalignment sectors: name → ((off-diagonal index), (diagonal index)), 0-based.
SECTORS = ("12L", "12R", "23L", "23R")
_IDX = {
    "12L": ((0, 1), (1, 1)),
    "12R": ((1, 0), (1, 1)),
    "23L": ((1, 2), (2, 2)),
    "23R": ((2, 1), (2, 2)),
}
#: The operators with a flavour phase (eq. 3.18), in the order of the report.
OPERATORS = ("Y", "egamma", "eH", "u1", "u3", "d")
OPERATOR_LABELS = {
    "Y": "Y_e (Ge)",
    "egamma": "C_eγ",
    "eH": "C_eH (ephi)",
    "u1": "C_lequ(1)_ij33",
    "u3": "C_lequ(3)_ij33",
    "d": "C_ledq_ij33",
}
#: Terms of eqs. (3.21)/(3.22); the first three are eq. (3.22).
TERMS = ("eg-Y", "u3-eg", "u1-Y", "d-Y", "eH-Y")
TERM_LABELS = {
    "eg-Y": "θ^eγ − θ^Y",
    "u3-eg": "(θ^u3 − θ^eγ) Δ3",
    "u1-Y": "(θ^u1 − θ^Y) Δ1",
    "d-Y": "(θ^d − θ^Y) Δd",
    "eH-Y": "(θ^eH − θ^Y) ΔeH",
}
_TERMS_322 = TERMS[:3]
#: The Δ coefficients: name → source operator.
DELTAS = {"Delta3": "u3", "Delta1": "u1", "Deltad": "d", "DeltaeH": "eH"}
#: status codes of a flavour phase
STATUS = {0: "ok", 1: "absent", 2: "singular"}

#: Numbers printed in ALIGN §2, quoted for the comparison column of the report (never used in a
#: computation): eq. (2.4) "Re C'_eγ22 ≈ 1.0 × 10⁻⁵ TeV⁻²"; eq. (2.6) "|C'_eγ12(21)| < 2.1 × 10⁻¹⁰
#: TeV⁻²" (from B(μ→eγ) < 4.2 × 10⁻¹³, MEG); eq. (2.7) "|ε₁₂^L|, |ε₁₂^R| < 2 × 10⁻⁵"; eq. (2.9)
#: "|C'_eγ23(32)| < 2.7 × 10⁻⁶ TeV⁻²" (from B(τ→μγ) < 4.4 × 10⁻⁸, BaBar); eq. (2.10)
#: "|ε₂₃^{L,R}| < 1.6 × 10⁻² × |y_τ C'_eγ22/(y_μ C'_eγ33)|".
ALIGN_PRINTED = {
    "C22_TeV": 1.0e-5,
    "C12_max_TeV": 2.1e-10,
    "eps12_max": 2e-5,
    "C23_max_TeV": 2.7e-6,
    "kappa23": 1.6e-2,
}

# the pieces of the input whose running is followed separately (numerical Δ's)
_PIECES = ("base", "egamma", "u3", "u1", "d", "eH")


# ---------------------------------------------------------------------------------------------
# flavour phases at Λ (eq. 3.18)
# ---------------------------------------------------------------------------------------------


def _weak_angles(state, cw, sw):
    if cw is not None and sw is not None:
        return cw, sw
    if "g" not in state or "gp" not in state:
        raise InputError(
            "C_eγ = c_θ C_eB − s_θ C_eW (ALIGN eq. 3.6) needs the weak mixing: give the couplings "
            "'g' and 'gp' in the state or pass cw, sw."
        )
    g, gp = jnp.real(state["g"]), jnp.real(state["gp"])
    n = jnp.sqrt(g**2 + gp**2)
    return g / n, gp / n  # eq. (3.8)


def _get(state, key, shape=(3, 3)):
    return jnp.asarray(state[key], complex) if key in state else jnp.zeros(shape, complex)


def lepton_flavour_matrices(state: dict, cw=None, sw=None) -> dict:
    """The 3×3 lepton matrices of the operators of eq. (3.2): ``{op: matrix}`` for :data:`OPERATORS`.

    ``egamma`` = c_θ C_eB − s_θ C_eW (eq. 3.6) with c_θ, s_θ from the state's g, g' (eq. 3.8) unless
    given; four-fermion classes at quark indices 33; absent classes are zero.
    """
    cw, sw = _weak_angles(state, cw, sw) if ("eB" in state or "eW" in state) else (1.0, 0.0)
    z4 = (3, 3, 3, 3)
    return {
        "Y": _get(state, "Ge"),
        "egamma": cw * _get(state, "eB") - sw * _get(state, "eW"),
        "eH": _get(state, "ephi"),
        "u1": _get(state, "lequ1", z4)[:, :, 2, 2],
        "u3": _get(state, "lequ3", z4)[:, :, 2, 2],
        "d": _get(state, "ledq", z4)[:, :, 2, 2],
    }


#: a diagonal entry below this fraction of the largest entry of its matrix counts as vanishing
#: when it results from the running/rotation (numerical noise of the exact SVD is ~1e-16 relative)
RTOL_ZERO = 1e-12


def _ratio(num, den, scale=None):
    """num/den where den ≠ 0 (or |den| > RTOL_ZERO·scale), else 0 (NaN-free, also in gradients);
    and the validity mask."""
    ok = jnp.abs(den) > (0.0 if scale is None else RTOL_ZERO * jax.lax.stop_gradient(scale))
    return jnp.where(ok, num / jnp.where(ok, den, 1.0), 0.0), ok


def _maxabs(M):
    return jnp.max(jnp.abs(M))


def _phase_status(num, den):
    ok = jnp.abs(den) > 0
    return jnp.where(ok, 0, jnp.where(jnp.abs(num) > 0, 2, 1)).astype(jnp.int32)


def flavour_phases(state: dict, cw=None, sw=None) -> dict:
    """Flavour phases θ^X of eq. (3.18) and their right-handed and 23-sector analogues.

    ``θ^X[s] = X_off / X_dd`` with the indices of :data:`SECTORS` (12L: X_12/X_22, 12R: X_21/X_22,
    23L: X_23/X_33, 23R: X_32/X_33) for each operator of :data:`OPERATORS`, at the scale of
    ``state`` (a dict of SM couplings and dimension-six arrays, e.g. from :func:`high_scale_state`).

    Returns ``{"theta": {op: {sector: complex}}, "status": {op: {sector: int}}}`` with status
    0 = ok, 1 = absent (X_off = X_dd = 0; θ set to 0), 2 = singular (X_dd = 0 ≠ X_off; θ set to 0,
    undefined). Pure JAX, NaN-free.
    """
    mats = lepton_flavour_matrices(state, cw, sw)
    theta, status = {}, {}
    for op, M in mats.items():
        theta[op], status[op] = {}, {}
        for s in SECTORS:
            off, dd = _IDX[s]
            theta[op][s] = _ratio(M[off], M[dd])[0]
            status[op][s] = _phase_status(M[off], M[dd])
    return {"theta": theta, "status": status}


def rotate_lepton_yukawa(Ge, theta) -> jnp.ndarray:
    """``R_L Ge R_Rᵀ`` with real rotations giving the Yukawa a flavour phase θ^Y (eq. 3.18).

    ``theta``: array of 4 values in the order of :data:`SECTORS` (12L, 12R, 23L, 23R), or a dict
    ``{sector: value}``. Each is turned into a rotation angle arctan(θ) in the (12) or (23) plane
    (``R_L = R₁₂(θ₁₂L) R₂₃(θ₂₃L)``, ``R_R`` likewise, R_ij = sin on the upper off-diagonal), so that
    for a diagonal ``Ge`` and a single non-zero entry [Ge']_12/[Ge']_22 = θ₁₂L exactly (and
    [Ge']_21/[Ge']_22 = θ₁₂R, [Ge']_23/[Ge']_33 = θ₂₃L, [Ge']_32/[Ge']_33 = θ₂₃R); with several, up
    to products of the θ's. The eigenvalues (lepton masses) are unchanged. Pure JAX.
    """
    if isinstance(theta, dict):
        bad = [k for k in theta if k not in SECTORS]
        if bad:
            raise InputError(f"unknown Yukawa-rotation sector {bad[0]!r}; use {', '.join(SECTORS)}.")
        theta = jnp.asarray([float(theta.get(s, 0.0)) for s in SECTORS])
    t = jnp.arctan(jnp.asarray(theta, float))

    def R(i, j, a):
        c, s = jnp.cos(a), jnp.sin(a)
        m = jnp.eye(3)
        return m.at[i, i].set(c).at[j, j].set(c).at[i, j].set(s).at[j, i].set(-s)

    RL = R(0, 1, t[0]) @ R(1, 2, t[2])
    RR = R(0, 1, t[1]) @ R(1, 2, t[3])
    return RL @ jnp.asarray(Ge, complex) @ RR.T


# ---------------------------------------------------------------------------------------------
# state at Λ, running, exact mass basis
# ---------------------------------------------------------------------------------------------

_SM_SHAPES = {"g": (), "gp": (), "gs": (), "Lambda": (), "m2": (), "Gu": (3, 3), "Gd": (3, 3), "Ge": (3, 3)}


def check_state(C_in: dict, where: str = "state") -> None:
    """Static checks of a state dict: known keys (SM couplings or the 59 dimension-six classes) and
    shapes. Raises :class:`WCxfError` naming the offending key."""
    if not isinstance(C_in, dict) or not C_in:
        raise WCxfError(f"{where}: expected a non-empty dict of coefficient arrays (WCxf class names, "
                        "e.g. 'eB', 'lequ3', and optionally SM couplings such as 'Ge').")
    valid = tuple(SM_KEYS) + tuple(D6_CLASSES)
    for k, v in C_in.items():
        if k not in valid:
            raise WCxfError(
                f"{where}: unknown key {k!r}: expected a full-flavour Warsaw class name (e.g. 'eB', "
                f"'lequ3') or an SM coupling ({', '.join(SM_KEYS)}).{suggest(str(k), valid)}"
            )
        want = _SM_SHAPES[k] if k in _SM_SHAPES else class_shape(k)
        if tuple(np.shape(v)) != want:
            raise WCxfError(f"{where}: {k!r} must have shape {want}, got {tuple(np.shape(v))}.")
    if not any(k not in SM_KEYS for k in C_in):
        raise WCxfError(f"{where}: no dimension-six coefficient given (only SM couplings).")


def _split(C_in):
    sm_given = {k: v for k, v in C_in.items() if k in SM_KEYS}
    C6 = {k: jnp.asarray(v, complex) for k, v in C_in.items() if k not in SM_KEYS}
    return sm_given, C6


def high_scale_state(C_in: dict, scale_in, sm, yukawa_rotation=None):
    """SM couplings and dimension-six arrays at Λ = ``scale_in``: ``(state, ok)``.

    ``C_in``: full-flavour arrays (WCxf class names, GeV⁻²), optionally with SM couplings
    (``Ge``, ``Gu``, ..., real ``g``, ``gp``, ...). Couplings not given are those of
    :func:`jaxalign.smeft.rge.sm_at_scale` (electroweak inputs run up, Warsaw-down basis at Λ);
    given ones replace them. ``yukawa_rotation`` (4 values, see :func:`rotate_lepton_yukawa`)
    rotates ``Ge`` afterwards. Pure JAX; ``ok`` is the ODE status.
    """
    sm_given, C6 = _split(C_in)
    if all(k in sm_given for k in SM_KEYS):
        sm_hi, ok = {}, jnp.array(True)
    else:
        sm_hi, ok = sm_at_scale(sm, C6, scale_in, throw=False, return_status=True)
        sm_hi = dict(sm_hi)
    for k, v in sm_given.items():
        sm_hi[k] = jnp.asarray(v, complex) if _SM_SHAPES[k] else jnp.asarray(v, float)
    if yukawa_rotation is not None:
        sm_hi["Ge"] = rotate_lepton_yukawa(sm_hi["Ge"], yukawa_rotation)
    return {**sm_hi, **C6}, ok


def run_unrotated(y_hi: dict, scale_in, scale_out, sm):
    """Numerical one-loop running of the state ``y_hi`` (at ``scale_in``) to ``scale_out``, *without*
    the final rotation to the Warsaw-down basis (:func:`jaxalign.smeft.rge.run_smeft` with
    ``rotate=False``): ``(state, ok)``. Pure JAX."""
    sm_in = {k: y_hi[k] for k in SM_KEYS}
    C6 = {k: v for k, v in y_hi.items() if k not in SM_KEYS}
    return run_smeft(C6, scale_in, scale_out, sm, rotate=False, sm_in=sm_in, checked=False)


def _low_matrices(y_lo: dict, sm):
    """(C_eγ, 𝒴_e) at μ_L in the flavour basis of the running (eqs. 3.6–3.7, WCxf signs)."""
    cw, sw, _ = weak_mixing(sm)
    v = vev_from_gf(sm.GF)
    ceg = cw * _get(y_lo, "eB") - sw * _get(y_lo, "eW")
    Y = _get(y_lo, "Ge") - v**2 / 2.0 * _get(y_lo, "ephi")
    return ceg, Y


def mass_basis(y_lo: dict, sm) -> dict:
    """Exact rotation to the charged-lepton mass basis at μ_L.

    𝒴_e = Y_e − (v²/2) C_eH (eq. 3.7) = U_L diag(y) U_R† (exact SVD, ascending, diag(U_L) > 0),
    C'_eγ = U_L† C_eγ U_R. Returns ``C_prime`` (GeV⁻²), ``masses`` (GeV, = v y/√2), ``C_egamma``
    and ``Y`` (before the rotation), ``U_L``, ``U_R``. Pure JAX.
    """
    ceg, Y = _low_matrices(y_lo, sm)
    v = vev_from_gf(sm.GF)
    UL, m, UR = diagonalise(v / jnp.sqrt(2.0) * Y)
    Cp = UL.conj().T @ ceg @ UR
    return {"C_prime": Cp, "masses": m, "C_egamma": ceg, "Y": Y, "U_L": UL, "U_R": UR}


def epsilons(C_prime) -> tuple[dict, dict]:
    """ε of eq. (2.8) for every sector from the mass-basis dipole: ``({s: ε}, {s: valid})``;
    ε = 0 and valid False where the diagonal entry vanishes (|C'_dd| ≤ RTOL_ZERO·max|C'|)."""
    eps, ok = {}, {}
    scale = _maxabs(C_prime)
    for s in SECTORS:
        off, dd = _IDX[s]
        eps[s], ok[s] = _ratio(C_prime[off], C_prime[dd], scale)
    return eps, ok


def _rotation_linear(ceg, Y):
    """Eqs. (3.19)–(3.20): ε = C_eγ,off/C_eγ,dd − 𝒴_off/𝒴_dd (small-angle rotation)."""
    out = {}
    sc, sy = _maxabs(ceg), _maxabs(Y)
    for s in SECTORS:
        off, dd = _IDX[s]
        out[s] = _ratio(ceg[off], ceg[dd], sc)[0] - _ratio(Y[off], Y[dd], sy)[0]
    return out


def _light_cross_term(ceg, Y):
    """The first-order term that eqs. (3.19)–(3.20) drop by neglecting the light diagonal entries
    ("ever smaller values for the ratios of 11 over 22 entries", ALIGN §3.2).

    For 𝒴 = diag(y_l, y_h) + off-diagonal (l, h = light and heavy lepton of the sector, real
    positive diagonal), the bi-unitary rotation to first order in the off-diagonal entries and to
    all orders in r_m = 𝒴_ll/𝒴_hh gives (derived in docs/alignment.md)

        ε_L = C_lh/C_hh − θ_L^𝒴 + (r_C − r_m)(θ_R^𝒴* + r_m θ_L^𝒴)/(1 − r_m²),

    θ_L^𝒴 = 𝒴_lh/𝒴_hh, θ_R^𝒴 = 𝒴_hl/𝒴_hh, r_C = C_ll/C_hh, and the same with L ↔ R (transposed
    entries) for ε_R. This returns the last term per sector: it vanishes when the dipole has the
    light/heavy ratio of the masses (r_C = r_m) or when the Yukawa is a pure one-sided rotation of
    a diagonal matrix (θ_R^𝒴 = −r_m θ_L^𝒴*), and is O(r_C θ^𝒴_other) otherwise.
    """
    out = {}
    sc, sy = _maxabs(ceg), _maxabs(Y)
    for s in SECTORS:
        (i, j), (h, _) = _IDX[s]
        lo = min(i, j)
        this = _ratio(Y[i, j], Y[h, h], sy)[0]
        other = _ratio(Y[j, i], Y[h, h], sy)[0]  # the transposed entry (other chirality)
        rC = _ratio(ceg[lo, lo], ceg[h, h], sc)[0]
        rm = _ratio(Y[lo, lo], Y[h, h], sy)[0]
        out[s] = (rC - rm) * (jnp.conj(other) + rm * this) / (1.0 - rm**2)
    return out


def misalignment_exact(C_in: dict, scale_in, sm, scale_out=None, yukawa_rotation=None) -> dict:
    """ε₁₂^{L,R}, ε₂₃^{L,R} (eq. 2.8) from the full running and the exact mass-basis rotation.

    ``C_in``: full-flavour arrays at Λ = ``scale_in`` (see :func:`high_scale_state`; may contain
    ``Ge`` etc.); ``scale_out``: μ_L (default ``sm.scale_ew`` = m_Z, the weak scale at which ALIGN
    evaluates C'_eγ, §2). Pure JAX (jit/grad work; keys and shapes are checked statically).

    Returns a dict: ``eps`` {sector: complex} (exact), ``valid`` {sector: bool} (C'_dd ≠ 0),
    ``eps_rotation_linear`` (eqs. 3.19–3.20 with the same running), ``C_prime``, ``masses``,
    ``C_egamma``, ``Y`` (μ_L, before rotation), ``state_high``, ``state_low``, ``ok`` (both ODE
    solves succeeded).
    """
    check_state(C_in)
    scale_out = sm.scale_ew if scale_out is None else scale_out
    y_hi, ok1 = high_scale_state(C_in, scale_in, sm, yukawa_rotation)
    y_lo, ok2 = run_unrotated(y_hi, scale_in, scale_out, sm)
    mb = mass_basis(y_lo, sm)
    eps, valid = epsilons(mb["C_prime"])
    return {
        "eps": eps,
        "valid": valid,
        "eps_rotation_linear": _rotation_linear(mb["C_egamma"], mb["Y"]),
        "light_cross": _light_cross_term(mb["C_egamma"], mb["Y"]),
        "C_prime": mb["C_prime"],
        "masses": mb["masses"],
        "C_egamma": mb["C_egamma"],
        "Y": mb["Y"],
        "state_high": y_hi,
        "state_low": y_lo,
        "ok": ok1 & ok2,
    }


# ---------------------------------------------------------------------------------------------
# Δ coefficients and the linearised formula
# ---------------------------------------------------------------------------------------------


def _couplings(y):
    g, gp = jnp.real(y["g"]), jnp.real(y["gp"])
    e = g * gp / jnp.sqrt(g**2 + gp**2)
    return jnp.abs(y["Gu"][2, 2]), jnp.abs(y["Gd"][2, 2]), e


def deltas_leading_log(y_hi: dict, y_lo: dict, scale_in, scale_out, sm, couplings: str = "high") -> dict:
    """Δ₃, Δ₁ (eqs. 3.23–3.24) and Δ_d, Δ_eH (eq. 3.21) in the leading-log form, per sector.

    L̂ = ln(μ_H/μ_L)/(16π²); y_t = |[Y_u]_33|, y_b = |[Y_d]_33|, e = g g'/√(g²+g'²) at μ_H
    (``couplings="high"``, β evaluated once at μ_H as in :mod:`jaxalign.smeft.leading_log`) or at μ_L
    (``"low"``); the high-scale coefficients from ``y_hi``; C_eγ,dd(μ_L) and 𝒴_dd(μ_L) from the
    running ``y_lo`` (unrotated). Returns ``{sector: {"Delta3", "Delta1", "Deltad", "DeltaeH"}}``
    (0 where C_eγ,dd(μ_L) or 𝒴_dd(μ_L) vanishes). Pure JAX.
    """
    if couplings not in ("high", "low"):
        raise InputError(f"couplings must be 'high' or 'low', got {couplings!r}.")
    yt, yb, e = _couplings(y_hi if couplings == "high" else y_lo)
    v = vev_from_gf(sm.GF)
    Lh = LOOP_FACTOR * jnp.log(jnp.asarray(scale_in, float) / jnp.asarray(scale_out, float))
    X = lepton_flavour_matrices(y_hi)
    ceg_L, Y_L = _low_matrices(y_lo, sm)
    sc, sy = _maxabs(ceg_L), _maxabs(Y_L)
    out = {}
    for s in SECTORS:
        _, dd = _IDX[s]
        out[s] = {
            "Delta3": _ratio(-16.0 * Lh * e * yt * X["u3"][dd], ceg_L[dd], sc)[0],
            "Delta1": _ratio(-6.0 * yt**3 * Lh * v**2 * X["u1"][dd], Y_L[dd], sy)[0],
            "Deltad": _ratio(6.0 * yb**3 * Lh * v**2 * X["d"][dd], Y_L[dd], sy)[0],
            "DeltaeH": _ratio(v**2 / 2.0 * (1.0 - 9.0 * (yt**2 + yb**2) * Lh) * X["eH"][dd], Y_L[dd], sy)[0],
        }
    return out


def _pieces(C6: dict) -> dict:
    """The parts of the input whose running is followed separately (same keys as ``C6``)."""
    zero = {k: jnp.zeros_like(v) for k, v in C6.items()}

    def only(keys, quark33=False):
        d = dict(zero)
        for k in keys:
            if k in C6:
                d[k] = jnp.zeros_like(C6[k]).at[:, :, 2, 2].set(C6[k][:, :, 2, 2]) if quark33 else C6[k]
        return d

    return {
        "base": dict(zero),
        "egamma": only(("eB", "eW")),
        "u3": only(("lequ3",), True),
        "u1": only(("lequ1",), True),
        "d": only(("ledq",), True),
        "eH": only(("ephi",)),
    }


def deltas_running(low: dict) -> dict:
    """The Δ coefficients from the numerical running, as linear responses (see module doc).

    ``low``: ``{piece: (C_eγ(μ_L), 𝒴(μ_L))}`` for the pieces ``base`` (no dimension-six input),
    ``egamma`` (C_eB, C_eW only), ``u3``, ``u1``, ``d``, ``eH`` (only that operator, quark indices
    33) and ``full`` (the whole point), each run with the same SM couplings at Λ. With the shares
    a_X = C_eγ,dd[X]/C_eγ,dd[full] and b_X = (𝒴_dd[X] − 𝒴_dd[base])/𝒴_dd[full]:
    Δ₃ = a_u3, Δ₁ = −b_u1, Δ_d = −b_d, Δ_eH = −b_eH — the exact counterparts of eqs. (3.23)–(3.24)
    and of the coefficients of eq. (3.21). The shares of the mixings that eq. (3.21) does not
    have (two-step mixing of u1, d, eH into the dipole, of the dipole and u3 into the Yukawa) are
    returned as ``a_u1, a_d, a_eH, b_egamma, b_u3`` (used by :func:`misalignment_linear` for its
    ``cross`` term). Pure JAX.
    """
    ceg_f, Y_f = low["full"]
    Y_b = low["base"][1]
    sc, sy = _maxabs(ceg_f), _maxabs(Y_f)
    out = {}
    for s in SECTORS:
        _, dd = _IDX[s]
        a = {X: _ratio(low[X][0][dd], ceg_f[dd], sc)[0] for X in ("u3", "u1", "d", "eH")}
        b = {X: _ratio(low[X][1][dd] - Y_b[dd], Y_f[dd], sy)[0] for X in ("egamma", "u3", "u1", "d", "eH")}
        out[s] = {"Delta3": a["u3"], "Delta1": -b["u1"], "Deltad": -b["d"], "DeltaeH": -b["eH"],
                  "a_u1": a["u1"], "a_d": a["d"], "a_eH": a["eH"], "b_egamma": b["egamma"], "b_u3": b["u3"]}
    return out


def misalignment_linear(phases: dict, deltas: dict) -> dict:
    """The linearised ε of eqs. (3.21)–(3.22) from flavour phases and Δ coefficients.

    ``phases``: output of :func:`flavour_phases` at μ_H (or just its ``"theta"`` dict);
    ``deltas``: output of :func:`deltas_leading_log` or :func:`deltas_running`. For each sector::

        terms = {"eg-Y": θ^eγ − θ^Y, "u3-eg": (θ^u3 − θ^eγ)Δ₃, "u1-Y": (θ^u1 − θ^Y)Δ₁,
                 "d-Y": (θ^d − θ^Y)Δ_d, "eH-Y": (θ^eH − θ^Y)Δ_eH}
        eq3.22 = sum of the first three, eq3.21 = sum of all five.

    With the shares of :func:`deltas_running` it also returns ``cross``: the contribution of the
    mixings eq. (3.21) does not contain, (θ^X − θ^eγ) a_X for X = u1, d, eH (two-step mixing into
    the dipole) and −(θ^X − θ^Y) b_X for X = eγ, u3 (into the Yukawa); eq3.21 + cross is the complete
    linear-response reconstruction of eqs. (3.19)–(3.20) for the six operators of eq. (3.2).

    Returns ``{sector: {"terms": {...}, "eq3.22": ε, "eq3.21": ε, ["cross"], "valid3.22", "valid3.21"}}``;
    ``valid`` is False where a phase entering the sum is singular (X_dd = 0 ≠ X_off; only if
    ``phases`` carries a status). Pure JAX.
    """
    theta = phases["theta"] if "theta" in phases else phases
    status = phases.get("status") if "theta" in phases else None
    out = {}
    for s in SECTORS:
        t = {op: theta[op][s] for op in OPERATORS}
        D = deltas[s]
        terms = {
            "eg-Y": t["egamma"] - t["Y"],
            "u3-eg": (t["u3"] - t["egamma"]) * D["Delta3"],
            "u1-Y": (t["u1"] - t["Y"]) * D["Delta1"],
            "d-Y": (t["d"] - t["Y"]) * D["Deltad"],
            "eH-Y": (t["eH"] - t["Y"]) * D["DeltaeH"],
        }
        r = {"terms": terms,
             "eq3.22": sum(terms[k] for k in _TERMS_322),
             "eq3.21": sum(terms[k] for k in TERMS)}
        if "a_u1" in D:  # running Δ's: the mixings beyond eq. (3.21)
            r["cross"] = ((t["u1"] - t["egamma"]) * D["a_u1"] + (t["d"] - t["egamma"]) * D["a_d"]
                          + (t["eH"] - t["egamma"]) * D["a_eH"] - (t["egamma"] - t["Y"]) * D["b_egamma"]
                          - (t["u3"] - t["Y"]) * D["b_u3"])
        if status is not None:
            sing = {op: status[op][s] == 2 for op in OPERATORS}
            r["valid3.22"] = ~(sing["Y"] | sing["egamma"] | sing["u3"] | sing["u1"])
            r["valid3.21"] = r["valid3.22"] & ~(sing["d"] | sing["eH"])
        out[s] = r
    return out


# ---------------------------------------------------------------------------------------------
# the compiled core of the report
# ---------------------------------------------------------------------------------------------


@jax.jit
def _high_jit(C_in, yrot, scale_in, sm):
    return high_scale_state(C_in, scale_in, sm, yrot)


@jax.jit
def _run_jit(y_hi, scale_in, scale_out, sm):
    return run_unrotated(y_hi, scale_in, scale_out, sm)


@jax.jit
def _post_jit(y_hi, ys, scale_in, scale_out, sm):
    """Everything after the running; ``ys``: {piece: low-scale state} (pieces of _PIECES + full)."""
    low = {n: _low_matrices(y, sm) for n, y in ys.items()}
    y_lo = ys["full"]
    mb = mass_basis(y_lo, sm)
    eps, valid = epsilons(mb["C_prime"])
    phases = flavour_phases(y_hi)
    d_ll = {c: deltas_leading_log(y_hi, y_lo, scale_in, scale_out, sm, c) for c in ("high", "low")}
    d_rg = deltas_running(low)
    yt_h, yb_h, e_h = _couplings(y_hi)
    yt_l, yb_l, e_l = _couplings(y_lo)
    return {
        "eps": eps,
        "valid": valid,
        "eps_rotation_linear": _rotation_linear(mb["C_egamma"], mb["Y"]),
        "light_cross": _light_cross_term(mb["C_egamma"], mb["Y"]),
        "C_prime": mb["C_prime"],
        "masses": mb["masses"],
        "C_egamma_low": mb["C_egamma"],
        "Y_low": mb["Y"],
        "phases": phases,
        "deltas_ll": d_ll,
        "deltas_rg": d_rg,
        "linear_ll": {c: misalignment_linear(phases, d) for c, d in d_ll.items()},
        "linear_rg": misalignment_linear(phases, d_rg),
        "couplings_high": {"y_t": yt_h, "y_b": yb_h, "e": e_h},
        "couplings_low": {"y_t": yt_l, "y_b": yb_l, "e": e_l},
    }


def _report_core(C_in, yrot, scale_in, scale_out, sm):
    """The numerical part of the report: one ODE program (compiled once, called for the full point
    and for each piece of the numerical Δ's with the same SM couplings at Λ) and the post-processing."""
    y_hi, ok = _high_jit(C_in, yrot, scale_in, sm)
    sm_hi = {k: y_hi[k] for k in SM_KEYS}
    C6 = {k: v for k, v in y_hi.items() if k not in SM_KEYS}
    pieces = _pieces(C6)
    pieces["full"] = C6
    ys = {}
    for n, Cp in pieces.items():
        ys[n], ok_n = _run_jit({**sm_hi, **Cp}, scale_in, scale_out, sm)
        ok = ok & ok_n
    out = _post_jit(y_hi, ys, scale_in, scale_out, sm)
    out["ok"] = ok
    return out


# ---------------------------------------------------------------------------------------------
# experimental bounds (eqs. 2.3–2.10)
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _read_measurements_cached(vintage: str):
    from ..likelihood.measurements import read_measurements

    return read_measurements(vintage)


def _read_measurements(vintage):
    from ..likelihood.measurements import VINTAGES, read_measurements

    if isinstance(vintage, str) and vintage in VINTAGES:  # bundled files: read once per process
        return _read_measurements_cached(vintage)
    return read_measurements(vintage)


def experimental_bounds(sm, vintage="current") -> dict:
    """Bounds on the mass-basis dipole at μ_L implied by the radiative LFV limits of ``vintage``.

    Limits and a_μ are read from ``jaxalign/data/measurements/<vintage>/`` (the active entry of
    each observable). With ALIGN eq. (2.5), B(ℓ_i → ℓ_j γ) = m_i³ v²/(8π Γ_i)(|C'_ij|² + |C'_ji|²)
    (pole masses and widths of ``sm``; no phase-space factor, as printed), each of C'_ij, C'_ji is
    bounded by √(B_max 8πΓ_i/(m_i³ v²)) (eqs. 2.6, 2.9). The reference muon dipole saturating
    Δa_μ = a_μ^exp − a_μ^SM follows from eq. (2.3), C'_22 = |Δa_μ| e/(4 m_μ) · √2/v (e from the
    matching α, as the a_μ prediction); then |ε₁₂| < C'_12,max/C'_22 (eq. 2.7) and the coefficient
    κ of eq. (2.10), |ε₂₃| < κ |y_τ C'_22/(y_μ C'_33)|, is C'_23,max y_μ/(y_τ C'_22) with y_τ/y_μ from
    the MSbar masses at m_Z. The ``*_alpha0`` entries repeat this with e = √(4π α(0)), which
    reproduces ALIGN's printed eqs. (2.4), (2.7), (2.10). Everything in GeV⁻² (divide by
    ``TeV**-2`` for TeV⁻²).
    """
    meas = _read_measurements(vintage)
    for need in ("BR(mu->egamma)", "BR(tau->mugamma)", "a_mu"):
        if need not in meas:
            raise InputError(f"measurement vintage {vintage!r} has no active entry for {need!r}.")
    v = float(vev_from_gf(sm.GF))
    m = np.asarray(sm.lepton_mass, float)
    width = np.asarray(sm.lepton_width, float)
    _, _, e = weak_mixing(sm)
    e = float(e)
    a = meas["a_mu"]
    da = float(a.value) - float(sm.a_sm[1])
    if da == 0.0:
        raise InputError(f"Δa_μ = a_μ^exp − a_μ^SM vanishes for vintage {vintage!r} and SM inputs "
                         f"{sm.name!r}: no reference muon dipole (ALIGN eq. 2.4).")
    # |Δa_μ|: the bounds are on |ε|; the sign of Δa_μ is reported separately
    c22 = abs(da) * e / (4.0 * m[1]) * math.sqrt(2.0) / v
    ratio = float(sm.m_lepton_mz[2]) / float(sm.m_lepton_mz[1])
    out = {"vintage": str(vintage), "v": v, "e": e, "Delta_a_mu": da, "a_mu_source": str(a.citation),
           "C22_ref": c22, "y_tau_over_y_mu": ratio}
    for key, name, i in (("mu_e", "BR(mu->egamma)", 1), ("tau_mu", "BR(tau->mugamma)", 2)):
        mm = meas[name]
        pref = m[i] ** 3 * v**2 / (8.0 * math.pi * width[i])  # eq. (2.5)
        cmax = math.sqrt(mm.upper_limit / pref)
        out[key] = {"observable": name, "limit": float(mm.upper_limit), "cl": float(mm.cl),
                    "source": str(mm.citation), "file": mm.citation.file, "prefactor": pref,
                    "C_max": cmax}
    out["eps12_max_ref"] = out["mu_e"]["C_max"] / c22
    out["kappa23"] = out["tau_mu"]["C_max"] / (c22 * ratio)
    # the same with e = √(4π α(0)) (Thomson limit) in eq. (2.3): this reproduces the printed
    # eqs. (2.4), (2.7), (2.10) (docs/alignment.md); jaxalign's a_μ uses the matching α (above)
    e0 = math.sqrt(4.0 * math.pi * float(sm.alpha_e_0))
    c22_0 = abs(da) * e0 / (4.0 * m[1]) * math.sqrt(2.0) / v
    out["C22_ref_alpha0"] = c22_0
    out["eps12_max_alpha0"] = out["mu_e"]["C_max"] / c22_0
    out["kappa23_alpha0"] = out["tau_mu"]["C_max"] / (c22_0 * ratio)
    return out


# ---------------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------------


def _np(x):
    return jax.tree_util.tree_map(lambda a: np.asarray(a), x)


@dataclass
class AlignmentReport:
    """Everything :func:`alignment_report` computes, as numpy/Python values (see ``to_dict``)."""

    point: str
    scale_in: float
    scale_out: float
    sm_inputs: str
    vintage: str
    classes: str
    couplings: str
    phases: dict  # {op: {sector: complex}}
    phase_status: dict  # {op: {sector: "ok" | "absent" | "singular"}}
    deltas: dict  # {"leading_log" | "leading_log_high" | "leading_log_low" | "running": {sector: {Delta: complex}}}
    terms: dict  # {"leading_log" | "running": {sector: {term: complex}}}
    eps: dict  # {sector: {"exact", "rotation_linear", "eq3.22_ll", ..., "valid"...}}
    dominant: dict  # {sector: (term, |value|) or None}
    C_prime: np.ndarray  # GeV⁻², mass basis at μ_L
    masses: np.ndarray  # GeV at μ_L
    couplings_used: dict
    observables: dict
    bounds: dict
    warnings: list = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-serialisable dict (complex numbers as ``{"re", "im"}``)."""

        def conv(x):
            if isinstance(x, dict):
                return {str(k): conv(v) for k, v in x.items()}
            if isinstance(x, (list, tuple)):
                return [conv(v) for v in x]
            if isinstance(x, np.ndarray):
                return conv(x.tolist()) if x.ndim else conv(x.item())
            if isinstance(x, (complex, np.complexfloating)):
                return {"re": float(np.real(x)), "im": float(np.imag(x))}
            if isinstance(x, (np.bool_, bool)):
                return bool(x)
            if isinstance(x, (np.integer,)):
                return int(x)
            if isinstance(x, (np.floating, float)):
                return float(x)
            return x

        return {k: conv(getattr(self, k)) for k in self.__dataclass_fields__}


def _resolve_point(point, scale_in, sector):
    """(C_in dict, scale_in, description, classes) from a WCxf object/file, model point or dict."""
    from ..chain import coefficient_arrays
    from ..io.wcxf import WCxf, read_wcxf

    classes = "all" if sector is None else ("dipole" if tuple(sector) == DIPOLE_SECTOR else ",".join(sector))
    if isinstance(point, dict):
        check_state(point)
        if scale_in is None:
            raise InputError("a state dict needs scale_in (the scale Λ in GeV at which it is given).")
        return dict(point), float(scale_in), "state dict", "as given"
    if isinstance(point, (str, os.PathLike)):
        from ..models.point import is_model_point, read_model_point

        path = pathlib.Path(point)
        if is_model_point(path):
            from ..likelihood.build import is_direct_model

            mp = read_model_point(path)
            if is_direct_model(mp.model):
                raise InputError(f"{path}: model {mp.model_name!r} is not a SMEFT model (it predicts "
                                 "observables directly); the alignment analysis needs SMEFT coefficients.")
            if mp.scale is None:
                raise InputError(f"{path}: give the matching 'scale' (GeV) of the SMEFT model point.")
            keys = D6_CLASSES if sector is None else tuple(sector)
            C = {k: jnp.zeros(class_shape(k), complex) for k in keys}
            for k, v in mp.model.coefficients(jnp.asarray(mp.x)).items():
                if k not in C:
                    raise InputError(f"{path}: model {mp.model_name!r} gives class {k!r}, outside the "
                                     f"classes run ({classes}); use all classes.")
                C[k] = jnp.asarray(v, complex)
            return C, float(mp.scale if scale_in is None else scale_in), f"{path} (model {mp.model_name})", classes
        wc = read_wcxf(path)
        desc = str(path)
    elif isinstance(point, WCxf):
        wc, desc = point, "WCxf point"
    else:
        raise InputError(f"point must be a WCxf file/object, a model-point file or a state dict, got {type(point).__name__}.")
    C = coefficient_arrays(wc, sector)
    return C, float(wc.scale if scale_in is None else scale_in), desc, classes


def alignment_report(point, inputs: str = "current", *, sm=None, scale_in=None, scale_out=None,
                     sector=None, couplings: str = "high", yukawa_rotation=None) -> AlignmentReport:
    """The full alignment breakdown of a SMEFT point (see module doc and ``docs/alignment.md``).

    Args:
        point: a WCxf file (SMEFT, Warsaw) or :class:`jaxalign.io.wcxf.WCxf`, a model-point file
            of a SMEFT model, or a state dict of full-flavour arrays (which may include ``Ge`` etc.;
            then ``scale_in`` is required).
        inputs: measurement vintage (``"2021"`` or ``"current"``) for the limits and a_μ; also the
            SM input set unless ``sm`` is given.
        sm: :class:`jaxalign.inputs.SMInputs` to use instead of ``load_inputs(inputs)``.
        scale_in: Λ (default: the point's scale); scale_out: μ_L (default m_Z).
        sector: classes run for WCxf/model points (default all 59; ``DIPOLE_SECTOR`` for the six
            classes of ALIGN eq. 3.2, faster).
        couplings: where y_t, y_b, e of the leading-log Δ's are taken ("high" = μ_H, "low" = μ_L).
        yukawa_rotation: ``{sector: θ}`` rotating Y_e at Λ (:func:`rotate_lepton_yukawa`).

    Raises :class:`InputError`/:class:`WCxfError` on bad input, a scale below m_Z, a failed ODE
    solve, or a point without muon dipole at μ_L (ε₁₂ undefined).
    """
    from ..inputs import load_inputs

    sm = load_inputs(inputs) if sm is None else sm
    C_in, scale_in, desc, classes = _resolve_point(point, scale_in, sector)
    mz = float(sm.scale_ew)
    scale_out = mz if scale_out is None else float(scale_out)
    for name, s in (("scale_in", scale_in), ("scale_out", scale_out)):
        if not math.isfinite(s) or s < mz * (1 - 1e-9):
            raise InputError(f"{name} = {s} GeV is below the electroweak scale {mz} GeV: the SMEFT running "
                             "stops there (ALIGN evaluates C'_eγ at the weak scale).")
    if scale_out > scale_in * (1 + 1e-12):
        raise InputError(f"scale_out = {scale_out} GeV is above scale_in = {scale_in} GeV.")
    for k, v in C_in.items():
        if not np.all(np.isfinite(np.asarray(v))):
            raise InputError(f"coefficient {k!r} is not finite.")
    sources = [k for k in ("eB", "eW", "lequ3") if k in C_in and np.any(np.asarray(C_in[k]) != 0)]
    if not sources:
        raise InputError(
            f"{desc}: no lepton dipole source (eB, eW or lequ3) in the point: C'_eγ,22 would vanish and "
            "ε = C'_eγ,off/C'_eγ,dd (ALIGN eq. 2.8) is undefined. Add e.g. eB_22/eW_22 (the muon dipole "
            "explaining Δa_μ, eq. 2.4) or lequ3_2233."
        )
    yrot = jnp.zeros(4)
    if yukawa_rotation is not None:
        if isinstance(yukawa_rotation, dict):
            bad = [k for k in yukawa_rotation if k not in SECTORS]
            if bad:
                raise InputError(f"unknown Yukawa-rotation sector {bad[0]!r}; use {', '.join(SECTORS)}.")
            yrot = jnp.asarray([float(yukawa_rotation.get(s, 0.0)) for s in SECTORS])
        else:
            yrot = jnp.asarray(yukawa_rotation, float).reshape(4)
    if couplings not in ("high", "low"):
        raise InputError(f"couplings must be 'high' or 'low', got {couplings!r}.")
    res = _np(_report_core(C_in, yrot, scale_in, scale_out, sm))
    res["deltas_ll_both"] = res["deltas_ll"]
    res["deltas_ll"] = res["deltas_ll"][couplings]
    res["linear_ll"] = res["linear_ll"][couplings]
    if not bool(res["ok"]):
        raise InputError(f"{desc}: the RG solution failed (ODE solver did not converge); are the "
                         "coefficients unreasonably large?")
    bad = [k for k, v in jax.tree_util.tree_leaves_with_path(res) if not np.all(np.isfinite(v))]
    if bad:
        raise InputError(f"{desc}: non-finite result in {jax.tree_util.keystr(bad[0])}.")
    if not bool(res["valid"]["12L"]):
        raise InputError(
            f"{desc}: the muon dipole vanishes at μ_L (C'_eγ,22 = 0), so ε₁₂ (ALIGN eq. 2.8) is undefined; "
            "the point needs eB_22/eW_22 or lequ3_2233."
        )
    return _assemble(res, sm, inputs, desc, scale_in, scale_out, classes, couplings)


def _c(x):
    return complex(np.asarray(x).item())


def _assemble(res, sm, vintage, desc, scale_in, scale_out, classes, couplings) -> AlignmentReport:
    warnings = []
    ph = res["phases"]
    phases = {op: {s: _c(ph["theta"][op][s]) for s in SECTORS} for op in OPERATORS}
    status = {op: {s: STATUS[int(ph["status"][op][s])] for s in SECTORS} for op in OPERATORS}
    for op in OPERATORS:
        for s in SECTORS:
            if status[op][s] == "singular":
                warnings.append(f"θ^{op}[{s}] undefined: the diagonal entry vanishes at Λ but the off-diagonal "
                                f"one does not; the linearised formula is not applicable in sector {s}.")
    big = [(op, s) for op in OPERATORS for s in SECTORS if abs(phases[op][s]) > 0.1]
    if big:
        warnings.append("flavour phases above 0.1 (" + ", ".join(f"θ^{o}[{s}]" for o, s in big) +
                        "): the linearised eqs. (3.19)–(3.22) are no longer accurate (docs/alignment.md).")
    deltas = {k: {s: {d: _c(res[r][s][d]) for d in DELTAS} for s in SECTORS}
              for k, r in (("leading_log", "deltas_ll"), ("running", "deltas_rg"))}
    for c in ("high", "low"):
        deltas[f"leading_log_{c}"] = {s: {d: _c(res["deltas_ll_both"][c][s][d]) for d in DELTAS} for s in SECTORS}
    terms = {k: {s: {t: _c(res[r][s]["terms"][t]) for t in TERMS} for s in SECTORS}
             for k, r in (("leading_log", "linear_ll"), ("running", "linear_rg"))}
    eps, dominant = {}, {}
    for s in SECTORS:
        valid = bool(res["valid"][s])
        e = {"exact": _c(res["eps"][s]), "valid": valid,
             "rotation_linear": _c(res["eps_rotation_linear"][s]),
             "light_cross": _c(res["light_cross"][s])}
        e["rotation_first_order"] = e["rotation_linear"] + e["light_cross"]
        for tag, r in (("ll", "linear_ll"), ("rg", "linear_rg")):
            e[f"eq3.22_{tag}"] = _c(res[r][s]["eq3.22"])
            e[f"eq3.21_{tag}"] = _c(res[r][s]["eq3.21"])
        e["cross_mixing"] = _c(res["linear_rg"][s]["cross"])
        e["linear_response"] = e["eq3.21_rg"] + e["cross_mixing"]
        e["linear_valid"] = bool(res["linear_rg"][s]["valid3.21"]) and valid
        eps[s] = e
        if not valid:
            warnings.append(f"ε[{s}] undefined: C'_eγ,{'22' if s.startswith('12') else '33'} = 0 at μ_L.")
        tr = terms["running"][s]
        mags = {t: abs(v) for t, v in tr.items()}
        top = max(mags, key=mags.get)
        dominant[s] = (top, mags[top]) if (mags[top] > 0 and valid) else None
    Cp = np.asarray(res["C_prime"])
    bounds = experimental_bounds(sm, vintage)
    v, e_ch = bounds["v"], bounds["e"]
    mpole = np.asarray(sm.lepton_mass, float)
    obs = {
        # eq. (2.3) at μ_L (ALIGN neglects the running below the weak scale)
        "Delta_a_mu": 4.0 * mpole[1] / e_ch * v / math.sqrt(2.0) * float(np.real(Cp[1, 1])),
        "BR(mu->egamma)": bounds["mu_e"]["prefactor"] * (abs(Cp[0, 1]) ** 2 + abs(Cp[1, 0]) ** 2),
        "BR(tau->mugamma)": bounds["tau_mu"]["prefactor"] * (abs(Cp[1, 2]) ** 2 + abs(Cp[2, 1]) ** 2),
    }
    point_bounds = {
        "eps12_max": bounds["mu_e"]["C_max"] / abs(Cp[1, 1]),
        "eps23_max": bounds["tau_mu"]["C_max"] / abs(Cp[2, 2]) if eps["23L"]["valid"] else None,
    }
    bounds = {**bounds, "point": point_bounds}
    cu = {"high": {k: float(v) for k, v in res["couplings_high"].items()},
          "low": {k: float(v) for k, v in res["couplings_low"].items()}}
    return AlignmentReport(
        point=desc, scale_in=scale_in, scale_out=scale_out, sm_inputs=sm.name, vintage=str(vintage),
        classes=classes, couplings=couplings, phases=phases, phase_status=status, deltas=deltas,
        terms=terms, eps=eps, dominant=dominant, C_prime=Cp, masses=np.asarray(res["masses"]),
        couplings_used=cu, observables=obs, bounds=bounds, warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------
# text output
# ---------------------------------------------------------------------------------------------


def _fmt(z, width=12) -> str:
    z = complex(z)
    if z == 0:
        s = "0"
    elif abs(z.imag) <= 1e-9 * abs(z.real):
        s = f"{z.real:.3e}"
    elif abs(z.real) <= 1e-9 * abs(z.imag):
        s = f"{z.imag:.3e}i"
    else:
        s = f"{z.real:.3e}{z.imag:+.2e}i"
    return s.rjust(width)


def format_report(report: AlignmentReport) -> str:
    """A readable table of an :class:`AlignmentReport` (see ``docs/alignment.md``)."""
    r = report
    W = 14
    L = []
    add = L.append
    add("Flavour alignment of the lepton dipole — ALIGN (Isidori, Pagès, Wilsch, arXiv:2111.13724) §2–3")
    add(f"point: {r.point}")
    add(f"running: one-loop SMEFT (ODE), classes {r.classes}, Λ = {r.scale_in:g} GeV → μ_L = {r.scale_out:g} GeV; "
        f"SM inputs '{r.sm_inputs}', limits '{r.vintage}'")
    add("sectors: 12L = (12 over 22), 12R = (21 over 22), 23L = (23 over 33), 23R = (32 over 33); "
        "lepton indices (ℓ̄, e)")
    add("")
    add("Flavour phases θ^X at Λ (eq. 3.18; '—' = operator absent, '!' = diagonal entry zero)")
    add("  " + "operator".ljust(18) + "".join(s.rjust(W) for s in SECTORS))
    for op in OPERATORS:
        cells = []
        for s in SECTORS:
            st = r.phase_status[op][s]
            cells.append(("—" if st == "absent" else "!").rjust(W) if st != "ok" else _fmt(r.phases[op][s], W))
        add("  " + OPERATOR_LABELS[op].ljust(18) + "".join(cells))
    add("")
    cu = r.couplings_used
    add(f"Δ coefficients (eqs. 3.21, 3.23–3.24); leading log with y_t, y_b, e at μ_{'H' if r.couplings == 'high' else 'L'} "
        f"(y_t = {cu[r.couplings]['y_t']:.4f}, y_b = {cu[r.couplings]['y_b']:.4f}, e = {cu[r.couplings]['e']:.4f}), "
        "full running = linear response of the ODE")
    add("  " + "".ljust(18) + "".join(f"{s}".rjust(W) for s in ("12 LL", "12 running", "23 LL", "23 running")))
    for d in DELTAS:
        cells = [r.deltas["leading_log"]["12L"][d], r.deltas["running"]["12L"][d],
                 r.deltas["leading_log"]["23L"][d], r.deltas["running"]["23L"][d]]
        add("  " + d.ljust(18) + "".join(_fmt(c, W) for c in cells))
    add("")
    add("Misalignment ε (eq. 2.8) at μ_L and its linearised decomposition (eqs. 3.21–3.22, full-running Δ's)")
    add("  " + "".ljust(30) + "".join(s.rjust(W) for s in SECTORS))
    def cell(s, z):
        return _fmt(z, W) if r.eps[s]["valid"] and r.eps[s]["linear_valid"] else "n/a".rjust(W)

    for t in TERMS:
        lab = TERM_LABELS[t] + ("" if t in _TERMS_322 else " *")
        add("  " + lab.ljust(30) + "".join(cell(s, r.terms["running"][s][t]) for s in SECTORS))
    add("  " + "mixing beyond eq. 3.21 †".ljust(30) + "".join(cell(s, r.eps[s]["cross_mixing"]) for s in SECTORS))
    rows = [
        ("eq. 3.22, leading-log Δ", "eq3.22_ll"),
        ("eq. 3.22, running Δ", "eq3.22_rg"),
        ("eq. 3.21, running Δ", "eq3.21_rg"),
        ("eq. 3.21 + † (lin. response)", "linear_response"),
        ("eqs. 3.19–3.20 (lin. rotation)", "rotation_linear"),
        ("  + light-lepton term ‡", "rotation_first_order"),
        ("exact (running + SVD)", "exact"),
    ]
    add("  " + "-" * (30 + W * 4))
    for lab, k in rows:
        cells = []
        for s in SECTORS:
            ok = r.eps[s]["valid"] and (k in ("exact", "rotation_linear", "rotation_first_order")
                                        or r.eps[s]["linear_valid"])
            cells.append(_fmt(r.eps[s][k], W) if ok else "n/a".rjust(W))
        add("  " + lab.ljust(30) + "".join(cells))
    diff = []
    for s in SECTORS:
        ok = r.eps[s]["valid"] and r.eps[s]["linear_valid"]
        diff.append(f"{abs(r.eps[s]['eq3.22_ll'] - r.eps[s]['exact']):.2e}".rjust(W) if ok else "n/a".rjust(W))
    add("  " + "|eq. 3.22 LL − exact|".ljust(30) + "".join(diff))
    add("  *: terms of eq. 3.21 dropped in eq. 3.22;  †: two-step mixings (u1, d, eH → dipole; dipole, u3 →")
    add("     Yukawa) absent from eq. 3.21;  ‡: first-order term in the light-lepton diagonal entries, dropped")
    add("     by eq. 3.20: (C_ll/C_hh − 𝒴_ll/𝒴_hh)(θ^𝒴_other* + (𝒴_ll/𝒴_hh) θ^𝒴)/(1 − (𝒴_ll/𝒴_hh)²)")
    for s in SECTORS:
        d = r.dominant[s]
        if not r.eps[s]["valid"]:
            add(f"  dominant source in {s}: — (ε undefined)")
        elif d is not None:
            add(f"  dominant source in {s}: {TERM_LABELS[d[0]]} = {_fmt(r.terms['running'][s][d[0]], 0).strip()}")
        else:
            add(f"  dominant source in {s}: none (all flavour phases aligned)")
    add("")
    b = r.bounds
    t2 = TeV**-2
    Cp = r.C_prime
    add(f"Mass-basis dipole at μ_L [TeV⁻²]: C'_22 = {_fmt(Cp[1, 1] / t2, 0).strip()}, C'_33 = {_fmt(Cp[2, 2] / t2, 0).strip()}, "
        f"C'_12 = {_fmt(Cp[0, 1] / t2, 0).strip()}, C'_21 = {_fmt(Cp[1, 0] / t2, 0).strip()}, "
        f"C'_23 = {_fmt(Cp[1, 2] / t2, 0).strip()}, C'_32 = {_fmt(Cp[2, 1] / t2, 0).strip()}")
    add(f"  Δa_μ (eq. 2.3) = {r.observables['Delta_a_mu']:.3e}   [data: {b['Delta_a_mu']:.3e}; {b['a_mu_source']}]")
    add("")
    add(f"Bounds (limits from jaxalign/data/measurements/{r.vintage}/; ALIGN's printed values in brackets)")
    add(f"  C'_22 saturating Δa_μ (eq. 2.3): {b['C22_ref'] / t2:.3e} TeV⁻² with e = √(4πα), α = 1/{1 / (b['e']**2 / (4 * math.pi)):.1f}; "
        f"{b['C22_ref_alpha0'] / t2:.3e} with α(0)   [eq. 2.4: {ALIGN_PRINTED['C22_TeV']:.1e}]")
    me, tm = b["mu_e"], b["tau_mu"]
    add(f"  {me['observable']} < {me['limit']:.2g} ({me['cl']:.0%} CL; {me['source']})")
    add(f"    |C'_12|, |C'_21| < {me['C_max'] / t2:.3e} TeV⁻²   [eq. 2.6: {ALIGN_PRINTED['C12_max_TeV']:.1e}]")
    add(f"    |ε₁₂^L,R| < {b['eps12_max_ref']:.3e} with C'_22 from Δa_μ; {b['eps12_max_alpha0']:.3e} with α(0)"
        f"   [eq. 2.7: {ALIGN_PRINTED['eps12_max']:.0e}]")
    p = b["point"]
    st = "allowed" if r.observables["BR(mu->egamma)"] <= me["limit"] else "EXCLUDED"
    add(f"    this point: |ε₁₂^L| = {abs(r.eps['12L']['exact']):.3e}, |ε₁₂^R| = {abs(r.eps['12R']['exact']):.3e}, "
        f"bound with its C'_22: {p['eps12_max']:.3e}; BR (eq. 2.5) = {r.observables['BR(mu->egamma)']:.3e} → {st}")
    add(f"  {tm['observable']} < {tm['limit']:.2g} ({tm['cl']:.0%} CL; {tm['source']})")
    add(f"    |C'_23|, |C'_32| < {tm['C_max'] / t2:.3e} TeV⁻²   [eq. 2.9: {ALIGN_PRINTED['C23_max_TeV']:.1e}]")
    add(f"    |ε₂₃^L,R| < κ |y_τ C'_22/(y_μ C'_33)|, κ = {b['kappa23']:.3e} with C'_22 from Δa_μ; "
        f"{b['kappa23_alpha0']:.3e} with α(0)   [eq. 2.10: {ALIGN_PRINTED['kappa23']:.1e}]")
    st = "allowed" if r.observables["BR(tau->mugamma)"] <= tm["limit"] else "EXCLUDED"
    if p["eps23_max"] is not None:
        add(f"    this point: |ε₂₃^L| = {abs(r.eps['23L']['exact']):.3e}, |ε₂₃^R| = {abs(r.eps['23R']['exact']):.3e}, "
            f"bound with its C'_33: {p['eps23_max']:.3e}; BR (eq. 2.5) = {r.observables['BR(tau->mugamma)']:.3e} → {st}")
    else:
        add(f"    this point: no τ dipole (C'_33 = 0), ε₂₃ undefined; BR (eq. 2.5) = "
            f"{r.observables['BR(tau->mugamma)']:.3e} → {st}")
    if r.warnings:
        add("")
        add("Warnings:")
        for w in r.warnings:
            add(f"  - {w}")
    return "\n".join(L)
