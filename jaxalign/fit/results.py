"""Saving fit results (JSON, netCDF) and plotting them (corner, trace and profile plots).

All plots are drawn on a bare :class:`matplotlib.figure.Figure` (no ``pyplot``, no global
state), so they work headless with the Agg backend and inside threads.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import arviz as az
import numpy as np
from matplotlib.figure import Figure

from ..errors import DataError
from .optimize import FitResult, ProfileResult
from .params import ParameterSpace
from .sample import _space_from_attrs

__all__ = [
    "save_fit",
    "load_fit",
    "save_idata",
    "load_idata",
    "corner_plot",
    "trace_plot",
    "profile_plot",
]

_FORMAT = "jaxalign.FitResult"
_VERSION = 1


# ==================================================================================== JSON
def _encode_array(a) -> dict[str, Any]:
    a = np.asarray(a, dtype=np.float64)
    data = [float(v) if math.isfinite(v) else str(v) for v in a.ravel().tolist()]
    return {"shape": list(a.shape), "data": data}


def _decode_array(d: Mapping[str, Any]) -> np.ndarray:
    return np.array([float(v) for v in d["data"]], dtype=np.float64).reshape(d["shape"])


def _float(v: float) -> float | str:
    return float(v) if math.isfinite(v) else str(float(v))


_ARRAYS = ("x_best", "covariance", "hessian", "x_starts", "x_ends", "nll_ends", "objective_ends")


def save_fit(result: FitResult, path: str | os.PathLike) -> str:
    """Write a :class:`FitResult` to a JSON file.

    Arrays are stored with their shapes; non-finite numbers as the strings ``"nan"``,
    ``"inf"``, ``"-inf"`` (plain JSON has none). Derived quantities (``chi2_best``, errors,
    correlation, ``n_converged``) are written too, for readers without jaxalign.

    Args:
        result: The fit to save.
        path: Output file; parent directories are created.

    Returns:
        The path written.
    """
    path = os.fspath(path)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    doc: dict[str, Any] = {
        "format": _FORMAT,
        "version": _VERSION,
        "names": list(result.names),
        "nll_best": _float(result.nll_best),
        "grad_norm": _float(result.grad_norm),
        "hessian_ok": bool(result.hessian_ok),
        "at_bound": list(result.at_bound),
        "use_prior": bool(result.use_prior),
        "hessian_method": result.hessian_method,
        "warnings": list(result.warnings),
        "space": result.space.to_dict() if result.space is not None else None,
        # derived, for convenience only (ignored on loading)
        "chi2_best": _float(result.chi2_best),
        "best": {n: _float(v) for n, v in result.best.items()},
        "errors": {n: _float(v) for n, v in zip(result.names, result.errors)},
        "correlation": _encode_array(result.correlation),
        "n_converged": result.n_converged,
        "n_starts": result.n_starts,
    }
    for name in _ARRAYS:
        doc[name] = _encode_array(getattr(result, name))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1)
    return path


def load_fit(path: str | os.PathLike) -> FitResult:
    """Read a :class:`FitResult` written by :func:`save_fit`.

    Raises:
        DataError: If the file is not a saved jaxalign fit.
    """
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
        raise DataError(f"{os.fspath(path)!r} is not a jaxalign FitResult JSON file.")
    try:
        arrays = {name: _decode_array(doc[name]) for name in _ARRAYS}
        return FitResult(
            names=tuple(doc["names"]),
            nll_best=float(doc["nll_best"]),
            hessian_ok=bool(doc["hessian_ok"]),
            grad_norm=float(doc["grad_norm"]),
            at_bound=tuple(doc.get("at_bound", ())),
            use_prior=bool(doc.get("use_prior", False)),
            hessian_method=str(doc.get("hessian_method", "autodiff")),
            warnings=tuple(doc.get("warnings", ())),
            space=ParameterSpace.from_dict(doc["space"]) if doc.get("space") else None,
            **arrays,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{os.fspath(path)!r}: malformed FitResult file ({exc}).") from exc


# ==================================================================================== netCDF
def save_idata(idata: az.InferenceData, path: str | os.PathLike) -> str:
    """Write an ``InferenceData`` to netCDF (``idata.to_netcdf``); returns the path."""
    path = os.fspath(path)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return idata.to_netcdf(path)


def load_idata(path: str | os.PathLike) -> az.InferenceData:
    """Read an ``InferenceData`` from netCDF (loaded into memory, the file is closed)."""
    idata = az.from_netcdf(os.fspath(path))
    idata.load()  # detach from the file so it can be overwritten or deleted
    return idata


# ==================================================================================== helpers
def _samples(samples, var_names) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    """``(names, draws (N, n), chain index per draw or None)`` from the accepted inputs."""
    if isinstance(samples, az.InferenceData):
        post = samples.posterior
        names = list(var_names) if var_names is not None else list(post.data_vars)
        missing = [n for n in names if n not in post]
        if missing:
            raise DataError(f"Not in the posterior: {', '.join(missing)}.")
        arrs = []
        for n in names:
            if post[n].ndim != 2:
                raise DataError(f"Posterior variable {n!r} is not scalar per draw.")
            arrs.append(np.asarray(post[n]))
        stacked = np.stack(arrs, axis=-1)  # (chain, draw, n)
        c, d = stacked.shape[:2]
        return names, stacked.reshape(c * d, -1), np.repeat(np.arange(c), d)
    if isinstance(samples, Mapping):
        names = list(var_names) if var_names is not None else list(samples)
        return names, np.stack([np.ravel(samples[n]) for n in names], axis=-1), None
    arr = np.asarray(samples, dtype=np.float64)
    if arr.ndim != 2:
        raise DataError(f"samples must have shape (N, n_params), got {arr.shape}.")
    names = list(var_names) if var_names is not None else [f"x{i}" for i in range(arr.shape[1])]
    if len(names) != arr.shape[1]:
        raise DataError(f"{len(names)} names for {arr.shape[1]} columns.")
    return names, arr, None


def _per_param(value, names: Sequence[str], what: str) -> list:
    """Mapping or sequence -> list aligned with ``names`` (``None`` where not given)."""
    if value is None:
        return [None] * len(names)
    if isinstance(value, FitResult):
        value = value.best
    if isinstance(value, Mapping):
        return [value.get(n) for n in names]
    value = list(value)
    if len(value) != len(names):
        raise DataError(f"{what}: {len(value)} entries for {len(names)} parameters.")
    return value


def _smooth(h: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian smoothing (in bins) of a 1-D or 2-D histogram."""
    if sigma <= 0:
        return h
    r = max(1, int(math.ceil(3 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    for axis in range(h.ndim):
        h = np.apply_along_axis(lambda m: np.convolve(m, k, mode="same"), axis, h)
    return h


def _hpd_levels(h: np.ndarray, probs: Sequence[float]) -> list[float]:
    """Density thresholds enclosing the given probability masses of histogram ``h``."""
    flat = np.sort(h.ravel())[::-1]
    cum = np.cumsum(flat)
    cum /= cum[-1]
    return [float(flat[min(np.searchsorted(cum, p), len(flat) - 1)]) for p in probs]


def _range(x: np.ndarray, bound, clip_only: bool = False) -> tuple[float, float]:
    if bound is not None and not clip_only:
        lo, hi = bound
        if lo is not None and hi is not None and math.isfinite(lo) and math.isfinite(hi):
            return float(lo), float(hi)
    lo, hi = np.quantile(x, [0.001, 0.999])
    pad = 0.05 * (hi - lo) if hi > lo else max(abs(lo), 1.0) * 1e-3
    lo, hi = lo - pad, hi + pad
    if bound is not None:  # clip to the finite bounds
        blo, bhi = bound
        lo = max(lo, blo) if blo is not None and math.isfinite(blo) else lo
        hi = min(hi, bhi) if bhi is not None and math.isfinite(bhi) else hi
    return float(lo), float(hi)


def _save(fig: Figure, path) -> None:
    if path is not None:
        path = os.fspath(path)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fig.savefig(path, dpi=fig.dpi, bbox_inches="tight")


# ==================================================================================== plots
def corner_plot(
    samples,
    path: str | os.PathLike | None = None,
    truths=None,
    bounds=None,
    *,
    var_names: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    levels: Sequence[float] = (0.68, 0.95),
    bins: int = 40,
    smooth: float = 1.0,
    fit: FitResult | None = None,
    color: str = "C0",
) -> Figure:
    """Corner plot: 1-D marginals on the diagonal, 2-D credible contours below it.

    Args:
        samples: ``InferenceData`` (its posterior), ``{name: draws}`` or an array
            ``(N, n_params)``.
        path: If given, the figure is saved there (format from the extension, e.g. ``.png``).
        truths: Reference values (``{name: value}``, a sequence, or a :class:`FitResult`),
            drawn as lines.
        bounds: Axis ranges per parameter (``{name: (lo, hi)}`` or a sequence of pairs);
            default: the 0.1%-99.9% quantile range of the draws (padded by 5%), clipped to the
            prior bounds stored in ``samples`` by :func:`~jaxalign.fit.sample_nuts`.
        var_names: Parameters to show (default all).
        labels: Axis labels (default the names).
        levels: Probability masses of the 2-D contours.
        bins: Histogram bins per axis.
        smooth: Gaussian smoothing of the histograms, in bins (0: none).
        fit: A :class:`FitResult` whose Hessian ellipses (68% and 95% for two parameters) and
            best-fit point are overlaid, for comparison with the posterior.
        color: Matplotlib colour of the posterior.

    Returns:
        The figure.
    """
    names, x, _ = _samples(samples, var_names)
    n = len(names)
    labels = list(labels) if labels is not None else names
    truths = _per_param(truths, names, "truths")
    if bounds is not None:
        rngs = [_range(x[:, i], b) for i, b in enumerate(_per_param(bounds, names, "bounds"))]
    else:  # data range, clipped to the prior bounds stored by sample_nuts (if any)
        space = _space_from_attrs(samples) if isinstance(samples, az.InferenceData) else None
        rngs = [
            _range(x[:, i], (space[nm].lower, space[nm].upper)
                   if space is not None and nm in space.names else None, clip_only=True)
            for i, nm in enumerate(names)
        ]
    levels = sorted(levels)
    size = max(2.0, min(2.6, 12.0 / n))
    fig = Figure(figsize=(size * n, size * n), dpi=100)
    axes = fig.subplots(n, n, squeeze=False)
    fit_idx = None
    if fit is not None:
        fit_idx = [fit.names.index(nm) if nm in fit.names else None for nm in names]

    for i in range(n):
        for j in range(n):
            ax = axes[i, j]
            if j > i:
                ax.set_visible(False)
                continue
            if i == j:
                h, edges = np.histogram(x[:, i], bins=bins, range=rngs[i], density=True)
                ax.stairs(_smooth(h, 0.5 * smooth), edges, color=color, lw=1.3)
                q = np.quantile(x[:, i], [0.16, 0.5, 0.84])
                for v in q:
                    ax.axvline(v, color=color, ls="--", lw=0.8)
                ax.set_title(
                    f"{labels[i]} = {q[1]:.4g}$^{{+{q[2] - q[1]:.2g}}}_{{-{q[1] - q[0]:.2g}}}$",
                    fontsize=9,
                )
                ax.set_yticks([])
                if fit_idx is not None and fit_idx[i] is not None:
                    k = fit_idx[i]
                    mu, sd = fit.x_best[k], fit.errors[k]
                    if sd > 0 and math.isfinite(sd):
                        t = np.linspace(*rngs[i], 200)
                        gauss = np.exp(-0.5 * ((t - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
                        ax.plot(t, gauss, color="k", lw=0.8, alpha=0.7)
            else:
                h, xe, ye = np.histogram2d(x[:, j], x[:, i], bins=bins, range=[rngs[j], rngs[i]])
                h = _smooth(h, smooth)
                thr = _hpd_levels(h, levels)  # descending thresholds for ascending masses
                cx, cy = 0.5 * (xe[1:] + xe[:-1]), 0.5 * (ye[1:] + ye[:-1])
                lv = sorted(set(thr))
                if len(lv) == len(thr) and h.max() > max(lv):
                    ax.contourf(cx, cy, h.T, levels=lv + [h.max()], colors=[color],
                                alpha=0.25)
                    ax.contour(cx, cy, h.T, levels=lv, colors=[color], linewidths=1.0)
                else:
                    ax.plot(x[:, j], x[:, i], ",", color=color, alpha=0.3)
                if fit_idx is not None and fit_idx[i] is not None and fit_idx[j] is not None:
                    _ellipse(ax, fit, fit_idx[j], fit_idx[i], levels)
                ax.set_ylim(rngs[i])
            ax.set_xlim(rngs[j])
            if truths[j] is not None:
                ax.axvline(truths[j], color="C3", lw=1.0)
            if i != j and truths[i] is not None:
                ax.axhline(truths[i], color="C3", lw=1.0)
            if i < n - 1:
                ax.set_xticklabels([])
            else:
                ax.set_xlabel(labels[j])
                ax.tick_params(axis="x", labelrotation=45, labelsize=8)
            if j > 0 and i != j:
                ax.set_yticklabels([])
            elif i != j:
                ax.set_ylabel(labels[i])
                ax.tick_params(axis="y", labelsize=8)
    fig.subplots_adjust(wspace=0.05, hspace=0.05)
    _save(fig, path)
    return fig


def _ellipse(ax, fit: FitResult, a: int, b: int, levels) -> None:
    """Hessian (Gaussian) contours of ``fit`` for parameters ``a`` (x) and ``b`` (y)."""
    cov = fit.covariance[np.ix_([a, b], [a, b])]
    if not np.all(np.isfinite(cov)):
        return
    w, v = np.linalg.eigh(cov)
    if np.any(w <= 0):
        return
    t = np.linspace(0, 2 * np.pi, 200)
    circle = np.stack([np.cos(t), np.sin(t)])
    for p in levels:
        r = math.sqrt(-2.0 * math.log1p(-p))  # 2-D chi2 quantile: delta chi2 = -2 log(1-p)
        pts = (v * np.sqrt(w)) @ circle * r
        ax.plot(fit.x_best[a] + pts[0], fit.x_best[b] + pts[1], color="k", lw=0.8, alpha=0.7)
    ax.plot(fit.x_best[a], fit.x_best[b], "k+", ms=6)


def trace_plot(
    idata: az.InferenceData,
    path: str | os.PathLike | None = None,
    *,
    var_names: Sequence[str] | None = None,
) -> Figure:
    """Trace plot: per parameter, the marginal of every chain (left) and its trace (right).

    Divergent transitions (``sample_stats.diverging``) are marked as red ticks under the traces.

    Args:
        idata: ``InferenceData`` with a posterior (``(chain, draw)`` scalar variables).
        path: If given, the figure is saved there.
        var_names: Parameters to show (default all).

    Returns:
        The figure.
    """
    names, x, chain = _samples(idata, var_names)
    n = len(names)
    n_chains = int(chain.max()) + 1
    draws = x.shape[0] // n_chains
    x = x.reshape(n_chains, draws, n)
    div = None
    if hasattr(idata, "sample_stats") and "diverging" in idata.sample_stats:
        div = np.asarray(idata.sample_stats["diverging"], dtype=bool)
    fig = Figure(figsize=(10, 1.9 * n + 0.5), dpi=100)
    axes = fig.subplots(n, 2, squeeze=False, gridspec_kw={"width_ratios": [1, 2.5]})
    for k, name in enumerate(names):
        lo, hi = float(np.min(x[..., k])), float(np.max(x[..., k]))
        pad = 0.03 * (hi - lo) if hi > lo else max(abs(lo), 1.0) * 1e-3
        rng = (lo - pad, hi + pad)
        for c in range(n_chains):
            col = f"C{c % 10}"
            h, e = np.histogram(x[c, :, k], bins=40, range=rng, density=True)
            axes[k, 0].stairs(h, e, color=col, lw=1.0)
            axes[k, 1].plot(x[c, :, k], color=col, lw=0.5, alpha=0.8)
            if div is not None and div.shape == (n_chains, draws) and div[c].any():
                idx = np.flatnonzero(div[c])
                axes[k, 1].plot(idx, np.full(idx.shape, rng[0]), "|", color="red", ms=8)
        axes[k, 0].set_ylabel(name)
        axes[k, 0].set_yticks([])
        axes[k, 1].set_ylim(rng)
    axes[-1, 1].set_xlabel("draw")
    axes[0, 0].set_title("marginal per chain", fontsize=9)
    axes[0, 1].set_title("trace", fontsize=9)
    fig.tight_layout()
    _save(fig, path)
    return fig


def profile_plot(
    result: ProfileResult,
    path: str | os.PathLike | None = None,
    *,
    levels: Sequence[float] = (1.0, 3.84),
    label: str | None = None,
) -> Figure:
    """Plot ``delta chi2`` of a profile scan with horizontal lines at ``levels``.

    Args:
        result: Output of :func:`jaxalign.fit.profile`.
        path: If given, the figure is saved there.
        levels: Reference ``delta chi2`` values (1: 68.3%, 3.84: 95% CL for one parameter).
        label: x-axis label (default the parameter name).

    Returns:
        The figure.
    """
    fig = Figure(figsize=(5, 3.6), dpi=100)
    ax = fig.subplots()
    ax.plot(result.values, result.delta_chi2, "o-", ms=3, lw=1.2)
    for lv in levels:
        ax.axhline(lv, color="gray", ls="--", lw=0.8)
    ax.set_xlabel(label or result.name)
    ax.set_ylabel(r"$\Delta\chi^2$")
    ax.set_ylim(bottom=0)
    fig.tight_layout()
    _save(fig, path)
    return fig
