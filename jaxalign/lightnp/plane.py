"""The (m_X, g) planes of light L_μ−L_τ and B−3L_μ bosons (MUOQ Fig. 3 style): Δa_μ bands against exclusions.

:func:`plane_grid` evaluates the model's predictions on an N×N grid in (log10 m_X/GeV, log10 g′)
with one ``jit(vmap(...))`` call; :func:`plot_plane` draws

* the Δa_μ 2σ bands of the 2021 and current vintages (Δa_μ = a_μ^exp − a_μ^SM with the bundled
  measurement files and SM inputs; σ² = σ_exp² + σ_SM²),
* the exclusion curves of :mod:`jaxalign.lightnp.limits` (regions above them shaded), and
* the MUOQ light-X solution m_X ≈ 20 MeV, g′ ≈ 5×10⁻⁴ (MUOQ §III "Type B").

:func:`plot_plane_b3lmu` draws the (m_X, g_X) plane of the U(1)_{B−3L_μ} boson at fixed
ε_BX/g_X (MUOQ Fig. 3: ε_BX = g_X upper panel, g_X/10 lower panel), the plane MUOQ Fig. 3 shows:

* the Δa_μ 1σ and 2σ bands of both vintages, as curves g_X(m_X) computed from the model
  (:func:`damu_band_g`: at fixed m_X and ε_BX/g_X all couplings scale with g_X, so
  Δa_μ = g_X² A(m_X) exactly and the band edges are g = √((c ± kσ)/A); where c − kσ ≤ 0 the band
  reaches g_X = 0),
* CCFR tridents (``limit:ccfr_trident`` of the model, g_X-limit = 1/value at g_X = 1, exact since
  the value is ∝ g_X) and the Darkcast-style recasts of :mod:`jaxalign.lightnp.recast`
  (:func:`jaxalign.lightnp.recast.g_limit_b_minus_3lmu`, bisection; each over its data range, with
  the hadronic X width above 2m_π± (dotted line) and the 3 % smooth switch-off at the window ends). For the Borexino recast √μ is not monotone in g_X (a cusp at ≈ 0.6 g_limit where
  the ν_μ–e interference changes sign), but it is < 1 everywhere below the bisected limit and
  increases through 1 there, so the region above each curve is the excluded one (checked at 1, 20
  and 250 MeV for ε = g; docs/lightnp_recast.md §10),
* the MUOQ light-X solution. MUOQ's "m_X ∼ 20 MeV, g_X ∼ 5·10⁻⁴" (§III Type B) is stated for
  L_μ−L_τ, where g_X is the muon coupling; in the B−3L_μ plane the point with the same muon
  coupling |−3g_X − eε_BX| = 5·10⁻⁴ (same Δa_μ) is drawn, g_X = 5·10⁻⁴/(3 + e ε_BX/g_X).

:func:`plot_planes` puts both planes side by side (L_μ−L_τ | B−3L_μ).

Used by ``notebooks/03_light_zprime.ipynb``; tested in ``tests/lightnp/test_plane.py``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from . import limits, recast

__all__ = [
    "damu_band",
    "damu_band_g",
    "plane_grid",
    "plot_plane",
    "b3lmu_limit_curves",
    "muoq_point_b3lmu",
    "plot_plane_b3lmu",
    "plot_planes",
    "MUOQ_POINT",
    "B3LMU_LIMITS",
]

#: MUOQ §III Type B: "m_X ∼ 20 MeV and gauge coupling g_X ∼ 5·10⁻⁴"
MUOQ_POINT = (0.020, 5e-4)
CURVES = ("ccfr_trident", "borexino", "babar_4mu", "cms_z4mu", "belle2_invisible")
#: Exclusions drawn in the B−3L_μ plane: CCFR tridents and every recast of :mod:`.recast`.
B3LMU_LIMITS = ("ccfr_trident",) + tuple(recast.RECAST_LIMITS)


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


# ---------------------------------------------------------------------------------------------
# B−3L_μ plane (MUOQ Fig. 3)


def _b3lmu_model(eps_over_g: float, inputs: str):
    from .models import BminusThreeLmu

    return BminusThreeLmu(inputs=inputs, eps_over_g=float(eps_over_g))


def damu_band_g(model, m, vintage: str, n_sigma: float = 2.0):
    r"""Edges (g_lo, g_hi) in the coupling of the n_sigma Δa_μ band of ``vintage`` at masses ``m``.

    ``model`` has the parameters (log10 m_X/GeV, log10 g) and Δa_μ ∝ g² at fixed m_X
    (:class:`~jaxalign.lightnp.models.LmuLtau` without free ε, or
    :class:`~jaxalign.lightnp.models.BminusThreeLmu` with ``eps_over_g``): with A(m) = Δa_μ(m, g=1)
    the band |Δa_μ − c| < kσ is (c − kσ)/A < g² < (c + kσ)/A. g_lo = 0 where c − kσ ≤ 0.
    (c, σ) from :func:`damu_band`. Returns numpy arrays.
    """
    c, s = damu_band(vintage)
    lm = jnp.log10(jnp.asarray(m, float))
    A = np.asarray(jax.jit(jax.vmap(lambda x: model.predictions(jnp.stack([x, jnp.zeros_like(x)]))["a_mu"]))(lm))
    lo = np.sqrt(np.clip(c - n_sigma * s, 0.0, None) / A)
    hi = np.sqrt((c + n_sigma * s) / A)
    return lo, hi


def b3lmu_limit_curves(eps_over_g: float = 1.0, n: int = 200, log10_m=(-3.0, 2.0), inputs: str = "2021",
                       names=B3LMU_LIMITS):
    """{name: (m, g_X,limit)} of the B−3L_μ exclusions at fixed ε_BX/g_X (see module docstring).

    Recasts: n log-spaced masses inside :func:`jaxalign.lightnp.recast.mass_window` (∩ the plot
    range), bisection of √μ = 1. CCFR: n masses over ``log10_m`` where the curve applies,
    g_limit = 1/value(g_X = 1) of ``limit:ccfr_trident`` (exact: the value is ∝ g_X).
    """
    out = {}
    model = _b3lmu_model(eps_over_g, inputs)
    for name in names:
        if name == "ccfr_trident":
            lm = jnp.linspace(*log10_m, n)
            v = np.asarray(jax.jit(jax.vmap(
                lambda x: model.predictions(jnp.stack([x, jnp.zeros_like(x)]))["limit:ccfr_trident"]))(lm))
            keep = v > 0
            out[name] = (10.0 ** np.asarray(lm)[keep], 1.0 / v[keep])
            continue
        lo, hi = recast.mass_window(name)
        lo, hi = max(lo * (1 + 1e-9), 10.0 ** log10_m[0]), min(hi * (1 - 1e-9), 10.0 ** log10_m[1])
        if lo >= hi:
            continue
        m = jnp.logspace(np.log10(lo), np.log10(hi), n)
        g = np.asarray(jax.jit(jax.vmap(
            lambda mm, _n=name: recast.g_limit_b_minus_3lmu(_n, mm, eps_over_g, inputs)))(m))
        keep = np.isfinite(g)
        out[name] = (np.asarray(m)[keep], g[keep])
    return out


def muoq_point_b3lmu(eps_over_g: float = 1.0, inputs: str = "2021") -> tuple[float, float]:
    """(m_X, g_X) of the B−3L_μ boson with the muon coupling of MUOQ's light-X point (20 MeV,
    5·10⁻⁴, stated for L_μ−L_τ): |g_μ| = g_X (3 + e ε_BX/g_X) = 5·10⁻⁴ (module docstring)."""
    from . import g2

    sm = g2.default_sm(inputs)
    g_mu_per_g = abs(float(g2.lepton_couplings_b_minus_3lmu(1.0, eps_over_g, sm.alpha_e_0)[1]))
    return MUOQ_POINT[0], MUOQ_POINT[1] / g_mu_per_g


def plot_plane_b3lmu(ax=None, eps_over_g: float = 1.0, vintages=("2021", "current"), n_sigma=(1.0, 2.0),
                     n: int = 300, log10_m=(-3.0, 2.0), log10_g=(-6.0, -1.0), names=B3LMU_LIMITS,
                     legend: bool = True, path=None):
    """Draw the (m_X, g_X) plane of the B−3L_μ boson (module docstring); returns the figure.

    Artists carry a ``gid`` for programmatic access: ``"damu:<vintage>:<k>sigma:upper"`` /
    ``":lower"`` (band edges, lower only where c − kσ > 0), ``"limit:<name>"``, ``"2mpi"``,
    ``"muoq_point"``.
    """
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig = ax.figure if ax is not None else plt.figure(figsize=(6.4, 4.8))
    ax = ax or fig.add_subplot(111)
    g_bottom, g_top = 10.0 ** log10_g[0], 10.0 ** log10_g[1]
    m = np.logspace(*log10_m, max(n, 2))
    colours = {"2021": "tab:green", "current": "tab:olive"}
    for iv, v in reversed(list(enumerate(vintages))):  # the first vintage is drawn on top
        col = colours.get(v, "tab:green")
        model = _b3lmu_model(eps_over_g, v if v in ("2021", "current") else "2021")
        c, s = damu_band(v)
        for k in sorted(n_sigma, reverse=True):
            lo, hi = damu_band_g(model, m, v, k)
            alpha = (0.45 if k <= 1.0 else 0.22) * (1.0 if iv == 0 else 0.5)
            ax.fill_between(m, np.where(lo > 0, lo, g_bottom * 1e-3), hi, color=col, alpha=alpha, lw=0,
                            label=fr"$\Delta a_\mu$ {k:g}$\sigma$ ({v}: {c * 1e11:.0f}$\pm${s * 1e11:.0f}$\times10^{{-11}}$)")
            ax.plot(m, hi, color=col, lw=0.7, gid=f"damu:{v}:{k:g}sigma:upper")
            if np.all(lo > 0):
                ax.plot(m, lo, color=col, lw=0.7, gid=f"damu:{v}:{k:g}sigma:lower")
    curves = b3lmu_limit_curves(eps_over_g, n=max(n // 2, 20), log10_m=log10_m, names=names)
    cmap = plt.get_cmap("tab20")
    for i, (name, (mm, gg)) in enumerate(curves.items()):
        col = "k" if name == "ccfr_trident" else cmap(i % 20)
        cl = limits.LIMIT_CL[name] if name in limits.LIMIT_CL else recast.RECAST_CL[name]
        ax.fill_between(mm, gg, 10.0 * g_top, color=col, alpha=0.08, lw=0)
        ax.plot(mm, gg, color=col, lw=1.1, gid=f"limit:{name}", label=f"{name} ({cl:.0%} CL)")
    ax.axvline(2 * recast.M_PI_CHARGED, color="0.4", ls=":", lw=0.8, gid="2mpi",
               label=r"$2m_{\pi^\pm}$: hadronic X decays open")
    mx, gx = muoq_point_b3lmu(eps_over_g)
    ax.plot(mx, gx, marker="*", ms=12, color="k", ls="", gid="muoq_point",
            label=fr"MUOQ light X: 20 MeV, $|g_\mu|$=5e-4 ($g_X$={gx:.2g})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(m[0], m[-1])
    ax.set_ylim(g_bottom, g_top)
    ax.set_xlabel(r"$m_X$ [GeV]")
    ax.set_ylabel(r"$g_X$ ($B-3L_\mu$)")
    ax.set_title(fr"$U(1)_{{B-3L_\mu}}$, $\varepsilon_{{BX}} = {eps_over_g:g}\,g_X$", fontsize=9)
    if legend:
        ax.legend(fontsize=5.0, loc="lower right", ncol=2, framealpha=0.85)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130)
    return fig


def plot_planes(n: int = 300, vintages=("2021", "current"), eps_over_g: float = 1.0, path=None,
                figsize=(13.0, 5.2)):
    """Two panels: the L_μ−L_τ plane (:func:`plot_plane`) | the B−3L_μ plane (:func:`plot_plane_b3lmu`)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=figsize)
    plot_plane(ax=a, n=n, vintages=vintages)
    plot_plane_b3lmu(ax=b, n=n, vintages=vintages, eps_over_g=eps_over_g)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130)
    return fig
