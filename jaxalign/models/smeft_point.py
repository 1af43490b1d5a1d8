"""The generic model: fit parameters are SMEFT Warsaw coefficients themselves (WCxf names).

A parameter ``eB_22`` is the real part of that coefficient, ``eB_12.im`` its imaginary part
(only for complex coefficients). Coefficients not listed are zero (or fixed by ``fixed``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import jax.numpy as jnp

from ..errors import ConfigError
from ..smeft.operators import all_keys, parse_key, split_sector, wcxf_to_arrays
from .base import SMEFTModelBase, zero_coefficients

__all__ = ["WilsonCoefficients"]


@functools.lru_cache(maxsize=None)
def _parse_param(name: str):
    """(WCxf key, 're' | 'im'), validated; cached (also called at trace time)."""
    key, _, part = name.partition(".")
    part = part or "re"
    if part not in ("re", "im"):
        raise ConfigError(f"parameter '{name}': suffix must be '.re' or '.im'.")
    parse_key(key)
    split_sector({key: 0.0}, where=f"parameter '{name}'")
    if part == "im" and all_keys()[key]:
        raise ConfigError(f"parameter '{name}': '{key}' is a real coefficient and has no '.im' part.")
    return key, part


@dataclass(frozen=True, eq=True)
class WilsonCoefficients(SMEFTModelBase):
    """Parameters = real/imaginary parts of chosen Warsaw coefficients at Λ (GeV⁻²)."""

    parameter_names: tuple[str, ...]
    fixed: tuple[tuple[str, complex], ...] = field(default=())
    description: str = "SMEFT Warsaw coefficients at the matching scale as free parameters"

    def __post_init__(self):
        seen = set()
        for n in self.parameter_names:
            key, part = _parse_param(n)
            if (key, part) in seen:
                raise ConfigError(f"parameter '{n}' is listed twice.")
            seen.add((key, part))

    def coefficients(self, x):
        base = zero_coefficients()  # the dipole sector, plus any class that is used below
        if self.fixed:
            arr = wcxf_to_arrays(dict(self.fixed))
            for k, a in arr.items():
                base[k] = base.get(k, zero_coefficients((k,))[k]) + jnp.asarray(a)
        for i, n in enumerate(self.parameter_names):
            key, part = _parse_param(n)
            cls, idx = parse_key(key)
            val = x[i] if part == "re" else 1j * x[i]
            if cls not in base:
                base[cls] = zero_coefficients((cls,))[cls]
            base[cls] = base[cls].at[idx].add(val)
        return base
