"""Likelihood scans on a grid: ``jit(vmap(nll))`` over every point of a 2-D parameter plane.

For a fit with exactly two free parameters the grid *is* the profile likelihood; with more, the
other parameters are held at the given values (a slice), which the plot says. Δχ² contours at
2.30 and 6.18 are the 68.3 % and 95.4 % regions of two parameters (Wilks).

``jaxalign scan CONFIG`` (the command line) draws the plane of a fit configuration's first two
parameters and writes ``scan.png`` and ``scan.npz``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["scan_plane", "plot_scan", "DCHI2_2D"]

#: Δχ² of the 1σ (68.27 %) and 2σ (95.45 %) regions for two parameters
DCHI2_2D = (2.2957, 6.1801)


def scan_plane(lik, data, ix: int, iy: int, xs, ys, x_other=None, chunk: int = 65_536):
    """χ²(x_i, x_j) on the grid ``xs × ys`` (other parameters at ``x_other``).

    Returns ``chi2`` of shape (len(xs), len(ys)). One compilation; evaluated in chunks."""
    n = len(lik.parameter_names)
    base = jnp.zeros(n) if x_other is None else jnp.asarray(x_other, float)
    X, Y = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float), indexing="ij")
    pts = np.repeat(np.asarray(base)[None], X.size, 0)
    pts[:, ix] = X.ravel()
    pts[:, iy] = Y.ravel()
    f = jax.jit(jax.vmap(lik.nll, (0, None)))
    size = min(chunk, len(pts))
    pad = (-len(pts)) % size
    P = np.concatenate([pts, np.repeat(pts[-1:], pad, 0)]).reshape(-1, size, n)
    out = np.concatenate([np.asarray(f(jnp.asarray(p), data)) for p in P])[: len(pts)]
    return 2.0 * out.reshape(X.shape)


def plot_scan(xs, ys, chi2, chi2_sm=None, labels=("x", "y"), best=None, reference=None, ax=None, title=None):
    """Filled 1σ/2σ regions (Δχ² from the grid minimum), the best fit and a reference point."""
    import matplotlib.pyplot as plt

    fig = ax.figure if ax is not None else plt.figure(figsize=(5.2, 4.4))
    ax = ax or fig.add_subplot(111)
    d = chi2 - np.min(chi2)
    ax.contourf(xs, ys, d.T, levels=[0.0, DCHI2_2D[0], DCHI2_2D[1]], colors=["tab:blue", "lightskyblue"], alpha=0.8)
    ax.contour(xs, ys, d.T, levels=list(DCHI2_2D), colors="k", linewidths=0.6)
    i, j = np.unravel_index(np.argmin(chi2), chi2.shape)
    ax.plot(xs[i], ys[j], "k+", ms=10, label=f"grid best fit ({xs[i]:.3g}, {ys[j]:.3g})")
    if best is not None:
        ax.plot(*best, "kx", ms=7, label="optimiser best fit")
    if reference is not None:
        ax.plot(*reference[0], "r*", ms=10, label=reference[1])
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    t = title or ""
    if chi2_sm is not None:
        t += f"  Δχ²(SM − best) = {float(chi2_sm) - float(chi2[i, j]):.1f}"
    ax.set_title(t.strip(), fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
