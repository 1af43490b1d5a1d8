"""Likelihoods: distributions, measurements (YAML data) and the builder of pure ``nll(x, data)``."""

from .build import Likelihood, make_likelihood
from .distributions import Gaussian, GaussianLimit, HalfNormal
from .measurements import Constraint, load_measurements

__all__ = [
    "Likelihood",
    "make_likelihood",
    "Gaussian",
    "GaussianLimit",
    "HalfNormal",
    "Constraint",
    "load_measurements",
]
