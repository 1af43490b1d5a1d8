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


def test_the_dropped_row_is_the_first_same_as_last_stage():
    # diffrax.Dopri8's 14th stage has weight zero in the solution and the error estimate; that
    # is what makes dropping it exact (guards against a change of diffrax's tableau)
    tab = diffrax.Dopri8.tableau
    assert tab.fsal and not _Dopri8Step.tableau.fsal
    assert tab.b_sol[-1] == 0 and tab.b_error[-1] == 0
    assert len(_Dopri8Step.tableau.b_sol) == len(tab.b_sol) - 1 == 13


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


def _worst_relative(y, ref, atol_abs):
    """Largest |y − ref|/|ref| over every entry above 1e-3 of the largest of its class, classes
    whose largest entry lies below ``atol_abs`` left out (run_smeft's documented measure)."""
    from jaxalign.smeft.operators import SM_KEYS

    worst = 0.0
    for k, r in ref.items():
        if k in SM_KEYS:
            continue
        r, a = np.ravel(np.asarray(r)), np.ravel(np.asarray(y[k]))
        m = np.max(np.abs(r))
        if m <= atol_abs:
            continue
        sel = np.abs(r) > 1e-3 * m
        worst = max(worst, float(np.max(np.abs(a[sel] - r[sel]) / np.abs(r[sel]))))
    return worst


@pytest.mark.slow  # two complete-basis compiles (~1–2 min on 2 cores)
def test_default_tolerance_meets_its_documented_accuracy():
    """run_smeft's docstring: at the default rtol 1e-7, ≤ 1.1e-6 relative to the rtol-1e-12
    solution. Checked on the benchmark point (benchmarks/common.py RG_VALUES, 1 TeV → m_Z) and a
    dense random point (all 59 classes, O(1e-8) GeV⁻², 10 TeV → m_Z), SM couplings at Λ given."""
    from jaxalign.chain import coefficient_arrays
    from jaxalign.inputs import load_inputs
    from jaxalign.io.wcxf import parse_wcxf
    from jaxalign.smeft.betas import CLASSES
    from jaxalign.smeft.betas.common import project
    from jaxalign.smeft.operators import class_shape
    from jaxalign.smeft.rge import run_smeft, sm_at_scale

    sm = load_inputs("reference")
    wc = parse_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": 1000.0,
                     "values": {"lequ3_2233": 1e-7, "eB_22": 1e-11,
                                "eB_12": {"Re": 2e-12, "Im": 1e-12}}})
    bench = {k: jnp.asarray(v, complex) for k, v in coefficient_arrays(wc).items()}
    rng = np.random.default_rng(7)
    # complex like `bench` (project makes the bosonic classes real): same avals, so the two
    # programs below are compiled once for both points, not once per point
    dense = {k: jnp.asarray(project(k, jnp.asarray(rng.normal(size=class_shape(k))
                                                   + 1j * rng.normal(size=class_shape(k)))) * 1e-8,
                            complex)
             for k in CLASSES}
    run = jax.jit(lambda C, lam, sm_in: run_smeft(C, lam, 91.1876, sm, sm_in=sm_in, rotate=False))
    ref = jax.jit(lambda C, lam, sm_in: run_smeft(C, lam, 91.1876, sm, sm_in=sm_in, rotate=False,
                                                  rtol=1e-12, atol=1e-16))
    sm_at = jax.jit(sm_at_scale)
    for C, lam in ((bench, 1000.0), (dense, 1e4)):
        sm_in = sm_at(sm, C, lam)
        smax = max(float(np.max(np.abs(np.asarray(v)))) for v in C.values())
        worst = _worst_relative(run(C, lam, sm_in), ref(C, lam, sm_in), 1e-12 * smax)
        assert worst <= 1.1e-6, (lam, worst)
