"""One-loop SMEFT β-functions: the public interface.

The complete one-loop renormalisation-group equations of the Warsaw basis — the SM couplings
``g, gp, gs, Lambda, m2, Gu, Gd, Ge`` and the 59 baryon-number-conserving classes, 2499 real
parameters — live in :mod:`jaxalign.smeft.betas`, one module per operator family, written from
the published anomalous dimensions ([JMT1] arXiv:1308.2627, [JMT2] arXiv:1310.4838,
[AJMT] arXiv:1312.2014) and tested against wilson 2.5.2 at random full-basis points
(tests/smeft/test_betas_*.py). This module gives the two entry points used by the running:

* :func:`beta_hat` — β̂ without the loop factor (dy/d ln μ = β̂/(16π²), the normalisation of the
  papers and of ``wilson.run.smeft.beta.beta``);
* :func:`beta` — dy/d ln μ, loop factor included.

Both take a state dict with the SM couplings and any subset of the classes (absent classes count
as zero) and return the β's of the keys present. Conventions: :mod:`jaxalign.smeft.betas.common`.
"""

from __future__ import annotations

import jax.numpy as jnp

from .betas import ALL_KEYS, CLASSES, KEYS_SM
from .betas import beta_hat as _beta_hat

__all__ = ["beta", "beta_hat", "KEYS_SM", "KEYS_6", "ALL_KEYS", "LOOP_FACTOR"]

#: Dimension-six classes whose running is implemented (all B-conserving Warsaw classes).
KEYS_6 = CLASSES

LOOP_FACTOR = 1.0 / (16.0 * jnp.pi**2)


def beta_hat(y: dict[str, jnp.ndarray], keys=None, *, representatives: bool = False) -> dict[str, jnp.ndarray]:
    """One-loop β̂ with dy/d ln μ = β̂/(16π²) (no loop factor), for ``keys`` (default: those of ``y``).

    Missing dimension-six classes count as zero. Raises :class:`jaxalign.errors.InputError` for
    unknown keys or missing SM couplings. ``representatives=True``: the classes only at their
    independent entries (see :func:`jaxalign.smeft.betas.beta_hat`).
    """
    return _beta_hat(y, keys, representatives=representatives)


def beta(y: dict[str, jnp.ndarray], keys=None, *, representatives: bool = False) -> dict[str, jnp.ndarray]:
    """dy/d ln(mu) = beta / (16 pi^2) (the 1/(16π²) IS included), for ``keys`` (default: of ``y``);
    ``representatives``: as in :func:`beta_hat`."""
    return {k: v * LOOP_FACTOR for k, v in _beta_hat(y, keys, representatives=representatives).items()}
