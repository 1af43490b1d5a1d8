"""Fit configurations (``fits/*.yaml``) and the ``jaxalign fit`` driver.

A configuration is a small YAML file, loaded into a frozen :class:`FitConfig` with every key
checked::

    name: align_generic
    description: "..."
    model: align_phases            # see jaxalign.models.MODELS
    model_options: {}              # keyword arguments of the model class
    scale: 1000.0                  # Λ in GeV; or {lower: 500, upper: 5000} to fit Λ ("scale")
    vintage: "2021"                # measurement set (2021 | current | path)
    sm_inputs: "2021"              # optional; default: the vintage
    running: linear                # linear | ode | leadinglog
    matching: tree                 # tree | 1loop (lepton dipoles at m_Z)
    observables: [a_mu, BR(mu->egamma), ...]
    parameters:                    # every parameter of the model: a prior, or a number (fixed)
      C_egamma_22: {prior: uniform, lower: -4.0e-11, upper: 4.0e-11}
      C_lequ3_2233: -8.5e-11
    optimize: {n_starts: 64, steps: 1500, refine_steps: 300}   # hessian: auto | autodiff | fd
    sample: {num_chains: 4, num_warmup: 1000, num_samples: 1000, dense_mass: true}
    plot: [eps_12_L, eps_23_L]     # extra (derived) quantities for the corner plot
    bounds_lines: {eps_12_L: 2.0e-5}   # reference lines drawn on the corner plot

The driver writes into the output directory: ``best_fit.json``, ``summary.txt`` (parameters and
derived quantities: mean, sd, HDI, R-hat, ESS; divergences), ``posterior.nc`` (ArviZ netCDF,
derived quantities included), ``corner.png`` and ``trace.png``.
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import time
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np
import yaml

from ..errors import ConfigError, suggest
from ..io import yaml12

__all__ = ["FitConfig", "load_fit_config", "build_fit", "run_fit", "run_fit_file"]

_KEYS = {
    "name", "description", "model", "model_options", "scale", "vintage", "sm_inputs", "running",
    "observables", "parameters", "optimize", "sample", "plot", "bounds_lines", "references",
    "matching",
}
_OPT_KEYS = {"n_starts", "steps", "refine_steps", "learning_rate", "hessian"}
_SAMPLE_KEYS = {"num_chains", "num_warmup", "num_samples", "dense_mass", "target_accept_prob",
                "max_tree_depth"}


@dataclass(frozen=True)
class FitConfig:
    """A validated fit configuration (see module docstring for the keys)."""

    name: str
    model: str
    parameters: dict
    observables: tuple
    scale: object
    vintage: str = "current"
    sm_inputs: str | None = None
    running: str = "linear"
    matching: str = "tree"
    description: str = ""
    model_options: dict = field(default_factory=dict)
    optimize: dict = field(default_factory=dict)
    sample: dict = field(default_factory=dict)
    plot: tuple = ()
    bounds_lines: dict = field(default_factory=dict)
    references: tuple = ()
    path: str | None = None


def _require(d, key, where):
    if key not in d:
        raise ConfigError(f"{where}: missing required key '{key}'.")
    return d[key]


def load_fit_config(path) -> FitConfig:
    """Read and validate a fit configuration YAML file."""
    p = pathlib.Path(path)
    if not p.is_file():
        raise ConfigError(f"fit configuration '{p}' does not exist.")
    try:
        d = yaml12.load(p.read_text())
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {exc}") from exc
    if not isinstance(d, dict):
        raise ConfigError(f"{p}: expected a mapping at the top level.")
    where = str(p)
    for k in d:
        if k not in _KEYS:
            raise ConfigError(f"{where}: unknown key '{k}'.{suggest(k, _KEYS)}")
    from ..models import MODELS

    model = _require(d, "model", where)
    if model not in MODELS:
        raise ConfigError(f"{where}: unknown model '{model}'.{suggest(str(model), MODELS)} Known: {', '.join(MODELS)}.")
    params = _require(d, "parameters", where)
    if not isinstance(params, dict) or not params:
        raise ConfigError(f"{where}: 'parameters' must be a non-empty mapping name → prior.")
    obs = _require(d, "observables", where)
    if not isinstance(obs, list) or not obs:
        raise ConfigError(f"{where}: 'observables' must be a non-empty list.")
    from ..observables.catalog import known_observables

    known = set(known_observables())
    groups = None
    for o in obs:
        if not isinstance(o, str):
            raise ConfigError(f"{where}: observable names must be strings, got {o!r}.")
        if o not in known:  # maybe a correlated group of the vintage's measurement files
            if groups is None:
                from ..likelihood.measurements import read_all_measurements

                try:
                    groups = {m.observable for m in read_all_measurements(d.get("vintage", "current"))
                              if m.kind == "correlated"}
                except Exception:  # noqa: BLE001  (a bad vintage is reported when the fit is built)
                    groups = set()
            if o not in groups:
                raise ConfigError(f"{where}: unknown observable {o!r}.{suggest(o, known | groups)} "
                                  f"Known: {', '.join(sorted(known | groups))}.")
    from ..likelihood.build import is_direct_model
    from ..models.point import build_model

    opts = dict(d.get("model_options") or {})
    if model == "wilson_coefficients":
        opts.setdefault("parameter_names", tuple((d.get("parameters") or {}).keys()))
    direct = is_direct_model(build_model(model, opts, where))
    scale = d.get("scale")
    if scale is None and not direct:
        raise ConfigError(f"{where}: missing required key 'scale' (the matching scale Λ in GeV).")
    if scale is not None and direct:
        raise ConfigError(f"{where}: model '{model}' is not an EFT model; remove 'scale'.")
    if scale is None:
        pass
    elif isinstance(scale, dict):
        if set(scale) - {"lower", "upper", "prior"} or "lower" not in scale or "upper" not in scale:
            raise ConfigError(f"{where}: a free 'scale' needs exactly 'lower' and 'upper' (GeV).")
    elif not isinstance(scale, (int, float)) or isinstance(scale, bool) or not math.isfinite(scale):
        raise ConfigError(f"{where}: 'scale' must be a number (GeV) or {{lower, upper}}.")
    for sec, keys in (("optimize", _OPT_KEYS), ("sample", _SAMPLE_KEYS)):
        for k in d.get(sec, {}) or {}:
            if k not in keys:
                raise ConfigError(f"{where}: unknown key '{sec}.{k}'.{suggest(k, keys)}")
    running = d.get("running", "linear")
    if running not in ("linear", "ode", "leadinglog"):
        raise ConfigError(f"{where}: running must be linear, ode or leadinglog, got {running!r}.")
    return FitConfig(
        name=str(d.get("name", p.stem)),
        model=model,
        parameters=dict(params),
        observables=tuple(obs),
        scale=scale,
        vintage=str(d.get("vintage", "current")),
        sm_inputs=d.get("sm_inputs"),
        running=running,
        matching=str(d.get("matching", "tree")),
        description=str(d.get("description", "")),
        model_options=dict(d.get("model_options") or {}),
        optimize=dict(d.get("optimize") or {}),
        sample=dict(d.get("sample") or {}),
        plot=tuple(d.get("plot") or ()),
        bounds_lines=dict(d.get("bounds_lines") or {}),
        references=tuple(d.get("references") or ()),
        path=str(p),
    )


def build_fit(cfg: FitConfig):
    """(likelihood, data, space) for a configuration."""
    from ..inputs import load_inputs
    from ..likelihood.build import is_direct_model, make_likelihood
    from ..likelihood.measurements import load_measurements
    from ..models import MODELS
    from .params import ParameterSpace

    cls = MODELS[cfg.model]
    try:
        model = cls(**cfg.model_options) if cfg.model != "wilson_coefficients" else cls(
            parameter_names=tuple(cfg.parameters), **cfg.model_options
        )
    except TypeError as exc:
        raise ConfigError(f"{cfg.path}: bad model_options for '{cfg.model}': {exc}") from None
    names = tuple(model.parameter_names)
    if set(cfg.parameters) != set(names):
        missing = [n for n in names if n not in cfg.parameters]
        extra = [n for n in cfg.parameters if n not in names]
        raise ConfigError(
            f"{cfg.path}: parameters must be exactly those of model '{cfg.model}' {list(names)}"
            f" (missing {missing}, unknown {extra})."
        )
    fixed = {n: v for n, v in cfg.parameters.items()
             if isinstance(v, (int, float)) and not isinstance(v, bool)}
    if fixed:
        from ..models import FixParameters

        model = FixParameters(model, fixed)
        names = tuple(model.parameter_names)
    spec = {n: cfg.parameters[n] for n in names}
    free_scale = isinstance(cfg.scale, dict)
    direct = is_direct_model(model)
    if free_scale:
        spec["scale"] = {"prior": "uniform", "lower": float(cfg.scale["lower"]), "upper": float(cfg.scale["upper"])}
    space = ParameterSpace.from_dict(spec)
    sm = load_inputs(cfg.sm_inputs or cfg.vintage)
    constraints_all = load_measurements(cfg.vintage, sm)
    missing = [o for o in cfg.observables if o not in constraints_all]
    if missing:
        hint = suggest(str(missing[0]), constraints_all)
        raise ConfigError(f"{cfg.path}: no measurement of {missing} in vintage '{cfg.vintage}'.{hint} "
                          f"Available: {', '.join(constraints_all)}.")
    constraints = {o: constraints_all[o] for o in cfg.observables}
    lo = np.asarray(space.lower, float)[: len(names)]
    hi = np.asarray(space.upper, float)[: len(names)]
    lik, data = make_likelihood(
        model, sm, constraints,
        scale=None if (free_scale or direct) else float(cfg.scale),
        scale_range=(float(cfg.scale["lower"]), float(cfg.scale["upper"])) if free_scale else None,
        running=cfg.running, parameter_bounds=(lo, hi), matching=cfg.matching,
    )
    return lik, data, space


def _derived_in_chunks(lik, data, flat, chunk: int = 256):
    """``lik.derived`` on every posterior draw, vmapped over fixed-size chunks (the last one padded).

    One vmapped call over all ~4000 draws was seen to hang XLA:CPU when the traced model contains
    equinox ``error_if`` host callbacks (docs/models/align_models.md); fixed-size chunks keep the
    batch bounded and compile a single program.
    """
    f = jax.jit(jax.vmap(lambda x: lik.derived(x, data)))
    n = flat.shape[0]
    out: dict = {}
    for i in range(0, n, chunk):
        block = flat[i:i + chunk]
        m = block.shape[0]
        if m < chunk:  # pad with the first draw: same shape, same compiled program
            block = jnp.concatenate([block, jnp.broadcast_to(flat[:1], (chunk - m, flat.shape[1]))])
        for k, v in f(block).items():
            out.setdefault(k, []).append(np.asarray(v)[:m])
    return {k: np.concatenate(v) for k, v in out.items()}


def _posterior_matrix(idata, names):
    post = idata.posterior
    return np.stack([np.asarray(post[n]) for n in names], axis=-1)  # (chain, draw, n)


def run_fit(cfg: FitConfig, out_dir=None, *, quick: bool = False, seed: int = 0, verbose: bool = True):
    """Best fit + NUTS for ``cfg``; writes the result files; returns (FitResult, InferenceData)."""
    import xarray as xr

    from .optimize import best_fit
    from .results import corner_plot, save_fit, save_idata, trace_plot
    from .sample import sample_nuts, summarize

    out = pathlib.Path(out_dir or os.path.join("results", cfg.name))
    out.mkdir(parents=True, exist_ok=True)
    say = print if verbose else (lambda *a, **k: None)
    t0 = time.perf_counter()
    say(f"jaxalign fit '{cfg.name}': {cfg.description}".rstrip(": "))
    say(f"  model {cfg.model}, scale {cfg.scale}, running {cfg.running}, vintage {cfg.vintage}")
    say("  building the likelihood (evolution matrix from the one-loop ODE) ...", flush=True)
    lik, data, space = build_fit(cfg)
    say(f"  built in {time.perf_counter() - t0:.1f} s; parameters: {', '.join(space.names)}")
    say(f"  observables: {', '.join(lik.observables)}")

    opt = {"n_starts": 64, "steps": 1500, "refine_steps": 300, "learning_rate": 0.05} | cfg.optimize
    smp = {"num_chains": 4, "num_warmup": 1000, "num_samples": 1000} | cfg.sample
    if quick:
        opt |= {"n_starts": 8, "steps": 300, "refine_steps": 50}
        smp |= {"num_warmup": 200, "num_samples": 200}
    key = jax.random.PRNGKey(seed)
    k_fit, k_nuts = jax.random.split(key)
    say(f"  best fit: {opt['n_starts']} starts × {opt['steps']} Adam + {opt['refine_steps']} L-BFGS steps")
    fit = best_fit(lik.nll, data, space, key=k_fit, verbose=verbose, **opt)
    save_fit(fit, out / "best_fit.json")
    chi2_sm = float(lik.chi2_sm(data))
    say(fit.summary())
    say(f"  χ²_min = {fit.chi2_best:.3f}; χ²(SM) = {chi2_sm:.3f}; Δχ² = {chi2_sm - fit.chi2_best:.3f}")
    say(f"  NUTS: {smp['num_chains']} chains × ({smp['num_warmup']} warm-up + {smp['num_samples']} draws)")
    idata = sample_nuts(lik.nll, data, space, key=k_nuts, init=fit, progress_bar=verbose, **smp)

    # derived quantities on every draw (vmapped), added to the posterior group
    X = _posterior_matrix(idata, space.names)
    flat = jnp.asarray(X.reshape(-1, X.shape[-1]))
    der = _derived_in_chunks(lik, data, flat)
    for k, v in der.items():
        idata.posterior[k] = xr.DataArray(np.asarray(v).reshape(X.shape[:2]), dims=("chain", "draw"))

    table = summarize(idata)
    text = [f"# {cfg.name}: {cfg.description}", f"# chi2_min = {fit.chi2_best:.4f}, chi2_SM = {chi2_sm:.4f}",
            table.to_string()]
    n_div = int(np.asarray(idata.sample_stats["diverging"]).sum())
    text.append(f"# divergences: {n_div}")
    (out / "summary.txt").write_text("\n".join(text) + "\n")
    say(text[-2])
    say(text[-1])
    save_idata(idata, out / "posterior.nc")
    plot_vars = list(space.names) + [p for p in cfg.plot if p in idata.posterior]
    draws = np.stack([np.asarray(idata.posterior[v]).ravel() for v in plot_vars], axis=-1)
    # limits emerging from the data: 90 % quantile of |quantity| against the reference value
    limits = {}
    for name, ref in cfg.bounds_lines.items():
        if name in idata.posterior:
            q90 = float(np.quantile(np.abs(np.asarray(idata.posterior[name])), 0.90))
            limits[name] = {"posterior_90": q90, "reference": float(ref)}
            line = f"# 90% posterior bound |{name}| < {q90:.3g}  (reference value {float(ref):.3g})"
            text.append(line)
            say(line)
    (out / "summary.txt").write_text("\n".join(text) + "\n")
    fig = corner_plot(draws, None, var_names=plot_vars, truths=None)
    n = len(plot_vars)
    for name, ref in cfg.bounds_lines.items():
        if name in plot_vars:
            i = plot_vars.index(name)
            for k in range(i, n):  # the column of this variable: its marginal and the panels below
                for sgn in (-1, 1):
                    fig.axes[k * n + i].axvline(sgn * float(ref), color="C3", lw=0.8, ls="--")
    fig.savefig(out / "corner.png", dpi=110)
    trace_plot(idata, out / "trace.png", var_names=list(space.names))
    meta = {"config": cfg.path, "seconds": time.perf_counter() - t0, "chi2_min": fit.chi2_best,
            "chi2_sm": chi2_sm, "divergences": n_div, "jax_backend": jax.default_backend(),
            "limits": limits}
    (out / "run.json").write_text(json.dumps(meta, indent=1))
    say(f"  wrote {', '.join(sorted(p.name for p in out.iterdir()))} to {out}/ in {meta['seconds']:.0f} s")
    return fit, idata


def run_fit_file(path, out_dir=None, quick: bool = False, seed: int = 0):
    """Entry point of ``jaxalign fit``."""
    return run_fit(load_fit_config(path), out_dir, quick=quick, seed=seed)
