r"""Kinetic mixing: the one-loop running of ε_BX (MUOQ footnote 6) and the loop-induced
L_μ−L_τ mixing ε(q²).

Convention: ``L ⊃ (ε/2) F^a_{μν} X^{μν}`` with F^a the photon (or hypercharge, for ε_BX) field
strength and ``L_int = −X_μ J^μ_X − A_μ J^μ_EM``; after removing the mixing by A → A + εX the X
couples to a fermion f with ``g q_f + e ε Q_f`` (NPG2 "Dark photon": ``L ⊃ εe X J_EM``; MUOQ:
muon coupling ``−3g_X − eε_BX`` in B−3L_μ with Q_μ = −1).

Running of ε_BX (MUOQ footnote 6)
---------------------------------
MUOQ prints, at one loop, with t = ln μ,

    dε/dt = [192 g_Y g_X + (86 g_Y² + 577 g_X²) ε]/(192π²)
          = [2 b_YX g_Y g_X + (b_Y g_Y² + b_X g_X²) ε]/(16π²),

i.e. b_YX = 8, b_Y = 43/6, b_X = 577/12 (:data:`FOOTNOTE6`). These are the abelian β
coefficients b_a = (2/3)Σ_Weyl q_a² + (1/3)Σ_complex scalars q_a², b_YX = the same with q_Y q_X.
Check: b_Y = 41/6 (SM) + 1/3 (S₃, 9 states of Y = 1/3) = 43/6, and b_YX = (2/3)(2 + 6) + (1/3)·8 = 8
from the quarks (X = 1/3), the second-generation leptons (X = −3) and S₃ (Y = 1/3, X = 8/3) — the
field content of the light-X variant without S₁ (MUOQ §III). We could not reproduce b_X = 577/12
from that content (we count 51 with Φ of charge 3); it is used as printed.

With the gauge couplings running at one loop with the same coefficients,
g_a(t)⁻² = g_a(t₀)⁻² − 2b_a(t − t₀)/(16π²), the equation is solved in closed form: since
d ln(g_Y g_X)/dt = (b_Y g_Y² + b_X g_X²)/(16π²),

    ε(t)/(g_Y(t) g_X(t)) = ε(t₀)/(g_Y(t₀) g_X(t₀)) + 2 b_YX (t − t₀)/(16π²)      (exact at one loop).

:func:`epsilon_running` is this closed form; :func:`epsilon_running_ode` integrates the three
equations with diffrax and is tested against it. O(ε) corrections to the running of g_Y, g_X
(which MUOQ's footnote does not give) are neglected.

Loop-induced L_μ−L_τ mixing
---------------------------
Without tree-level mixing, μ and τ loops induce (Kamada & Yu arXiv:1504.00711; Araki et al.
arXiv:1409.4180; Amaral et al. arXiv:2006.11225 eq. (7), the form used by Darkcast's Lmu-Ltau
model per ``data/limits/light_zprime/README.md``)

    ε(q²) = (e g/(2π²)) ∫₀¹ dx x(1−x) ln[(m_τ² − x(1−x)q²)/(m_μ² − x(1−x)q²)],
    ε(0)  = (e g/(12π²)) ln(m_τ²/m_μ²) ≈ g/70,

finite and independent of any cut-off because the μ and τ charges cancel. The sign follows from
the photon vacuum polarisation with e²Q_f² → e g Q_f q_f (Q_μ = Q_τ = −1, q_μ = −q_τ = 1) in the
convention above: the induced electron coupling e ε Q_e = −eε is opposite to g.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

__all__ = [
    "FOOTNOTE6",
    "epsilon_beta",
    "gauge_coupling_one_loop",
    "epsilon_running",
    "epsilon_running_ode",
    "epsilon_lmu_ltau",
    "g_Y_at",
    "SW2_MSBAR_MZ",
    "B_Y_SM",
]

#: (b_Y, b_X, b_YX) read off MUOQ footnote 6: dε/dlnμ = [192 g_Y g_X + (86 g_Y² + 577 g_X²)ε]/(192π²).
FOOTNOTE6 = (86.0 / 12.0, 577.0 / 12.0, 8.0)

#: One-loop hypercharge coefficient of the SM, b_Y = 41/6 (g_Y not GUT-normalised).
B_Y_SM = 41.0 / 6.0

#: sin²θ_W in MSbar at m_Z, PDG 2020 (Zyla et al., PTEP 2020, 083C01, "Electroweak model" review,
#: ŝ²_Z = 0.23122(4)). Not among the jaxalign SM inputs; used by the trident formula and g_Y(m_Z).
SW2_MSBAR_MZ = 0.23122


def epsilon_beta(eps, g_Y, g_X, coeffs=FOOTNOTE6):
    r"""dε/d ln μ of MUOQ footnote 6 (default coefficients), [2b_YX g_Y g_X + (b_Y g_Y² + b_X g_X²)ε]/(16π²)."""
    b_Y, b_X, b_YX = coeffs
    return (2.0 * b_YX * g_Y * g_X + (b_Y * g_Y**2 + b_X * g_X**2) * eps) / (16.0 * jnp.pi**2)


def gauge_coupling_one_loop(g0, b, t):
    r"""g(t) at one loop: g⁻² = g0⁻² − 2b t/(16π²), t = ln(μ/μ₀) (dg/dt = b g³/(16π²)).

    Beyond the Landau pole (g0⁻² − 2bt/16π² ≤ 0) the result is NaN, as it should be.
    """
    return (g0**-2 - 2.0 * b * t / (16.0 * jnp.pi**2)) ** -0.5


def epsilon_running(eps0, g_Y0, g_X0, t, coeffs=FOOTNOTE6):
    r"""Closed-form one-loop ε(μ) from ε(μ₀) (module docstring), t = ln(μ/μ₀).

    ε(t) = g_Y(t) g_X(t) [ε₀/(g_Y0 g_X0) + 2 b_YX t/(16π²)], with g_Y, g_X at one loop with the
    coefficients ``coeffs = (b_Y, b_X, b_YX)`` (default: MUOQ footnote 6). Requires g_X0 ≠ 0; it is
    smooth in all arguments (for g_X0 → 0 use the ratio ε/g_X, which is finite).
    """
    b_Y, b_X, b_YX = coeffs
    gY = gauge_coupling_one_loop(g_Y0, b_Y, t)
    gX = gauge_coupling_one_loop(g_X0, b_X, t)
    return gY * gX * (eps0 / (g_Y0 * g_X0) + 2.0 * b_YX * t / (16.0 * jnp.pi**2))


def epsilon_running_ode(eps0, g_Y0, g_X0, t, coeffs=FOOTNOTE6, rtol=1e-10, atol=1e-12):
    r"""ε(t), g_Y(t), g_X(t) by integrating the one-loop system with diffrax (Tsit5, adaptive).

    dg_Y/dt = b_Y g_Y³/16π², dg_X/dt = b_X g_X³/16π², dε/dt = :func:`epsilon_beta`. A check of
    :func:`epsilon_running` (and usable if the coefficients are made scale dependent). Returns
    the tuple (ε, g_Y, g_X) at t (a scalar). Differentiable (diffrax adjoint).
    """
    import diffrax

    b_Y, b_X, _ = coeffs

    def rhs(s, yv, args):
        gY, gX, e = yv
        k = 1.0 / (16.0 * jnp.pi**2)
        return jnp.stack([b_Y * gY**3 * k, b_X * gX**3 * k, epsilon_beta(e, gY, gX, coeffs)])

    y0 = jnp.stack([jnp.asarray(g_Y0, float), jnp.asarray(g_X0, float), jnp.asarray(eps0, float)])
    sol = diffrax.diffeqsolve(
        diffrax.ODETerm(rhs),
        diffrax.Tsit5(),
        t0=0.0,
        t1=t,
        dt0=None,
        y0=y0,
        stepsize_controller=diffrax.PIDController(rtol=rtol, atol=atol),
        max_steps=4096,
    )
    yT = sol.ys[-1]
    return yT[2], yT[0], yT[1]


# 32-point Gauss–Legendre on [0, 1] for the (smooth) q²-dependent vacuum-polarisation integral.
_GL_T, _GL_W = np.polynomial.legendre.leggauss(32)
_GL_X = 0.5 * (_GL_T + 1.0)
_GL_W = 0.5 * _GL_W


def epsilon_lmu_ltau(g, m_mu, m_tau, alpha0, q2=0.0):
    r"""Loop-induced L_μ−L_τ kinetic mixing ε(q²) (module docstring), valid for q² < 4m_μ².

    A 32-point Gauss–Legendre rule on the smooth integrand (spacelike q² < 0 or 0 ≤ q² < 4m_μ²);
    at q² = 0 the integrand is a polynomial times ln(m_τ²/m_μ²) and the rule is exact, giving the
    closed form (e g/12π²) ln(m_τ²/m_μ²) to rounding (tested).
    ``alpha0``: α(0), e = √(4πα(0)). Masses in GeV, q² in GeV².
    """
    e = jnp.sqrt(4.0 * jnp.pi * alpha0)
    x = jnp.asarray(_GL_X)
    w = jnp.asarray(_GL_W)
    xx = x * (1.0 - x)
    q2 = jnp.asarray(q2, float)
    integral = jnp.sum(w * xx * jnp.log((m_tau**2 - xx * q2[..., None]) / (m_mu**2 - xx * q2[..., None])), axis=-1)
    return e * g / (2.0 * jnp.pi**2) * integral


def g_Y_at(mu, alpha_mz, sw2=SW2_MSBAR_MZ, m_Z=91.1876, b=B_Y_SM):
    r"""Hypercharge coupling g_Y(μ) = e(m_Z)/c_W at m_Z (MSbar), run at one loop with ``b``.

    Defaults: SM b_Y = 41/6, ŝ²_W = 0.23122 (:data:`SW2_MSBAR_MZ`); ``alpha_mz`` e.g. the
    ``alpha_e_mz`` of the jaxalign SM inputs (1/127.9). Used to start :func:`epsilon_running`.
    """
    gY_mz = jnp.sqrt(4.0 * jnp.pi * alpha_mz / (1.0 - sw2))
    return gauge_coupling_one_loop(gY_mz, b, jnp.log(mu / m_Z))
