"""Tests of the SM input sets (jaxalign.inputs)."""

import json
import math
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import yaml

from jaxalign.errors import InputError
from jaxalign.inputs import INPUT_SETS, SMInputs, load_inputs
from jaxalign.inputs.sm import SCALAR_FIELDS, VECTOR_FIELDS, delta_from_gamma
from jaxalign.units import hbar_GeV_s

ORACLE = Path("/work/shared/reference/oracle_public.json")
DATA = Path(__file__).resolve().parents[2] / "jaxalign" / "data" / "inputs"


@pytest.fixture(scope="module")
def oracle():
    if not ORACLE.is_file():
        pytest.skip("shared reference oracle not available")
    return json.loads(ORACLE.read_text())


def _gamma_of(sm: SMInputs) -> float:
    """γ = arg(−V_ud V_ub*/(V_cd V_cb*)) of the standard-parametrisation CKM built here."""
    s13 = float(sm.Vub)
    c13 = math.sqrt(1 - s13**2)
    s12, s23 = float(sm.Vus) / c13, float(sm.Vcb) / c13
    c12, c23 = math.sqrt(1 - s12**2), math.sqrt(1 - s23**2)
    e = complex(math.cos(float(sm.delta_ckm)), math.sin(float(sm.delta_ckm)))
    Vud, Vub = c12 * c13, s13 / e
    Vcd, Vcb = -s12 * c23 - c12 * s23 * s13 * e, s23 * c13
    z = -Vud * Vub.conjugate() / (Vcd * Vcb.conjugate())
    return math.atan2(z.imag, z.real)


# ---------------------------------------------------------------- reference set vs README / oracle


def test_reference_smeft_ew_inputs_match_readme(oracle):
    """reference.yaml = README "SM inputs at 91.1876 GeV" (= oracle sm_inputs.smeft_ew_inputs)."""
    ew = oracle["sm_inputs"]["smeft_ew_inputs"]
    sm = load_inputs("reference")
    assert float(sm.scale_ew) == oracle["low_scale"] == 91.1876
    pairs = {
        "GF": sm.GF, "alpha_e": sm.alpha_e_mz, "alpha_s": sm.alpha_s_mz, "m_W": sm.m_W_run,
        "m_h": sm.m_h_run, "Vus": sm.Vus, "Vub": sm.Vub, "Vcb": sm.Vcb,
        "m_u": sm.m_up_mz[0], "m_c": sm.m_up_mz[1], "m_t": sm.m_up_mz[2],
        "m_d": sm.m_down_mz[0], "m_s": sm.m_down_mz[1], "m_b": sm.m_down_mz[2],
        "m_e": sm.m_lepton_mz[0], "m_mu": sm.m_lepton_mz[1], "m_tau": sm.m_lepton_mz[2],
    }
    for key, ours in pairs.items():
        assert float(ours) == ew[key], key
    # README gives gamma (unitarity-triangle angle); SMInputs holds delta: rebuild gamma exactly.
    assert _gamma_of(sm) == pytest.approx(ew["gamma"], abs=1e-13)
    assert abs(float(sm.delta_ckm) - ew["gamma"]) < 2e-3  # δ = γ + O(10⁻³)


def test_reference_matching_inputs_match_readme(oracle):
    """README "Matching": m_W = 80.385, e² = 4π/127.9, m_Z (input) = 91.1876."""
    mi = oracle["sm_inputs"]["matching_inputs"]
    sm = load_inputs("reference")
    assert float(sm.match_m_W) == mi["m_W"] == 80.385
    assert float(sm.match_m_Z) == mi["m_Z"]
    assert float(sm.match_alpha_e) == mi["alpha_e"]
    assert float(sm.match_alpha_e) == pytest.approx(1 / 127.9, rel=1e-15)


def test_reference_observable_inputs_match_readme(oracle):
    """README "Input parameters for the observables": m_μ = 0.1056583755, m_e = 0.00051099895,
    m_τ = 1.77686, a_μ^SM = 0.00116592033; a_e^SM, a_τ^SM from oracle ``sm_predictions``."""
    sm = load_inputs("reference")
    np.testing.assert_array_equal(np.asarray(sm.lepton_mass), [0.00051099895, 0.1056583755, 1.77686])
    pred = oracle["sm_predictions"]
    np.testing.assert_array_equal(np.asarray(sm.a_sm), [pred["a_e"], pred["a_mu"], pred["a_tau"]])
    assert float(sm.a_sm[1]) == 0.00116592033


def test_reference_widths_are_flavio_pdg2022():
    """flavio 2.7.1 reads PDG 2022 widths (particle 0.25.4): Γ_μ = 2.9959836e-19, Γ_τ = 2.267e-12 GeV."""
    sm = load_inputs("reference")
    w = np.asarray(sm.lepton_width)
    assert w[0] == 0.0 and math.isinf(float(sm.lepton_lifetime[0]))
    np.testing.assert_allclose(w[1:], [2.9959836e-19, 2.267e-12], rtol=1e-14)


# ---------------------------------------------------------------- all sets


@pytest.mark.parametrize("name", INPUT_SETS)
def test_sets_load_with_float64_leaves_and_sources(name):
    sm = load_inputs(name)
    assert sm.name == name
    for f in SCALAR_FIELDS:
        x = getattr(sm, f)
        assert x.dtype == jnp.float64 and x.shape == (), f
        assert math.isfinite(float(x)), f
    for f in VECTOR_FIELDS:
        x = getattr(sm, f)
        assert x.dtype == jnp.float64 and x.shape == (3,), f
    for f in ("m_up_mz", "m_down_mz", "m_lepton_mz", "lepton_mass", "lepton_lifetime"):
        assert np.all(np.asarray(getattr(sm, f)) > 0), f
    assert np.all(np.diff(np.asarray(sm.lepton_mass)) > 0)  # e < μ < τ
    leaves = jax.tree_util.tree_leaves(sm)
    assert len(leaves) == len(SCALAR_FIELDS) + len(VECTOR_FIELDS)
    keys = {k for k, _ in sm.sources}
    assert all(s.strip() for _, s in sm.sources)
    assert {"GF", "lepton_mass", "a_sm", "a_sm_err"} <= keys


@pytest.mark.parametrize("name", INPUT_SETS)
def test_lepton_width_is_hbar_over_lifetime(name):
    sm = load_inputs(name)
    np.testing.assert_allclose(
        np.asarray(sm.lepton_width[1:]), hbar_GeV_s / np.asarray(sm.lepton_lifetime[1:]), rtol=1e-15
    )
    assert float(sm.lepton_width[0]) == 0.0


def test_vintage_specific_numbers():
    """a_μ^SM: WP2020 116591810(43)e-11 (2021), WP2025 116592033(62)e-11 (arXiv:2505.21476, current)."""
    old, new = load_inputs("2021"), load_inputs("current")
    assert float(old.a_sm[1]) == pytest.approx(116591810e-11, rel=1e-15)
    assert float(old.a_sm_err[1]) == pytest.approx(43e-11, rel=1e-15)
    assert float(new.a_sm[1]) == pytest.approx(116592033e-11, rel=1e-15)
    assert float(new.a_sm_err[1]) == pytest.approx(62e-11, rel=1e-15)
    assert float(old.lepton_mass[2]) == 1.77686 and float(new.lepton_mass[2]) == 1.77693


def test_current_gamma_roundtrip():
    """current.yaml gives γ = 1.15 (HFLAV 2022 via flavio): the stored δ reproduces it."""
    assert _gamma_of(load_inputs("current")) == pytest.approx(1.15, abs=1e-13)


def test_delta_from_gamma_is_differentiable_and_inverse():
    g = jax.grad(lambda gam: delta_from_gamma(0.2243, 3.62e-3, 4.221e-2, gam))(1.27)
    assert math.isfinite(float(g)) and abs(float(g) - 1.0) < 1e-2


def test_sm_inputs_is_a_differentiable_pytree():
    sm = load_inputs("2021")

    def f(s):  # Γ_μ m_μ³ ~ O(1) after scaling
        return s.lepton_width[1] / 3e-19 * (s.lepton_mass[1] / 0.1) ** 3 + s.GF * 1e5

    g = jax.jit(jax.grad(f))(sm)
    assert isinstance(g, SMInputs)
    assert all(np.all(np.isfinite(np.asarray(x))) for x in jax.tree_util.tree_leaves(g))
    assert float(g.GF) == pytest.approx(1e5)
    assert float(g.lepton_lifetime[1]) < 0  # dΓ/dτ < 0
    assert float(g.lepton_lifetime[0]) == 0.0  # stable electron: no NaN from τ = inf


# ---------------------------------------------------------------- errors


def test_unknown_name_lists_valid_names():
    with pytest.raises(InputError) as e:
        load_inputs("2022")
    for n in INPUT_SETS:
        assert repr(n) in str(e.value)


def test_missing_file_path():
    with pytest.raises(InputError, match="does not exist"):
        load_inputs("/nonexistent/dir/my_inputs.yaml")


def _write(tmp_path, data, name="custom.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    return p


@pytest.fixture
def ref_data():
    return yaml.safe_load((DATA / "reference.yaml").read_text())


def test_user_file_loads(tmp_path, ref_data):
    ref_data.pop("name")
    sm = load_inputs(_write(tmp_path, ref_data, "mine.yaml"))
    assert sm.name == "mine" and float(sm.GF) == float(load_inputs("reference").GF)


def test_scientific_notation_without_dot(tmp_path, ref_data):
    p = _write(tmp_path, ref_data)
    text = p.read_text()
    assert "value: 1.1663787e-05" in text
    text = text.replace("value: 1.1663787e-05", "value: 1e-5")  # YAML 1.1 would read a string
    p.write_text(text)
    assert float(load_inputs(p).GF) == 1e-5


@pytest.mark.parametrize(
    "mutate, key",
    [
        (lambda d: d["inputs"].update(m_top={"value": 1.0, "unit": "GeV", "source": "x"}), "m_top"),
        (lambda d: d["inputs"].pop("alpha_s_mz"), "alpha_s_mz"),
        (lambda d: d["inputs"]["GF"].update(value="fermi"), "GF"),
        (lambda d: d["inputs"]["lepton_mass"].update(value=[-0.0005, 0.1, 1.7]), "lepton_mass"),
        (lambda d: d["inputs"]["m_up_mz"].update(value=[0.001, 0.6]), "m_up_mz"),
        (lambda d: d["inputs"]["match_m_W"].update(unit="TeV"), "match_m_W"),
        (lambda d: d["inputs"]["Vus"].pop("source"), "Vus"),
        (lambda d: d["inputs"]["Vcb"].update(error=0.1), "Vcb"),
        (lambda d: d["inputs"].update(delta_ckm={"value": 1.2, "unit": "rad", "source": "x"}), "delta_ckm"),
        (lambda d: d["inputs"].pop("lepton_width"), "lepton_lifetime"),
        (lambda d: d["inputs"]["a_sm_err"].update(value=[1e-12, -1e-10, 1e-8]), "a_sm_err"),
        (lambda d: d["inputs"]["alpha_s_mz"].update(value=float("nan")), "alpha_s_mz"),
        (lambda d: d.update(extra=1), "extra"),
    ],
)
def test_schema_errors_name_the_key(tmp_path, ref_data, mutate, key):
    mutate(ref_data)
    with pytest.raises(InputError) as e:
        load_inputs(_write(tmp_path, ref_data))
    assert key in str(e.value)


def test_current_rb_variant_and_based_on(tmp_path):
    """``current_rb`` = ``current`` except a_e^SM: with Fan et al. 2023 the Cs and Rb α give
    Δa_e = (−10.2 ± 2.6)e-13 and (+3.4 ± 1.6)e-13 (docs/models/flavon.md §4; tolerance: the last
    printed digit). The shift a_e^SM(Rb) − a_e^SM(Cs) equals a_e·(α_Rb − α_Cs)/α computed here from
    α⁻¹(Cs) = 137.035999046 (Parker 2018) and α⁻¹(Rb) = 137.035999206 (Morel 2020) to 1e-3.
    A ``based_on`` file changes only the keys it lists; a chain of variants, an unknown base and an
    unknown key are errors naming the problem."""
    from jaxalign.likelihood.measurements import load_measurements

    cur, rb = load_inputs("current"), load_inputs("current_rb")
    for f in SCALAR_FIELDS + VECTOR_FIELDS:
        if f not in ("a_sm", "a_sm_err"):
            np.testing.assert_array_equal(np.asarray(getattr(cur, f)), np.asarray(getattr(rb, f)), err_msg=f)
    assert float(rb.a_sm[1]) == float(cur.a_sm[1]) and float(rb.a_sm_err[2]) == float(cur.a_sm_err[2])
    a_cs, a_rb = 1 / 137.035999046, 1 / 137.035999206
    shift = float(cur.a_sm[0]) * (a_rb - a_cs) / a_cs
    assert float(rb.a_sm[0] - cur.a_sm[0]) == pytest.approx(shift, rel=1e-3)
    for s, (c, e) in (("current", (-10.2e-13, 2.6e-13)), ("current_rb", (3.4e-13, 1.6e-13))):
        d = load_measurements("current", s)["a_e"].distribution
        assert float(d.central) == pytest.approx(c, abs=0.05e-13) and float(d.sigma) == pytest.approx(e, abs=0.05e-13)
    # based_on mechanics
    p = tmp_path / "v.yaml"
    p.write_text("based_on: current\ninputs:\n  alpha_e_0: {value: 0.0073, unit: '1', source: test}\n")
    v = load_inputs(str(p))
    assert float(v.alpha_e_0) == 0.0073 and float(v.GF) == float(cur.GF) and v.name == "v"
    p.write_text("based_on: current_rb\ninputs: {}\n")
    with pytest.raises(InputError, match="chains"):
        load_inputs(str(p))
    p.write_text("based_on: nope\ninputs: {}\n")
    with pytest.raises(InputError, match="based_on"):
        load_inputs(str(p))
    p.write_text("based_on: current\ninputs:\n  alpha_e_00: {value: 1, unit: '1', source: x}\n")
    with pytest.raises(InputError, match="alpha_e_00"):
        load_inputs(str(p))
