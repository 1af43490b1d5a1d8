"""Flavour-alignment diagnostics of the lepton dipole (ALIGN = Isidori, Pagès, Wilsch,
arXiv:2111.13724, §2–3).

:mod:`jaxalign.flavour.alignment` computes, from any SMEFT point at the matching scale Λ,

* the flavour phases θ^X_{L,R} of Y_e, C_eγ, C_eH, C_lequ^(1,3), C_ledq (ALIGN eq. 3.18, and the
  right-handed and 23-sector analogues);
* the misalignment parameters ε₁₂^{L,R}, ε₂₃^{L,R} (eq. 2.8) at μ_L = m_Z from the full numerical
  running and the exact mass-basis rotation;
* the linearised decomposition of eq. 3.22 (with the two terms of eq. 3.21 that 3.22 drops) with
  Δ₃, Δ₁ (eqs. 3.23–3.24) in the leading-log form and from the numerical running;
* the bounds implied by BR(μ→eγ) and BR(τ→μγ) (eqs. 2.5–2.10) for a chosen data vintage.

:mod:`jaxalign.flavour.cli` adds the ``jaxalign align`` command. See ``docs/alignment.md``.
"""

from .alignment import (
    OPERATORS,
    SECTORS,
    AlignmentReport,
    alignment_report,
    deltas_leading_log,
    deltas_running,
    epsilons,
    experimental_bounds,
    flavour_phases,
    format_report,
    high_scale_state,
    lepton_flavour_matrices,
    mass_basis,
    misalignment_exact,
    misalignment_linear,
    rotate_lepton_yukawa,
    run_unrotated,
)

__all__ = [
    "OPERATORS",
    "SECTORS",
    "AlignmentReport",
    "alignment_report",
    "deltas_leading_log",
    "deltas_running",
    "epsilons",
    "experimental_bounds",
    "flavour_phases",
    "format_report",
    "high_scale_state",
    "lepton_flavour_matrices",
    "mass_basis",
    "misalignment_exact",
    "misalignment_linear",
    "rotate_lepton_yukawa",
    "run_unrotated",
]
