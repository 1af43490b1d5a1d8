"""Flavour-diagonal lepton dipole observables: Δa_ℓ and the electron EDM.

Input: the photon dipole ``egamma`` (JMS, coefficient of ``(ē_L σ^{μν} e_R) F_{μν}``, GeV⁻¹,
charged-lepton mass basis) evaluated at the observable's scale.

* ``Δa_ℓ = (4 m_ℓ / e) Re egamma_ℓℓ`` — ALIGN eq. (2.3) with ``egamma = (v/√2) C'_eγ``;
  FLAVON eq. (1.4) in another normalisation. ``m_ℓ`` is the pole mass. The charge ``e`` is
  ``√(4π α)`` with the matching α (1/127.9), as in flavio/wilson (see docs/conventions.md for the
  2 % difference to using α(μ)).
* ``d_ℓ = 2 Im egamma_ℓℓ`` (GeV⁻¹, includes the charge; the sign convention of flavio, where
  ``L ⊃ −(i/2) d ψ̄ σ^{μν} γ5 ψ F_{μν}`` with flavio's σ and γ5 conventions; FLAVON eq. 4.5).
  ``d_e/e`` in e·cm divides by ``e(μ) = √(4π α(μ))`` at the observable scale and converts with ħc.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..units import cm

__all__ = ["delta_a_lepton", "edm_lepton", "edm_over_e_cm"]


def delta_a_lepton(egamma, lepton_mass, e_charge, i: int):
    r"""Δa_ℓ for lepton ``i`` (0 = e, 1 = μ, 2 = τ): (4 m_ℓ/e) Re egamma_ii. [ALIGN eq. 2.3]"""
    return 4.0 * lepton_mass[i] / e_charge * jnp.real(egamma[i, i])


def edm_lepton(egamma, i: int):
    """EDM d_ℓ = 2 Im egamma_ii in GeV⁻¹ (includes the charge e)."""
    return 2.0 * jnp.imag(egamma[i, i])


def edm_over_e_cm(egamma, e_charge, i: int = 0):
    """d_ℓ/e in cm (i.e. d_ℓ in e·cm)."""
    return edm_lepton(egamma, i) / e_charge / cm
