"""jaxalign: differentiable global fits of new physics in the muon sector, in JAX.

Importing jaxalign switches JAX to double precision (``jax_enable_x64``); every builder checks
with :func:`require_x64` that it is still on.
"""

import jax

jax.config.update("jax_enable_x64", True)

from .errors import JaxalignError  # noqa: E402


def require_x64() -> None:
    """Raise if double precision was switched off after ``import jaxalign``."""
    if not jax.config.jax_enable_x64:
        raise JaxalignError(
            "jaxalign needs double precision: jax_enable_x64 was switched off after import."
        )


__version__ = "0.1.0"
__all__ = ["JaxalignError", "require_x64", "__version__"]
