"""Long physics validations (`make test-slow`): the full default fit, and the fast likelihood path
against the full ODE over the whole range of Λ and random parameter points."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.fit.driver import load_fit_config, run_fit
from jaxalign.inputs import load_inputs
from jaxalign.likelihood.build import make_likelihood
from jaxalign.likelihood.measurements import load_measurements
from jaxalign.models import AlignPhases

pytestmark = pytest.mark.slow


def test_default_fit_reproduces_align_bounds(tmp_path):
    """The full default fit (64 starts; NUTS 4 × (1000 + 1000)): the 90 % posterior bounds on
    |ε₁₂| and |ε₂₃| reproduce ALIGN eqs. (2.7) and (2.10) — 2e-5 and 1.6e-2 — to 15 %, with
    R-hat < 1.05 and fewer than 1 % divergent transitions."""
    from pathlib import Path

    cfg = load_fit_config(Path(__file__).resolve().parents[2] / "fits" / "align_generic.yaml")
    fit, idata = run_fit(cfg, tmp_path, seed=0, verbose=False)
    meta = json.loads((tmp_path / "run.json").read_text())
    lim = meta["limits"]
    assert lim["eps_12_L"]["posterior_90"] == pytest.approx(2.0e-5, rel=0.15)
    assert lim["eps_23_L"]["posterior_90"] == pytest.approx(1.6e-2, rel=0.15)
    import arviz as az

    rhat = az.rhat(idata)
    assert max(float(rhat[v]) for v in rhat.data_vars) < 1.05
    n = idata.sample_stats["diverging"].size
    assert meta["divergences"] < 0.01 * n


def test_fast_path_against_ode_random_points_and_scales():
    """AlignPhases at 12 random points: the linear/Chebyshev likelihood (free Λ in 0.5–20 TeV)
    against the full ODE likelihood built at each Λ: nll to 1e-6 relative."""
    sm = load_inputs("2021")
    cons = load_measurements("2021", sm)
    cons = {k: cons[k] for k in ("a_mu", "BR(mu->egamma)", "BR(tau->mugamma)")}
    model = AlignPhases()
    lo = np.array([-4e-11, -5e-10, -1e-4, -1e-4, -0.1, -0.1])
    lf, df = make_likelihood(model, sm, cons, scale_range=(500.0, 20000.0), parameter_bounds=(lo, -lo))
    rng = np.random.default_rng(3)
    for scale in (700.0, 2345.0, 9000.0):
        lo_, do_ = make_likelihood(model, sm, cons, scale=scale, running="ode")
        f_ode = jax.jit(lo_.nll)
        for _ in range(4):
            x = jnp.asarray(lo + (-2 * lo) * rng.uniform(size=6))
            a = float(lf.nll(jnp.concatenate([x, jnp.array([scale])]), df))
            b = float(f_ode(x, do_))
            assert a == pytest.approx(b, rel=1e-6)
