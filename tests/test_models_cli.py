"""Model registry, model points (`jaxalign predict`), `jaxalign models`, and the likelihood of
direct (light-mediator) models."""

import json
import math
import pathlib
from statistics import NormalDist

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.cli import main
from jaxalign.errors import ConfigError
from jaxalign.fit.driver import build_fit, load_fit_config
from jaxalign.inputs import load_inputs
from jaxalign.lightnp.limits import LIMIT_CL
from jaxalign.likelihood.build import make_likelihood
from jaxalign.likelihood.measurements import load_measurements
from jaxalign.models import MODELS
from jaxalign.models.point import read_model_point

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_models_command_lists_every_model(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name in MODELS:
        assert name in out
    assert "log10_mX_GeV" in out and "eta3L_3" in out


def test_model_point_predict_light_zprime(capsys):
    """`jaxalign predict` on the MUOQ light-X point: the printed Δa_μ equals the model's own
    prediction (np − sm), and lies in the 2021 2σ band 251(59)e-11 (MUOQ §III Type B)."""
    assert main(["predict", str(ROOT / "examples" / "lmu_ltau_point.yaml"), "--vintage", "2021"]) == 0
    res = json.loads(capsys.readouterr().out)
    damu = res["a_mu"]["np"] - res["a_mu"]["sm"]
    x = jnp.array([math.log10(0.02), math.log10(5e-4)])
    assert damu == pytest.approx(float(MODELS["lmu_ltau"]().predictions(x)["a_mu"]), rel=1e-9)
    assert abs(damu - 251e-11) < 2 * 59e-11
    assert res["limit:ccfr_trident"]["np"] < 1.0


def test_model_point_errors(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("model: lmu_ltua\nparameters: {log10_mX_GeV: -1.7, log10_gX: -3.3}\n")
    with pytest.raises(ConfigError, match="unknown model 'lmu_ltua'.*Did you mean"):
        read_model_point(p)
    p.write_text("model: lmu_ltau\nparameters: {log10_mX_GeV: -1.7}\n")
    with pytest.raises(ConfigError, match=r"missing \['log10_gX'\]"):
        read_model_point(p)
    p.write_text("model: lmu_ltau\nparameters: {log10_mX_GeV: -1.7, log10_gX: .nan}\n")
    with pytest.raises(ConfigError, match="finite"):
        read_model_point(p)
    # numbers without a dot are numbers (YAML 1.2), not strings
    p.write_text("model: lmu_ltau\nparameters: {log10_mX_GeV: -17e-1, log10_gX: -33E-1}\n")
    np.testing.assert_array_equal(read_model_point(p).x, [-1.7, -3.3])


def test_direct_likelihood_is_the_sum_of_its_factors():
    """nll of a direct model = ½((Δa_μ − c)/σ)² + Σ ½(z_CL · g/g_limit)² with c, σ from the 2021
    measurement file and SM inputs, z_CL = Φ⁻¹((1+CL)/2); jit, grad, vmap work."""
    sm = load_inputs("2021")
    cons = load_measurements("2021", sm)
    names = ["a_mu", "limit:ccfr_trident", "limit:borexino", "limit:babar_4mu"]
    model = MODELS["lmu_ltau"]()
    lik, data = make_likelihood(model, sm, {k: cons[k] for k in names})
    x = jnp.array([-1.2, -3.0])
    pred = model.predictions(x)
    c, s = float(cons["a_mu"].distribution.central), float(cons["a_mu"].distribution.sigma)
    expect = 0.5 * ((float(pred["a_mu"]) - c) / s) ** 2
    for n in names[1:]:
        z = NormalDist().inv_cdf((1 + LIMIT_CL[n.split(":")[1]]) / 2)
        expect += 0.5 * (z * float(pred[n])) ** 2
    assert float(jax.jit(lik.nll)(x, data)) == pytest.approx(expect, rel=1e-10)
    g = jax.grad(lik.nll)(x, data)
    h = 1e-6
    fd = [(lik.nll(x.at[i].add(h), data) - lik.nll(x.at[i].add(-h), data)) / (2 * h) for i in range(2)]
    np.testing.assert_allclose(np.asarray(g), np.asarray(fd), rtol=1e-5)
    X = jnp.stack([x, x + 0.1, x - 0.2])
    np.testing.assert_allclose(jax.vmap(lik.nll, (0, None))(X, data), [lik.nll(v, data) for v in X], rtol=1e-12)


def test_direct_model_rejects_what_it_cannot_predict():
    sm = load_inputs("2021")
    cons = load_measurements("2021", sm)
    with pytest.raises(ConfigError, match="does not predict"):
        make_likelihood(MODELS["dark_photon"](), sm, {k: cons[k] for k in ("a_mu", "BR(mu->egamma)")})


@pytest.mark.parametrize("name", ["lmu_ltau_light", "lmu_ltau_light_current",
                                  # ~15 s on 2 cores (thirteen recast limits to compile)
                                  pytest.param("b_minus_3lmu_light", marks=pytest.mark.slow),
                                  "dark_photon", "alp", "zprime_bs"])
def test_light_fit_configs_build(name):
    """Every bundled direct-model configuration builds, and its χ² and gradient are finite at the
    centre of the prior box."""
    cfg = load_fit_config(ROOT / "fits" / f"{name}.yaml")
    lik, data, space = build_fit(cfg)
    lo, hi = np.asarray(space.lower), np.asarray(space.upper)
    x = jnp.asarray(0.5 * (lo + hi))
    assert np.isfinite(float(lik.nll(x, data)))
    assert np.all(np.isfinite(np.asarray(jax.grad(lik.nll)(x, data))))


def test_zprime_bs_rk_follows_its_c9():
    """The direct Z′ model feeds its C9 = −C10 into the b→sℓℓ observables: R_K below its SM value
    for C9 < 0 and above it for C9 > 0 (the sign of the b→sμμ anomaly)."""
    cfg = load_fit_config(ROOT / "fits" / "zprime_bs.yaml")
    lik, data, space = build_fit(cfg)
    i = lik.observables.index("<Rmue>(B+->Kll)[1.1,6.0]")
    for gbs in (0.005, -0.005):
        x = jnp.array([gbs, 1.0])  # re_gbs, g_mumu_L (M = 1 TeV fixed)
        c9 = float(lik.model.predictions(x)["C9_bsmumu"])
        shift = float(lik.np_parts(x, data)[i])
        assert np.sign(shift) == np.sign(c9) and abs(shift) > 1e-3
