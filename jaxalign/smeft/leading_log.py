"""Leading-log running of the lepton dipole and mass Yukawa in the broken phase (ALIGN §3.1).

ALIGN eqs. (3.14)–(3.15), generalised to full flavour: with ``L = ln(μ_L/μ_H)/(16π²)``,

    C_eγ(μ_L) = C_eγ(μ_H) + L (c_θ β_eB − s_θ β_eW),
    𝒴_e(μ_L)  = 𝒴_e(μ_H)  + L (β_Ge − (v²/2) β_ephi),

where the β's are the complete one-loop β-functions of :mod:`jaxalign.smeft.beta` evaluated once
at μ_H (all Yukawa matrices, gauge and Higgs couplings) and ``𝒴_e = G_e − (v²/2) C_ephi``
(ALIGN eq. 3.7, WCxf sign conventions). :func:`align_top_bottom` is the further approximation
of ALIGN eqs. (3.16)–(3.17) (only y_t, y_b, no λ and no two-gauge-coupling terms), kept as a
documented check of the coefficients ``16 L̂ y_t e`` and ``6 v² L̂ y_t³``.
"""

from __future__ import annotations

import jax.numpy as jnp

from . import beta as _beta
from .rge import LOOP_FACTOR

__all__ = ["dipole_yukawa_leading_log", "align_top_bottom"]


def dipole_yukawa_leading_log(y_hi: dict, scale_hi, scale_lo, c_theta, s_theta, v):
    """(C_eγ(μ_L), 𝒴_e(μ_L)) from the state ``y_hi`` at μ_H (ALIGN eqs. 3.14–3.15, full flavour).

    Returns 3×3 complex matrices in the flavour basis of ``y_hi`` (no mass-basis rotation).
    """
    b = _beta.beta(y_hi)  # dy/d ln μ, loop factor included
    L = jnp.log(scale_lo / scale_hi)
    ceg = c_theta * y_hi["eB"] - s_theta * y_hi["eW"] + L * (c_theta * b["eB"] - s_theta * b["eW"])
    ye = y_hi["Ge"] - v**2 / 2 * y_hi["ephi"] + L * (b["Ge"] - v**2 / 2 * b["ephi"])
    return ceg, ye


def align_top_bottom(ceg_hi, ephi_hi, ye_hi, lequ1_hi, lequ3_hi, ledq_hi, yt, yb, e, v, scale_hi, scale_lo):
    """ALIGN eqs. (3.16)–(3.17): only y_t, y_b; L̂ = ln(μ_H/μ_L)/(16π²) > 0.

    ``lequ1_hi`` etc. are the 3×3 lepton matrices of C_lequ^(1,3)_ij33 and C_ledq_ij33.
    Returns (C_eγ(μ_L), 𝒴_e(μ_L)).
    """
    Lh = LOOP_FACTOR * jnp.log(scale_hi / scale_lo)
    ceg = (1 - 3 * Lh * (yt**2 + yb**2)) * ceg_hi - 16 * Lh * yt * e * lequ3_hi
    ye = ye_hi - v**2 / 2 * ephi_hi + 6 * v**2 * Lh * (
        yt**3 * lequ1_hi - yb**3 * ledq_hi + 0.75 * (yt**2 + yb**2) * ephi_hi
    )
    return ceg, ye
