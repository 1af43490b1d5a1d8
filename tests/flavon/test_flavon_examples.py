"""The FLAVON example model points (examples/flavon_*.yaml) are usable with `jaxalign predict`:
read as model points, predicted through jaxalign.chain.predict_model_point, and equal to the model's
own predictions at the points they document."""
import pathlib

import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.chain import predict_model_point
from jaxalign.flavon.model import FlavonToy
from jaxalign.inputs import load_inputs
from jaxalign.models.point import read_model_point

EX = pathlib.Path(__file__).resolve().parents[2] / "examples"


def test_toy_table2_example_is_the_table2_point():
    """examples/flavon_toy_table2.yaml = FlavonToy(masses='model', method='mia').point('relation')
    (to the digits written), and predicts Table 2's Δa_μ = 1.6e-9 (two printed digits: ±0.05e-9);
    Δa_e from the numerical minimum is −1.92e-13 (docs/models/flavon.md, Table 2 at the printed
    vevs gives −1.78e-13): checked to be negative and within 10 % of the printed −1.8e-13."""
    pt = read_model_point(EX / "flavon_toy_table2.yaml")
    ref = FlavonToy(masses="model", method="mia")
    np.testing.assert_allclose(pt.x, np.asarray(ref.point("relation")), rtol=1e-15, atol=0)
    sm = load_inputs("2021")
    out = predict_model_point(pt, sm, names=("a_mu", "a_e"))
    dmu = out["a_mu"]["np"] - out["a_mu"]["sm"]
    de = out["a_e"]["np"] - out["a_e"]["sm"]
    assert abs(dmu - 1.6e-9) <= 0.05e-9
    assert de < 0 and abs(de / -1.8e-13 - 1) < 0.10
    direct = ref.predictions(jnp.asarray(pt.x))
    assert dmu == pytest.approx(float(direct["a_mu"]), rel=1e-6)


def test_generic_example_explains_both_anomalies_2021():
    """examples/flavon_generic_point.yaml (the 2021 best fit, rounded) gives Δa_μ within 1σ of
    251(59)e-11 and a negative Δa_e within 2σ of −8.8(3.6)e-13 (FLAVON eq. 1.1; the fit's χ²_min is
    0.55), and no EDM at φ_e = 0."""
    pt = read_model_point(EX / "flavon_generic_point.yaml")
    out = predict_model_point(pt, load_inputs("2021"), names=("a_mu", "a_e", "d_e"))
    dmu = out["a_mu"]["np"] - out["a_mu"]["sm"]
    de = out["a_e"]["np"] - out["a_e"]["sm"]
    assert abs(dmu - 251e-11) < 59e-11
    assert de < 0 and abs(de + 8.8e-13) < 2 * 3.6e-13
    assert out["d_e"]["np"] == 0.0
