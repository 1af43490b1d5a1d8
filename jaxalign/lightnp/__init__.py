"""Light and heavy neutral bosons in the muon sector: Z′ (L_μ−L_τ, B−3L_μ, b–s Z′), dark photon, ALP.

Pure JAX physics layer (MUOQ §III, NPG2, U1X backup; ``shared/PHYSICS.md`` §4):

* :mod:`.g2` — exact one-loop Δa_ℓ (vector/axial boson, dark photon, ALP);
* :mod:`.trident` — ν_μ N → ν_μ μ⁺μ⁻ N ratio σ/σ_SM (CCFR, CHARM-II, DUNE);
* :mod:`.kinetic_mixing` — one-loop running of ε_BX (MUOQ footnote 6), loop-induced L_μ−L_τ ε;
* :mod:`.limits` — published exclusion curves as differentiable functions, half-normal χ²;
* :mod:`.zprime_bs` — heavy Z′ with g_bs: C9, C10 (flavio normalisation), B_s mixing;
* :mod:`.models` — model classes mapping parameters to new-physics shifts of observables.

Import ``jaxalign`` first (it enables float64).
"""

from . import g2, kinetic_mixing, limits, models, trident, zprime_bs
from .g2 import (
    delta_a_alp,
    delta_a_b_minus_3lmu,
    delta_a_dark_photon,
    delta_a_lmu_ltau,
    delta_a_vector,
    loop_alp_photon,
    loop_axial,
    loop_pseudoscalar,
    loop_vector,
)
from .kinetic_mixing import epsilon_lmu_ltau, epsilon_running, epsilon_running_ode
from .limits import LIMIT_CL, g_limit, g_over_limit, limit_chi2
from .models import ALP, MODELS, BminusThreeLmu, DarkPhoton, LmuLtau, ZprimeBs
from .trident import trident_ratio, trident_shift
from .zprime_bs import delta_ms_ratio, wilson_c9_c10

__all__ = [
    "g2",
    "kinetic_mixing",
    "limits",
    "models",
    "trident",
    "zprime_bs",
    "loop_vector",
    "loop_axial",
    "loop_pseudoscalar",
    "loop_alp_photon",
    "delta_a_vector",
    "delta_a_dark_photon",
    "delta_a_alp",
    "delta_a_lmu_ltau",
    "delta_a_b_minus_3lmu",
    "epsilon_lmu_ltau",
    "epsilon_running",
    "epsilon_running_ode",
    "trident_ratio",
    "trident_shift",
    "g_limit",
    "g_over_limit",
    "limit_chi2",
    "LIMIT_CL",
    "wilson_c9_c10",
    "delta_ms_ratio",
    "LmuLtau",
    "BminusThreeLmu",
    "DarkPhoton",
    "ALP",
    "ZprimeBs",
    "MODELS",
]
