"""The (m_X, g') plane of MUOQ Fig. 3 style (jaxalign.lightnp.plane)."""

import numpy as np
import pytest

from jaxalign.lightnp import limits
from jaxalign.lightnp.plane import MUOQ_POINT, damu_band, plane_grid, plot_plane


def test_muoquark_light_solution_in_2021_band_and_allowed():
    """MUOQ §III Type B: m_X ~ 20 MeV, g_X ~ 5e-4 explains Δa_μ (2021: 251(59)e-11, 2σ band) and
    lies below the CCFR and Borexino curves ("nestling snugly in the window allowed by ... CCFR
    and Borexino"). With the current vintage (final FNAL average, 2025 SM consensus) the same point
    is more than 2σ away: the light-X solution no longer has an anomaly to explain."""
    lm, lg, pred = plane_grid(n=201, log10_m=(np.log10(MUOQ_POINT[0]) - 1, np.log10(MUOQ_POINT[0]) + 1),
                              log10_g=(np.log10(MUOQ_POINT[1]) - 1, np.log10(MUOQ_POINT[1]) + 1))
    i = j = 100  # the centre of the grid is the MUOQ point
    c21, s21 = damu_band("2021")
    assert abs(c21 - 251e-11) < 2e-11 and abs(s21 - 59e-11) < 2e-11
    assert abs(pred["a_mu"][i, j] - c21) < 2 * s21
    for name in ("ccfr_trident", "borexino"):
        assert pred[f"limit:{name}"][i, j] < 1.0
    cc, sc = damu_band("current")
    assert abs(pred["a_mu"][i, j] - cc) > 2 * sc


def test_plot_is_written(tmp_path):
    fig = plot_plane(n=60, path=tmp_path / "plane.png")
    assert (tmp_path / "plane.png").stat().st_size > 10_000
    assert len(fig.axes) == 1
    # every curve is drawn with its data points
    lines = [l for l in fig.axes[0].get_lines() if len(l.get_xdata()) > 1]
    assert len(lines) >= len(limits.LIMIT_CL) - 1


def test_ccfr_bound_continues_in_the_contact_regime():
    """Above the last point of the CCFR curve (52.6 GeV) the bound continues as g ∝ m_X (contact
    regime), so a heavy X with Δa_μ from g²m_μ²/(12π² m_X²) cannot escape it; U1X: tridents give
    g_μμ/m ≲ 1/(0.5 TeV) (helper check of the contact formula: 1/(539 GeV) at 95 % CL)."""
    m_end = float(limits.curve_data("ccfr_trident")[0][-1])
    g_end = float(limits.g_limit("ccfr_trident", m_end))
    for m in (60.0, 200.0, 1000.0):
        assert float(limits.g_limit("ccfr_trident", m)) == pytest.approx(g_end * m / m_end, rel=1e-12)
    assert 400.0 < m_end / g_end < 700.0
