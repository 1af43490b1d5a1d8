"""Loop functions of FLAVON eqs. (2.5), (2.7), (A.18): closed forms vs numerical quadrature of
their integral representations, analytic limits, the derivative relation between the mass-basis
and mass-insertion functions, finiteness and gradients at x → 1 and x → 0.

Integral representations (derived in jaxalign/flavon/loops.py, y = x²):
  I_m(y)  = −∫₀¹ dt log(t + y(1−t)),         I_Δa(y)  = ∫₀¹ dt t²/(t + y(1−t)),
  I_m^×(y) = −∫₀¹ dt (1−t)/(t + y(1−t)),     I_Δa^×(y) = −∫₀¹ dt t²(1−t)/(t + y(1−t))².
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.integrate import quad

import jaxalign  # noqa: F401  (float64)
from jaxalign.flavon import loops as L


def _quad(f):
    return quad(f, 0.0, 1.0, epsabs=1e-14, epsrel=1e-13, limit=200)[0]


def q_im(y):
    return -_quad(lambda t: np.log(t + y * (1 - t)))


def q_ida(y):
    return _quad(lambda t: t * t / (t + y * (1 - t)))


def q_imx(y):
    return -_quad(lambda t: (1 - t) / (t + y * (1 - t)))


def q_idax(y):
    return -_quad(lambda t: t * t * (1 - t) / (t + y * (1 - t)) ** 2)


X_GRID = [1e-3, 0.02, 0.0736, 0.3, 0.6, 0.85, 0.92, 0.999, 1.0, 1.0005, 1.05, 1.12, 1.3, 2.0, 5.0, 30.0]


@pytest.mark.parametrize("x", X_GRID)
def test_closed_forms_match_quadrature(x):
    """Closed forms (eqs. 2.5, 2.7, A.18, with the series near x = 1) vs quadrature, rtol 1e-10."""
    y = x * x
    np.testing.assert_allclose(float(L.I_m(x)), q_im(y), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(float(L.I_da(x)), q_ida(y), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(float(L.I_m_cross(x)), q_imx(y), rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(float(L.I_da_cross(x)), q_idax(y), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("x", [0.05, 0.4, 0.7, 0.95, 1.1, 1.6, 3.0])
def test_printed_formulas_equal_the_implementation(x):
    """The formulas exactly as printed in eqs. (2.5), (2.7), (A.18) (away from the removable point
    x = 1, where they are 0/0)."""
    lx = np.log(x)
    imx = (1 + 2 * lx - x**2) / (1 - x**2) ** 2
    idax = -(1 + 4 * x**2 * (1 + 2 * lx) - x**4 * (5 - 4 * lx)) / (2 * (1 - x**2) ** 4)
    im = (1 - x**2 * (1 - 2 * lx)) / (1 - x**2)
    ida = (1 - 4 * x**2 + x**4 * (3 - 4 * lx)) / (2 * (1 - x**2) ** 3)
    # the printed forms lose digits near x = 1 (0/0): compare with a tolerance that reflects it
    tol = 1e-12 / max(abs(1 - x * x), 1e-3) ** 4
    np.testing.assert_allclose(float(L.I_m_cross(x)), imx, rtol=tol)
    np.testing.assert_allclose(float(L.I_da_cross(x)), idax, rtol=tol)
    np.testing.assert_allclose(float(L.I_m(x)), im, rtol=tol)
    np.testing.assert_allclose(float(L.I_da(x)), ida, rtol=tol)


def test_analytic_limits():
    """x → 0: I_m = 1, I_Δa = 1/2, I_Δa^× = −1/2, I_m^× ≃ 1 + 2 log x; x = 1: I_m = 0,
    I_Δa = 1/3, I_m^× = −1/2, I_Δa^× = −1/12; x → ∞: I_m ≃ 1 − log x², I_Δa ≃ (log x² − 3/2)/x²,
    I_m^× ≃ −1/x²."""
    assert float(L.I_m(0.0)) == 1.0
    assert float(L.I_da(0.0)) == 0.5
    assert float(L.I_da_cross(0.0)) == -0.5
    assert float(L.I_m_cross(0.0)) == -np.inf
    x = 1e-6
    np.testing.assert_allclose(float(L.I_m_cross(x)), 1 + 2 * np.log(x), rtol=1e-10)
    np.testing.assert_allclose(float(L.I_m(1.0)), 0.0, atol=1e-15)
    np.testing.assert_allclose(float(L.I_da(1.0)), 1 / 3, rtol=1e-14)
    np.testing.assert_allclose(float(L.I_m_cross(1.0)), -0.5, rtol=1e-14)
    np.testing.assert_allclose(float(L.I_da_cross(1.0)), -1 / 12, rtol=1e-14)
    x = 1e4
    y = x * x
    np.testing.assert_allclose(float(L.I_m(x)), 1 - np.log(y), rtol=1e-6)
    np.testing.assert_allclose(float(L.I_da(x)), (np.log(y) - 1.5) / y, rtol=1e-6)
    np.testing.assert_allclose(float(L.I_m_cross(x)), -1 / y, rtol=1e-6)


def test_cross_functions_are_derivatives():
    """I_m^× = dI_m/d(x²), I_Δa^× = dI_Δa/d(x²): the mass-insertion functions of eqs. (2.5), (2.7)
    are the first term of the mass-basis difference of eq. (A.17). Autodiff of the closed forms."""
    ys = jnp.array([1e-4, 0.05, 0.5, 0.9, 1.0, 1.15, 2.5, 40.0])
    for f, fx in ((L.i_m_y, L.i_m_cross_y), (L.i_da_y, L.i_da_cross_y)):
        d = jax.jit(jax.vmap(jax.grad(f)))(ys)
        np.testing.assert_allclose(np.asarray(d), np.asarray(fx(ys)), rtol=1e-9)


def test_signs_stated_in_the_paper():
    """Eqs. (2.5), (2.7): I_m^× < 0 and I_Δa^× < 0 for every x."""
    xs = jnp.geomspace(1e-4, 1e3, 400)
    assert bool(jnp.all(L.I_m_cross(xs) < 0))
    assert bool(jnp.all(L.I_da_cross(xs) < 0))


def test_series_boundary_is_seamless():
    """Value and slope agree across |y − 1| = SERIES_RADIUS (closed form vs series)."""
    r, e = L.SERIES_RADIUS, 1e-9
    ys = jnp.array([1 - r - e, 1 - r, 1 - r + e, 1 + r - e, 1 + r, 1 + r + e])
    for f in (L.i_m_y, L.i_da_y, L.i_m_cross_y, L.i_da_cross_y):
        v = np.asarray(f(ys))
        g = np.asarray(jax.jit(jax.vmap(jax.grad(f)))(ys))
        for k in (0, 3):  # (below, at, above) each boundary
            # no jump: the difference is the slope times the step, to 1e-13
            assert abs(v[k + 2] - v[k] - g[k + 1] * 2 * e) < 1e-13
            np.testing.assert_allclose(g[k], g[k + 2], rtol=1e-7)


def test_finite_gradients_at_one_and_zero():
    """x_φ → 1: values and gradients finite and equal to the series; x → 0: finite (I_m^× only
    for x > 0, where it behaves as 1 + 2 log x)."""
    for f in (L.I_m, L.I_da, L.I_m_cross, L.I_da_cross, L.ratio_da_m_cross):
        for x in (1.0, 1.0 - 1e-9, 1.0 + 1e-7):
            v, g = jax.value_and_grad(f)(x)
            assert np.isfinite(float(v)) and np.isfinite(float(g))
    # derivative at x = 1 from the series: dI/dx = 2x dI/dy; d²I_m/dy² at y=1 = 1/3 (series)
    np.testing.assert_allclose(float(jax.grad(L.I_m)(1.0)), 2 * (-0.5), rtol=1e-13)
    np.testing.assert_allclose(float(jax.grad(L.I_m_cross)(1.0)), 2 * (1 / 3), rtol=1e-13)
    np.testing.assert_allclose(float(jax.grad(L.I_da_cross)(1.0)), 2 * (2 * 2 / (3 * 4 * 5)), rtol=1e-13)
    for f in (L.I_m, L.I_da, L.I_da_cross):
        v, g = jax.value_and_grad(f)(0.0)
        assert np.isfinite(float(v)) and np.isfinite(float(g))
    x = 1e-8
    g = float(jax.grad(L.I_m_cross)(x))
    np.testing.assert_allclose(g, 2 / x, rtol=1e-6)  # d/dx (1 + 2 log x)


def test_gradients_match_finite_differences():
    xs = [0.03, 0.5, 0.81, 1.19, 2.2]
    for f in (L.I_m, L.I_da, L.I_m_cross, L.I_da_cross):
        for x in xs:
            h = 1e-6 * x
            fd = (float(f(x + h)) - float(f(x - h))) / (2 * h)
            np.testing.assert_allclose(float(jax.grad(f)(x)), fd, rtol=1e-6)


def test_ratio_maximum():
    """R(x) = I_Δa^×/I_m^× of eq. (2.9): maximal ≈ 0.179 near x ≈ 0.58, the x_φ ≃ 0.6 of §4
    ("we relax both ... with M_χ ≃ 2.5 TeV and x_φ ≃ 0.6")."""
    xs = jnp.linspace(0.05, 3.0, 5901)
    R = L.ratio_da_m_cross(xs)
    i = int(jnp.argmax(R))
    assert 0.55 < float(xs[i]) < 0.62
    np.testing.assert_allclose(float(R[i]), 0.1792, atol=2e-4)


def test_jit_vmap():
    xs = jnp.linspace(0.1, 2.0, 7)
    f = jax.jit(jax.vmap(lambda x: jnp.stack([L.I_m(x), L.I_da(x), L.I_m_cross(x), L.I_da_cross(x)])))
    out = f(xs)
    assert out.shape == (7, 4) and bool(jnp.all(jnp.isfinite(out)))
