"""The closed-form pieces of jaxalign.likelihood.closed_form against independent references
(the value and gradient themselves are tested against autodiff in test_build.py)."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from numpy.polynomial import chebyshev as npcheb

from jaxalign.likelihood import closed_form


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_chebyshev_basis_matches_numpy(n):
    """T_k(s) and T_k'(s) (closed trigonometric/hyperbolic forms) equal numpy's Chebyshev module
    (chebval of unit coefficient vectors and of their chebder) to 1e-13 of the largest value,
    inside, at the ends of, and slightly beyond [-1, 1] (the interpolant is extrapolated there)."""
    f = jax.jit(lambda s: closed_form.chebyshev(s, n))
    points = np.concatenate([np.linspace(-1.1, 1.1, 441), [-1.0, 1.0, 1 - 1e-13, -1 + 1e-13, 0.0]])
    for s in points:
        T, dT = (np.asarray(a) for a in f(jnp.asarray(s)))
        eye = np.eye(n)
        T_ref = np.array([npcheb.chebval(s, eye[k]) for k in range(n)])
        dT_ref = np.array([npcheb.chebval(s, npcheb.chebder(eye[k])) if k else 0.0 for k in range(n)])
        assert np.all(np.isfinite(T)) and np.all(np.isfinite(dT))
        assert np.max(np.abs(T - T_ref)) <= 1e-13 * max(1.0, np.max(np.abs(T_ref)))
        assert np.max(np.abs(dT - dT_ref)) <= 1e-13 * max(1.0, np.max(np.abs(dT_ref)))


def test_supported_forms():
    """Only rephasing-invariant forms take the closed form (the common diagonal phase is dropped)."""
    assert closed_form.supported((("re", 1, 1), ("abs2", 1, 0), ("im", 0, 0)))
    assert not closed_form.supported((("re", 1, 0),))
