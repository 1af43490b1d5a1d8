"""Model interface: parameters → SMEFT Warsaw coefficients at the matching scale Λ.

A model is a small frozen object (static under jit) with

* ``parameter_names``: tuple of names of the real parameters ``x`` it takes;
* ``coefficients(x)``: pure JAX map from the 1-D array ``x`` to full-flavour arrays of the
  dipole-sector classes at Λ (WCxf Warsaw-down basis, GeV⁻²);
* ``derived(y_ew, egamma_ew)`` (optional): named derived quantities from the low-scale state,
  for posteriors (e.g. ALIGN's ε₁₂, ε₂₃).

UV models (leptoquarks, Z′, ...) implement the same interface with their own parameters.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..smeft.operators import DIPOLE_SECTOR, class_shape

__all__ = ["zero_coefficients", "SMEFTModelBase"]


def zero_coefficients(sector=DIPOLE_SECTOR) -> dict:
    """Full-flavour zero arrays (complex) for every class of ``sector``."""
    return {k: jnp.zeros(class_shape(k), complex) for k in sector}


class SMEFTModelBase:
    """Defaults shared by models (no derived quantities)."""

    parameter_names: tuple[str, ...] = ()
    description: str = ""
    references: tuple[str, ...] = ()

    def coefficients(self, x):  # pragma: no cover - interface
        raise NotImplementedError

    def derived(self, y_ew: dict, egamma_ew) -> dict:
        return {}

    def default_bounds(self) -> dict:
        return {}
