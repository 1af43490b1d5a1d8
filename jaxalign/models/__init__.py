"""Models: parameters → SMEFT coefficients at the matching scale.

``MODELS`` maps the names used in fit configurations to the model classes.
"""

from .align_phases import AlignPhases
from .base import FixParameters, SMEFTModelBase, zero_coefficients
from .smeft_point import WilsonCoefficients

MODELS = {"wilson_coefficients": WilsonCoefficients, "align_phases": AlignPhases}

__all__ = ["MODELS", "AlignPhases", "FixParameters", "WilsonCoefficients", "SMEFTModelBase", "zero_coefficients"]
