"""Tests of the measurement files and constraints (jaxalign.likelihood.measurements)."""

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import yaml

from jaxalign.errors import DataError
from jaxalign.inputs import load_inputs
from jaxalign.likelihood.distributions import Gaussian, GaussianLimit, HalfNormal
from jaxalign.likelihood.measurements import (
    KNOWN_OBSERVABLES,
    VINTAGES,
    constraint_for,
    load_measurements,
    read_all_measurements,
    read_measurements,
)

DATA = Path(__file__).resolve().parents[2] / "jaxalign" / "data" / "measurements"
Z90 = 1.6448536  # Φ⁻¹(0.95)


DIPOLE_OBSERVABLES = ("a_mu", "a_e", "a_tau", "BR(mu->egamma)", "BR(tau->mugamma)", "BR(tau->egamma)", "d_e")


def test_known_observables():
    assert set(DIPOLE_OBSERVABLES) <= set(KNOWN_OBSERVABLES)
    assert len(set(KNOWN_OBSERVABLES)) == len(KNOWN_OBSERVABLES)


@pytest.mark.parametrize("vintage", VINTAGES)
def test_every_file_has_a_source(vintage):
    files = sorted((DATA / vintage).glob("*.yaml"))
    assert files
    for f in files:
        raw = yaml.safe_load(f.read_text())
        assert isinstance(raw.get("source"), dict) and raw["source"].get("ref", "").strip(), f
    for m in read_all_measurements(vintage):
        assert m.citation.ref and m.citation.file


@pytest.mark.parametrize("vintage", VINTAGES)
def test_all_observables_constrained_once(vintage):
    c = load_measurements(vintage)
    assert set(DIPOLE_OBSERVABLES) <= set(c)
    assert isinstance(c["a_mu"].distribution, Gaussian)
    assert isinstance(c["BR(mu->egamma)"].distribution, HalfNormal)
    assert isinstance(c["d_e"].distribution, GaussianLimit)


def test_delta_a_mu_2021():
    """ALIGN eq. (2.2): Δa_μ = a_μ^exp − a_μ^SM = (251 ± 59) × 10⁻¹¹ (BNL+FNAL 2021, WP2020)."""
    m = read_measurements("2021")["a_mu"]
    c = constraint_for("a_mu", m, load_inputs("2021"))
    assert float(c.distribution.central) == pytest.approx(251e-11, abs=1e-18)  # a ≈ 1.2e-3: ulp ≈ 2e-19
    assert float(c.distribution.sigma) == pytest.approx(59e-11, rel=0.01)  # √(41² + 43²) = 59.4
    assert float(c.nll(251e-11)) < 1e-18  # zero up to the rounding of a_exp − a_SM


def test_delta_a_e_2021():
    """FLAVON eq. (1.1): Δa_e = −(8.8 ± 3.6) × 10⁻¹³ (Hanneke 2008 vs a_e^SM with the Cs α)."""
    c = load_measurements("2021")["a_e"]
    assert float(c.distribution.central) == pytest.approx(-8.8e-13, rel=0.01)
    assert float(c.distribution.sigma) == pytest.approx(3.6e-13, rel=0.01)


def test_delta_a_mu_current():
    """Final world average 116592071.5(14.5)e-11 vs WP2025 116592033(62)e-11: Δa_μ = 38.5(63.7)e-11."""
    c = load_measurements("current")["a_mu"]
    assert float(c.distribution.central) == pytest.approx(38.5e-11, abs=1e-18)  # a ≈ 1.2e-3: ulp ≈ 2e-19
    assert float(c.distribution.sigma) == pytest.approx(np.hypot(14.5, 62) * 1e-11, rel=1e-12)


def test_limits_2021():
    """ALIGN sec. 2: MEG 4.2e-13, BaBar τ→μγ 4.4e-8 (90 % CL); FLAVON eq. (4.6): |d_e| < 1.1e-29."""
    c = load_measurements("2021")
    assert float(c["BR(mu->egamma)"].distribution.sigma) == pytest.approx(4.2e-13 / Z90, rel=1e-7)
    assert float(c["BR(tau->mugamma)"].distribution.sigma) == pytest.approx(4.4e-8 / Z90, rel=1e-7)
    assert float(c["BR(tau->egamma)"].distribution.sigma) == pytest.approx(3.3e-8 / Z90, rel=1e-7)
    assert float(c["d_e"].distribution.sigma) == pytest.approx(1.1e-29 / Z90, rel=1e-7)


def test_current_uses_best_limits():
    m = read_measurements("current")
    assert m["BR(mu->egamma)"].upper_limit == 1.5e-13
    assert m["BR(tau->mugamma)"].upper_limit == 4.2e-8
    assert m["BR(tau->egamma)"].upper_limit == 3.3e-8
    assert m["d_e"].upper_limit == 4.1e-30
    inactive = [x for x in read_all_measurements("current") if not x.combine]
    assert {x.observable for x in inactive} == {"BR(mu->egamma)", "BR(tau->mugamma)", "BR(tau->egamma)", "d_e"}
    assert all(x.superseded_by for x in inactive)


@pytest.mark.parametrize("vintage", VINTAGES)
def test_total_nll_is_jittable_with_finite_gradient(vintage):
    c = load_measurements(vintage)
    names = sorted(k for k in c if len(c[k].members) == 1)  # correlated groups: test_distributions
    scale = {k: float(getattr(c[k].distribution, "sigma")) for k in names}

    def total(u):  # predictions in units of each factor's width: O(1) variables
        return sum(c[k].nll(u[i] * scale[k]) for i, k in enumerate(names))

    for u in (jnp.zeros(len(names)), jnp.linspace(-1.0, 2.0, len(names))):
        g = jax.jit(jax.grad(total))(u)
        assert np.all(np.isfinite(np.asarray(g)))


# ---------------------------------------------------------------- schema errors


def _write(d: Path, name: str, data) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    return p


SRC = {"ref": "Test, J. Phys. 1 (2000) 1", "arxiv": "0000.00000", "where": "abstract"}
MEG = {"upper_limit": 4.2e-13, "cl": 0.9, "unit": "1", "likelihood": "half_normal_at_cl"}


def test_duplicate_observable_raises_naming_both_files(tmp_path):
    _write(tmp_path, "a_2000.yaml", {"source": SRC, "observables": {"BR(mu->egamma)": MEG}})
    _write(tmp_path, "b_2001.yaml", {"source": SRC, "observables": {"BR(mu->egamma)": MEG}})
    with pytest.raises(DataError) as e:
        read_measurements(tmp_path)
    assert "a_2000.yaml" in str(e.value) and "b_2001.yaml" in str(e.value)
    _write(tmp_path, "a_2000.yaml", {"source": SRC, "combine": False, "observables": {"BR(mu->egamma)": MEG}})
    assert read_measurements(tmp_path)["BR(mu->egamma)"].citation.file.endswith("b_2001.yaml")


@pytest.mark.parametrize(
    "data, needle",
    [
        ({"source": SRC, "observables": {"BR(mu->eγ)": MEG}}, "BR(mu->eγ)"),
        ({"source": SRC, "observables": {"BR(mu->egamma)": {**MEG, "likelihood": "poisson"}}}, "poisson"),
        ({"source": SRC, "observables": {"BR(mu->egamma)": {**MEG, "likelihood": "gaussian_at_cl"}}}, "gaussian_at_cl"),
        ({"source": SRC, "observables": {"BR(mu->egamma)": {**MEG, "sigma": 1.0}}}, "sigma"),
        ({"source": SRC, "observables": {"BR(mu->egamma)": {**MEG, "cl": 90}}}, "cl"),
        ({"source": SRC, "observables": {"BR(mu->egamma)": {**MEG, "unit": "percent"}}}, "unit"),
        ({"source": SRC, "observables": {"a_mu": {"value": "big", "uncertainty": 1e-10, "unit": "1"}}}, "value"),
        ({"source": SRC, "observables": {"a_mu": {"value": 1e-3, "unit": "1"}}}, "uncertainty"),
        ({"source": SRC, "year": 2000, "observables": {"BR(mu->egamma)": MEG}}, "year"),
        ({"source": {"journal": "x"}, "observables": {"BR(mu->egamma)": MEG}}, "journal"),
        ({"observables": {"BR(mu->egamma)": MEG}}, "source"),
        ({"source": {**SRC, "arxiv": 801.1134}, "observables": {"BR(mu->egamma)": MEG}}, "arxiv"),
    ],
)
def test_schema_errors_name_file_and_key(tmp_path, data, needle):
    p = _write(tmp_path, "bad_2000.yaml", data)
    with pytest.raises(DataError) as e:
        read_measurements(p)
    assert needle in str(e.value) and "bad_2000.yaml" in str(e.value)


def test_unknown_vintage_lists_valid():
    with pytest.raises(DataError) as e:
        read_measurements("2019")
    assert "'2021'" in str(e.value) and "'current'" in str(e.value)


def test_user_file_with_a_mu_needs_sm_inputs(tmp_path):
    p = _write(tmp_path, "g2_2021.yaml", {"source": SRC, "observables": {"a_mu": {"value": 116592061e-11, "uncertainty": 41e-11, "unit": "1"}}})
    with pytest.raises(DataError, match="sm_inputs"):
        load_measurements(p)
    c = load_measurements(p, sm_inputs="2021")
    assert float(c["a_mu"].distribution.central) == pytest.approx(251e-11, abs=1e-18)  # a ≈ 1.2e-3: ulp ≈ 2e-19


def test_constraint_for_checks_name():
    m = read_measurements("2021")["a_mu"]
    with pytest.raises(DataError):
        constraint_for("a_e", m, load_inputs("2021"))
    with pytest.raises(DataError, match="sm_inputs"):
        constraint_for("a_mu", m)


def _write_text(tmp_path, text):
    f = tmp_path / "group.yaml"
    f.write_text(text)
    return f


GROUP = """
source: {ref: "test input"}
correlated:
  - name: amu_ae_fit
    observables: [a_mu, a_e]
    central: [1.16592061e-3, 1.15965218059e-3]
    uncertainties: [4.1e-10, 1.3e-13]
    correlation: [[1.0, 0.3], [0.3, 1.0]]
"""


def test_correlated_group_is_read_and_sm_subtracted(tmp_path):
    """A correlated group becomes one MultivariateGaussian constraint on its members, centred at
    value − SM with the SM theory error added in quadrature (as for single a_ℓ entries)."""
    from jaxalign.inputs import load_inputs
    from jaxalign.likelihood.distributions import MultivariateGaussian

    sm = load_inputs("2021")
    c = load_measurements(_write_text(tmp_path, GROUP), sm)
    g = c["amu_ae_fit"]
    assert g.members == ("a_mu", "a_e")
    assert isinstance(g.distribution, MultivariateGaussian)
    np.testing.assert_allclose(np.asarray(g.distribution.central),
                               [1.16592061e-3 - float(sm.a_sm[1]), 1.15965218059e-3 - float(sm.a_sm[0])],
                               rtol=1e-12)
    # whitening reproduces the covariance: W Σ Wᵀ = 1
    s = np.hypot([4.1e-10, 1.3e-13], [float(sm.a_sm_err[1]), float(sm.a_sm_err[0])])
    cov = s[:, None] * np.array([[1.0, 0.3], [0.3, 1.0]]) * s[None, :]
    W = np.asarray(g.distribution.whiten)
    np.testing.assert_allclose(W @ cov @ W.T, np.eye(2), atol=1e-10)


@pytest.mark.parametrize("bad, msg", [
    ("correlation: [[1.0, 0.3], [0.3, 1.0]]", "missing 'uncertainties'"),
    ("uncertainties: [1.0]\n    correlation: [[1.0, 0.3], [0.3, 1.0]]", "list of 2"),
    ("uncertainties: [1.0, 1.0]\n    correlation: [[1.0, 1.5], [1.5, 1.0]]", "positive definite"),
])
def test_malformed_group_names_the_problem(tmp_path, bad, msg):
    text = f"""
source: {{ref: "test input"}}
correlated:
  - name: g
    observables: [a_mu, a_e]
    central: [0.0, 0.0]
    {bad}
"""
    with pytest.raises(DataError, match=msg):
        read_measurements(_write_text(tmp_path, text))


def test_unknown_observable_in_group(tmp_path):
    text = GROUP.replace("[a_mu, a_e]", "[a_mu, a_muon]")
    with pytest.raises(DataError, match="a_muon"):
        read_measurements(_write_text(tmp_path, text))
