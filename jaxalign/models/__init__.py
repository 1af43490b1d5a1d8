"""Models: parameters → SMEFT coefficients at the matching scale, or → observables directly.

``MODELS`` maps the names used in fit configurations to the model classes.
"""

from .align_phases import AlignPhases
from .base import FixParameters, SMEFTModelBase, zero_coefficients
from .muoquark import Muoquark, MuoquarkU2
from .smeft_point import WilsonCoefficients
from .u2_spurion import U2Spurion
from .s1phi import S1Phi, S1PhiU2
from ..lightnp.models import ALP, BminusThreeLmu, DarkPhoton, LmuLtau, ZprimeBs
from ..flavon.model import FlavonGeneric, FlavonToy

#: name used in fit configurations and model points → model class (`jaxalign models` lists them)
MODELS = {
    "wilson_coefficients": WilsonCoefficients,
    "align_phases": AlignPhases,
    # S1 + S3 leptoquarks coupled to muons (MUOQ §II)
    "muoquark": Muoquark,
    "muoquark_u2": MuoquarkU2,
    # ALIGN §4.2 U(2)_L x U(2)_E spurions and §5 S1 + Phi (general and U(2) limit, eq. 5.9)
    "u2_spurion": U2Spurion,
    "s1phi": S1Phi,
    "s1phi_u2": S1PhiU2,
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
