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
    """nll of a correlated Gaussian: 0.5 (x-mu)^T C^-1 (x-mu)."""
    r = x - data["mu"]
    return 0.5 * r @ jnp.linalg.solve(data["cov"], r)


GAUSS = {"mu": jnp.asarray(MU), "cov": jnp.asarray(COV)}
SPACE3 = ParameterSpace([uniform("a", -5.0, 5.0), flat("b", scale=2.0), normal("c", 0.0, 30.0)])

MU2 = np.array([0.5, -1.0])
COV2 = np.array([[1.0, 0.8 * 0.5], [0.8 * 0.5, 0.25]])
GAUSS2 = {"mu": jnp.asarray(MU2), "cov": jnp.asarray(COV2)}
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
def test_best_fit_gaussian_mean_and_covariance():
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        fit = best_fit(gauss_nll, GAUSS, SPACE3, n_starts=16, key=1)
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
    g = 5.0 * (grid**2 - 1) ** 2 + 0.5 * grid
    x_glob = grid[np.argmin(g)]
    # one start in the wrong basin stays in the local minimum ...
    local = best_fit(nll, data, space, n_starts=0, init=[1.2, 0.3], steps=100)
    assert local.x_best[0] > 0.5
    # ... the multistart finds the global one
    fit = best_fit(nll, data, space, n_starts=24, key=3, steps=100)
    assert fit.x_best[0] == pytest.approx(x_glob, abs=1e-5)
    assert fit.x_best[1] == pytest.approx(0.0, abs=1e-6)
    assert fit.nll_best < local.nll_best - 0.5
    # both basins populated: only the global-basin starts count as converged
    n_glob = int(np.sum(fit.x_ends[:, 0] < 0))
    assert 0 < n_glob < 24 and fit.n_converged == n_glob


def test_singular_hessian_warns_and_gives_no_nan():
    def nll(x, data):  # depends on a + b only: a flat direction
        return 0.5 * ((x[0] + x[1] - 1.0) / 0.1) ** 2

    space = ParameterSpace([uniform("a", -2.0, 2.0), uniform("b", -2.0, 2.0)])
    with pytest.warns(FitWarning, match="flat direction"):
        fit = best_fit(nll, None, space, n_starts=4, key=0, steps=100)
    assert not fit.hessian_ok
    assert np.all(np.isfinite(fit.covariance)) and np.all(np.isfinite(fit.errors))
    assert fit.x_best.sum() == pytest.approx(1.0, abs=1e-6)
    # the pseudo-inverse keeps the constrained direction: var(a + b) = 0.1^2
    u = np.array([1.0, 1.0])
    assert u @ fit.covariance @ u == pytest.approx(0.01, rel=1e-6)


def test_uniform_bounds_respected_in_fit():
    space = ParameterSpace([uniform("a", 0.5, 2.0), flat("b", scale=2.0), normal("c", 0, 30)])
    with pytest.warns(FitWarning, match="on a bound"):
        fit = best_fit(gauss_nll, GAUSS, space, n_starts=8, key=0)
    assert fit.at_bound == ("a",)
    assert np.all((fit.x_ends[:, 0] >= 0.5) & (fit.x_ends[:, 0] <= 2.0))
    assert fit.x_best[0] == pytest.approx(0.5, abs=1e-5)
    # the others are the conditional means at a = 0.5
    cond = MU[1:] + COV[1:, 0] / COV[0, 0] * (0.5 - MU[0])
    np.testing.assert_allclose(fit.x_best[1:], cond, atol=1e-4)


# ============================================================================= profile
def test_profile_of_gaussian_is_parabola():
    sigma_b = math.sqrt(COV[1, 1])
    values = MU[1] + sigma_b * np.linspace(-2.0, 2.0, 9)
    prof = profile(gauss_nll, GAUSS, SPACE3, "b", values, n_starts=4, key=0)
    np.testing.assert_allclose(prof.delta_chi2, ((values - MU[1]) / sigma_b) ** 2, atol=1e-6)
    np.testing.assert_allclose(prof.delta_chi2[[2, 6]], 1.0, atol=1e-6)  # +- sigma
    lo, hi = prof.interval(1.0)
    assert lo == pytest.approx(MU[1] - sigma_b, abs=1e-5)
    assert hi == pytest.approx(MU[1] + sigma_b, abs=1e-5)
    assert np.all(prof.x[:, 1] == values)
    # the other parameters follow the conditional mean
    cond_a = MU[0] + COV[0, 1] / COV[1, 1] * (values - MU[1])
    np.testing.assert_allclose(prof.x[:, 0], cond_a, atol=1e-5)
    with pytest.raises(ConfigError):
        profile(gauss_nll, GAUSS, SPACE3, "a", [6.0])


# ============================================================================= NUTS
@pytest.fixture(scope="module")
def gauss_idata():
    fit = best_fit(gauss_nll, GAUSS2, SPACE2, n_starts=4, key=0, steps=100)
    idata = sample_nuts(
        gauss_nll, GAUSS2, SPACE2, num_chains=4, num_warmup=300, num_samples=400,
        key=7, init=fit, progress_bar=False,
    )
    return idata, fit


def test_nuts_gaussian(gauss_idata):
    idata, _ = gauss_idata
    assert idata.posterior["a"].shape == (4, 400)
    df = summarize(idata)
    assert df.attrs["n_divergent"] == 0 and not idata.sample_stats["diverging"].any()
    for col in ("mean", "sd", "hdi_2.5%", "hdi_97.5%", "ess_bulk", "ess_tail", "r_hat"):
        assert col in df.columns
    assert np.all(df["r_hat"] < 1.05)
    for i, name in enumerate(SPACE2.names):
        assert abs(df.loc[name, "mean"] - MU2[i]) < 4 * df.loc[name, "mcse_mean"]
        assert df.loc[name, "sd"] == pytest.approx(math.sqrt(COV2[i, i]), rel=0.15)
    x = np.stack([idata.posterior[n].values.ravel() for n in SPACE2.names])
    assert np.corrcoef(x)[0, 1] == pytest.approx(0.8, abs=0.08)
    # stored log-likelihood is -nll of the draws
    ll = idata.log_likelihood["total"].values
    x0 = np.array([idata.posterior["a"].values[0, 0], idata.posterior["b"].values[0, 0]])
    assert ll[0, 0] == pytest.approx(-float(gauss_nll(jnp.asarray(x0), GAUSS2)), rel=1e-10)


def test_nuts_bounds_and_jacobian():
    """Flat likelihood on [0, 1] -> uniform; N(0,1) on x > 0 -> half-normal."""

    def nll(x, data):
        return 0.5 * x[1] ** 2

    space = ParameterSpace([uniform("u", 0.0, 1.0), flat("h", lower=0.0)])
    idata = sample_nuts(nll, None, space, num_chains=4, num_warmup=300, num_samples=500,
                        key=1, progress_bar=False)
    u, h = idata.posterior["u"].values, idata.posterior["h"].values
    assert np.all((u >= 0) & (u <= 1)) and np.all(h >= 0)
    df = summarize(idata)
    assert df.attrs["n_divergent"] == 0 and np.all(df["r_hat"] < 1.05)
    assert abs(df.loc["u", "mean"] - 0.5) < 4 * df.loc["u", "mcse_mean"]
    assert abs(df.loc["h", "mean"] - math.sqrt(2 / math.pi)) < 4 * df.loc["h", "mcse_mean"]
    assert df.loc["u", "sd"] == pytest.approx(1 / math.sqrt(12), rel=0.1)


# ============================================================================= results I/O
def test_fit_json_roundtrip(tmp_path):
    fit = best_fit(gauss_nll, GAUSS, SPACE3, n_starts=4, key=2, steps=50)
    fit = dataclasses.replace(fit, nll_ends=np.concatenate([fit.nll_ends[:-1], [np.inf]]))
    path = save_fit(fit, tmp_path / "sub" / "fit.json")
    back = load_fit(path)
    assert isinstance(back, FitResult) and back.names == fit.names and back.space == SPACE3
    for name in ("x_best", "covariance", "hessian", "x_starts", "x_ends", "nll_ends"):
        np.testing.assert_array_equal(getattr(back, name), getattr(fit, name))
    assert back.nll_best == fit.nll_best and back.n_converged == fit.n_converged
    doc = json.loads((tmp_path / "sub" / "fit.json").read_text())
    assert doc["chi2_best"] == pytest.approx(fit.chi2_best) and "errors" in doc


def test_idata_netcdf_roundtrip_and_plots(gauss_idata, tmp_path):
    idata, fit = gauss_idata
    path = save_idata(idata, tmp_path / "post.nc")
    back = load_idata(path)
    for group in ("posterior", "sample_stats", "log_likelihood"):
        assert group in back.groups()
    np.testing.assert_array_equal(back.posterior["a"].values, idata.posterior["a"].values)
    assert back.sample_stats["diverging"].dtype == bool
    assert json.loads(back.posterior.attrs["parameter_space"]) == SPACE2.to_dict()

    png = tmp_path / "corner.png"
    corner_plot(back, png, truths=MU2, bounds={"a": (-3.0, 4.0)}, fit=fit)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    trace_plot(back, tmp_path / "trace.png")
    assert (tmp_path / "trace.png").stat().st_size > 0
    prof = profile(gauss_nll, GAUSS2, SPACE2, "a", np.linspace(-1, 2, 7), n_starts=2, steps=50)
    profile_plot(prof, tmp_path / "profile.png")
    assert (tmp_path / "profile.png").stat().st_size > 0
