"""Observables: lepton dipoles (Δa_ℓ, d_e) and radiative LFV decays, with a name registry."""

from .dipoles import delta_a_lepton, edm_lepton, edm_over_e_cm
from .lfv_radiative import br_radiative_lfv
from .registry import OBSERVABLES, Observable, observable, predict_from_egamma, sm_prediction

__all__ = [
    "delta_a_lepton",
    "edm_lepton",
    "edm_over_e_cm",
    "br_radiative_lfv",
    "OBSERVABLES",
    "Observable",
    "observable",
    "predict_from_egamma",
    "sm_prediction",
]
