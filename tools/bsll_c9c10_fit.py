#!/usr/bin/env python
r"""Gaussian (C9_bsmumu, C10_bsmumu) summary of the *non-clean* b -> s mu mu data, derived with flavio.

Run with the oracle environment (flavio 2.7.1, wilson 2.5.2), niced::

    nice -n 15 /work/main/.oracle/bin/python tools/bsll_c9c10_fit.py [--vintage 2021 current]
        [--workdir /tmp/jaxalign_bsll_c9c10] [--n-theory 100] [--no-write]

What it does (flavio is used as a black box; nothing of its code is reproduced):

1. Observables and measurements. For each vintage a list of flavio observables (B -> K* mu mu
   angular observables, binned branching ratios of B -> K(*) mu mu, B_s -> phi mu mu,
   Lambda_b -> Lambda mu mu, B -> X_s mu mu, angular observables of B_s -> phi mu mu and
   Lambda_b -> Lambda mu mu) and an explicit list of flavio 2.7.1 measurement names
   (``include_measurements``). The observable selection follows smelli 2.4.3's quark-sector fast
   likelihood (data/yaml/observables_bkstarmumu_*.yaml, observables_bpkstarmumu_lhcb.yaml,
   observables_bsphimumu.yaml, observables_lambdablambdall_*.yaml): q^2 bins below 6 GeV^2 plus one
   wide bin above the psi(2S). R_K, R_K*, BR(B_s -> mu mu) (and every other LFU ratio) are NOT
   included: jaxalign has them as separate likelihood terms; the script asserts it.
   * vintage "2021": results released before May 2021 (the MUOQ fit, arXiv:2103.13991, used the
     smelli of spring 2021 with the March 2021 R_K and the April 2021 (g-2) results). The LHCb
     B_s -> phi mu mu updates of 2021 (branching ratios arXiv:2105.14007, received 28 May 2021;
     angular analysis arXiv:2107.13428) are replaced by the 2015 LHCb analysis.
   * vintage "current": every relevant measurement of flavio 2.7.1's database (adds the LHCb 2021
     B_s -> phi mu mu results, CMS 2024 B0 -> K* mu mu angular observables below 6 GeV^2 and the
     CMS 2024 B+ -> K mu mu branching ratios).
2. Likelihood: flavio's FastLikelihood recipe. Experimental central values and covariance from
   flavio's ``MeasurementCovariance`` (Gaussian approximation of the measurement distributions
   from ``--n-exp`` = 50000 pseudo-samples, seeded; the script re-executes itself with
   PYTHONHASHSEED=0 because flavio draws them measurement by measurement in set order); theory
   covariance = flavio.sm_covariance at the SM (all parameters varied, ``--n-theory`` = 100
   samples, computed ONCE for the union of both vintages' observables, seeded).
   chi2(C9, C10) = (O(C9, C10) - O_exp)^T (C_exp + C_th)^{-1} (O(C9, C10) - O_exp) with O the
   flavio NP predictions at the central parameter values, NP only in the real parts of C9_bsmumu,
   C10_bsmumu (flavio WET basis 'flavio', scale 4.8 GeV; C9', C10', C7, scalars zero).
3. Every chi2 point lies on a 0.05 grid in (C9, C10). Minimum: Newton steps, each from a quadratic
   fitted to a 3x3 stencil (h = 0.25 from the SM point, then 0.15) until the grid-rounded minimum
   repeats. Then
   * "local" fit: least squares of a 2D quadratic on a 5x5 grid, 0, +-1, +-2 steps (step = sigma
     rounded to the grid) in C9 and C10 around the minimum;
   * "wide" fit (default, written to the data files): least squares of the Gaussian form
     Delta chi2 = (x - mu)^T Sigma^{-1} (x - mu) (minimum value pinned to flavio's minimum, from
     the local fit) on the same grid plus a band from the minimum to the SM point (1/4, 2/4, 3/4,
     4/4 of the way; 0, +-1, +-2 sigma across), so that the Gaussian also reproduces chi2 between
     the minimum and the SM (where fits of models start).
   Checks of both: residuals Delta chi2_flavio - Delta chi2_gauss on the grid, on the band, on the
   line C9 = -C10 (the S3 muoquark direction) and at +-3 sigma.
4. Writes jaxalign/data/measurements/<vintage>/bsll_c9c10_flavio_<vintage>.yaml (``correlated:``
   group over C9_bsmumu, C10_bsmumu, provenance and both fits in ``notes``) and a JSON record of
   every chi2 evaluation into ``--workdir``.

The predictions for all points are cached in ``--workdir`` (JSON), so a rerun is cheap.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import pickle
import sys
import textwrap
import time
import warnings

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
MEAS_DIR = ROOT / "jaxalign" / "data" / "measurements"
SCALE = 4.8  # GeV, flavio's b -> s scale

# --------------------------------------------------------------------------------------------
# observable selection (bins as in smelli 2.4.3's observables_*.yaml, see module docstring)
# --------------------------------------------------------------------------------------------
_LHCB_BINS = [(0.1, 0.98), (1.1, 2.5), (2.5, 4), (4, 6), (15, 19)]
_P_OBS = ["FL", "P1", "P2", "P3", "P4p", "P5p", "P6p", "P8p"]


def _binned(name, bins):
    return [(name, float(a), float(b)) for a, b in bins]


def _common_observables():
    obs = []
    for mode in ("B0->K*mumu", "B+->K*mumu"):  # LHCb 2020 optimised basis (B0: 2003.04831, B+: 2012.13241)
        for o in _P_OBS:
            obs += _binned(f"<{o}>({mode})", _LHCB_BINS)
    for o in ("FL", "P1", "P4p", "P5p"):  # ATLAS 2017
        obs += _binned(f"<{o}>(B0->K*mumu)", [(0.04, 2), (2, 4), (4, 6)])
    for o in ("FL", "AFB", "P1", "P5p"):  # CMS 2013+2015 (FL, AFB), CMS 2017 (P1, P5p)
        obs += _binned(f"<{o}>(B0->K*mumu)", [(1, 2), (2, 4.3), (4.3, 6)])
    for o in ("FL", "AFB"):  # CDF 2012
        obs += _binned(f"<{o}>(B0->K*mumu)", [(0, 2), (2, 4.3)])
    # binned branching ratios (LHCb, CMS, CDF), B -> X_s mu mu (BaBar)
    obs += _binned("<dBR/dq2>(B+->K*mumu)", [(2, 4), (4, 6), (15, 19), (0, 2), (2, 4.3)])
    obs += _binned("<dBR/dq2>(B0->K*mumu)", [(1.1, 2.5), (2.5, 4), (4, 6), (15, 19), (0, 2), (1, 2),
                                             (2, 4.3), (4.3, 6)])
    obs += _binned("<dBR/dq2>(B+->Kmumu)", [(1.1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (15, 22), (0, 2),
                                            (2, 4.3)])
    obs += _binned("<dBR/dq2>(B0->Kmumu)", [(2, 4), (4, 6), (15, 22), (0, 2), (2, 4.3)])
    obs += _binned("<BR>(B->Xsmumu)", [(1, 6), (14.2, 25)])
    # Lambda_b -> Lambda mu mu (LHCb 2015 BR, 2018 angular)
    obs += _binned("<dBR/dq2>(Lambdab->Lambdamumu)", [(15, 20)])
    for o in ("AFBh", "AFBl", "AFBlh"):
        obs += _binned(f"<{o}>(Lambdab->Lambdamumu)", [(15, 20)])
    return obs


_COMMON_MEASUREMENTS = (
    [f"LHCb B->K*mumu 2020 P {b}" for b in ("0.1-0.98", "1.1-2.5", "2.5-4", "4-6", "15-19")]
    + [f"LHCb B+->K*mumu 2020 P {b}" for b in ("0.1-0.98", "1.1-2.5", "2.5-4", "4-6", "15-19")]
    + [f"ATLAS B->K*mumu 2017 {o}" for o in ("FL", "P1", "P4p", "P5p")]
    + ["CMS B->K*mumu 2017 P1", "CMS B->K*mumu 2017 P5p",
       "CMS B->K*mumu 2013 combined with 2015", "CMS B->K*mumu 2015 4.3-6",
       "CMS B->K*mumu 2013 combined with 2015 BR", "CMS B->K*mumu 2015 4.3-6 BR",
       "CDF B0->K*mumu FL 2012", "CDF B0->K*mumu AFB 2012", "CDF B0->K*mumu BR 2012",
       "CDF B+->K*mumu 2012", "CDF B+>Kmumu 2012", "CDF B0->Kmumu 2012",
       "LHCb B+->K*mumu BR 2014", "LHCb B+->Kmumu BR 2014", "LHCb B0->K*mumu BR 2016",
       "LHCb B0->Kmumu BR 2014", "BaBar B->Xll 2013",
       "LHCb Lambdab->Lambdamumu 2015 BR", "LHCb Lambdab->Lambdamumu 2018"]
)


def vintage_selection(vintage):
    """(observables, measurement names) of a vintage."""
    obs = _common_observables()
    meas = list(_COMMON_MEASUREMENTS)
    if vintage == "2021":
        # LHCb B_s -> phi mu mu 2015 (BR and angular; JHEP 09 (2015) 179)
        obs += _binned("<dBR/dq2>(Bs->phimumu)", [(0.1, 2), (2, 5), (15, 19)])
        for o in ("FL", "S3", "S4", "S7"):
            obs += _binned(f"<{o}>(Bs->phimumu)", [(0.1, 2), (2, 5), (15, 19)])
        meas += ["LHCb Bs->phimumu BR 2015"] + [
            f"LHCb Bs->phimumu 2015 {b} GeV^2" for b in ("0.1-2.0", "2.0-5.0", "15.0-19.0")]
    elif vintage == "current":
        # LHCb B_s -> phi mu mu 2021 (BR arXiv:2105.14007, angular arXiv:2107.13428)
        obs += _binned("<dBR/dq2>(Bs->phimumu)", [(0.1, 0.98), (1.1, 2.5), (2.5, 4), (4, 6), (15, 19)])
        for o in ("FL", "S3", "S4", "S7"):
            obs += _binned(f"<{o}>(Bs->phimumu)", [(0.1, 0.98), (1.1, 4), (4, 6), (15, 18.9)])
        meas += ["LHCb Bs->phimumu BR 2021"] + [
            f"LHCb Bs->phimumu 2021 {b} GeV^2" for b in ("0.1-0.98", "1.1-4.0", "4.0-6.0", "15.0-18.9")]
        # CMS 2024 B0 -> K* mu mu angular analysis, bins below 6 GeV^2
        for o in _P_OBS:
            obs += _binned(f"<{o}>(B0->K*mumu)", [(1.1, 2), (2, 4.3), (4.3, 6)])
        meas += [f"CMS B->K*mumu 2024 {b}" for b in ("1.1-2", "2-4.3", "4.3-6")]
        # CMS 2024 B+ -> K mu mu branching ratios (enter the LHCb-binned observables above)
        meas += ["CMS B+->Kmumu BR 2024"]
    else:
        raise ValueError(vintage)
    return _dedup(obs), meas


def _dedup(obs):
    seen, out = set(), []
    for o in obs:
        if o not in seen:
            seen.add(o)
            out.append(o)
    return out


_CLEAN = ("Rmue", "Bs->mumu", "B0->mumu", "Bs->ee", "B0->ee", "Dmue", "Rtau")


def assert_no_clean(obs, meas):
    """R_K, R_K*, BR(B_s -> mu mu) (and other LFU ratios) are separate jaxalign terms."""
    for o in obs:
        name = o[0] if isinstance(o, tuple) else o
        assert not any(c in name for c in _CLEAN), name
    for m in meas:
        assert not any(k in m for k in ("RK", "Bs->mumu", "LFU")), m


def obs_label(o):
    return o if isinstance(o, str) else f"{o[0]}[{o[1]:g},{o[2]:g}]"


# --------------------------------------------------------------------------------------------
# flavio pieces
# --------------------------------------------------------------------------------------------
# B -> K form factors. flavio 2.7.1's default: the BSZ parameters of Gubernari, Reboud, van Dyk,
# Virto, arXiv:2305.06301 ("GRvDV:2023A", loaded in flavio/classes.py ParameterConstraints.read_default).
# Before that, flavio's default was the LCSR+lattice fit of Gubernari, Kokulu, van Dyk,
# arXiv:1811.00983 (``gkvd_load('v1', 'LCSR-Lattice', ('B->K', ...))`` in the same method, e.g.
# github.com/flav-io/flavio flavio/classes.py at commit 03dad12dd42fbf66ac404581e1a91cfe33823ca2):
# the set available in 2021. Only the eight 'B->K BSZ a*' parameters differ between the two.
BK_FF = {"grvdv2023": "flavio 2.7.1 default, arXiv:2305.06301 (GRvDV 2023)",
         "gkvd2018": "arXiv:1811.00983 (GKvD 2018, LCSR+lattice), flavio's default before arXiv:2305.06301"}
VINTAGE_BK_FF = {"2021": "gkvd2018", "current": "grvdv2023"}
_BK_OBS = "->Kmumu)"  # the only observables that depend on the B -> K form factors


def parameters(ff):
    """flavio ParameterConstraints with the B -> K form factors ``ff`` (a key of BK_FF)."""
    import copy

    import flavio

    if ff == "grvdv2023":
        return flavio.default_parameters
    if ff == "gkvd2018":
        from flavio.physics.bdecays.formfactors.b_p import bsz_parameters

        par = copy.deepcopy(flavio.default_parameters)
        bsz_parameters.gkvd_load("v1", "LCSR-Lattice", ("B->K",), par)
        return par
    raise ValueError(ff)


def theory_covariance(obs, workdir, n, seed, ff="grvdv2023"):
    """flavio.sm_covariance of ``obs`` (cached in workdir, reused if it contains all of ``obs``)."""
    import flavio

    f = workdir / f"sm_covariance_{ff}_N{n}_seed{seed}.pkl"
    if f.is_file():
        d = pickle.loads(f.read_bytes())
        if all(o in d["observables"] for o in obs):
            return d
    np.random.seed(seed)
    t = time.time()
    cov = flavio.sm_covariance(obs_list=obs, N=n, par_obj=parameters(ff), threads=1)
    print(f"  theory covariance of {len(obs)} observables ({ff}), N={n}: {time.time() - t:.0f} s", flush=True)
    d = {"observables": list(obs), "covariance": np.asarray(cov)}
    f.write_bytes(pickle.dumps(d))
    return d


def pseudo_measurement(vintage, obs, meas, thcov, seed, nexp=50000):
    """(central, exp + theory covariance, exp covariance, measurements used) as in flavio's
    FastLikelihood.make_measurement for ``vintage`` (theory covariance from ``thcov``)."""
    from flavio.statistics.likelihood import FastLikelihood

    name = f"jaxalign bsll c9c10 {vintage}"
    fl = FastLikelihood(name, observables=obs, include_measurements=meas)
    fl.sm_covariance.load_dict(thcov)
    covth = np.asarray(fl.sm_covariance.get(force=False), float)
    np.random.seed(seed)
    central, covexp = fl.exp_covariance.get(nexp)
    central, covexp = np.asarray(central, float), np.asarray(covexp, float)
    used = list(fl.exp_covariance.measurement_likelihood.get_measurements)
    unused = sorted(set(meas) - set(used))
    assert not unused, f"selected measurements constraining none of the observables: {unused}"
    unconstrained = [obs_label(o) for o, v in zip(obs, np.diag(covexp)) if not np.isfinite(v)]
    assert not unconstrained, f"observables without a selected measurement: {unconstrained}"
    return central, covexp + covth, covexp, used


class Predictor:
    """flavio NP predictions (central parameters of ``parameters(ff)``) of a list of observables,
    cached on disk by point. With ``reuse`` (the Predictor of the default form factors), the
    observables that do not depend on the B -> K form factors are taken from its cache (checked
    against a fresh computation at the first point)."""

    def __init__(self, obs, workdir, ff="grvdv2023", reuse=None):
        import flavio

        self.flavio = flavio
        self.obs = list(obs)
        self.ff = ff
        self.par = parameters(ff).get_central_all()
        self.file = workdir / f"predictions_{ff}.json"
        self.cache = json.loads(self.file.read_text()) if self.file.is_file() else {}
        self.reuse = reuse
        self.checked = reuse is None
        self.n_new = 0

    @staticmethod
    def key(c9, c10):
        return f"{c9:.6f},{c10:.6f}"

    def _compute(self, o, wc):
        name, args = (o[0], o[1:]) if isinstance(o, tuple) else (o, ())
        return float(np.real(self.flavio.Observable[name].prediction_par(self.par, wc, *args)))

    def __call__(self, c9, c10):
        k = self.key(c9, c10)
        rec = self.cache.get(k, {})
        missing = [o for o in self.obs if obs_label(o) not in rec]
        if missing:
            wc = self.flavio.WilsonCoefficients()
            wc.set_initial({"C9_bsmumu": c9, "C10_bsmumu": c10}, SCALE, eft="WET", basis="flavio")
            if self.reuse is not None:
                shared = [o for o in missing if _BK_OBS not in obs_label(o)]
                vals = dict(zip(map(obs_label, shared), self.reuse.subset(c9, c10, shared)))
                if not self.checked:  # the reused predictions must not depend on the form factors
                    for o in shared[:: max(1, len(shared) // 5)]:
                        assert np.isclose(self._compute(o, wc), vals[obs_label(o)], rtol=1e-12, atol=0), o
                    self.checked = True
                rec.update(vals)
                missing = [o for o in missing if obs_label(o) not in rec]
            for o in missing:
                rec[obs_label(o)] = self._compute(o, wc)
            self.cache[k] = rec
            self.n_new += 1
            if self.n_new % 5 == 0:
                self.save()
        return np.array([rec[obs_label(o)] for o in self.obs])

    def subset(self, c9, c10, obs):
        """Predictions of some observables (of ``self.obs``) at a point."""
        full = dict(zip(map(obs_label, self.obs), self(c9, c10)))
        return [full[obs_label(o)] for o in obs]

    def save(self):
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.cache))
        tmp.replace(self.file)
        if self.reuse is not None:
            self.reuse.save()


class Chi2:
    def __init__(self, predictor, obs, central, cov):
        self.pred = predictor
        self.idx = [predictor.obs.index(o) for o in obs]
        self.central = central
        self.inv = np.linalg.inv(cov)
        self.evals = {}

    def __call__(self, c9, c10):
        c9, c10 = round(float(c9), 6), round(float(c10), 6)
        r = self.pred(c9, c10)[self.idx] - self.central
        v = float(r @ self.inv @ r)
        self.evals[Predictor.key(c9, c10)] = v
        return v


# --------------------------------------------------------------------------------------------
# fit
# --------------------------------------------------------------------------------------------
def _quad_design(x):
    x = np.atleast_2d(x)
    return np.stack([np.ones(len(x)), x[:, 0], x[:, 1], x[:, 0] ** 2, x[:, 0] * x[:, 1], x[:, 1] ** 2], 1)


def fit_quadratic(points, values):
    """chi2 ~ chi2_0 + (x - mu)^T H (x - mu) / 2 ... returns (mu, cov, chi2_min, coeffs)."""
    A = _quad_design(points)
    coef, *_ = np.linalg.lstsq(A, values, rcond=None)
    a0, b1, b2, a11, a12, a22 = coef
    H = np.array([[2 * a11, a12], [a12, 2 * a22]])  # chi2 = ... + x^T (H/2) x; H/2 = Sigma^{-1}
    g = np.array([b1, b2])
    mu = -np.linalg.solve(H, g)
    chi2_min = a0 + 0.5 * g @ mu
    cov = np.linalg.inv(H / 2.0)
    return mu, cov, float(chi2_min), coef


def gaussian_chi2(x, mu, cov):
    d = np.atleast_2d(x) - mu
    return np.einsum("ni,ij,nj->n", d, np.linalg.inv(cov), d)


def fit_gaussian_form(points, dchi2, mu0, cov0):
    """Least squares of Delta chi2 = (x - mu)^T Sigma^{-1} (x - mu) (5 parameters: mu and the
    Cholesky factor of Sigma^{-1}), i.e. a quadratic whose minimum value is pinned to zero."""
    from scipy.optimize import least_squares

    def unpack(p):
        lc = np.array([[np.exp(p[2]), 0.0], [p[3], np.exp(p[4])]])
        return p[:2], np.linalg.inv(lc @ lc.T)

    lc0 = np.linalg.cholesky(np.linalg.inv(cov0))
    p0 = np.array([mu0[0], mu0[1], np.log(lc0[0, 0]), lc0[1, 0], np.log(lc0[1, 1])])
    res = least_squares(lambda p: dchi2 - gaussian_chi2(points, *unpack(p)), p0, xtol=1e-12, ftol=1e-12)
    return unpack(res.x)


GRID = 0.05  # every chi2 point lies on this grid in (C9, C10): reruns reuse the cached predictions


def _on_grid(x):
    return np.round(np.round(np.asarray(x, float) / GRID) * GRID, 6)


def _step(sigma):
    return max(GRID, float(_on_grid(sigma)))


def _residuals(points, dvals, mu, cov):
    g = gaussian_chi2(points, mu, cov)
    return [{"C9": float(p[0]), "C10": float(p[1]), "dchi2_flavio": float(v), "dchi2_gauss": float(q)}
            for p, v, q in zip(points, dvals, g)]


def _summary(mu, cov, cmin):
    return {"mean": [float(x) for x in mu], "sigma": np.sqrt(np.diag(cov)).tolist(),
            "correlation": float(cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1])), "covariance": cov.tolist(),
            "chi2_min_quadratic": float(cmin), "delta_chi2_sm_gaussian": float(gaussian_chi2([0.0, 0.0], mu, cov)[0])}


def _max_res(rows, where=lambda r: True):
    r = [abs(x["dchi2_flavio"] - x["dchi2_gauss"]) for x in rows if where(x)]
    return float(max(r)) if r else 0.0


def run_vintage(vintage, obs, chi2, region="wide"):
    """Minimum, local and wide quadratic fits of chi2(C9, C10), and the checks of both."""
    print(f"[{vintage}] {len(obs)} observables", flush=True)
    # 1. minimum: Newton steps from quadratic fits to 3x3 stencils centred on the 0.05 grid
    centre, h = np.zeros(2), 0.25
    for it in range(6):
        st = _on_grid(np.array([[i, j] for i in (-1, 0, 1) for j in (-1, 0, 1)], float) * h + centre)
        mu_it, _, _, _ = fit_quadratic(st, np.array([chi2(*p) for p in st]))
        new = _on_grid(mu_it)
        print(f"[{vintage}]   iteration {it}: stencil at {centre}, h = {h}: quadratic minimum {mu_it}", flush=True)
        if np.allclose(new, centre) and h <= 0.15:
            break
        centre, h = new, 0.15
    _, cov0, _, _ = fit_quadratic(st, np.array([chi2(*p) for p in st]))
    s9, s10 = _step(np.sqrt(cov0[0, 0])), _step(np.sqrt(cov0[1, 1]))
    # 2. local design: 5x5 grid, 0, +-1, +-2 steps (~ sigma) in C9 and C10
    local = _on_grid([centre + np.array([i * s9, j * s10]) for i in (-2, -1, 0, 1, 2) for j in (-2, -1, 0, 1, 2)])
    lvals = np.array([chi2(*p) for p in local])
    mu_l, cov_l, cmin_l, _ = fit_quadratic(local, lvals)
    # 3. band from the minimum to the SM point: t = 0.25 ... 1.0 of the way, 0, +-1, +-2 sigma across
    d = -centre
    e = np.array([-d[1], d[0]]) / np.linalg.norm(d)
    sp = float(np.sqrt(e @ cov_l @ e))
    band = _on_grid([centre + t * d + k * sp * e for t in (0.25, 0.5, 0.75, 1.0) for k in (-2, -1, 0, 1, 2)])
    band = np.unique(band, axis=0)
    bvals = np.array([chi2(*p) for p in band])
    # 4. checks: the model line C9 = -C10 (S3 muoquark), +-3 sigma along C9 and C10 from the minimum
    line = _on_grid([[-x, x] for x in (0.25, 0.5, 0.75, 1.0)])
    three = _on_grid([centre + np.array(v) for v in ([3 * s9, 0], [-3 * s9, 0], [0, 3 * s10], [0, -3 * s10])])
    checks = np.concatenate([line, three])
    cvals = np.array([chi2(*p) for p in checks])
    sm_val = chi2(0.0, 0.0)
    # 5. wide fit: Delta chi2 (from flavio's minimum, estimated by the local fit) on the local grid and
    #    the band (SM included), uniform weights, Gaussian form with its minimum pinned to zero
    wpts = np.unique(np.concatenate([local, band]), axis=0)
    wvals = np.array([chi2(*p) for p in wpts]) - cmin_l
    mu_w, cov_w = fit_gaussian_form(wpts, wvals, mu_l, cov_l)
    out = {"vintage": vintage, "n_observables": len(obs), "grid": GRID, "steps": [s9, s10],
           "minimum_search_centre": centre.tolist(), "chi2_sm_flavio": float(sm_val), "region": region,
           "chi2_min_flavio": float(cmin_l), "delta_chi2_sm_flavio": float(sm_val - cmin_l)}
    for tag, (mu, cov) in (("local", (mu_l, cov_l)), ("wide", (mu_w, cov_w))):
        r = _summary(mu, cov, cmin_l)
        # residuals: Delta chi2_flavio (from flavio's minimum chi2_min_flavio) - Delta chi2_gauss
        r["delta_chi2_sm_flavio"] = float(sm_val - cmin_l)
        r["local_design"] = _residuals(local, lvals - cmin_l, mu, cov)
        r["band"] = _residuals(band, bvals - cmin_l, mu, cov)
        r["checks"] = _residuals(checks, cvals - cmin_l, mu, cov)
        r["residual_local_max"] = _max_res(r["local_design"])
        r["residual_local_rms"] = float(np.sqrt(np.mean([(x["dchi2_flavio"] - x["dchi2_gauss"]) ** 2
                                                        for x in r["local_design"]])))
        r["residual_band_max"] = _max_res(r["band"])
        r["residual_model_line_max"] = _max_res(r["checks"][: len(line)])
        r["residual_3sigma_max"] = _max_res(r["checks"][len(line):])
        r["residual_below9_max"] = _max_res(r["local_design"] + r["band"] + r["checks"],
                                            lambda x: x["dchi2_flavio"] < 9.0)
        out[tag] = r
        print(f"[{vintage}] {tag}: mean {np.round(mu, 4)}, sigma {np.round(r['sigma'], 4)}, "
              f"rho {r['correlation']:.3f}, chi2_min {cmin_l:.2f}; dchi2(SM) flavio {r['delta_chi2_sm_flavio']:.2f}"
              f" gauss {r['delta_chi2_sm_gaussian']:.2f}; max |residual|: local {r['residual_local_max']:.3f},"
              f" band {r['residual_band_max']:.3f}, model line {r['residual_model_line_max']:.3f},"
              f" 3 sigma {r['residual_3sigma_max']:.3f}, where dchi2 < 9: {r['residual_below9_max']:.3f}", flush=True)
    out["chi2_evaluations"] = dict(chi2.evals)
    return out


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------
def write_yaml(vintage, res, obs, meas, args, versions, date):
    region = res["region"]
    fit, other = res[region], res["local" if region == "wide" else "wide"]
    mu, sig, rho = fit["mean"], fit["sigma"], fit["correlation"]
    mu_r = [round(v, 4) for v in mu]
    sig_r = [round(v, 4) for v in sig]
    rho_r = round(rho, 4)
    cov_r = np.array([[sig_r[0] ** 2, rho_r * sig_r[0] * sig_r[1]], [rho_r * sig_r[0] * sig_r[1], sig_r[1] ** 2]])
    dchi2_sm_file = float(gaussian_chi2([0.0, 0.0], np.array(mu_r), cov_r)[0])
    name = f"bsll_c9c10_flavio_{vintage}"
    path = MEAS_DIR / vintage / f"{name}.yaml"
    region_text = {
        "wide": "least-squares fit of the Gaussian form Delta chi2 = (x - mu)^T Sigma^-1 (x - mu) to flavio's Delta chi2 "
                "(from its minimum) on a 5x5 grid around the minimum (0, +-1, +-2 sigma in C9 and C10) plus a band "
                "from the minimum to the SM point (1/4 ... 4/4 of the way, 0, +-1, +-2 sigma across), so that the "
                "Gaussian holds from the minimum to the SM",
        "local": "least-squares quadratic fit to chi2 on a 5x5 grid around the minimum (0, +-1, +-2 sigma in C9 "
                 "and C10)"}
    lines = [
        f"# DERIVED WITH flavio {versions['flavio']} (wilson {versions['wilson']}), NOT A PUBLISHED FIT.",
        "# Gaussian summary in (C9_bsmumu, C10_bsmumu) -- real NP parts, flavio WET basis 'flavio' at 4.8 GeV,",
        "# all other Wilson coefficients zero -- of the NON-CLEAN b -> s mu mu data: B -> K* mu mu angular",
        "# observables (LHCb B0 and B+ 2020, ATLAS 2017, CMS 2013-2017" + (", CMS 2024" if vintage == "current" else "")
        + ", CDF 2012), binned branching",
        "# ratios of B -> K(*) mu mu, B_s -> phi mu mu, Lambda_b -> Lambda mu mu, B -> X_s mu mu, and the",
        "# B_s -> phi mu mu and Lambda_b -> Lambda mu mu angular observables. R_K, R_K*, BR(B_s -> mu mu) and",
        "# the other LFU ratios are EXCLUDED (separate jaxalign likelihood terms; no double counting).",
        f"# Vintage '{vintage}': " + ("measurements released before May 2021 (era of MUOQ, arXiv:2103.13991);"
                                     if vintage == "2021" else "all relevant measurements in flavio 2.7.1's database."),
        *(["#   the 2015 LHCb B_s -> phi mu mu results instead of the 2021 ones."] if vintage == "2021" else []),
        "# Method (tools/bsll_c9c10_fit.py, docs/bsll_c9c10_fit.md): flavio FastLikelihood recipe -- experimental",
        f"# mean/covariance from flavio's measurement distributions (Nexp = {args.n_exp}), SM theory covariance from",
        f"# flavio.sm_covariance (N = {args.n_theory}, all parameters varied, seed {args.seed}); chi2(C9, C10) with",
        "# flavio NP predictions at central parameters; minimum by Newton steps on 3x3 stencils; then a",
        *("# " + t for t in textwrap.wrap(region_text[region] + ".", 100)),
        f"# Result: mean ({mu[0]:+.4f}, {mu[1]:+.4f}), sigma ({sig[0]:.4f}, {sig[1]:.4f}), rho {rho:+.4f};",
        f"# chi2_min = {fit['chi2_min_quadratic']:.2f} for {res['n_observables']} observables; Delta chi2(SM) = "
        f"{fit['delta_chi2_sm_flavio']:.2f} (flavio), {dchi2_sm_file:.2f} (this Gaussian).",
        f"# Gaussian vs flavio, max |Delta chi2 difference|: {fit['residual_local_max']:.2f} on the 5x5 grid, "
        f"{fit['residual_band_max']:.2f} on the band,",
        f"# {fit['residual_model_line_max']:.2f} on the line C9 = -C10 (0.25 ... 1.0), {fit['residual_3sigma_max']:.2f}"
        f" at +-3 sigma, {fit['residual_below9_max']:.2f} where Delta chi2 < 9.",
        f"# The alternative {'local' if region == 'wide' else 'wide'} fit: mean ({other['mean'][0]:+.4f}, "
        f"{other['mean'][1]:+.4f}), sigma ({other['sigma'][0]:.4f}, {other['sigma'][1]:.4f}), "
        f"rho {other['correlation']:+.4f}, Delta chi2(SM) {other['delta_chi2_sm_gaussian']:.2f}.",
        *("# " + t for t in textwrap.wrap(f"B -> K form factors: {BK_FF[res['bk_form_factors']]}.", 100)),
        "# Caveats: otherwise flavio 2.7.1's hadronic inputs for both vintages; theory errors fixed at the SM",
        "# (FastLikelihood approximation); the NP dependence at central hadronic inputs.",
        f"# Generated {date}.",
    ]
    doc = {
        "source": {
            "ref": f"Derived with flavio {versions['flavio']} (not a published fit): Gaussian (C9_bsmumu, C10_bsmumu) "
                   f"summary of the non-clean b -> s mu mu measurements in flavio's database ({vintage} selection)",
            "where": "tools/bsll_c9c10_fit.py; method and observable lists in docs/bsll_c9c10_fit.md",
            "note": "flavio: D. Straub, arXiv:1810.08132; observable selection follows smelli 2.4.3's quark fast "
                    "likelihood (Aebischer, Kumar, Stangl, Straub, arXiv:1810.07698), minus R_K, R_K*, B_s -> mu mu",
        },
        "correlated": [{
            "name": name,
            "observables": ["C9_bsmumu", "C10_bsmumu"],
            "central": mu_r,
            "uncertainties": sig_r,
            "correlation": [[1.0, rho_r], [rho_r, 1.0]],
            "note": "derived with flavio 2.7.1, not a published fit; non-clean b->smumu data only "
                    "(no R_K, R_K*, Bs->mumu); NP real parts at 4.8 GeV",
        }],
        "notes": {
            "derived_with": dict(versions),
            "date": date,
            "vintage": vintage,
            "method": (f"flavio FastLikelihood recipe (experimental Nexp={args.n_exp}; SM theory covariance "
                       f"N={args.n_theory}, seed {args.seed}, PYTHONHASHSEED=0); {region_text[region]}"),
            "region": region,
            "bk_form_factors": f"{res['bk_form_factors']}: {BK_FF[res['bk_form_factors']]}",
            "n_observables": res["n_observables"],
            "chi2_min": round(fit["chi2_min_quadratic"], 3),
            "delta_chi2_sm_flavio": round(fit["delta_chi2_sm_flavio"], 3),
            "delta_chi2_sm_gaussian": round(dchi2_sm_file, 3),
            "gaussian_residual_local_max": round(fit["residual_local_max"], 4),
            "gaussian_residual_band_max": round(fit["residual_band_max"], 4),
            "gaussian_residual_model_line_max": round(fit["residual_model_line_max"], 4),
            "gaussian_residual_3sigma_max": round(fit["residual_3sigma_max"], 4),
            "gaussian_residual_below9_max": round(fit["residual_below9_max"], 4),
            "alternative_fit": {"region": "local" if region == "wide" else "wide",
                                "central": [round(v, 4) for v in other["mean"]],
                                "uncertainties": [round(v, 4) for v in other["sigma"]],
                                "correlation": round(other["correlation"], 4),
                                "delta_chi2_sm_gaussian": round(other["delta_chi2_sm_gaussian"], 3)},
            "flavio_measurements": list(meas),
            "flavio_observables": [obs_label(o) for o in obs],
        },
    }
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _list_repr(dumper, data):
        flow = all(not isinstance(x, (list, dict)) for x in data) and len(data) <= 4
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    _Dumper.add_representer(list, _list_repr)
    text = "\n".join(lines) + "\n" + yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)
    path.write_text(text)
    print(f"wrote {path}", flush=True)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vintage", nargs="+", default=["2021", "current"])
    ap.add_argument("--workdir", default="/tmp/jaxalign_bsll_c9c10")
    ap.add_argument("--n-theory", type=int, default=100, help="samples of the SM theory covariance")
    ap.add_argument("--n-exp", type=int, default=50000, help="samples of the experimental covariance")
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--region", choices=("wide", "local"), default="wide",
                    help="which quadratic fit goes into the data files (both are computed and recorded)")
    ap.add_argument("--bk-ff", nargs="+", default=None, metavar="VINTAGE=FF",
                    help="B -> K form factors per vintage, e.g. 2021=grvdv2023 (default: "
                         + ", ".join(f"{k}={v}" for k, v in VINTAGE_BK_FF.items()) + f"; choices {list(BK_FF)})")
    ap.add_argument("--tag", default="", help="suffix of the result JSON files (sensitivity runs)")
    ap.add_argument("--no-write", action="store_true", help="do not write the measurement YAML files")
    args = ap.parse_args(argv)
    ff_of = dict(VINTAGE_BK_FF)
    for item in args.bk_ff or ():
        v, ff = item.split("=")
        assert v in ff_of and ff in BK_FF, item
        ff_of[v] = ff
    if os.environ.get("PYTHONHASHSEED") != "0":
        # flavio draws the experimental pseudo-samples measurement by measurement in set order:
        # fix the string hashing so that the seeded draws are reproducible
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    warnings.filterwarnings("ignore")
    import flavio
    import wilson

    versions = {"flavio": flavio.__version__, "wilson": wilson.__version__, "numpy": np.__version__}
    try:
        import scipy

        versions["scipy"] = scipy.__version__
    except ImportError:  # pragma: no cover
        pass
    date = datetime.date.today().isoformat()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    sel = {v: vintage_selection(v) for v in args.vintage}
    for v, (obs, meas) in sel.items():
        assert_no_clean(obs, meas)
        missing = [m for m in meas if m not in flavio.classes.Measurement.instances]
        assert not missing, missing
    # one theory covariance per form-factor set, always for the union of BOTH vintages' observables
    # (so that a run of a single vintage reproduces the same numbers)
    union = _dedup([o for v in ("2021", "current") for o in vintage_selection(v)[0]])
    print(f"union of observables: {len(union)}", flush=True)
    preds = {"grvdv2023": Predictor(union, workdir, "grvdv2023")}
    results = {}
    for v, (obs, meas) in sel.items():
        ff = ff_of[v]
        thcov = theory_covariance(union, workdir, args.n_theory, args.seed, ff)
        if ff not in preds:
            preds[ff] = Predictor(union, workdir, ff, reuse=preds["grvdv2023"])
        pred = preds[ff]
        central, cov, _, used = pseudo_measurement(v, obs, meas, thcov, args.seed, nexp=args.n_exp)
        chi2 = Chi2(pred, obs, central, cov)
        res = run_vintage(v, obs, chi2, region=args.region)
        pred.save()
        res.update(versions=versions, date=date, measurements=meas, measurements_used_by_flavio=used,
                   observables=[obs_label(o) for o in obs], n_exp=args.n_exp, n_theory=args.n_theory, seed=args.seed,
                   bk_form_factors=ff)
        results[v] = res
        (workdir / f"result_{v}{args.tag}.json").write_text(json.dumps(res, indent=1))
        if not args.no_write:
            write_yaml(v, res, obs, meas, args, versions, date)
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
