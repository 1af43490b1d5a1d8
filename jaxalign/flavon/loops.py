r"""Loop functions of the Froggatt–Nielsen flavon mechanism (FLAVON eqs. 2.5, 2.7, A.18).

A heavy vector-like mediator χ of mass M_χ and a flavon scalar of mass m_φ = x M_χ run in the loop
of FLAVON Figs. 1–2. With ``y = x²`` the four functions of the paper are

* eq. (A.18), one scalar mass eigenstate (mass basis, used in eqs. A.15–A.17)::

      I_m(x)   = [1 − x²(1 − 2 log x)] / (1 − x²)            = −∫₀¹ dt log(t + y(1 − t))
      I_Δa(x)  = [1 − 4x² + x⁴(3 − 4 log x)] / [2(1 − x²)³] =  ∫₀¹ dt t² / (t + y(1 − t))

* eqs. (2.5), (2.7), the mass-insertion ("×") functions::

      I_m^×(x)  = (1 + 2 log x − x²)/(1 − x²)²                                 = dI_m/dy
      I_Δa^×(x) = −[1 + 4x²(1 + 2 log x) − x⁴(5 − 4 log x)] / [2(1 − x²)⁴]     = dI_Δa/dy

  i.e. the insertion of the flavour-violating quartic splits the CP-even and CP-odd masses of the
  flavon, m_S² − m_P² ∝ λ v_a², and I(m_S) − I(m_P) ≃ (m_S² − m_P²)/M_χ² · dI/dy.

The integral representations (derived here, checked against the closed forms by quadrature in the
tests) fix the normalisation: I_Δa is the chirally enhanced one-loop function of a neutral scalar
and a charged fermion with the photon on the fermion line, I_m(0) = 1, I_Δa(0) = 1/2.

Numerics: every function is evaluated in ``y`` (the ``*_y`` functions); the ``x`` versions are
``f(x**2)``. Around the removable singularity y = 1 (|y − 1| < 0.2) the closed forms cancel
catastrophically, so a Taylor series in d = y − 1 is used instead (coefficients derived by hand,
exact rationals)::

      I_m     = Σ_{j≥1} (−1)^j d^j / (j(j+1))                      I_m(1)     = 0
      I_m^×   = Σ_{k≥0} (−1)^{k+1} d^k / (k+2)                     I_m^×(1)   = −1/2
      I_Δa    = Σ_{j≥0} 2(−1)^j d^j / ((j+1)(j+2)(j+3))            I_Δa(1)    = 1/3
      I_Δa^×  = Σ_{k≥0} 2(−1)^{k+1}(k+1) d^k / ((k+2)(k+3)(k+4))   I_Δa^×(1)  = −1/12

with the "double where" trick so that values *and* gradients are finite on both sides. At y → 0,
y log y → 0 is taken with a safe logarithm: I_m, I_Δa, I_Δa^× are finite there, with finite
gradients (I_m(0) = 1, I_Δa(0) = 1/2, I_Δa^×(0) = −1/2). I_m^× diverges like log y for y → 0 (the
mass-insertion approximation has no meaning for a massless flavon): it returns −∞ at y = 0 exactly
and is finite, with a finite gradient, for every y > 0.
The functions are defined for y ≥ 0 (a negative y, i.e. a tachyonic scalar, has no meaning here).
"""

from __future__ import annotations

import jax.numpy as jnp

__all__ = [
    "i_m_y",
    "i_da_y",
    "i_m_cross_y",
    "i_da_cross_y",
    "I_m",
    "I_da",
    "I_m_cross",
    "I_da_cross",
    "ratio_da_m_cross",
    "SERIES_RADIUS",
]

#: |y − 1| below which the Taylor series around y = 1 replaces the closed form.
SERIES_RADIUS = 0.2
_N_TERMS = 32  # 0.2^32 ≈ 4e-23: the truncation error is far below double precision


def _horner(coeffs, d):
    out = jnp.zeros_like(d)
    for c in reversed(coeffs):
        out = out * d + c
    return out


_C_IM = [0.0] + [(-1.0) ** j / (j * (j + 1)) for j in range(1, _N_TERMS)]
_C_IMX = [(-1.0) ** (k + 1) / (k + 2) for k in range(_N_TERMS)]
_C_IDA = [2.0 * (-1.0) ** j / ((j + 1) * (j + 2) * (j + 3)) for j in range(_N_TERMS)]
_C_IDAX = [2.0 * (-1.0) ** (k + 1) * (k + 1) / ((k + 2) * (k + 3) * (k + 4)) for k in range(_N_TERMS)]


def _split(y):
    """(near, y_far, d_near, ylogy, logy) with both branches made safe (double where)."""
    y = jnp.asarray(y, dtype=jnp.result_type(y, float))
    d = y - 1.0
    near = jnp.abs(d) < SERIES_RADIUS
    y_far = jnp.where(near, 0.5, y)  # any point away from y = 1 for the closed form
    d_near = jnp.where(near, d, 0.0)
    pos = y_far > 0.0
    y_log = jnp.where(pos, y_far, 1.0)
    logy = jnp.log(y_log)
    ylogy = jnp.where(pos, y_far * logy, 0.0)
    return near, y_far, d_near, ylogy, logy, pos


def i_m_y(y):
    """FLAVON eq. (A.18) I_m as a function of y = (m_φ/M_χ)²: 1 + y log y/(1 − y)."""
    near, yf, dn, ylogy, _, _ = _split(y)
    far = 1.0 + ylogy / (1.0 - yf)
    return jnp.where(near, _horner(_C_IM, dn), far)


def i_da_y(y):
    """FLAVON eq. (A.18) I_Δa(y) = [1 − 4y + y²(3 − 2 log y)] / [2(1 − y)³]."""
    near, yf, dn, ylogy, _, _ = _split(y)
    far = (1.0 - 4.0 * yf + 3.0 * yf * yf - 2.0 * yf * ylogy) / (2.0 * (1.0 - yf) ** 3)
    return jnp.where(near, _horner(_C_IDA, dn), far)


def i_m_cross_y(y):
    """FLAVON eq. (2.5) I_m^×(y) = (1 + log y − y)/(1 − y)² = dI_m/dy  (< 0; −∞ at y = 0)."""
    near, yf, dn, _, logy, pos = _split(y)
    logy = jnp.where(pos, logy, -jnp.inf)
    far = (1.0 + logy - yf) / (1.0 - yf) ** 2
    return jnp.where(near, _horner(_C_IMX, dn), far)


def i_da_cross_y(y):
    """FLAVON eq. (2.7) I_Δa^×(y) = −[1 + 4y(1 + log y) − y²(5 − 2 log y)] / [2(1 − y)⁴] = dI_Δa/dy."""
    near, yf, dn, ylogy, _, _ = _split(y)
    num = 1.0 + 4.0 * yf + 4.0 * ylogy - 5.0 * yf * yf + 2.0 * yf * ylogy
    far = -num / (2.0 * (1.0 - yf) ** 4)
    return jnp.where(near, _horner(_C_IDAX, dn), far)


def I_m(x):
    """FLAVON eq. (A.18) I_m(x_φ), x_φ = m_φ/M_χ."""
    return i_m_y(jnp.asarray(x, float) ** 2)


def I_da(x):
    """FLAVON eq. (A.18) I_Δa(x_φ)."""
    return i_da_y(jnp.asarray(x, float) ** 2)


def I_m_cross(x):
    """FLAVON eq. (2.5) I_m^×(x_φ), x_φ = μ_φ1/M_χ (negative for every x > 0)."""
    return i_m_cross_y(jnp.asarray(x, float) ** 2)


def I_da_cross(x):
    """FLAVON eq. (2.7) I_Δa^×(x_φ) (negative for every x ≥ 0)."""
    return i_da_cross_y(jnp.asarray(x, float) ** 2)


def ratio_da_m_cross(x):
    """R(x) = I_Δa^×(x)/I_m^×(x) > 0, the x dependence of FLAVON eq. (2.9).

    Maximal, R ≈ 0.179, at x ≈ 0.58; R → 0 for x → 0 (like −1/(4 log x)) and for x → ∞.
    At x = 0 exactly it is 0 (I_m^× = −∞), with a finite value for every x > 0.
    """
    y = jnp.asarray(x, float) ** 2
    return i_da_cross_y(y) / i_m_cross_y(y)
