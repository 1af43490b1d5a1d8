"""Radiative charged-lepton-flavour-violating decays ℓ_i → ℓ_j γ."""

from __future__ import annotations

import jax.numpy as jnp

__all__ = ["br_radiative_lfv"]


def _abs2(z):
    # |z|² as re² + im²: abs(z)**2 has a vanishing Hessian at z = 0
    return jnp.real(z) ** 2 + jnp.imag(z) ** 2


def br_radiative_lfv(egamma, lepton_mass, lepton_width, i: int, j: int):
    r"""BR(ℓ_i → ℓ_j γ) at tree level from the photon dipole.

    BR = m_i³/(4π Γ_i) (|egamma_ij|² + |egamma_ji|²) (1 − m_j²/m_i²)³,

    with ``egamma`` (GeV⁻¹, JMS) at the decay scale in the mass basis. With
    ``egamma = (v/√2) C'_eγ`` this is ALIGN eq. (2.5) (which drops the phase-space factor) and
    FLAVON eq. (1.7). ``i``, ``j``: static, 0-based.
    """
    mi, mj = lepton_mass[i], lepton_mass[j]
    ps = (1.0 - mj**2 / mi**2) ** 3
    return mi**3 / (4.0 * jnp.pi * lepton_width[i]) * (_abs2(egamma[i, j]) + _abs2(egamma[j, i])) * ps
