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


# ---------------------------------------------------------------------------------------------
# B−3L_μ plane (MUOQ Fig. 3)

from jaxalign.lightnp import recast  # noqa: E402
from jaxalign.lightnp.models import BminusThreeLmu, LmuLtau  # noqa: E402
from jaxalign.lightnp.plane import (  # noqa: E402
    B3LMU_LIMITS,
    muoq_point_b3lmu,
    plot_plane_b3lmu,
    plot_planes,
)


@pytest.fixture(scope="module")
def b3l_fig():
    return plot_plane_b3lmu(n=40, eps_over_g=1.0)


def _line(fig, gid):
    hits = [l for l in fig.axes[0].get_lines() if l.get_gid() == gid]
    assert len(hits) == 1, gid
    return np.asarray(hits[0].get_xdata(), float), np.asarray(hits[0].get_ydata(), float)


def _a_mu(vintage, m, g, eps_over_g=1.0):
    model = BminusThreeLmu(inputs=vintage, eps_over_g=eps_over_g)
    return float(model.predictions(np.array([np.log10(m), np.log10(g)]))["a_mu"])


def test_b3lmu_plane_figure_and_curves(b3l_fig):
    """One axes; every exclusion (CCFR + all recasts) drawn as a line, the 2m_π marker and the
    MUOQ point present."""
    assert len(b3l_fig.axes) == 1
    gids = {l.get_gid() for l in b3l_fig.axes[0].get_lines()}
    for name in B3LMU_LIMITS:
        assert f"limit:{name}" in gids
    assert {"2mpi", "muoq_point"} <= gids


def test_b3lmu_band_edges_are_the_models_damu(b3l_fig):
    """Property: at plotted points of the band edges the model's Δa_μ (BminusThreeLmu, ε_BX = g_X,
    the vintage's SM inputs) equals c ± kσ of that vintage (rtol 1e-9). With the current inputs
    c − σ < 0, so that band has no lower edge (it reaches g_X = 0)."""
    for v in ("2021", "current"):
        c, s = damu_band(v)
        for k in (1, 2):
            m, g = _line(b3l_fig, f"damu:{v}:{k}sigma:upper")
            for i in (0, len(m) // 3, len(m) - 1):
                assert _a_mu(v, m[i], g[i]) == pytest.approx(c + k * s, rel=1e-9)
            lower = [l for l in b3l_fig.axes[0].get_lines() if l.get_gid() == f"damu:{v}:{k}sigma:lower"]
            if c - k * s > 0:
                m, g = _line(b3l_fig, f"damu:{v}:{k}sigma:lower")
                i = len(m) // 2
                assert _a_mu(v, m[i], g[i]) == pytest.approx(c - k * s, rel=1e-9)
            else:
                assert not lower
    assert damu_band("current")[0] - damu_band("current")[1] < 0


def test_b3lmu_band_light_limit(b3l_fig):
    """Independent reference: for m_X ≪ m_μ, Δa_μ → g_μ²/(8π²) (PHYSICS.md §4) with
    g_μ = −3g_X − eε_BX = −g_X(3 + e) at ε_BX = g_X, e = √(4πα(0)). The first correction is
    linear in m_X/m_μ, not quadratic: with Δa = g²/(4π²)∫₀¹x²(1−x)/(x² + r(1−x))dx, r = m_X²/m_μ²,
    the integral is 1/2 − r∫₀¹(1−x)²/(x² + r(1−x))dx = 1/2 − (π/2)√r + O(r ln r), i.e.
    Δa_μ ≈ g_μ²/(8π²)(1 − π m_X/m_μ) (3 % at 1 MeV). At the lightest plotted mass (1 MeV) the 2021
    2σ upper edge must satisfy it to 0.5 % (the O(r ln r) remainder is ~0.2 %)."""
    from jaxalign.lightnp import g2

    sm = g2.default_sm("2021")
    e = float(np.sqrt(4 * np.pi * sm.alpha_e_0))
    c, s = damu_band("2021")
    m, g = _line(b3l_fig, "damu:2021:2sigma:upper")
    assert m[0] == pytest.approx(1e-3)
    m_mu = float(sm.lepton_mass[1])
    light = (g[0] * (3 + e)) ** 2 / (8 * np.pi**2) * (1 - np.pi * m[0] / m_mu)
    assert light == pytest.approx(c + 2 * s, rel=5e-3)


def test_b3lmu_exclusion_lines_are_the_likelihood_boundaries(b3l_fig):
    """Property: on the drawn exclusion curves the model's ``limit:<name>`` prediction (the value the
    likelihood uses) is 1 (CCFR: exact homogeneity; recasts: bisection), and 10 % above it > 1."""
    model = BminusThreeLmu(eps_over_g=1.0)
    for name in ("ccfr_trident", "na64e_invisible_2019", "borexino_bl_recast", "kloe_2015", "na62_invisible_2019"):
        m, g = _line(b3l_fig, f"limit:{name}")
        for i in (1, len(m) // 2, len(m) - 2):
            x = np.array([np.log10(m[i]), np.log10(g[i])])
            assert float(model.predictions(x)[f"limit:{name}"]) == pytest.approx(1.0, rel=1e-6), (name, m[i])
            x[1] += np.log10(1.1)
            assert float(model.predictions(x)[f"limit:{name}"]) > 1.0
        if name != "ccfr_trident":
            lo, hi = recast.mass_window(name)
            assert m.min() >= lo and m.max() <= hi  # (the old m < 2 m_pi cut is gone: data range)


def test_muoq_point_has_the_lmu_ltau_muon_coupling():
    """The MUOQ light-X point drawn in the B−3L_μ plane gives the same Δa_μ as MUOQ's L_μ−L_τ point
    (20 MeV, 5e-4), since both have muon coupling 5e-4 (rtol 1e-12)."""
    for r in (1.0, 0.1):
        m, g = muoq_point_b3lmu(r)
        assert m == MUOQ_POINT[0] and g < MUOQ_POINT[1] / 3
        ref = float(LmuLtau().predictions(np.log10(np.array(MUOQ_POINT)))["a_mu"])
        assert _a_mu("2021", m, g, r) == pytest.approx(ref, rel=1e-12)


@pytest.mark.slow  # ~20 s on 2 cores (a second full plane grid); the B−3Lμ plane figure test stays
def test_two_panel_figure(tmp_path):
    fig = plot_planes(n=40, path=tmp_path / "planes.png")
    assert len(fig.axes) == 2
    assert (tmp_path / "planes.png").stat().st_size > 20_000
    assert any(l.get_gid() == "damu:2021:2sigma:upper" for l in fig.axes[1].get_lines())
