"""ALIGN §2–3 generic alignment model: muon dipole, semileptonic triplet and flavour phases.

Parameters at the matching scale Λ (Isidori, Pagès, Wilsch, arXiv:2111.13724 = ALIGN):

* ``C_egamma_22`` (GeV⁻²): the photon dipole of the muon at Λ, ``C_eγ = c_θ C_eB − s_θ C_eW``
  (ALIGN eq. 3.6), put entirely into the photon direction: ``C_eB = c_θ C_eγ``,
  ``C_eW = −s_θ C_eγ``;
* ``C_lequ3_2233`` (GeV⁻²): the semileptonic tensor with top quarks, which mixes into the dipole
  (ALIGN eq. 3.16);
* ``theta_eg_12``, ``theta_u3_12``, ``theta_eg_23``, ``theta_u3_23``: left-handed flavour phases
  (ALIGN eq. 3.18) of the dipole and of C_lequ^(3), ``θ_L^X = C^X_12/C^X_22`` (and 23/33).

The flavour phases are measured relative to the Yukawa: the WCxf Warsaw-down basis at Λ has a
diagonal lepton mass matrix, so ``θ_L^Y ≡ 0`` and each ``theta`` is the physical difference
``θ_L^X − θ_L^Y`` entering ALIGN eq. (3.22). The τ entries follow the natural normalisation of
ALIGN eq. (2.11): ``C_33 = (m_τ/m_μ) C_22`` for both operators, with the 23 phases defined with
respect to them (ALIGN eq. 2.8: ``ε₂₃ = C'_eγ,23/C'_eγ,33``).

Derived quantities (at m_Z, mass basis): ``eps_12_L = C'_eγ,12/C'_eγ,22`` and
``eps_23_L = C'_eγ,23/C'_eγ,33`` (ALIGN eq. 2.8), real parts.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

from .base import SMEFTModelBase, zero_coefficients

__all__ = ["AlignPhases"]


@dataclass(frozen=True, eq=True)
class AlignPhases(SMEFTModelBase):
    """The generic alignment analysis of ALIGN §2–3 (see module docstring).

    Args:
        c_theta, s_theta: weak mixing used to put the dipole in the photon direction at Λ.
        tau_over_mu: ratio m_τ/m_μ used for the natural τ normalisation (ALIGN eq. 2.11).
    """

    c_theta: float = 0.8772
    s_theta: float = 0.4801
    tau_over_mu: float = 16.817
    parameter_names: tuple[str, ...] = (
        "C_egamma_22",
        "C_lequ3_2233",
        "theta_eg_12",
        "theta_u3_12",
        "theta_eg_23",
        "theta_u3_23",
    )
    description: str = "ALIGN §2–3: muon dipole, C_lequ^(3) and their left-handed flavour phases"
    references: tuple[str, ...] = ("Isidori, Pagès, Wilsch, arXiv:2111.13724, §2–3",)

    def coefficients(self, x):
        ceg, c3, th_eg12, th_u312, th_eg23, th_u323 = (x[i] for i in range(6))
        r = self.tau_over_mu
        dip = jnp.zeros((3, 3), complex)
        dip = dip.at[1, 1].set(ceg).at[2, 2].set(r * ceg)
        dip = dip.at[0, 1].set(th_eg12 * ceg).at[1, 2].set(th_eg23 * r * ceg)
        t3 = jnp.zeros((3, 3), complex)
        t3 = t3.at[1, 1].set(c3).at[2, 2].set(r * c3)
        t3 = t3.at[0, 1].set(th_u312 * c3).at[1, 2].set(th_u323 * r * c3)
        C = zero_coefficients()
        C["eB"] = self.c_theta * dip
        C["eW"] = -self.s_theta * dip
        C["lequ3"] = C["lequ3"].at[:, :, 2, 2].set(t3)
        return C

    def derived(self, y_ew, egamma_ew):
        eg = egamma_ew
        return {
            "eps_12_L": jnp.real(eg[0, 1] / eg[1, 1]),
            "eps_23_L": jnp.real(eg[1, 2] / eg[2, 2]),
        }
