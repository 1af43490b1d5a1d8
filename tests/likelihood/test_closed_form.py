"""The closed-form pieces of jaxalign.likelihood.closed_form against independent references
(the value and gradient themselves are tested against autodiff in test_build.py)."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from numpy.polynomial import chebyshev as npcheb

from jaxalign.likelihood import closed_form


@pytest.mark.parametrize("n", [1, 2, 5, 20])
def test_powers_match_numpy(n):
    """(s^k, k s^(k-1)) from the binary-exponentiation form equal numpy's integer powers to
    1e-15 relative, for negative, zero, inside and beyond-[-1, 1] arguments."""
    f = jax.jit(lambda s: closed_form.powers(s, n))
    k = np.arange(n)
    for s in [-1.3, -1.0, -0.7, -1e-3, 0.0, 0.3, 1.0, 1.2]:
        P, dP = (np.asarray(a) for a in f(jnp.asarray(s)))
        P_ref = np.array([s ** int(j) for j in k])
        dP_ref = np.array([j * s ** int(j - 1) if j else 0.0 for j in k])
        np.testing.assert_allclose(P, P_ref, rtol=1e-15, atol=0)
        np.testing.assert_allclose(dP, dP_ref, rtol=1e-14, atol=0)


def test_power_basis_is_the_chebyshev_series():
    """to_power_basis: Σ_j b_j s^j equals numpy's chebval of the original coefficients (a series
    with geometrically decaying coefficients, 20 terms, several columns) and its derivative equals
    chebval of chebder, to 1e-14 of the largest value, on [-1.1, 1.1]."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(20, 3)) * 0.3 ** np.arange(20)[:, None]
    b = closed_form.to_power_basis(a)
    s = np.linspace(-1.1, 1.1, 221)
    for c in range(3):
        ref = npcheb.chebval(s, a[:, c])
        got = np.polynomial.polynomial.polyval(s, b[:, c])
        assert np.max(np.abs(got - ref)) <= 1e-14 * np.max(np.abs(ref))
        dref = npcheb.chebval(s, npcheb.chebder(a[:, c]))
        dgot = np.polynomial.polynomial.polyval(s, np.polynomial.polynomial.polyder(b[:, c]))
        assert np.max(np.abs(dgot - dref)) <= 1e-13 * np.max(np.abs(dref))


def test_supported_forms():
    """Only rephasing-invariant forms take the closed form (the common diagonal phase is dropped)."""
    assert closed_form.supported((("re", 1, 1), ("abs2", 1, 0), ("im", 0, 0)))
    assert not closed_form.supported((("re", 1, 0),))
