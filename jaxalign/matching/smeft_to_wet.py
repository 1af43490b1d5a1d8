"""Tree-level matching of the SMEFT lepton dipoles onto the photon dipole at μ = m_Z.

Broken phase (ALIGN eqs. 3.5–3.8): ``C_eγ = c_θ C_eB − s_θ C_eW`` and the WET (JMS) coefficient of
``(ē_L σ^{μν} e_R) F_{μν}`` is ``egamma = (v/√2) C_eγ`` (GeV⁻¹). The weak mixing angle is fixed
from the matching inputs as in the reference calculation: ``g2 = 2 m_W/v``,
``e = √(4π α)``, ``g1 = e g2/√(g2² − e²)``, ``c_θ = g2/√(g1²+g2²)``, ``s_θ = g1/√(g1²+g2²)``
(c_θ = 0.8772 with m_W = 80.385 GeV and α = 1/127.9). The coefficients must already be in the
charged-lepton mass basis (see :func:`jaxalign.smeft.flavour_basis.to_warsaw_down`).
"""

from __future__ import annotations

import jax.numpy as jnp

from ..smeft.sm_couplings import vev_from_gf

__all__ = ["weak_mixing", "egamma_tree"]


def weak_mixing(sm):
    """(c_θ, s_θ, e) from the matching inputs of ``sm``."""
    v = vev_from_gf(sm.GF)
    e = jnp.sqrt(4.0 * jnp.pi * sm.match_alpha_e)
    g2 = 2.0 * sm.match_m_W / v
    g1 = e * g2 / jnp.sqrt(g2**2 - e**2)
    n = jnp.sqrt(g1**2 + g2**2)
    return g2 / n, g1 / n, e


def egamma_tree(y: dict, sm):
    """Photon dipole ``egamma`` (3×3, GeV⁻¹, JMS) at m_Z from ``eB``, ``eW`` in the mass basis."""
    cw, sw, _ = weak_mixing(sm)
    v = vev_from_gf(sm.GF)
    zero = jnp.zeros((3, 3), complex)
    return v / jnp.sqrt(2.0) * (cw * y.get("eB", zero) - sw * y.get("eW", zero))
