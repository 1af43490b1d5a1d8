"""The Runge–Kutta solver of the SMEFT running (jaxalign.smeft.rge._Dopri8Step): diffrax's
Dopri8 without its first-same-as-last stage.

References: diffrax.Dopri8 itself (same tableau rows, so the same solution, error estimate and
accepted steps) and the exact solution of a nonlinear scalar ODE; the count of right-hand-side
evaluations is taken at run time with a host callback.
"""

import diffrax
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.smeft.rge import _Dopri8Step


def _solve(solver, span, rtol, counter=None, fixed=False):
    # a coupled nonlinear system with a closed form: y' = −y², z' = y z
    # → y = y0/(1 + y0 t), z = z0 (1 + y0 t)
    def rhs(t, x, args):
        if counter is not None:
            jax.debug.callback(lambda: counter.append(1))
        return jnp.stack([-x[0] ** 2, x[0] * x[1]])

    sol = diffrax.diffeqsolve(
        diffrax.ODETerm(rhs), solver, 0.0, span, span / 4, jnp.array([0.8, 1.3]),
        stepsize_controller=(diffrax.ConstantStepSize() if fixed
                             else diffrax.PIDController(rtol=rtol, atol=1e-14)), max_steps=1000,
    )
    return sol.ys[-1], int(sol.stats["num_steps"]), int(sol.stats["num_accepted_steps"])


@pytest.mark.parametrize("span, rtol", [(0.3, 1e-6), (2.0, 1e-10), (5.0, 1e-12)])
def test_same_steps_and_solution_as_diffrax_dopri8(span, rtol):
    y8, n8, a8 = _solve(diffrax.Dopri8(), span, rtol)
    y13, n13, a13 = _solve(_Dopri8Step(), span, rtol)
    assert (n13, a13) == (n8, a8)
    # the same steps up to the rounding of the stage sums (which moves the adaptive step sizes
    # by ~1e-16 relative): far below the tolerance
    np.testing.assert_allclose(np.asarray(y13), np.asarray(y8), rtol=rtol / 30, atol=0)
    exact = np.array([0.8 / (1 + 0.8 * span), 1.3 * (1 + 0.8 * span)])
    np.testing.assert_allclose(np.asarray(y13), exact, rtol=300 * rtol)


def test_thirteen_evaluations_per_step():
    counts = {}
    for solver in (diffrax.Dopri8(), _Dopri8Step()):
        count = []
        _, n, _ = _solve(solver, 2.0, 1e-10, counter=count)  # 10 steps, one of them rejected
        jax.effects_barrier()
        counts[type(solver).__name__] = (len(count), n)
    n = counts["_Dopri8Step"][1]
    assert counts["_Dopri8Step"][0] == 13 * n
    # diffrax's Dopri8: its first stage once at the start and 13 new ones per step (the 14th is
    # the next first stage), one more after a rejected step
    assert counts["Dopri8"][0] >= 13 * n + 1


def test_same_solution_as_diffrax_dopri8_on_fixed_steps():
    y8, n8, _ = _solve(diffrax.Dopri8(), 2.0, 0.0, fixed=True)
    y13, n13, _ = _solve(_Dopri8Step(), 2.0, 0.0, fixed=True)
    assert n8 == n13 == 4
    np.testing.assert_allclose(np.asarray(y13), np.asarray(y8), rtol=1e-14, atol=0)
