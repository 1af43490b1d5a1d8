r"""Published exclusion curves in the (m_Z′, g′) plane as smooth, differentiable functions.

Data: ``jaxalign/data/limits/light_zprime/*.csv`` (columns m_GeV, g; sources, CLs and caveats in
that folder's README.md). g is the L_μ−L_τ gauge coupling g′.

Interpolation: a monotone piecewise-cubic Hermite interpolant (PCHIP, Fritsch & Carlson, SIAM J.
Numer. Anal. 17 (1980) 238; the endpoint rule of Moler, "Numerical Computing with MATLAB" §3.4) in
(ln m, ln g). It passes through every data point, is C¹, and between two points stays between
their values (no overshoot). The slopes are computed once, in numpy; the evaluation is JAX.
Pre-processing: rows outside a curve's mass window (README) are dropped, rows that share a mass
(vertical segments of jagged digitised curves) are replaced by their **maximum** g (the weakest
limit, i.e. the conservative envelope), rows are sorted by mass.

Outside the mass window :func:`g_limit` returns +inf (no constraint) and :func:`g_over_limit`
returns 0, with zero and finite (never NaN) gradients.

Likelihood: :func:`limit_chi2` = (z_CL g/g_limit(m))², z_CL = Φ⁻¹((1 + CL)/2). This is the χ² of a
half-normal likelihood for g with width σ = g_limit/z_CL, i.e. of a measurement 0 ± σ of g ≥ 0:
on the curve it equals z_CL² = the CL quantile of χ²₁ (2.71 at 90 %, 3.84 at 95 %).
"""

from __future__ import annotations

import functools
from importlib import resources

import jax.numpy as jnp
import numpy as np
from jax.scipy.special import ndtri

__all__ = [
    "CURVES",
    "LIMIT_CL",
    "curve_names",
    "curve_data",
    "g_limit",
    "g_limit_table",
    "curve_table",
    "g_over_limit",
    "limit_chi2",
    "z_cl",
    "CONTACT_ABOVE",
]

#: name → (file, kind, (m_min, m_max) window in GeV or None, one-line description)
CURVES = {
    "ccfr_trident": ("ccfr_trident_SYen.csv", "limit", None, "CCFR neutrino trident (recast of 1406.2332, [SY])"),
    "borexino": ("borexino_darkcast_recast.csv", "limit", (0.0, 1.05), "Borexino, Darkcast recast of 1803.05466"),
    "borexino_SYen": ("borexino_SYen.csv", "limit", None, "Borexino, [SY] digitisation (cross-check)"),
    "babar_4mu": ("babar_4mu_SYen.csv", "limit", None, "BaBar e+e- -> 4mu, 1606.03501 ([SY])"),
    "cms_z4mu": ("cms_z4mu_SYen.csv", "limit", None, "CMS Z -> 4mu, 1808.03684 ([SY])"),
    "belle2_invisible": (
        "belle2_invisible_2019_darkcast.csv",
        "limit",
        (1e-3, 10.0),
        "Belle II e+e- -> mu mu + invisible, 1912.11276 (Darkcast, converted)",
    ),
    "gm2mu_band_lower": ("gm2mu_band_2sigma_lower_darkcast_recast.csv", "band", None, "(g-2)_mu 2021 band, lower 2 sigma edge"),
    "gm2mu_band_upper": ("gm2mu_band_2sigma_upper_darkcast_recast.csv", "band", None, "(g-2)_mu 2021 band, upper 2 sigma edge"),
}

#: Curves extended above their last mass point in the contact regime, g_limit ∝ m_X: the CCFR
#: trident curve ends at 52.6 GeV, already in the contact regime of NPG2's formula (the ratio depends
#: on g²/m_X² only; tests/lightnp check the curve against the contact formula above 5 GeV), so a
#: heavier X is bounded by g/m_X < g_limit(m_max)/m_max instead of escaping the bound.
CONTACT_ABOVE = frozenset({"ccfr_trident"})

#: Confidence level of each limit curve (README.md): CCFR inferred (95 %), Borexino assumed (90 %),
#: BaBar 90 %, CMS 95 %, Belle II 90 % credibility.
LIMIT_CL = {
    "ccfr_trident": 0.95,
    "borexino": 0.90,
    "borexino_SYen": 0.90,
    "babar_4mu": 0.90,
    "cms_z4mu": 0.95,
    "belle2_invisible": 0.90,
}


def curve_names(kind: str | None = None) -> tuple[str, ...]:
    """Names of the stored curves (``kind`` = "limit" or "band" to filter)."""
    return tuple(k for k, v in CURVES.items() if kind is None or v[1] == kind)


def _pchip_slopes(x, y):
    """Fritsch–Carlson derivatives at the knots (numpy), as scipy's PchipInterpolator."""
    n = len(x)
    h = np.diff(x)
    delta = np.diff(y) / h
    d = np.zeros(n)
    if n == 2:
        d[:] = delta[0]
        return d
    for k in range(1, n - 1):
        if delta[k - 1] * delta[k] > 0:
            w1 = 2 * h[k] + h[k - 1]
            w2 = h[k] + 2 * h[k - 1]
            d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])

    def end(h0, h1, d0, d1):
        s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1)
        if np.sign(s) != np.sign(d0):
            return 0.0
        if np.sign(d0) != np.sign(d1) and abs(s) > 3 * abs(d0):
            return 3 * d0
        return s

    d[0] = end(h[0], h[1], delta[0], delta[1])
    d[-1] = end(h[-1], h[-2], delta[-1], delta[-2])
    return d


@functools.lru_cache(maxsize=None)
def curve_data(name: str):
    """Processed curve: (m, g, ln m, ln g, slopes) as read-only numpy arrays (see module doc).

    Raises KeyError (listing the valid names) for an unknown curve.
    """
    if name not in CURVES:
        raise KeyError(f"unknown curve {name!r}; valid: {sorted(CURVES)}")
    fname, _, window, _ = CURVES[name]
    path = resources.files("jaxalign") / "data" / "limits" / "light_zprime" / fname
    with resources.as_file(path) as p:
        raw = np.loadtxt(p, delimiter=",", skiprows=1, ndmin=2)
    m, g = raw[:, 0], raw[:, 1]
    keep = m > 0
    if window is not None:
        keep &= (m >= window[0]) & (m <= window[1])
    m, g = m[keep], g[keep]
    ms = np.unique(m)
    gs = np.array([g[m == mm].max() for mm in ms])
    lx, ly = np.log(ms), np.log(gs)
    out = (ms, gs, lx, ly, _pchip_slopes(lx, ly))
    for a in out:
        a.setflags(write=False)
    return out


@functools.lru_cache(maxsize=None)
def curve_table():
    """All curves as one padded table: (names, ln m (C, N), ln g, slopes, number of points (C,)).

    Rows are padded to the longest curve (ln m continued by +1, +2, … so it stays sorted; values
    repeated). With :func:`g_limit_table` the curve can then be chosen by a traced index, so that
    one compiled function serves every curve.
    """
    names = tuple(CURVES)
    data = [curve_data(n) for n in names]
    N = max(len(d[0]) for d in data)
    LX, LY, D = (np.zeros((len(names), N)) for _ in range(3))
    for i, (_, _, lx, ly, d) in enumerate(data):
        n = len(lx)
        LX[i, :n], LY[i, :n], D[i, :n] = lx, ly, d
        LX[i, n:] = lx[-1] + np.arange(1, N - n + 1)
        LY[i, n:], D[i, n:] = ly[-1], 0.0
    nv = np.array([len(d[0]) for d in data])
    for a in (LX, LY, D, nv):
        a.setflags(write=False)
    return names, LX, LY, D, nv


def _interp(lx, ly, d, n, m, contact=False):
    """(inside, ln g_limit at the clipped ln m) for one (possibly padded) curve with n points;
    ``contact``: above the last point ln g_limit grows like ln m (see :data:`CONTACT_ABOVE`)."""
    lm = jnp.log(jnp.asarray(m, float))
    x0, x1 = lx[0], lx[n - 1]
    inside = (lm >= x0) & (lm <= x1)
    t_ = jnp.clip(lm, x0, x1)
    k = jnp.clip(jnp.searchsorted(lx, t_, side="right") - 1, 0, n - 2)
    h = lx[k + 1] - lx[k]
    t = (t_ - lx[k]) / h
    t2, t3 = t * t, t * t * t
    val = (
        (2 * t3 - 3 * t2 + 1) * ly[k]
        + (t3 - 2 * t2 + t) * h * d[k]
        + (-2 * t3 + 3 * t2) * ly[k + 1]
        + (t3 - t2) * h * d[k + 1]
    )
    above = lm > x1
    val = jnp.where(contact & above, ly[n - 1] + (lm - x1), val)
    return inside | (contact & above), val


def _interp_name(name, m):
    _, _, lx, ly, d = curve_data(name)
    return _interp(jnp.asarray(lx), jnp.asarray(ly), jnp.asarray(d), len(lx), m, name in CONTACT_ABOVE)


def g_limit_table(index, m):
    r"""g_limit of curve number ``index`` (traced int; order of :func:`curve_table`) at mass m."""
    names, LX, LY, D, nv = curve_table()
    i = jnp.asarray(index)
    contact = jnp.asarray([n in CONTACT_ABOVE for n in names])[i]
    inside, lg = _interp(jnp.asarray(LX)[i], jnp.asarray(LY)[i], jnp.asarray(D)[i], jnp.asarray(nv)[i], m, contact)
    return jnp.where(inside, jnp.exp(lg), jnp.inf)


def g_limit(name: str, m):
    r"""Limit on g′ at mass ``m`` (GeV) from curve ``name``; +inf outside the curve's mass range.

    ``name`` is static. jit/vmap/grad-safe: the gradient is finite everywhere (0 outside).
    """
    inside, lg = _interp_name(name, m)
    return jnp.where(inside, jnp.exp(lg), jnp.inf)


def g_over_limit(name: str, m, g):
    r"""g/g_limit(m): 1 on the curve, 0 outside the mass range (no constraint), |g| used."""
    inside, lg = _interp_name(name, m)
    return jnp.where(inside, jnp.abs(g) * jnp.exp(-lg), 0.0)


def z_cl(cl):
    r"""z_CL = Φ⁻¹((1 + CL)/2): 1.645 for 90 %, 1.960 for 95 % (z² = χ²₁ quantile at CL)."""
    return ndtri((1.0 + jnp.asarray(cl, float)) / 2.0)


def limit_chi2(name: str, m, g, cl=None):
    r"""Half-normal χ² = (z_CL · g/g_limit(m))² of limit ``name`` (module docstring).

    ``cl`` defaults to :data:`LIMIT_CL`[name]. Equals z_CL² on the curve, 0 outside its mass range.
    """
    if cl is None:
        if name not in LIMIT_CL:
            raise KeyError(f"{name!r} is not a limit curve; limits: {sorted(LIMIT_CL)}")
        cl = LIMIT_CL[name]
    return (z_cl(cl) * g_over_limit(name, m, g)) ** 2
