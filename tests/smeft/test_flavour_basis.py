"""Mass-basis diagonalisation and the phase conventions of the Warsaw-down basis."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.smeft.flavour_basis import _ckm_standard_phases, _pmns_row_phases, diagonalise
from jaxalign.smeft.sm_couplings import ckm_standard


def _rand(seed, scale=1e-3):
    rng = np.random.default_rng(seed)
    return jnp.asarray(np.diag([5e-4, 0.1, 1.7]) + scale * (rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_diagonalise_exact(seed):
    M = _rand(seed, 1e-2)
    UL, m, UR = diagonalise(M)
    np.testing.assert_allclose(UL @ jnp.diag(m) @ UR.conj().T, M, atol=1e-15)
    np.testing.assert_allclose(UL.conj().T @ UL, np.eye(3), atol=1e-14)
    # U_R = M†U_L/m: its electron column carries a relative error ~ eps·m_τ/m_e ≈ 1e-12
    np.testing.assert_allclose(UR.conj().T @ UR, np.eye(3), atol=1e-12)
    assert np.all(np.diff(np.asarray(m)) > 0)
    assert np.allclose(np.imag(np.diagonal(UL)), 0) and np.all(np.real(np.diagonal(UL)) > 0)
    np.testing.assert_allclose(m, np.linalg.svd(np.asarray(M), compute_uv=False)[::-1], rtol=1e-12)


def test_diagonalise_custom_derivative_matches_finite_differences():
    """The closed-form SVD perturbation theory (custom JVP) against central differences."""
    M = _rand(3)
    dM = jnp.asarray(np.random.default_rng(4).normal(size=(3, 3)) + 1j * np.random.default_rng(5).normal(size=(3, 3)))
    _, tan = jax.jvp(diagonalise, (M,), (dM,))
    h = 1e-7
    p, q = diagonalise(M + h * dM), diagonalise(M - h * dM)
    for i in range(3):
        fd = (p[i] - q[i]) / (2 * h)
        assert float(jnp.max(jnp.abs(tan[i] - fd)) / jnp.max(jnp.abs(fd))) < 1e-7


def test_ckm_phase_convention_recovers_standard_form():
    """A randomly rephased standard CKM matrix is brought back to the PDG form."""
    V = ckm_standard(0.2243, 3.62e-3, 4.221e-2, 1.2706)
    rng = np.random.default_rng(0)
    a, b = np.exp(1j * rng.uniform(0, 6, 3)), np.exp(1j * rng.uniform(0, 6, 3))
    W = jnp.diag(jnp.asarray(a)) @ V @ jnp.diag(jnp.asarray(b))
    Pu, Pd = _ckm_standard_phases(W)
    np.testing.assert_allclose(Pu.conj()[:, None] * W * Pd[None, :], V, atol=1e-14)


def test_pmns_rows_identity_and_generic():
    """Near the identity (angles < 1e-7) the rows make the diagonal real; generically the third
    column (U_e3 e^{iδ}, U_μ3, U_τ3) becomes real and positive."""
    ph = jnp.exp(1j * jnp.array([0.3, -1.0, 2.0]))
    d = _pmns_row_phases(jnp.diag(ph))
    np.testing.assert_allclose(jnp.exp(-1j * d) * ph, np.ones(3), atol=1e-15)
    V = ckm_standard(0.55, 0.15, 0.7, 1.1)  # a PMNS-like matrix, all angles large
    W = jnp.diag(jnp.exp(1j * jnp.array([0.4, -0.7, 1.3]))) @ V
    d = _pmns_row_phases(W)
    Wr = jnp.exp(-1j * d)[:, None] * W
    np.testing.assert_allclose(Wr, V, atol=1e-13)


def test_diagonalise_up_quark_hierarchy_relative_masses():
    """m_u/m_t ≈ 7e-6. diagonalise works on M M†, which squares the condition number: the
    relative error of the smallest singular value is of order eps·(m_t/m_u)² ≈ 4.5e-6 (observed
    2.9e-6), against numpy's SVD of M itself (relative error ~eps·m_t/m_u ≈ 3e-11). Tolerance
    1e-5: this bounds how well the Warsaw-down rotation fixes m_u (irrelevant for the observables
    here, stated so that a change of method shows up). A cyclic-Jacobi solver on M M† reached
    < 1e-7 but compiled to ~100 small XLA:CPU kernels, slower than LAPACK's call (session 6)."""
    V = np.asarray(ckm_standard(0.2250, 0.00369, 0.0418, 1.144))
    M = V.conj().T @ np.diag([1.2e-3, 0.62, 171.0])
    _, m, _ = diagonalise(jnp.asarray(M))
    ref = np.linalg.svd(M, compute_uv=False)[::-1]
    eps = np.finfo(float).eps
    np.testing.assert_allclose(np.asarray(m), ref, rtol=1e-5)
    assert abs(float(m[0]) / ref[0] - 1) < 10 * eps * (ref[2] / ref[0]) ** 2
