"""The pure likelihood: linear (evolution-matrix) path against the full ODE, the smooth Λ
interpolant, and the JAX transformations (jit, grad, hessian, vmap)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

from jaxalign.errors import ConfigError
from jaxalign.inputs import load_inputs
from jaxalign.likelihood.build import make_likelihood
from jaxalign.likelihood.measurements import load_measurements
from jaxalign.models import AlignPhases, WilsonCoefficients

# The common test case of the benchmarks (four real coefficients at Λ = 1.5 TeV)
NAMES = ("lequ3_2233", "eB_22", "eW_22", "eB_12")
SCALES = np.array([1e-10, 1e-11, 1e-11, 1e-16])
X0 = jnp.array([-1.0e-10, 1.0e-11, 2.0e-12, 1.0e-16])


@pytest.fixture(scope="module")
def setup():
    sm = load_inputs("2021")
    cons = load_measurements("2021", sm)
    cons = {k: cons[k] for k in ("a_mu", "BR(mu->egamma)", "BR(tau->mugamma)", "d_e")}
    model = WilsonCoefficients(parameter_names=NAMES)
    bounds = (-np.ones(4), np.ones(4))
    lin = make_likelihood(model, sm, cons, scale=1500.0, parameter_bounds=bounds)
    free = make_likelihood(model, sm, cons, scale_range=(300.0, 6000.0), parameter_bounds=bounds, n_nodes=16)
    return sm, cons, lin, None, free


@pytest.fixture(scope="module")
def ode_lik(setup):
    """The running='ode' likelihood of the same case (built only for the slow comparison)."""
    sm, cons = setup[0], setup[1]
    return make_likelihood(WilsonCoefficients(parameter_names=NAMES), sm, cons, scale=1500.0, running="ode")


@pytest.mark.slow  # ~100 s on 2 cores (two full-ODE likelihood compiles); run by `make test-slow`
def test_linear_matches_ode(setup, ode_lik):
    """The evolution matrix reproduces the full ODE chain (same SM couplings at Λ): predictions
    to 1e-8 relative for O(1e-9)-sized NP (the neglected O(C²) terms are ~v²C ~ 1e-5 of the
    linear ones times the NP fraction)."""
    _, _, (lik, data), _, _ = setup
    lo, do = ode_lik
    for x in (X0, X0 * jnp.array([1.0, -2.0, 0.5, 3.0])):
        p1 = jax.jit(lik.predictions)(x, data)
        p2 = jax.jit(lo.predictions)(x, do)
        for k in p1:
            shift = float(p2[k] - data.sm_values[list(p1).index(k)])
            assert float(p1[k] - p2[k]) == pytest.approx(0.0, abs=1e-8 * abs(shift) + 1e-30), k
        assert float(lik.nll(x, data)) == pytest.approx(float(lo.nll(x, do)), rel=1e-8)


def test_free_scale_interpolant(setup):
    """Chebyshev interpolant in ln Λ: equal to the fixed-Λ matrix at Λ = 1.5 TeV (not a node),
    and dnll/dΛ equal to a central finite difference (smooth, non-zero)."""
    _, _, (lik, data), _, (lf, df) = setup
    x = jnp.concatenate([X0, jnp.array([1500.0])])
    assert float(lf.nll(x, df)) == pytest.approx(float(lik.nll(X0, data)), rel=1e-10)
    g = jax.grad(lf.nll)(x, df)[-1]
    h = 1.0
    fd = (lf.nll(x.at[-1].add(h), df) - lf.nll(x.at[-1].add(-h), df)) / (2 * h)
    assert float(g) == pytest.approx(float(fd), rel=1e-5)
    assert abs(float(g)) > 0
    # smooth: the derivative varies continuously across the interval (no steps between nodes)
    gs = jax.vmap(lambda s: jax.grad(lf.nll)(x.at[-1].set(s), df)[-1])(jnp.linspace(1000.0, 1100.0, 41))
    assert np.all(np.abs(np.diff(np.asarray(gs))) < 0.05 * np.max(np.abs(np.asarray(gs))))


def test_jit_eager_vmap_loop(setup):
    _, _, (lik, data), _, _ = setup
    xs = jnp.asarray(np.random.default_rng(0).normal(size=(5, 4)) * SCALES)
    eager = np.array([float(lik.nll(x, data)) for x in xs])
    jitted = np.array([float(jax.jit(lik.nll)(x, data)) for x in xs])
    vm = np.asarray(jax.jit(jax.vmap(lik.nll, in_axes=(0, None)))(xs, data))
    np.testing.assert_allclose(jitted, eager, rtol=1e-12)
    np.testing.assert_allclose(vm, eager, rtol=1e-12)


def test_bind_equals_the_pure_function(setup):
    """Likelihood.bind(data): the same numbers as nll(x, data) and its derivatives (fixed and
    free scale)."""
    _, _, (lik, data), _, (likf, dataf) = setup
    x = X0
    b = lik.bind(data)
    np.testing.assert_allclose(float(b.nll(x)), float(lik.nll(x, data)), rtol=1e-14)
    v, g = b.value_and_grad(x)
    # the references: the pure function with data as an argument (jitted: eager op-by-op
    # differentiation of the chain costs ~15 s; jit-vs-eager is tested in test_jit_eager_vmap_loop)
    g_ref = jax.jit(jax.grad(lik.nll))(x, data)
    np.testing.assert_allclose(np.asarray(g), np.asarray(g_ref), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(b.grad(x)), np.asarray(g_ref), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(b.hessian(x)),
                               np.asarray(jax.jit(jax.hessian(lik.nll))(x, data)), rtol=1e-10)
    p = b.predictions(x)
    assert set(p) == set(lik.predictions(x, data))
    xs = jnp.append(x, 2000.0)
    bf = likf.bind(dataf)
    np.testing.assert_allclose(np.asarray(bf.value_and_grad(xs)[1]),
                               np.asarray(jax.jit(jax.grad(likf.nll))(xs, dataf)), rtol=1e-12)


def test_gradient_and_hessian(setup):
    """Scaled to O(1) so that check_grads' float64 defaults are meaningful (STYLE §4)."""
    _, _, (lik, data), _, _ = setup

    def f(z):
        return lik.nll(z * jnp.asarray(SCALES), data)

    check_grads(f, (X0 / jnp.asarray(SCALES),), order=2, modes=("fwd", "rev"))
    H = jax.hessian(f)(X0 / jnp.asarray(SCALES))
    assert np.all(np.isfinite(np.asarray(H)))
    np.testing.assert_allclose(np.asarray(H), np.asarray(H).T, rtol=1e-8, atol=1e-12)


def test_closed_form_gradient_equals_autodiff(setup):
    """Likelihood.value_and_grad in closed form (affine model, linear running at fixed Λ, dipole
    observables: a_μ 're', BR 'abs2', d_e 'im' forms) against reverse-mode autodiff of nll, also
    with a complex parameter and a fixed offset; ≤ 1e-12 of the largest component at random points
    spanning the scales of the parameters; with a free Λ (derivative along Λ from the Chebyshev
    series) at Λ drawn log-uniformly over the range and slightly beyond it (extrapolation)."""
    sm, cons, (lik, data), _, (lf, df) = setup
    model = WilsonCoefficients(parameter_names=NAMES + ("eB_12.im",), fixed=(("eB_22", 3e-12),))
    bounds = (-np.ones(5), np.ones(5))
    lc, dc = make_likelihood(model, sm, cons, scale=1500.0, parameter_bounds=bounds)
    assert lik.fast_grad and lc.fast_grad and lf.fast_grad
    rng = np.random.default_rng(3)
    lo, hi = np.log(300.0), np.log(6000.0)  # the fixture's scale_range
    cases = [(lik, data, lambda: jnp.asarray(rng.normal(size=4) * SCALES)),
             (lc, dc, lambda: jnp.asarray(rng.normal(size=5) * np.append(SCALES, 1e-16))),
             (lf, df, lambda: jnp.asarray(np.append(rng.normal(size=4) * SCALES,
                                                    np.exp(rng.uniform(lo - 0.05, hi + 0.05)))))]
    for lk, d, draw in cases:
        fast, auto = jax.jit(lk.value_and_grad), jax.jit(jax.value_and_grad(lk.nll))
        for _ in range(4):
            x = draw()
            (v1, g1), (v2, g2) = fast(x, d), auto(x, d)
            assert float(v1) == pytest.approx(float(v2), rel=1e-12)
            g1, g2 = np.asarray(g1), np.asarray(g2)
            assert np.max(np.abs(g1 - g2)) <= 1e-12 * np.max(np.abs(g2))
            assert np.all(g2 != 0.0)  # every direction is exercised


def test_closed_form_declines_a_slowly_converging_series(setup, monkeypatch):
    """With a free Λ the closed form needs the interpolant in the power basis; when that change of
    basis would grow the coefficients beyond closed_form.MAX_POWER_GROWTH (forced here by setting
    it below 1) the builder keeps autodiff, and value_and_grad still equals autodiff of nll."""
    from jaxalign.likelihood import closed_form

    sm, cons, *_ = setup
    monkeypatch.setattr(closed_form, "MAX_POWER_GROWTH", 0.5)
    lk, d = make_likelihood(WilsonCoefficients(parameter_names=NAMES), sm, cons,
                            scale_range=(300.0, 6000.0), parameter_bounds=(-np.ones(4), np.ones(4)), n_nodes=8)
    assert not lk.fast_grad
    x = jnp.append(X0, 2000.0)
    v, g = jax.jit(lk.value_and_grad)(x, d)
    np.testing.assert_allclose(np.asarray(g), np.asarray(jax.jit(jax.grad(lk.nll))(x, d)), rtol=1e-12)


def test_linear_data_pytree(setup):
    """LinearData is a pytree with one array leaf and static metadata that compares by content:
    a copy with equal (but not identical) metadata has the same tree structure, so one compiled
    nll serves both (one jit cache entry), and gives the same value."""
    import copy

    from jaxalign.likelihood.build import LinearData, _Static

    _, _, (lik, data), _, _ = setup
    assert [a.shape for a in jax.tree_util.tree_leaves(data)] == [data.packed.shape]
    twin = LinearData(data.packed + 0.0, _Static(copy.deepcopy(data.meta.value)), data.bs_params)
    assert twin.meta is not data.meta and hash(twin.meta) == hash(data.meta)
    assert jax.tree_util.tree_structure(twin) == jax.tree_util.tree_structure(data)
    f = jax.jit(lik.nll)
    assert float(f(X0, data)) == float(f(X0, twin))
    assert f._cache_size() == 1


def test_sm_point_chi2(setup):
    """At C = 0 the χ² is the SM pull of Δa_μ: (251/59.4)² (2021 vintage), all else 0."""
    sm, cons, (lik, data), _, _ = setup
    mu = cons["a_mu"].distribution
    chi2 = 2 * float(lik.nll(jnp.zeros(4), data))
    assert chi2 == pytest.approx(float((mu.central / mu.sigma) ** 2), rel=1e-12)
    assert chi2 == pytest.approx((251 / 59.4) ** 2, rel=2e-3)


def test_scale_below_ew_is_an_error(setup):
    sm, cons, *_ = setup
    with pytest.raises(ConfigError, match="below the electroweak scale"):
        make_likelihood(WilsonCoefficients(parameter_names=("eB_22",)), sm, cons, scale=50.0)


def test_align_model_epsilons():
    """AlignPhases: ε₁₂ at m_Z equals θ_eγ,12 when C_lequ3 = 0 (pure dipole: no misalignment is
    generated by the running of the dipole itself at this order), up to the tiny running
    difference between the 12 and 22 entries (< 1e-3 relative)."""
    sm = load_inputs("2021")
    cons = load_measurements("2021", sm)
    cons = {k: cons[k] for k in ("a_mu", "BR(mu->egamma)")}
    model = AlignPhases()
    lo = np.array([-1, -1, -1, -1, -1, -1.0])
    lik, data = make_likelihood(model, sm, cons, scale=1000.0, parameter_bounds=(lo, -lo))
    assert not lik.fast_grad  # products of magnitudes and angles: not affine, autodiff is used
    x = jnp.array([1e-11, 0.0, 3e-5, 0.0, 1e-2, 0.0])
    d = jax.jit(lik.derived)(x, data)
    assert float(d["eps_12_L"]) == pytest.approx(3e-5, rel=1e-3)
    assert float(d["eps_23_L"]) == pytest.approx(1e-2, rel=1e-3)
    # with the tensor operator misaligned, ε₁₂ moves by (θ_u3 − θ_eγ) Δ₃ (ALIGN eq. 3.22)
    x2 = jnp.array([1e-11, -1e-10, 0.0, 5e-5, 0.0, 0.0])
    d2 = jax.jit(lik.derived)(x2, data)
    eg = lik.photon_dipole(x2, data)
    x3 = x2.at[3].set(0.0)
    eg_u3 = lik.photon_dipole(x3.at[0].set(0.0), data)  # tensor-only part of C'_22
    delta3 = float(jnp.real(eg_u3[1, 1] / eg[1, 1]))
    assert float(d2["eps_12_L"]) == pytest.approx(5e-5 * delta3, rel=1e-3)


def test_correlated_group_in_the_likelihood(setup, tmp_path):
    """A correlated (a_μ, a_e) group: nll = ½ rᵀ Σ⁻¹ r with r = (Δa_μ, Δa_e) − centre, where the
    shifts come from the likelihood of the two single observables (same chain)."""
    sm = setup[0]
    f = tmp_path / "g.yaml"
    f.write_text(
        "source: {ref: test}\ncorrelated:\n  - name: g\n    observables: [a_mu, a_e]\n"
        "    central: [1.16592061e-3, 1.15965218059e-3]\n    uncertainties: [4.1e-10, 1.3e-13]\n"
        "    correlation: [[1.0, 0.5], [0.5, 1.0]]\n")
    group = load_measurements(f, sm)
    single = load_measurements("2021", sm)
    bounds = (-np.ones(4), np.ones(4))
    model = WilsonCoefficients(parameter_names=NAMES)
    lg, dg = make_likelihood(model, sm, group, scale=1500.0, parameter_bounds=bounds)
    ls, ds = make_likelihood(model, sm, {k: single[k] for k in ("a_mu", "a_e")}, scale=1500.0,
                             parameter_bounds=bounds)
    assert lg.observables == ("a_mu", "a_e")
    shifts = np.asarray(ls.np_parts(X0, ds))
    d = group["g"].distribution
    r = shifts - np.asarray(d.central)
    W = np.asarray(d.whiten)
    cov = np.linalg.inv(W.T @ W)
    assert float(lg.nll(X0, dg)) == pytest.approx(0.5 * r @ np.linalg.solve(cov, r), rel=1e-9)
    assert float(lg.chi2_sm(dg)) == pytest.approx(float(np.asarray(d.central) @ np.linalg.solve(cov, np.asarray(d.central))), rel=1e-9)


@pytest.mark.slow
def test_one_loop_matching_linear_matches_ode(setup):
    """matching='1loop': the linear path (evolution matrix + a linear map for the one-loop
    correction of egamma) reproduces the full ODE chain with egamma_1loop to 1e-7, and differs from
    tree level by the expected O(20 %) for the tensor-dominated point."""
    sm, cons, (lt, dt), _, _ = setup
    bounds = (-np.ones(4), np.ones(4))
    model = WilsonCoefficients(parameter_names=NAMES)
    lin, dl = make_likelihood(model, sm, cons, scale=1500.0, parameter_bounds=bounds, matching="1loop")
    assert not lin.fast_grad  # the closed-form gradient covers tree matching only
    ode, do = make_likelihood(model, sm, cons, scale=1500.0, running="ode", matching="1loop")
    x = jnp.array([-1.0e-9, 0.0, 0.0, 1.0e-16])
    p_l, p_o = np.asarray(lin.np_parts(x, dl)), np.asarray(ode.np_parts(x, do))
    for i in (0, 1):  # a_mu shift, BR(mu->egamma)
        assert p_l[i] == pytest.approx(p_o[i], rel=1e-7), lin.observables[i]
    d_loop = float(lin.np_parts(x, dl)[0])
    d_tree = float(lt.np_parts(x, dt)[0])
    assert 0.6 < d_loop / d_tree < 0.9
    with pytest.raises(ConfigError, match="matching"):
        make_likelihood(model, sm, cons, scale=1500.0, matching="2loop")
