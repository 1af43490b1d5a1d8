"""The unchecked running (``throw=False``) compiles to a program without host callbacks, so JAX's
persistent compilation cache can store it (a program with a callback is never written there: every
process then recompiled the full-basis ODE, ~1.5 min on 2 cores); a failed solve is still reported.
"""

import jax
import jax.numpy as jnp
import pytest

from jaxalign.chain import _solve, coefficient_arrays
from jaxalign.errors import InputError
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.smeft.rge import evolve
from jaxalign.smeft.sm_couplings import sm_couplings_ew

SECTOR = ("eB", "eW")


def _callbacks(jaxpr):
    """Names of the callback primitives anywhere in a (closed) jaxpr, sub-jaxprs included."""
    found = []

    def walk(j):
        for e in j.eqns:
            if "callback" in e.primitive.name:
                found.append(e.primitive.name)
            for p in e.params.values():
                for sub in p if isinstance(p, (list, tuple)) else (p,):
                    inner = getattr(sub, "jaxpr", sub)
                    if hasattr(inner, "eqns"):
                        walk(inner)

    walk(jaxpr.jaxpr)
    return found


@pytest.fixture(scope="module")
def point():
    sm = load_inputs("reference")
    wc = parse_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": 1000.0, "values": {"eB_22": 1e-11}})
    return sm, coefficient_arrays(wc, sector=SECTOR)


def test_unchecked_running_has_no_host_callback_but_checked_does(point):
    """Property: no callback primitive in the unchecked solve (``throw=False``, as used by
    ``run_smeft(checked=False)`` and the chain's ``_evolve_unchecked``); the checked solve keeps
    its run-time checks (so this test would notice if the detection stopped working), and
    equinox's error mode is restored after tracing."""
    from equinox import _errors

    sm, C = point
    y0 = {**sm_couplings_ew(sm, C), **C}
    t0, t1 = jnp.log(91.1876), jnp.log(1000.0)
    before = _errors.EQX_ON_ERROR
    unchecked = jax.make_jaxpr(lambda y: evolve(y, t0, t1, throw=False, return_status=True))(y0)
    assert _callbacks(unchecked) == []
    assert _errors.EQX_ON_ERROR == before
    checked = jax.make_jaxpr(lambda y: evolve(y, t0, t1, throw=True))(y0)
    assert len(_callbacks(checked)) > 0


def test_failed_unchecked_solve_is_reported(point, monkeypatch):
    """A solve that cannot finish (max_steps = 1 over a decade) returns ok = False without
    raising; the chain's wrapper turns ok = False into a clear InputError."""
    import jaxalign.chain as chain

    sm, C = point
    y0 = {**sm_couplings_ew(sm, C), **C}
    _, ok = evolve(y0, jnp.log(91.1876), jnp.log(1000.0), max_steps=1, throw=False,
                   return_status=True)
    assert not bool(ok)
    monkeypatch.setattr(chain, "_evolve_unchecked", lambda C, a, b, sm, acc: (C, jnp.asarray(False)))
    with pytest.raises(InputError, match="did not converge"):
        _solve(C, 1000.0, 91.1876, sm, "integrate")


def test_no_callback_after_a_checked_solve_in_the_same_process(point):
    """Order independence: equinox caches the trace of its jitted run-time check; a checked solve
    run first must not lend its callbacks to a later unchecked one (it did until session 12, when a
    test that ran a checked solve first made the test above fail), nor the unchecked its NaN mode
    to a later checked one."""
    sm, C = point
    y0 = {**sm_couplings_ew(sm, C), **C}
    t0, t1 = jnp.log(91.1876), jnp.log(300.0)
    jax.block_until_ready(jax.jit(lambda y: evolve(y, t0, t1, throw=True))(y0))
    unchecked = jax.make_jaxpr(lambda y: evolve(y, t0, t1, throw=False, return_status=True))(y0)
    assert _callbacks(unchecked) == []
    checked = jax.make_jaxpr(lambda y: evolve(y, t0, t1, throw=True))(y0)
    assert len(_callbacks(checked)) > 0
