"""The fit driver on the bundled default configuration (quick settings) and config validation."""

import json
import pathlib

import numpy as np
import pytest

from jaxalign.errors import ConfigError
from jaxalign.fit.driver import load_fit_config, run_fit

FITS = pathlib.Path(__file__).resolve().parents[2] / "fits"


@pytest.mark.slow  # ~90 s on 2 cores; `make fit` runs the same fit in full
def test_default_fit_quick(tmp_path):
    """`jaxalign fit fits/align_generic.yaml --quick`: all files written, χ²(SM) equal to the Δa_μ
    pull of the 2021 data, best fit χ² ≈ 0, ε posteriors present and of the ALIGN size."""
    cfg = load_fit_config(FITS / "align_generic.yaml")
    fit, idata = run_fit(cfg, tmp_path, quick=True, seed=1, verbose=False)
    for f in ("best_fit.json", "summary.txt", "posterior.nc", "corner.png", "trace.png", "run.json"):
        assert (tmp_path / f).stat().st_size > 0, f
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["chi2_sm"] == pytest.approx((251 / 59.4) ** 2, rel=2e-3)  # only Δa_μ pulls in the SM
    assert fit.chi2_best < 0.1
    eps = np.abs(np.asarray(idata.posterior["eps_12_L"]))
    assert 0.5e-5 < np.quantile(eps, 0.9) < 5e-5  # ALIGN eq. 2.7: 2e-5 (quick sampling: loose)


def test_config_errors(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text((FITS / "align_generic.yaml").read_text().replace("model: align_phases", "model: align_phase"))
    with pytest.raises(ConfigError, match="unknown model 'align_phase'.*Did you mean"):
        load_fit_config(p)
    p.write_text((FITS / "align_generic.yaml").read_text() + "\nsampel: {}\n")
    with pytest.raises(ConfigError, match="unknown key 'sampel'"):
        load_fit_config(p)
    p.write_text((FITS / "align_generic.yaml").read_text().replace('"BR(mu->egamma)"', '"BR(mu->eee)"'))
    with pytest.raises(ConfigError, match="unknown observable"):
        load_fit_config(p)


def test_config_reads_floats_without_a_dot(tmp_path):
    """A prior bound written ``4e-11`` (YAML 1.2 float, a string for PyYAML's YAML-1.1 resolver)
    is read as the number."""
    text = (FITS / "align_generic.yaml").read_text()
    assert "lower: -4.0e-11, upper: 4.0e-11" in text
    p = tmp_path / "c.yaml"
    p.write_text(text.replace("lower: -4.0e-11, upper: 4.0e-11", "lower: -4e-11, upper: 4E-11")
                 .replace("scale: 1000.0", "scale: 1e3"))
    cfg = load_fit_config(p)
    assert cfg.parameters["C_egamma_22"]["lower"] == -4e-11
    assert cfg.parameters["C_egamma_22"]["upper"] == 4e-11
    assert cfg.scale == 1000.0
