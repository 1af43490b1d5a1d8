"""Tests of the generic fitting layer on likelihoods with known answers."""

import dataclasses
import json
import math
import warnings

import jaxalign  # noqa: F401  (x64)
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.errors import ConfigError
from jaxalign.fit import (
    FitResult,
    FitWarning,
    ParameterSpace,
    ProfileResult,
    best_fit,
    corner_plot,
    flat,
    load_fit,
    load_idata,
    normal,
    profile,
    profile_plot,
    sample_nuts,
    save_fit,
    save_idata,
    summarize,
    trace_plot,
    uniform,
)

MU = np.array([0.3, -1.2, 2.0])
COV = np.array([[1.0, 0.6, 0.2], [0.6, 2.0, -0.5], [0.2, -0.5, 0.5]])


def gauss_nll(x, data):
    """nll of a Gaussian with precision matrix P: 0.5 (x-mu)^T P (x-mu)."""
    r = x - data["mu"]
    return 0.5 * r @ data["prec"] @ r


def gauss_data(mu, cov=None, prec=None):
    prec = np.linalg.inv(cov) if prec is None else prec
    return {"mu": jnp.asarray(mu, dtype=float), "prec": jnp.asarray(prec, dtype=float)}


# The tests on SPACE3 share one nll, one space and 16 starts, so they share compiled code.
GAUSS = gauss_data(MU, COV)
SPACE3 = ParameterSpace([uniform("a", -5.0, 5.0), flat("b", scale=2.0), normal("c", 0.0, 30.0)])

MU2 = np.array([0.5, -1.0])
COV2 = np.array([[1.0, 0.8 * 0.5], [0.8 * 0.5, 0.25]])
GAUSS2 = gauss_data(MU2, COV2)
SPACE2 = ParameterSpace([flat("a"), flat("b", scale=0.5)])


# ============================================================================= parameter space
def test_space_transforms_roundtrip_and_jacobian():
    space = ParameterSpace(
        [uniform("both", -1.0, 3.0), flat("lo", lower=2.0, scale=0.5),
         flat("hi", upper=-1.0, scale=3.0), normal("free", 1.0, 0.2)]
    )
    z = jnp.array([0.7, -1.3, 2.1, 0.4])
    x = space.to_physical(z)
    np.testing.assert_allclose(space.to_unconstrained(x), z, rtol=1e-12, atol=1e-12)
    assert -1.0 < x[0] < 3.0 and x[1] > 2.0 and x[2] < -1.0
    np.testing.assert_allclose(x[3], 0.2 * 0.4)  # x = scale * z, scale = sigma
    jac = jax.jacfwd(space.to_physical)(z)
    np.testing.assert_allclose(jac, np.diag(np.diag(jac)), atol=1e-15)
    np.testing.assert_allclose(space.log_det_jacobian(z), np.sum(np.log(np.diag(jac))), rtol=1e-12)
    # extreme z stays inside the bounds and finite
    xe = space.to_physical(jnp.array([60.0, -60.0, 60.0, 0.0]))
    assert xe[0] <= 3.0 and xe[1] >= 2.0 and xe[2] <= -1.0
    assert np.all(np.isfinite(space.to_unconstrained(xe)))
    # priors
    lp = space.log_prior(jnp.array([0.0, 3.0, -2.0, 1.0]))
    expect = -math.log(4.0) + 0.0 + 0.0 + (-math.log(0.2) - 0.5 * math.log(2 * math.pi))
    np.testing.assert_allclose(lp, expect, rtol=1e-12)
    assert space.log_prior(jnp.array([3.5, 3.0, -2.0, 1.0])) == -np.inf
    # starting points respect bounds, frozen and hashable
    xs = space.sample_prior(jax.random.key(0), 500)
    assert np.all((xs[:, 0] >= -1) & (xs[:, 0] <= 3) & (xs[:, 1] >= 2) & (xs[:, 2] <= -1))
    hash(space)
    with pytest.raises(dataclasses.FrozenInstanceError):
        space.parameters = ()


def test_space_validation_and_dict_roundtrip():
    with pytest.raises(ConfigError, match="lower < upper"):
        uniform("a", 1.0, 0.0)
    with pytest.raises(ConfigError, match="Did you mean"):
        ParameterSpace([uniform("alpha", 0, 1)]).index("alpah")
    with pytest.raises(ConfigError, match="Duplicate"):
        ParameterSpace([uniform("a", 0, 1), normal("a", 0, 1)])
    space = ParameterSpace.from_dict({"a": ("uniform", -1, 1), "b": ("normal", 0.0, 2.0, 0.5)})
    assert space.names == ("a", "b") and space["b"].scale == 0.5
    assert ParameterSpace.from_dict(json.loads(json.dumps(SPACE3.to_dict()))) == SPACE3


# ============================================================================= best fit
@pytest.fixture(scope="module")
def gauss_fit():
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        return best_fit(gauss_nll, GAUSS, SPACE3, n_starts=16, key=1)


def test_best_fit_gaussian_mean_and_covariance(gauss_fit):
    fit = gauss_fit
    np.testing.assert_allclose(fit.x_best, MU, atol=1e-6)
    np.testing.assert_allclose(fit.covariance, COV, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(fit.errors, np.sqrt(np.diag(COV)), rtol=1e-6)
    corr = COV / np.outer(np.sqrt(np.diag(COV)), np.sqrt(np.diag(COV)))
    np.testing.assert_allclose(fit.correlation, corr, rtol=1e-6, atol=1e-9)
    assert fit.hessian_ok and fit.at_bound == () and fit.warnings == ()
    assert fit.chi2_best == pytest.approx(2 * fit.nll_best) and fit.chi2_best < 1e-10
    assert fit.x_ends.shape == fit.x_starts.shape == (16, 3) and fit.nll_ends.shape == (16,)
    assert fit.n_converged == 16
    assert set(fit.best) == {"a", "b", "c"} and "chi2_best" in fit.summary()


def test_multistart_double_well_finds_global_minimum():
    def nll(x, data):
        return data["k"] * (x[0] ** 2 - 1.0) ** 2 + data["tilt"] * x[0] + 0.5 * x[1] ** 2

    data = {"k": 5.0, "tilt": 0.5}
    space = ParameterSpace([uniform("x", -3.0, 3.0), normal("y", 0.0, 1.0)])
    grid = np.linspace(-3, 3, 600001)
    x_glob = grid[np.argmin(5.0 * (grid**2 - 1) ** 2 + 0.5 * grid)]
    x_loc = grid[300000:][np.argmin((5.0 * (grid**2 - 1) ** 2 + 0.5 * grid)[300000:])]
    # the first start (init) lies in the wrong basin
    fit = best_fit(nll, data, space, n_starts=15, init=[1.2, 0.3], key=3, steps=100)
    assert fit.x_ends[0, 0] == pytest.approx(x_loc, abs=1e-5)  # that start stays local ...
    assert fit.x_best[0] == pytest.approx(x_glob, abs=1e-5)  # ... the multistart finds global
    assert fit.x_best[1] == pytest.approx(0.0, abs=1e-6)
    assert fit.nll_best < fit.nll_ends[0] - 0.5
    # both basins populated: only the global-basin starts count as converged
    n_glob = int(np.sum(fit.x_ends[:, 0] < 0))
    assert 0 < n_glob < 16 and fit.n_converged == n_glob


def test_singular_hessian_warns_and_gives_no_nan():
    # nll depends on a + b and c only: a flat direction along a - b
    u = np.array([1.0, 1.0, 0.0])
    prec = np.outer(u, u) / 0.1**2 + np.diag([0.0, 0.0, 4.0])
    with pytest.warns(FitWarning, match="flat direction"):
        fit = best_fit(gauss_nll, gauss_data(MU, prec=prec), SPACE3, n_starts=16, key=0)
    assert not fit.hessian_ok and fit.warnings
    assert np.all(np.isfinite(fit.covariance)) and np.all(np.isfinite(fit.errors))
    assert fit.x_best[0] + fit.x_best[1] == pytest.approx(MU[0] + MU[1], abs=1e-6)
    # the pseudo-inverse keeps the constrained directions: var(a + b) = 0.1^2, var(c) = 1/4
    assert u @ fit.covariance @ u == pytest.approx(0.01, rel=1e-6)
    assert fit.covariance[2, 2] == pytest.approx(0.25, rel=1e-6)


def _rosen_like(x, data):
    """A smooth non-quadratic nll (Rosenbrock-like valley plus a quartic and an exponential):
    its Hessian at the minimum is not constant along the finite-difference steps."""
    return (data["a"] * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2 + 0.1 * x[2] ** 4
            + jnp.exp(0.3 * x[2]) - 0.3 * x[2])


def test_fd_hessian_matches_autodiff_on_a_non_quadratic_nll():
    from jaxalign.fit.optimize import fd_hessian

    data = {"a": 20.0}
    g = jax.jit(jax.grad(_rosen_like))
    for x in ([1.0, 1.0, 0.0], [0.7, -0.4, 1.3]):
        exact = np.asarray(jax.hessian(_rosen_like)(jnp.asarray(x), data))
        fd = fd_hessian(g, x, data, scale=np.array([1.0, 2.0, 0.5]))
        # Richardson-extrapolated central differences with h = 1e-4 * scale: O(h^4) truncation,
        # ~1e-12 round-off / h; 1e-8 of the largest element is a stated, loose bound
        np.testing.assert_allclose(fd, exact, rtol=0, atol=1e-8 * np.max(np.abs(exact)))
        np.testing.assert_array_equal(fd, fd.T)


def test_best_fit_hessian_methods(monkeypatch):
    import jaxalign.fit.optimize as opt

    data = {"a": 20.0}
    space = ParameterSpace([uniform("x", -3.0, 3.0), uniform("y", -3.0, 3.0), normal("z", 0.0, 3.0)])
    kw = dict(n_starts=4, key=1, steps=300, refine_steps=200)
    auto = best_fit(_rosen_like, data, space, **kw)
    assert auto.hessian_method == "autodiff"  # a tiny program: exact Hessian
    fd = best_fit(_rosen_like, data, space, hessian="fd", **kw)
    assert fd.hessian_method == "finite differences" and "finite differences" in fd.summary()
    np.testing.assert_allclose(fd.x_best, auto.x_best, atol=1e-12)
    np.testing.assert_allclose(fd.covariance, auto.covariance, rtol=1e-6, atol=1e-12)
    # "auto" switches to finite differences above the program-size threshold
    n = opt.gradient_size(_rosen_like, data, auto.x_best)
    assert 10 < n < opt.HESSIAN_AUTODIFF_MAX_EQNS
    monkeypatch.setattr(opt, "HESSIAN_AUTODIFF_MAX_EQNS", n - 1)
    assert best_fit(_rosen_like, data, space, **kw).hessian_method == "finite differences"
    with pytest.raises(ConfigError, match="hessian must be"):
        best_fit(_rosen_like, data, space, hessian="numeric", **kw)


def test_chunked_fit_compiles_each_solver_stage_once():
    # verbose=True runs Adam and L-BFGS in chunks (progress bar); every chunk must reuse the first
    # compilation (a weak-typed optax line-search state once made lbfgs_chunk compile twice,
    # costing minutes for the light-mediator likelihoods)
    import jaxalign.fit.optimize as opt

    def nll(x, data):
        return _rosen_like(x, data) + 0.25 * x[0] ** 4

    data = {"a": 20.0}
    space = ParameterSpace([uniform("x", -3.0, 3.0), uniform("y", -3.0, 3.0), normal("z", 0.0, 3.0)])
    best_fit(nll, data, space, n_starts=4, key=2, steps=200, refine_steps=100, verbose=True)
    solver = opt._build_solver(nll, space, False, "adam", None, 10)  # the cached solver of the fit
    sizes = {k: getattr(solver, k)._cache_size() for k in solver._fields}
    assert sizes == {k: 1 for k in solver._fields}, sizes


def test_uniform_bounds_respected_in_fit():
    mu = MU.copy()
    mu[0] = -7.0  # outside the prior range [-5, 5] of "a"
    with pytest.warns(FitWarning, match="on a bound"):
        fit = best_fit(gauss_nll, gauss_data(mu, COV), SPACE3, n_starts=16, key=0)
    assert fit.at_bound == ("a",)
    assert np.all((fit.x_ends[:, 0] >= -5.0) & (fit.x_ends[:, 0] <= 5.0))
    assert fit.x_best[0] == pytest.approx(-5.0, abs=1e-6)
    # the others are the conditional means at a = -5
    cond = mu[1:] + COV[1:, 0] / COV[0, 0] * (-5.0 - mu[0])
    np.testing.assert_allclose(fit.x_best[1:], cond, atol=1e-5)


# ============================================================================= profile
def test_profile_of_gaussian_is_parabola(gauss_fit):
    sigma_b = math.sqrt(COV[1, 1])
    t = np.array([-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0])
    values = MU[1] + sigma_b * t
    # 8 values x (1 random start + the reference fit) = 16: reuses best_fit's compiled code
    prof = profile(gauss_nll, GAUSS, SPACE3, "b", values, n_starts=1, key=0, reference=gauss_fit)
    np.testing.assert_allclose(prof.delta_chi2, t**2, atol=1e-6)
    np.testing.assert_allclose(prof.delta_chi2[[2, 5]], 1.0, atol=1e-6)  # +- sigma
    lo, hi = prof.interval(1.0)
    assert lo == pytest.approx(MU[1] - sigma_b, abs=1e-5)
    assert hi == pytest.approx(MU[1] + sigma_b, abs=1e-5)
    assert np.all(prof.x[:, 1] == values)
    # the other parameters follow the conditional means
    cond = MU[[0, 2]][None, :] + np.outer(values - MU[1], COV[[0, 2], 1] / COV[1, 1])
    np.testing.assert_allclose(prof.x[:, [0, 2]], cond, atol=1e-5)
    with pytest.raises(ConfigError):
        profile(gauss_nll, GAUSS, SPACE3, "a", [6.0])


# ============================================================================= NUTS
def nuts_nll(x, data):
    """Correlated Gaussian in (a, b), flat in u, standard normal in h."""
    return gauss_nll(x[:2], data) + 0.5 * x[3] ** 2


# a, b: correlated Gaussian with improper flat priors; u: uniform prior on [0, 1] and flat
# likelihood -> uniform posterior (tests the logit Jacobian); h: N(0,1) likelihood with h > 0
# -> half-normal posterior (tests the softplus Jacobian).
SPACE4 = ParameterSpace(
    [flat("a"), flat("b", scale=0.5), uniform("u", 0.0, 1.0), flat("h", lower=0.0)]
)


@pytest.fixture(scope="module")
def nuts_idata():
    return sample_nuts(
        nuts_nll, GAUSS2, SPACE4, num_chains=4, num_warmup=300, num_samples=500, key=7,
        progress_bar=False,
    )


def test_nuts_posterior(nuts_idata):
    idata = nuts_idata
    assert idata.posterior["a"].shape == (4, 500)
    df = summarize(idata)
    for col in ("mean", "sd", "hdi_2.5%", "hdi_97.5%", "ess_bulk", "ess_tail", "r_hat"):
        assert col in df.columns
    assert df.attrs["n_divergent"] == 0 and not idata.sample_stats["diverging"].any()
    assert np.all(df["r_hat"] < 1.05)
    means = {"a": MU2[0], "b": MU2[1], "u": 0.5, "h": math.sqrt(2 / math.pi)}
    sds = {"a": 1.0, "b": 0.5, "u": 1 / math.sqrt(12), "h": math.sqrt(1 - 2 / math.pi)}
    for name in SPACE4.names:
        assert abs(df.loc[name, "mean"] - means[name]) < 4 * df.loc[name, "mcse_mean"], name
        assert df.loc[name, "sd"] == pytest.approx(sds[name], rel=0.12), name
    a, b = idata.posterior["a"].values.ravel(), idata.posterior["b"].values.ravel()
    assert np.corrcoef(a, b)[0, 1] == pytest.approx(0.8, abs=0.06)
    # uniform-prior and one-sided bounds are respected by every draw
    u, h = idata.posterior["u"].values, idata.posterior["h"].values
    assert np.all((u >= 0) & (u <= 1)) and np.all(h >= 0)
    # stored log-likelihood is -nll of the draws
    x0 = jnp.array([float(idata.posterior[n].values[1, 3]) for n in SPACE4.names])
    assert float(idata.log_likelihood["total"].values[1, 3]) == pytest.approx(
        -float(nuts_nll(x0, GAUSS2)), rel=1e-10
    )


def test_nuts_init_from_fit(gauss_fit):
    from jaxalign.fit.sample import _init_z

    z = _init_z(SPACE3, gauss_fit, 4, 0.1, jax.random.key(0))
    x = np.asarray(jax.vmap(SPACE3.to_physical)(z))
    assert x.shape == (4, 3)
    assert np.all(np.abs(x - MU) < 0.1 * 6 * np.sqrt(np.diag(COV)))  # within 6 jitter-sigma
    with pytest.raises(ConfigError):
        _init_z(SPACE3, np.zeros(2), 4, 0.1, jax.random.key(0))


# ============================================================================= results I/O
def test_fit_json_roundtrip(gauss_fit, tmp_path):
    fit = dataclasses.replace(
        gauss_fit, nll_ends=np.concatenate([gauss_fit.nll_ends[:-1], [np.inf]])
    )
    path = save_fit(fit, tmp_path / "sub" / "fit.json")
    back = load_fit(path)
    assert isinstance(back, FitResult) and back.names == fit.names and back.space == SPACE3
    for name in ("x_best", "covariance", "hessian", "x_starts", "x_ends", "nll_ends"):
        np.testing.assert_array_equal(getattr(back, name), getattr(fit, name))
    assert back.nll_best == fit.nll_best and back.n_converged == fit.n_converged
    assert back.hessian_method == fit.hessian_method == "autodiff"
    fd = load_fit(save_fit(dataclasses.replace(fit, hessian_method="finite differences"), tmp_path / "fd.json"))
    assert fd.hessian_method == "finite differences"
    doc = json.loads((tmp_path / "sub" / "fit.json").read_text())
    assert doc["chi2_best"] == pytest.approx(fit.chi2_best) and doc["nll_ends"]["data"][-1] == "inf"


def test_idata_netcdf_roundtrip_and_plots(nuts_idata, gauss_fit, tmp_path):
    idata = nuts_idata
    path = save_idata(idata, tmp_path / "post.nc")
    back = load_idata(path)
    for group in ("posterior", "sample_stats", "log_likelihood"):
        assert group in back.groups()
    for name in SPACE4.names:
        np.testing.assert_array_equal(back.posterior[name].values, idata.posterior[name].values)
    assert back.sample_stats["diverging"].dtype == bool
    assert json.loads(back.posterior.attrs["parameter_space"]) == SPACE4.to_dict()

    png = tmp_path / "corner.png"
    fig = corner_plot(back, png, truths={"a": MU2[0], "b": MU2[1]}, fit=gauss_fit)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(fig.axes) == 16
    corner_plot(back, tmp_path / "ab.png", var_names=["a", "b"], bounds=[(-3, 4), (-3, 1)])
    trace_plot(back, tmp_path / "trace.png")
    v = np.linspace(-1, 1, 5)
    prof = ProfileResult("a", v, v**2 / 2, np.zeros((5, 2)), 0.0, ("a", "b"))
    profile_plot(prof, tmp_path / "profile.png")
    for f in ("ab.png", "trace.png", "profile.png"):
        assert (tmp_path / f).read_bytes()[:4] == b"\x89PNG"
