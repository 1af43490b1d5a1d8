"""Tests of the likelihood factors (jaxalign.likelihood.distributions)."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

from jaxalign.likelihood.distributions import (
    Gaussian,
    GaussianLimit,
    HalfNormal,
    sigma_from_limit,
)

# Φ⁻¹(0.95) and Φ⁻¹(0.975) (standard normal quantiles, e.g. PDG Statistics review, Table 40.1)
Z90, Z95 = 1.6448536, 1.9599640


def test_half_normal_sigma_90cl():
    """σ = limit/Φ⁻¹(0.95) for a 90 % CL limit (MEG: 4.2e-13)."""
    d = HalfNormal.from_limit(4.2e-13, 0.90)
    assert float(d.sigma) == pytest.approx(4.2e-13 / Z90, rel=1e-7)
    assert sigma_from_limit(1.0, 0.95) == pytest.approx(1.0 / Z95, rel=1e-7)


@pytest.mark.parametrize("cl", [0.68, 0.90, 0.95])
def test_limit_is_the_cl_quantile(cl):
    """Half-normal: P(0 ≤ x < limit) = erf(limit/(σ√2)) = CL; the same for |x| of GaussianLimit."""
    limit = 3.3e-8
    for d in (HalfNormal.from_limit(limit, cl), GaussianLimit.from_limit(limit, cl)):
        assert math.erf(limit / (float(d.sigma) * math.sqrt(2))) == pytest.approx(cl, rel=1e-12)


def test_chi2_at_the_limit():
    """A prediction exactly at a 90 % CL limit costs Δχ² = Φ⁻¹(0.95)² ≈ 2.7055."""
    d = HalfNormal.from_limit(4.4e-8, 0.90)
    assert 2 * float(d.nll(4.4e-8)) == pytest.approx(Z90**2, rel=1e-7)
    assert float(d.nll(0.0)) == 0.0


def test_gaussian_values():
    d = Gaussian(251e-11, 59e-11)
    assert float(d.nll(251e-11)) == 0.0
    assert 2 * float(d.nll(251e-11 + 2 * 59e-11)) == pytest.approx(4.0, rel=1e-12)
    assert 2 * float(d.nll(251e-11 - 59e-11)) == pytest.approx(1.0, rel=1e-12)


def test_gaussian_limit_is_signed_and_symmetric():
    d = GaussianLimit.from_limit(4.1e-30, 0.90)
    assert float(d.nll(-2e-30)) == pytest.approx(float(d.nll(2e-30)), rel=1e-15)
    assert float(d.sigma) == pytest.approx(4.1e-30 / Z90, rel=1e-7)


@pytest.mark.parametrize(
    "dist, scale",
    [
        (Gaussian(251e-11, 59e-11), 1e-9),
        (HalfNormal.from_limit(4.2e-13, 0.90), 1e-13),
        (GaussianLimit.from_limit(1.1e-29, 0.90), 1e-29),
    ],
)
def test_nll_smooth_gradients(dist, scale):
    """grad/hessian finite everywhere, including x = 0 (no abs); check_grads on O(1) variables."""

    def f(u):
        return dist.nll(u * scale)

    for u in (0.0, 0.3, -1.2, 2.5):
        g = jax.grad(f)(u)
        h = jax.hessian(f)(u)
        assert np.isfinite(float(g)) and np.isfinite(float(h))
        # −log L is quadratic: hessian = (scale/σ)² at every point
        assert float(h) == pytest.approx((scale / float(dist.sigma)) ** 2, rel=1e-12)
    check_grads(f, (0.7,), order=2, modes=("fwd", "rev"))


def test_jit_vmap_and_pytree():
    d = HalfNormal.from_limit(4.2e-13, 0.90)
    xs = jnp.linspace(0.0, 1e-12, 7)
    np.testing.assert_allclose(jax.jit(jax.vmap(d.nll))(xs), [float(d.nll(x)) for x in xs], rtol=1e-14)
    # parameters are leaves: differentiate w.r.t. σ
    g = jax.grad(lambda dd: dd.nll(1e-13))(d)
    assert np.isfinite(float(g.sigma))
    assert jax.tree_util.tree_leaves(Gaussian(1.0, 2.0))[0].dtype == jnp.float64


def test_bad_limits():
    with pytest.raises(ValueError):
        sigma_from_limit(-1.0, 0.9)
    with pytest.raises(ValueError):
        sigma_from_limit(1.0, 90)


def test_multivariate_gaussian_matches_explicit_inverse():
    """½ rᵀ Σ⁻¹ r with Σ = diag(σ) ρ diag(σ), against numpy's inverse; ρ = 0 gives the sum of
    independent Gaussians; non-positive-definite correlations are rejected."""
    from jaxalign.likelihood.distributions import MultivariateGaussian

    c, s = np.array([-0.4, 0.3]), np.array([0.1, 0.2])
    rho = np.array([[1.0, -0.6], [-0.6, 1.0]])
    d = MultivariateGaussian(c, s, rho)
    x = np.array([0.05, -0.2])
    cov = s[:, None] * rho * s[None, :]
    r = x - c
    assert float(d.nll(x)) == pytest.approx(0.5 * r @ np.linalg.solve(cov, r), rel=1e-12)
    d0 = MultivariateGaussian(c, s, np.eye(2))
    indep = sum(float(Gaussian(c[i], s[i]).nll(x[i])) for i in range(2))
    assert float(d0.nll(x)) == pytest.approx(indep, rel=1e-12)
    check_grads(lambda y: d.nll(y), (jnp.asarray(x),), order=2, modes=("rev",))
    with pytest.raises(ValueError, match="positive definite"):
        MultivariateGaussian(c, s, np.array([[1.0, 1.2], [1.2, 1.0]]))
    with pytest.raises(ValueError, match="symmetric"):
        MultivariateGaussian(c, s, np.array([[1.0, 0.2], [0.1, 1.0]]))
