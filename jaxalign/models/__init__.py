"""Models: parameters → SMEFT coefficients at the matching scale, or → observables directly.

``MODELS`` maps the names used in fit configurations to the model classes.
"""

from .align_phases import AlignPhases
from .base import FixParameters, SMEFTModelBase, zero_coefficients
from .muoquark import Muoquark, MuoquarkU2
from .smeft_point import WilsonCoefficients
from ..lightnp.models import ALP, BminusThreeLmu, DarkPhoton, LmuLtau, ZprimeBs
from ..flavon.model import FlavonGeneric, FlavonToy

#: name used in fit configurations and model points → model class (`jaxalign models` lists them)
MODELS = {
    "wilson_coefficients": WilsonCoefficients,
    "align_phases": AlignPhases,
    # S1 + S3 leptoquarks coupled to muons (MUOQ §II)
    "muoquark": Muoquark,
    "muoquark_u2": MuoquarkU2,
    # light and heavy mediators, predicted directly (jaxalign.lightnp)
    "lmu_ltau": LmuLtau,
    "b_minus_3lmu": BminusThreeLmu,
    "dark_photon": DarkPhoton,
    "alp": ALP,
    "zprime_bs": ZprimeBs,
    # Froggatt–Nielsen flavon models (FLAVON; jaxalign.flavon), predicted directly
    "flavon_generic": FlavonGeneric,
    "flavon_toy": FlavonToy,
}

__all__ = ["MODELS", "AlignPhases", "Muoquark", "MuoquarkU2", "FixParameters", "WilsonCoefficients", "SMEFTModelBase", "zero_coefficients"]
