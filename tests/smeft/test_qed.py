"""QED running of α and of the lepton dipole below m_Z against a direct numerical integration."""

import jax
import numpy as np
import pytest

from jaxalign.wet.qed import THRESHOLDS, alpha_e, dipole_running_factor


def _numeric(mu_low, alpha_mz, n=20000):
    """RK4 in ln μ of dα/dt = α² b/(2π), d ln egamma/dt = α(10 + b)/(4π), b = 4/3 Σ N_c Q²."""
    def b(mu):
        s = 3 * (2 / 3) ** 2 + 2 * 3 * (1 / 3) ** 2
        s += sum(q for m, q in THRESHOLDS if mu > m)
        return 4 / 3 * s

    def f(t, y):
        bb = b(np.exp(t))
        return np.array([y[0] ** 2 * bb / (2 * np.pi), y[0] * (10 + bb) / (4 * np.pi)])

    t0, t1 = np.log(91.1876), np.log(mu_low)
    h = (t1 - t0) / n
    y = np.array([alpha_mz, 0.0])
    t = t0
    for _ in range(n):
        k1 = f(t, y); k2 = f(t + h / 2, y + h / 2 * k1); k3 = f(t + h / 2, y + h / 2 * k2); k4 = f(t + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += h
    return y[0], np.exp(y[1])


@pytest.mark.parametrize("mu", [2.0, 1.0, 0.5])
def test_closed_form_matches_numerical(mu):
    a, r = _numeric(mu, 1 / 127.9)
    assert float(alpha_e(mu, 1 / 127.9)) == pytest.approx(a, rel=1e-6)
    assert float(dipole_running_factor(mu, 1 / 127.9)) == pytest.approx(r, rel=1e-6)


def test_dipole_factor_reproduces_reference_a_mu():
    """The reference (flavio, a_μ from C7 at 1 GeV) for point P01 has Δa_μ = −1.47591e-6 while
    4 m_μ Re egamma_22(m_Z)/e = −1.55236e-6: a ratio 0.950763 from the running below m_Z
    (tests/data/reference_points.json). Our closed form gives it to 2e-4 (the rest is the mixing
    of other WET operators, not included here)."""
    assert float(dipole_running_factor(1.0, 1 / 127.9)) == pytest.approx(0.950763, rel=3e-4)


def test_smooth_derivative_across_threshold():
    g = jax.grad(dipole_running_factor)
    below, above = float(g(1.29, 1 / 127.9)), float(g(1.31, 1 / 127.9))
    assert np.isfinite(below) and np.isfinite(above) and below > 0 and above > 0
