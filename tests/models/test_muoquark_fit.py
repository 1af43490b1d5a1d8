"""The muoquark fit of MUOQ Fig. 1 through the whole chain (fits/muoquark_b3lmu.yaml): the
linearised likelihood against wilson+flavio at the paper's best fit, and the best-fit location.

Slow (the likelihood build computes the evolution matrices of the complete basis: ~1–3 min)."""

import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from jaxalign.fit.driver import build_fit, load_fit_config
from jaxalign.fit.scan import scan_plane

ROOT = pathlib.Path(__file__).resolve().parents[2]
REF = json.loads((ROOT / "tests" / "data" / "muoquark_reference.json").read_text())
REC = {r["id"]: r for r in REF["records"]}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fit2021():
    return build_fit(load_fit_config(ROOT / "fits" / "muoquark_b3lmu.yaml"))


def test_predictions_vs_flavio_at_muoq_best_fit(fit2021):
    """(η³ᴸ₃, η¹ᴸ₃ = η¹ᴿ₃) = (0.43, 0.12), M = 3 TeV, spurion a = −1 (record U2_bestfit_aneg of
    tests/data/muoquark_reference.json: wilson 2.5.2 running + flavio 2.7.1).

    Δa_μ to 1e-3. The b→sμμ shifts (R_K − R_K^SM, BR − BR^SM) to 5 %: the reference runs with
    wilson's α_e = 1/127.9 frozen below m_Z, we use α_e(4.8 GeV) = 1/132.1 as flavio itself does,
    which makes our C9 = −C10 3.3 % larger (tests/observables/test_bsll.py documents it)."""
    lik, data, _ = fit2021
    rec = REC["U2_bestfit_aneg"]
    pred = lik.predictions(jnp.array([0.43, 0.12]), data)
    ref = rec["flavio"]
    for name, tol in (("a_mu", 1e-3), ("<Rmue>(B+->Kll)[1.1,6.0]", 0.05), ("BR(Bs->mumu)", 0.05)):
        sm_ref = ref[name]["sm"]
        ours = float(pred[name]) - float(lik.predictions(jnp.zeros(2), data)[name])
        assert ours == pytest.approx(ref[name]["np"] - sm_ref, rel=tol), name


def test_best_fit_location_2021(fit2021):
    """MUOQ Fig. 1 (2021 inputs): best fit ≈ (0.43, 0.12), Δχ² ≈ 62 vs the SM with smelli's ~400
    observables. Our clean-observable likelihood (Δa_μ, R_K, R_K* ×2, B_s→μμ, τ→μγ) finds the
    minimum within 20 % of both coordinates (the b→sμμ part is driven by R_K = 0.846 alone here,
    not by the angular data of the global fit) and a smaller Δχ² (30–55): the difference is the
    observables left out (documented in the README)."""
    lik, data, _ = fit2021
    xs, ys = np.linspace(0.0, 0.8, 161), np.linspace(0.0, 0.3, 121)
    chi2 = scan_plane(lik, data, 0, 1, xs, ys)
    i, j = np.unravel_index(np.argmin(chi2), chi2.shape)
    assert xs[i] == pytest.approx(0.43, rel=0.2)
    assert ys[j] == pytest.approx(0.12, rel=0.2)
    dchi2 = float(lik.chi2_sm(data)) - chi2[i, j]
    assert 30.0 < dchi2 < 55.0
    g = jax.grad(lik.nll)(jnp.array([xs[i], ys[j]]), data)
    assert np.all(np.isfinite(np.asarray(g)))


def test_best_fit_location_2021_with_non_clean_summary():
    """fits/muoquark_b3lmu_c9c10.yaml: the same fit plus the flavio-derived (C9, C10) Gaussian of
    the non-clean b→sμμ data of 2021 (docs/bsll_c9c10_fit.md). With the observables that the
    clean-only fit leaves out, the fit should approach the paper's: best fit ≈ (0.43, 0.12) and
    Δχ² ≈ 62. Tolerances: 15 % on each coordinate, 10 % on Δχ² (the paper's numbers are printed
    to two digits and come from smelli's full likelihood with nuisance-free theory errors of a
    different flavio version; ours is a two-parameter Gaussian summary). Session 6: (0.400, 0.106),
    Δχ² = 59.7."""
    lik, data, _ = build_fit(load_fit_config(ROOT / "fits" / "muoquark_b3lmu_c9c10.yaml"))
    xs, ys = np.linspace(0.0, 0.8, 161), np.linspace(0.0, 0.3, 121)
    chi2 = scan_plane(lik, data, 0, 1, xs, ys)
    i, j = np.unravel_index(np.argmin(chi2), chi2.shape)
    assert xs[i] == pytest.approx(0.43, rel=0.15)
    assert ys[j] == pytest.approx(0.12, rel=0.15)
    assert float(lik.chi2_sm(data)) - chi2[i, j] == pytest.approx(62.0, rel=0.10)
