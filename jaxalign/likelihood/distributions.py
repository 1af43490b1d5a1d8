r"""One-dimensional likelihood factors for measurements and upper limits.

Each distribution is a small :class:`equinox.Module` whose parameters are float64 array leaves
and whose :meth:`nll` is a pure, smooth function of the prediction ``x``: the negative
log-likelihood −log L(x) up to an ``x``-independent constant, so that χ²(x) = 2·nll(x). ``nll``
works under ``jit``, ``grad``, ``hessian`` and ``vmap`` and contains no ``abs``: squares are written
as products of real numbers, so the Hessian is well defined everywhere, also at x = 0.

How measurements and limits enter the likelihood
-------------------------------------------------

* **Measurement** x̂ ± σ (e.g. a_μ): a Gaussian, −log L = ½ ((x − x̂)/σ)². For the lepton
  anomalous magnetic moments the prediction is a_ℓ^SM + Δa_ℓ^NP and the SM theory uncertainty is
  added in quadrature, σ² = σ_exp² + σ_SM², so the factor is a Gaussian in Δa_ℓ^NP centred at
  a_ℓ^exp − a_ℓ^SM (see :func:`jaxalign.likelihood.measurements.constraint_for`).
* **Upper limit on a positive quantity** (a branching ratio, BR < B_CL at confidence level CL):
  a half-normal likelihood centred at zero, −log L = ½ (x/σ)², with σ chosen such that the
  half-normal distribution has the same CL quantile as the published limit,
  P(0 ≤ x < B_CL) = CL, i.e. σ = B_CL / Φ⁻¹((1 + CL)/2) (σ = B_CL/1.6448536 for CL = 90 %,
  B_CL/1.9599640 for 95 %). Consequences worth stating: a prediction exactly at the published limit
  costs Δχ² = (Φ⁻¹((1+CL)/2))² = 2.706 for CL = 90 % (the one-sided 90 % value of a χ² with one
  degree of freedom), and the likelihood is maximal at x = 0, i.e. the measured central value and
  any observed excess or deficit of events are ignored. This is a simple, conservative-in-shape
  approximation of the experiments' own likelihoods (which are not Gaussian and are not published in
  usable form for most of these searches).
* **Limit on the modulus of a signed quantity** (|d_e| < d_CL at CL): a Gaussian centred at zero,
  −log L = ½ (x/σ)², with the same σ = d_CL / Φ⁻¹((1 + CL)/2), so that P(|x| < d_CL) = CL.
  The published central value (compatible with zero) is not used.

The relations above are implemented in :func:`sigma_from_limit` and the ``from_limit``
constructors; the numbers (limits, CLs) come from the YAML files in
``jaxalign/data/measurements``.
"""

from __future__ import annotations

from statistics import NormalDist

import equinox as eqx
import jax.numpy as jnp
from jaxtyping import Array, ArrayLike, Float

__all__ = ["Gaussian", "HalfNormal", "GaussianLimit", "MultivariateGaussian", "sigma_from_limit", "Distribution"]


def sigma_from_limit(limit: float, cl: float) -> float:
    """Width σ of a zero-centred (half-)normal with P(|x| < limit) = cl: limit / Φ⁻¹((1+cl)/2).

    ``limit`` > 0 and 0 < ``cl`` < 1 (a probability, e.g. 0.90). Evaluated once, in Python, when the
    likelihood is built.
    """
    if not limit > 0:
        raise ValueError(f"limit must be positive, got {limit!r}")
    if not 0 < cl < 1:
        raise ValueError(f"cl must be a probability in (0, 1), got {cl!r}")
    return float(limit) / NormalDist().inv_cdf((1.0 + float(cl)) / 2.0)


class Gaussian(eqx.Module):
    """Gaussian likelihood of a measurement: −log L = ½ ((x − central)/sigma)²."""

    central: Float[Array, ""]
    sigma: Float[Array, ""]

    def __init__(self, central: ArrayLike, sigma: ArrayLike):
        self.central = jnp.asarray(central, dtype=jnp.float64)
        self.sigma = jnp.asarray(sigma, dtype=jnp.float64)

    def nll(self, x: ArrayLike) -> Array:
        """−log L(x) up to a constant (χ² = 2·nll). Smooth in ``x``, ``central`` and ``sigma``."""
        z = (x - self.central) / self.sigma
        return 0.5 * z * z


class HalfNormal(eqx.Module):
    """Upper limit on a positive quantity: −log L = ½ (x/sigma)², x ≥ 0 by construction.

    Build it from a published limit with :meth:`from_limit` (σ = limit / Φ⁻¹((1+CL)/2), so that
    P(x < limit) = CL for the half-normal). ``nll`` is the same smooth quadratic for any real x;
    a physical prediction (a branching ratio) is never negative.
    """

    sigma: Float[Array, ""]

    def __init__(self, sigma: ArrayLike):
        self.sigma = jnp.asarray(sigma, dtype=jnp.float64)

    @classmethod
    def from_limit(cls, limit: float, cl: float) -> "HalfNormal":
        return cls(sigma_from_limit(limit, cl))

    def nll(self, x: ArrayLike) -> Array:
        """−log L(x) up to a constant (χ² = 2·nll)."""
        z = x / self.sigma
        return 0.5 * z * z


class GaussianLimit(eqx.Module):
    """Limit |x| < limit on a signed quantity: zero-centred Gaussian, −log L = ½ (x/sigma)².

    :meth:`from_limit` sets σ = limit / Φ⁻¹((1+CL)/2), so that P(|x| < limit) = CL.
    """

    sigma: Float[Array, ""]

    def __init__(self, sigma: ArrayLike):
        self.sigma = jnp.asarray(sigma, dtype=jnp.float64)

    @classmethod
    def from_limit(cls, limit: float, cl: float) -> "GaussianLimit":
        return cls(sigma_from_limit(limit, cl))

    def nll(self, x: ArrayLike) -> Array:
        """−log L(x) up to a constant (χ² = 2·nll)."""
        z = x / self.sigma
        return 0.5 * z * z




class MultivariateGaussian(eqx.Module):
    """Correlated Gaussian of several quantities (e.g. a published (C9, C10) fit):
    −log L = ½ (x − central)ᵀ Σ⁻¹ (x − central), Σ = diag(σ) ρ diag(σ).

    Stored as the whitening matrix ``W = L⁻¹`` (Σ = L Lᵀ, Cholesky), so that −log L = ½ |W r|².
    ``correlation`` must be symmetric positive definite (checked when built).
    """

    central: Float[Array, "n"]
    whiten: Float[Array, "n n"]

    def __init__(self, central: ArrayLike, uncertainties: ArrayLike, correlation: ArrayLike):
        import numpy as np

        c = np.asarray(central, float)
        s = np.asarray(uncertainties, float)
        rho = np.asarray(correlation, float)
        n = c.shape[0]
        if s.shape != (n,) or rho.shape != (n, n):
            raise ValueError(f"shapes: central {c.shape}, uncertainties {s.shape}, correlation {rho.shape}")
        if not np.all(s > 0):
            raise ValueError("uncertainties must be positive")
        if not np.allclose(rho, rho.T) or not np.allclose(np.diag(rho), 1.0):
            raise ValueError("correlation must be symmetric with unit diagonal")
        cov = s[:, None] * rho * s[None, :]
        try:
            L = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError("correlation matrix is not positive definite") from None
        self.central = jnp.asarray(c)
        self.whiten = jnp.asarray(np.linalg.inv(L))

    def nll(self, x: ArrayLike) -> Array:
        """−log L(x) up to a constant (χ² = 2·nll)."""
        z = self.whiten @ (jnp.asarray(x) - self.central)
        return 0.5 * jnp.sum(z * z)


Distribution = Gaussian | HalfNormal | GaussianLimit | MultivariateGaussian
