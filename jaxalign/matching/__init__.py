"""Matching of the SMEFT onto the weak effective theory at the electroweak scale."""

from .smeft_to_wet import egamma_tree, weak_mixing

__all__ = ["egamma_tree", "weak_mixing"]
