"""The (m_X, g′) plane of a light L_μ−L_τ boson (MUOQ Fig. 3 style): Δa_μ bands against exclusions.

:func:`plane_grid` evaluates the model's predictions on an N×N grid in (log10 m_X/GeV, log10 g′)
with one ``jit(vmap(...))`` call; :func:`plot_plane` draws

* the Δa_μ 2σ bands of the 2021 and current vintages (Δa_μ = a_μ^exp − a_μ^SM with the bundled
  measurement files and SM inputs; σ² = σ_exp² + σ_SM²),
* the exclusion curves of :mod:`jaxalign.lightnp.limits` (regions above them shaded), and
* the MUOQ light-X solution m_X ≈ 20 MeV, g′ ≈ 5×10⁻⁴ (MUOQ §III "Type B").

Used by ``notebooks/03_light_zprime.ipynb``; tested in ``tests/lightnp/test_plane.py``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from . import limits

__all__ = ["damu_band", "plane_grid", "plot_plane", "MUOQ_POINT"]

#: MUOQ §III Type B: "m_X ∼ 20 MeV and gauge coupling g_X ∼ 5·10⁻⁴"
MUOQ_POINT = (0.020, 5e-4)
CURVES = ("ccfr_trident", "borexino", "babar_4mu", "cms_z4mu", "belle2_invisible")


def damu_band(vintage: str) -> tuple[float, float]:
    """(central, σ) of Δa_μ for a bundled vintage (measurement file minus the SM of the same
    vintage, errors in quadrature)."""
    from ..likelihood.measurements import load_measurements

    c = load_measurements(vintage)["a_mu"].distribution
    return float(c.central), float(c.sigma)


def plane_grid(n: int = 400, log10_m=(-3.0, 2.0), log10_g=(-5.0, 0.0), inputs: str = "2021"):
    """Predictions of :class:`~jaxalign.lightnp.models.LmuLtau` on an n×n grid.

    Returns ``(lm, lg, pred)`` with ``pred[name]`` of shape (n, n) (index [i_m, i_g])."""
    from .models import LmuLtau

    model = LmuLtau(inputs=inputs)
    lm = jnp.linspace(*log10_m, n)
    lg = jnp.linspace(*log10_g, n)
    X = jnp.stack(jnp.meshgrid(lm, lg, indexing="ij"), -1).reshape(-1, 2)
    pred = jax.jit(jax.vmap(model.predictions))(X)
    return np.asarray(lm), np.asarray(lg), {k: np.asarray(v).reshape(n, n) for k, v in pred.items()}


def plot_plane(ax=None, n: int = 300, vintages=("2021", "current"), path=None):
    """Draw the plane (see module docstring); returns the matplotlib figure."""
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    lm, lg, pred = plane_grid(n)
    fig = ax.figure if ax is not None else plt.figure(figsize=(6.4, 4.8))
    ax = ax or fig.add_subplot(111)
    M, G = 10.0 ** lm, 10.0 ** lg
    colours = {"2021": "tab:green", "current": "tab:olive"}
    for v in vintages:
        c, s = damu_band(v)
        z = (pred["a_mu"] - c) / s
        ax.contourf(M, G, np.abs(z).T, levels=[0.0, 2.0], colors=[colours.get(v, "tab:green")], alpha=0.45)
        ax.contour(M, G, np.abs(z).T, levels=[2.0], colors=[colours.get(v, "tab:green")], linewidths=0.8)
        ax.plot([], [], color=colours.get(v, "tab:green"), lw=6, alpha=0.45,
                label=fr"$\Delta a_\mu$ $2\sigma$ ({v}: {c * 1e11:.0f}$\pm${s * 1e11:.0f}$\times10^{{-11}}$)")
    for i, name in enumerate(CURVES):
        m, g = limits.curve_data(name)[:2]
        m, g = np.asarray(m), np.asarray(g)
        ax.fill_between(m, g, 10.0, color=f"C{i}", alpha=0.18, lw=0)
        ax.plot(m, g, color=f"C{i}", lw=1.2, label=f"{name} (CL {limits.LIMIT_CL[name]:.2f})")
    ax.plot(*MUOQ_POINT, marker="*", ms=12, color="k", ls="", label="MUOQ light X (20 MeV, 5e-4)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(M[0], M[-1])
    ax.set_ylim(G[0], G[-1])
    ax.set_xlabel(r"$m_X$ [GeV]")
    ax.set_ylabel(r"$g'$ ($L_\mu - L_\tau$)")
    ax.legend(fontsize=6.5, loc="lower right")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130)
    return fig
