"""Froggatt–Nielsen flavon models of lepton masses and (g − 2)_ℓ (FLAVON: Calibbi, López-Ibáñez,
Melis, Vives, JHEP 06 (2020) 087, arXiv:2003.06633; ``shared/PHYSICS.md`` §6).

* :mod:`.loops` — loop functions I_m^×, I_Δa^× (eqs. 2.5, 2.7) and I_m, I_Δa (eq. A.18), finite
  and differentiable at x_φ → 1 and x_φ → 0;
* :mod:`.masses` — the generic mechanism: tree and radiative masses, Δa_ℓ (eqs. 2.3–2.10), the
  dipole EFT relations (eqs. 1.4–1.8) and the electron EDM (eqs. 4.5–4.6);
* :mod:`.toy_model` — the U(1)_f toy model: potential (eq. 3.3), numerical differentiable
  minimisation (A.2–A.3), mass matrices (A.4–A.6) diagonalised with ``eigh``, mass-basis and
  mass-insertion g − 2 (eqs. 3.6–3.10, A.15–A.17), Table 2;
* :mod:`.model` — fit-facing models ``FlavonGeneric`` and ``FlavonToy``.

Import ``jaxalign`` first (it enables float64). Documentation: ``docs/models/flavon.md``.
"""

from . import loops, masses, model, toy_model
from .loops import I_da, I_da_cross, I_m, I_m_cross, ratio_da_m_cross
from .model import MODELS, FlavonGeneric, FlavonToy

__all__ = [
    "loops",
    "masses",
    "model",
    "toy_model",
    "I_m",
    "I_da",
    "I_m_cross",
    "I_da_cross",
    "ratio_da_m_cross",
    "FlavonGeneric",
    "FlavonToy",
    "MODELS",
]
