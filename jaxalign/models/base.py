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

import abc

import jax.numpy as jnp

from ..smeft.operators import DIPOLE_SECTOR, class_shape

__all__ = ["zero_coefficients", "SMEFTModelBase"]


def zero_coefficients(sector=DIPOLE_SECTOR) -> dict:
    """Full-flavour zero arrays (complex) for every class of ``sector``."""
    return {k: jnp.zeros(class_shape(k), complex) for k in sector}


class SMEFTModelBase(abc.ABC):
    """Defaults shared by models (no derived quantities); ``coefficients`` is abstract."""

    parameter_names: tuple[str, ...] = ()
    description: str = ""
    references: tuple[str, ...] = ()

    @abc.abstractmethod
    def coefficients(self, x):
        """Full-flavour coefficient arrays at Λ for the parameter vector ``x``."""

    def derived(self, y_ew: dict, egamma_ew) -> dict:
        return {}

    def default_bounds(self) -> dict:
        return {}


class FixParameters(SMEFTModelBase):
    """Wrap a model, holding some of its parameters at fixed values (``fits/*.yaml``: a parameter
    given as a plain number instead of a prior)."""

    def __init__(self, model, fixed: dict):
        self.model = model
        self.fixed = tuple((k, float(v)) for k, v in fixed.items())
        names = tuple(model.parameter_names)
        self._fixed_index = tuple(names.index(k) for k, _ in self.fixed)
        self.parameter_names = tuple(n for n in names if n not in dict(self.fixed))
        self._free_index = tuple(names.index(n) for n in self.parameter_names)
        self.description = getattr(model, "description", "")
        self.references = getattr(model, "references", ())

    def _full(self, x):
        n = len(self._fixed_index) + len(self._free_index)
        full = jnp.zeros(n, dtype=jnp.result_type(x, float))
        full = full.at[jnp.array(self._free_index, int)].set(x)
        if self.fixed:
            full = full.at[jnp.array(self._fixed_index, int)].set(jnp.array([v for _, v in self.fixed]))
        return full

    def coefficients(self, x):
        return self.model.coefficients(self._full(x))

    def predictions(self, x):
        return self.model.predictions(self._full(x))

    @property
    def is_direct(self):
        from ..likelihood.build import is_direct_model

        return is_direct_model(self.model)

    @property
    def predicted_observables(self):
        return tuple(getattr(self.model, "predicted_observables", ()) or ())

    def derived(self, y_ew, egamma_ew):
        return self.model.derived(y_ew, egamma_ew)

    def __hash__(self):
        return hash((type(self.model), self.model, self.fixed))

    def __eq__(self, other):
        return isinstance(other, FixParameters) and (self.model, self.fixed) == (other.model, other.fixed)
