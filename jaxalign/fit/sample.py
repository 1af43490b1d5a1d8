"""Bayesian posteriors with NumPyro's NUTS, returned as ArviZ ``InferenceData``.

The sampler moves in the unconstrained coordinates ``z`` of a :class:`ParameterSpace`; its
potential energy is

.. math::
    U(z) = \\mathrm{nll}(x(z)) - \\log \\pi(x(z)) - \\log \\left|\\det \\frac{dx}{dz}\\right| ,

so the draws of ``x(z)`` follow the posterior ``L(x) pi(x)`` in the physical parameters.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import arviz as az
import jax
import jax.numpy as jnp
import numpy as np
import numpyro
from numpyro.infer import MCMC, NUTS

from ..errors import ConfigError
from .optimize import NLL, FitResult
from .params import ParameterSpace

__all__ = ["sample_nuts", "summarize", "potential_fn"]


def potential_fn(nll: NLL, data: Any, space: ParameterSpace):
    """The NUTS potential ``U(z) = nll(x) - log_prior(x) - log|dx/dz|`` with ``x = x(z)``.

    Args:
        nll: ``nll(x, data) -> scalar``.
        data: Pytree passed to ``nll``.
        space: The parameter space (priors and transforms).

    Returns:
        A function of the unconstrained ``z`` (shape ``(n,)``) returning a scalar.
    """

    def u(z):
        x = space.to_physical(z)
        value = jnp.asarray(nll(x, data), dtype=jnp.float64).reshape(())
        return value - space.log_prior(x) - space.log_det_jacobian(z)

    return u


def _init_z(space, init, num_chains, jitter, key) -> np.ndarray:
    """Unconstrained initial points, shape ``(num_chains, n)``."""
    n = space.size
    if init is None:
        return np.asarray(space.sample_start(key, num_chains))
    if isinstance(init, FitResult):
        x0 = np.asarray(init.x_best, dtype=np.float64)
        cov = np.asarray(init.covariance)
        if init.hessian_ok and np.all(np.isfinite(cov)):
            # jitter along the Hessian covariance: start inside the posterior bulk
            w, v = np.linalg.eigh(0.5 * (cov + cov.T))
            root = v * np.sqrt(np.clip(w, 0.0, None))
            eps = np.asarray(jax.random.normal(key, (num_chains, n), dtype=jnp.float64))
            x = x0 + jitter * eps @ root.T
            return np.asarray(jax.vmap(space.to_unconstrained)(x))
        z0 = np.asarray(space.to_unconstrained(x0))
    elif isinstance(init, dict):
        z0 = np.asarray(space.to_unconstrained(space.vector(init)))
    else:
        x = np.asarray(init, dtype=np.float64)
        if x.shape == (num_chains, n):
            return np.asarray(jax.vmap(space.to_unconstrained)(x))
        if x.shape != (n,):
            raise ConfigError(
                f"init must have shape ({n},) or ({num_chains}, {n}), got {x.shape}."
            )
        z0 = np.asarray(space.to_unconstrained(x))
    eps = np.asarray(jax.random.normal(key, (num_chains, n), dtype=jnp.float64))
    return z0[None, :] + jitter * eps


def sample_nuts(
    nll: NLL,
    data: Any,
    space: ParameterSpace,
    *,
    num_chains: int = 4,
    num_warmup: int = 1000,
    num_samples: int = 1000,
    key: jax.Array | int = 0,
    init=None,
    jitter: float = 0.1,
    progress_bar: bool = True,
    chain_method: str | None = None,
    target_accept_prob: float = 0.8,
    max_tree_depth: int = 10,
    dense_mass: bool = False,
    thinning: int = 1,
    log_likelihood: bool = True,
) -> az.InferenceData:
    """Sample the posterior ``L(x) * prior(x)`` with NumPyro's NUTS.

    Args:
        nll: ``nll(x, data) -> scalar`` (``-log L``).
        data: Pytree passed to ``nll``.
        space: Parameter names, bounds, priors and scales. Improper flat priors are allowed
            if the likelihood alone is normalisable in those directions.
        num_chains: Number of chains.
        num_warmup: Warm-up (adaptation) iterations per chain.
        num_samples: Kept draws per chain.
        key: ``jax.random`` key or integer seed.
        init: Starting points: ``None`` (draws from the prior), a :class:`FitResult` (its best
            fit plus ``jitter`` times a draw from its covariance, or plus ``jitter`` in ``z``
            if its Hessian was bad), ``{name: value}`` or shape ``(n,)`` (plus ``jitter`` in
            ``z``), or shape ``(num_chains, n)`` (used as is).
        jitter: Size of the random offsets of the starting points.
        progress_bar: Show NumPyro's progress bar.
        chain_method: ``"vectorized"``, ``"parallel"`` or ``"sequential"``; ``None`` picks
            ``"parallel"`` if there are at least ``num_chains`` devices, else ``"vectorized"``.
        target_accept_prob: NUTS target acceptance probability (raise to ~0.95 against
            divergences).
        max_tree_depth: Maximum NUTS tree depth.
        dense_mass: Adapt a dense mass matrix (for strongly correlated posteriors).
        thinning: Keep every ``thinning``-th draw.
        log_likelihood: Also store ``-nll`` of every draw in the ``log_likelihood`` group
            (variable ``"total"``; one extra ``nll`` evaluation per draw).

    Returns:
        ``arviz.InferenceData`` with groups ``posterior`` (one variable per parameter, physical
        units, dims ``(chain, draw)``), ``sample_stats`` (``diverging``, ``lp`` = ``-U``,
        ``energy``, ``n_steps``, ``tree_depth``, ``acceptance_rate``, ``step_size``) and, if
        requested, ``log_likelihood``. The ``attrs`` of ``posterior`` and ``sample_stats`` hold
        the sampler settings and the parameter space as JSON (``attrs["parameter_space"]``).
    """
    if not isinstance(space, ParameterSpace):
        raise ConfigError(f"space must be a ParameterSpace, got {type(space).__name__}.")
    if num_chains < 1 or num_samples < 1 or num_warmup < 0:
        raise ConfigError("Need num_chains >= 1, num_samples >= 1 and num_warmup >= 0.")
    key = jax.random.key(int(key)) if isinstance(key, (int, np.integer)) else key
    k_init, k_run = jax.random.split(key)
    if chain_method is None:
        chain_method = (
            "parallel" if num_chains > 1 and jax.local_device_count() >= num_chains
            else "vectorized"
        )

    u = potential_fn(nll, data, space)
    z0 = _init_z(space, init, num_chains, jitter, k_init)
    u0 = np.asarray(jax.jit(jax.vmap(u))(jnp.asarray(z0)))
    if not np.all(np.isfinite(u0)):
        bad = int(np.sum(~np.isfinite(u0)))
        raise ConfigError(
            f"The potential (nll - log prior - log Jacobian) is not finite at {bad} of "
            f"{num_chains} initial points; pass a better init (e.g. a FitResult)."
        )

    kernel = NUTS(
        potential_fn=u,
        target_accept_prob=target_accept_prob,
        max_tree_depth=max_tree_depth,
        dense_mass=dense_mass,
    )
    mcmc = MCMC(
        kernel,
        num_warmup=num_warmup,
        num_samples=num_samples,
        num_chains=num_chains,
        thinning=thinning,
        chain_method=chain_method,
        progress_bar=progress_bar,
    )
    init_params = jnp.asarray(z0 if num_chains > 1 else z0[0])
    # numpyro wants a raw uint32 key
    typed = jnp.issubdtype(k_run.dtype, jax.dtypes.prng_key)
    run_key = jax.random.key_data(k_run) if typed else k_run
    mcmc.run(
        run_key,
        init_params=init_params,
        extra_fields=("potential_energy", "energy", "num_steps", "accept_prob",
                      "adapt_state.step_size"),
    )
    z = mcmc.get_samples(group_by_chain=True)  # (chain, draw, n)
    extra = mcmc.get_extra_fields(group_by_chain=True)
    c, d = z.shape[:2]
    flat_z = z.reshape(c * d, space.size)
    x = np.asarray(jax.jit(jax.vmap(space.to_physical))(flat_z)).reshape(c, d, space.size)

    posterior = {name: x[..., i] for i, name in enumerate(space.names)}
    num_steps = np.asarray(extra["num_steps"])
    sample_stats = {
        "diverging": np.asarray(extra["diverging"], dtype=bool),
        "lp": -np.asarray(extra["potential_energy"]),
        "energy": np.asarray(extra["energy"]),
        "n_steps": num_steps,
        "tree_depth": np.floor(np.log2(np.maximum(num_steps, 1))).astype(np.int64) + 1,
        "acceptance_rate": np.asarray(extra["accept_prob"]),
        "step_size": np.asarray(extra["adapt_state.step_size"]),
    }
    groups: dict[str, Any] = {"posterior": posterior, "sample_stats": sample_stats}
    if log_likelihood:
        f = jax.jit(
            lambda xs: jax.lax.map(
                lambda xi: -jnp.asarray(nll(xi, data), dtype=jnp.float64).reshape(()),
                xs,
                batch_size=min(256, c * d),
            )
        )
        groups["log_likelihood"] = {"total": np.asarray(f(x.reshape(c * d, -1))).reshape(c, d)}

    attrs = {
        "inference_library": "numpyro",
        "inference_library_version": numpyro.__version__,
        "sampler": "NUTS",
        "num_warmup": int(num_warmup),
        "num_chains": int(num_chains),
        "num_samples": int(num_samples),
        "thinning": int(thinning),
        "chain_method": str(chain_method),
        "target_accept_prob": float(target_accept_prob),
        "max_tree_depth": int(max_tree_depth),
        "dense_mass": int(bool(dense_mass)),
        "parameter_space": json.dumps(space.to_dict()),
    }
    idata = az.from_dict(**groups, posterior_attrs=attrs, sample_stats_attrs=dict(attrs))
    n_div = int(sample_stats["diverging"].sum())
    if n_div:
        warnings.warn(
            f"NUTS: {n_div} divergent transitions after warm-up; the posterior may be biased. "
            "Raise target_accept_prob, or rescale/reparametrise the parameters.",
            RuntimeWarning,
            stacklevel=2,
        )
    return idata


def summarize(
    idata: az.InferenceData,
    *,
    var_names: list[str] | None = None,
    hdi_prob: float = 0.95,
    round_to: int | str = "none",
):
    """Posterior summary table (``arviz.summary``) with the divergence count.

    Args:
        idata: Output of :func:`sample_nuts` (any ``InferenceData`` with a posterior).
        var_names: Parameters to include (default all).
        hdi_prob: Probability mass of the highest-density interval.
        round_to: Decimals to round to, or ``"none"`` for raw numbers.

    Returns:
        A ``pandas.DataFrame``, one row per parameter, with columns ``mean``, ``sd``,
        ``hdi_<lo>%``, ``hdi_<hi>%``, ``mcse_mean``, ``mcse_sd``, ``ess_bulk``, ``ess_tail``,
        ``r_hat``. ``df.attrs`` holds ``n_divergent`` (divergent transitions, all chains),
        ``n_chains``, ``n_draws`` and ``hdi_prob``.
    """
    df = az.summary(idata, var_names=var_names, hdi_prob=hdi_prob, kind="all", round_to=round_to)
    post = idata.posterior
    n_div = 0
    if hasattr(idata, "sample_stats") and "diverging" in idata.sample_stats:
        n_div = int(np.asarray(idata.sample_stats["diverging"]).sum())
    df.attrs.update(
        n_divergent=n_div,
        n_chains=int(post.sizes["chain"]),
        n_draws=int(post.sizes["draw"]),
        hdi_prob=float(hdi_prob),
    )
    return df


def _space_from_attrs(idata) -> ParameterSpace | None:
    """The parameter space stored by :func:`sample_nuts` in ``idata.posterior.attrs``."""
    for group in ("posterior", "sample_stats"):
        ds = getattr(idata, group, None)
        if ds is not None and "parameter_space" in ds.attrs:
            try:
                return ParameterSpace.from_dict(json.loads(ds.attrs["parameter_space"]))
            except (ValueError, TypeError):
                return None
    return None

