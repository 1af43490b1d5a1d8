"""The (m_X, g') plane of MUOQ Fig. 3 style (jaxalign.lightnp.plane)."""

import numpy as np

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
