"""Maximum-likelihood fits: vmapped multi-start minimisation, Hessian errors, profile scans.

The likelihood is any pure function ``nll(x, data) -> scalar`` (``-log L``, so
``chi2 = 2 * nll``) of a 1-D float64 parameter vector ``x`` and a pytree ``data``.

:func:`best_fit` draws ``n_starts`` points from the prior of a :class:`ParameterSpace`, moves
all of them at once (``jax.vmap``) in the unconstrained coordinates ``z`` with an Optax
first-order optimiser (Adam by default) followed by an L-BFGS refinement (``optax.lbfgs``),
both as loops inside ``jit``-compiled functions, and keeps the best end point. Errors come
from the Hessian of ``nll`` in the physical parameters: ``covariance = H^{-1}``, by automatic
differentiation (``jax.hessian``) or, for likelihoods whose program is large (``hessian="auto"``,
see :data:`HESSIAN_AUTODIFF_MAX_EQNS`), by Richardson-extrapolated central differences of the
jitted gradient, which costs no further compilation.

:func:`profile` minimises all other parameters at each fixed value of one parameter.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax
from tqdm import tqdm

from ..errors import ConfigError
from .params import ParameterSpace

__all__ = ["FitResult", "ProfileResult", "FitWarning", "best_fit", "profile", "hessian_covariance",
           "fd_hessian", "gradient_size", "HESSIAN_AUTODIFF_MAX_EQNS"]

NLL = Callable[[jax.Array, Any], jax.Array]

# Relative eigenvalue threshold below which the Hessian counts as singular.
_RCOND = 1e-10
# Position (relative to the interval width, or to scale for one bound) that counts as "at a bound".
_AT_BOUND = 1e-6
# Scaled gradient norm |scale * dnll/dx| above which the best fit counts as not converged.
_GRAD_WARN = 1e-3
# Number of progress-bar chunks per phase when verbose.
_N_CHUNKS = 20
#: ``hessian="auto"`` differentiates the gradient once more by automatic differentiation only if
#: the gradient's jaxpr has at most this many equations (nested ones counted). Above it, XLA's
#: compilation of the forward-over-reverse program grows faster than linearly: for the light
#: B−3Lμ likelihood (13 recast limits; 2.0e4 equations in the gradient before the recasts shared
#: their widths, 7.9e3 after) the gradient compiled in 71 s on one CPU core and ``jax.hessian`` in
#: more than 25 min; finite differences of the compiled gradient need no further compilation.
#: Every other bundled fit has ≤ 2.8e3 equations.
HESSIAN_AUTODIFF_MAX_EQNS = 5000
#: Relative step of the finite-difference Hessian: h_j = _FD_STEP * scale_j, extrapolated from
#: steps h and h/2 (error O(h⁴) for smooth nll; round-off ~ 1e-16 |g| / h).
_FD_STEP = 1e-4


class FitWarning(UserWarning):
    """A fit finished but its result needs care (singular Hessian, minimum on a bound, ...)."""


# ==================================================================================== results
@dataclasses.dataclass(frozen=True, eq=False)
class FitResult:
    """Outcome of :func:`best_fit`.

    Attributes:
        names: Parameter names.
        x_best: Best-fit physical parameters, shape ``(n,)``.
        nll_best: ``nll`` at ``x_best``.
        covariance: ``H^{-1}`` with ``H`` the Hessian of the minimised objective in ``x``
            (a pseudo-inverse on the positive-curvature subspace if ``hessian_ok`` is False).
        hessian: The Hessian ``H`` at ``x_best``.
        hessian_ok: False if ``H`` was singular, indefinite or not finite.
        x_starts: Physical starting points, shape ``(n_starts, n)``.
        x_ends: Physical end points of all starts, shape ``(n_starts, n)``.
        nll_ends: ``nll`` at each end point (``inf`` where it was not finite).
        objective_ends: Minimised objective at each end point (``nll``, or ``nll - log_prior``
            if ``use_prior``).
        grad_norm: ``max_i |scale_i * d objective / d x_i|`` at ``x_best`` (bounds excluded).
        at_bound: Names of parameters whose best-fit value sits on a bound.
        use_prior: Whether ``-log_prior`` was added to ``nll`` (MAP instead of ML fit).
        warnings: Messages of the :class:`FitWarning` raised by the fit.
        space: The parameter space (``None`` if loaded from a file without it).
        hessian_method: ``"autodiff"`` or ``"finite differences"`` (see :func:`best_fit`).
    """

    names: tuple[str, ...]
    x_best: np.ndarray
    nll_best: float
    covariance: np.ndarray
    hessian: np.ndarray
    hessian_ok: bool
    x_starts: np.ndarray
    x_ends: np.ndarray
    nll_ends: np.ndarray
    objective_ends: np.ndarray
    grad_norm: float
    at_bound: tuple[str, ...] = ()
    use_prior: bool = False
    warnings: tuple[str, ...] = ()
    space: ParameterSpace | None = None
    hessian_method: str = "autodiff"

    @property
    def chi2_best(self) -> float:
        """``chi2 = 2 * nll`` at the best fit."""
        return 2.0 * self.nll_best

    @property
    def errors(self) -> np.ndarray:
        """Standard errors ``sqrt(diag(covariance))`` (NaN only if the Hessian was not finite)."""
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    @property
    def correlation(self) -> np.ndarray:
        """Correlation matrix (0 off the diagonal where an error vanishes)."""
        err = np.sqrt(np.diag(self.covariance))  # NaN stays NaN (non-finite Hessian)
        denom = np.outer(err, err)
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = np.where(denom == 0, 0.0, self.covariance / np.where(denom == 0, 1.0, denom))
        np.fill_diagonal(corr, np.where(np.isfinite(err), 1.0, np.nan))
        return corr

    @property
    def delta_chi2_ends(self) -> np.ndarray:
        """``2 * (objective_end - objective_best)`` for every start."""
        best = np.min(self.objective_ends)
        return 2.0 * (self.objective_ends - best)

    @property
    def n_starts(self) -> int:
        """Number of starting points."""
        return int(self.x_ends.shape[0])

    @property
    def n_converged(self) -> int:
        """Number of starts that ended within ``delta chi2 < 1`` of the best."""
        return int(np.sum(self.delta_chi2_ends < 1.0))

    @property
    def best(self) -> dict[str, float]:
        """``{name: best-fit value}``."""
        return {n: float(v) for n, v in zip(self.names, self.x_best)}

    def summary(self) -> str:
        """A human-readable table of the best fit, errors and multistart statistics."""
        width = max(len(n) for n in self.names)
        lines = [
            f"chi2_best = {self.chi2_best:.6g}   (nll = {self.nll_best:.6g}; "
            f"{self.n_converged}/{self.n_starts} starts within delta chi2 < 1)",
            f"{'parameter':<{width}}  {'best fit':>13}  {'error':>11}",
        ]
        for n, x, e in zip(self.names, self.x_best, self.errors):
            flag = "  (at bound)" if n in self.at_bound else ""
            lines.append(f"{n:<{width}}  {x:>13.6g}  {e:>11.4g}{flag}")
        if self.hessian_method != "autodiff":
            lines.append(f"(errors from a Hessian by {self.hessian_method} of the gradient)")
        if not self.hessian_ok:
            lines.append("WARNING: Hessian singular/indefinite; errors from a pseudo-inverse.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"FitResult(chi2_best={self.chi2_best:.6g}, best={self.best}, "
            f"errors={dict(zip(self.names, self.errors.round(8).tolist()))}, "
            f"n_converged={self.n_converged}/{self.n_starts}, hessian_ok={self.hessian_ok})"
        )


@dataclasses.dataclass(frozen=True, eq=False)
class ProfileResult:
    """Outcome of :func:`profile`.

    Attributes:
        name: The scanned parameter.
        values: The fixed values, shape ``(m,)``.
        nll: Profiled ``nll`` (minimised over the other parameters) per value.
        x: Physical argmin for each value, shape ``(m, n)`` (column ``name`` = ``values``).
        nll_min: Reference minimum: the smaller of ``min(nll)`` and the ``reference`` fit.
        names: All parameter names.
    """

    name: str
    values: np.ndarray
    nll: np.ndarray
    x: np.ndarray
    nll_min: float
    names: tuple[str, ...]

    @property
    def delta_chi2(self) -> np.ndarray:
        """``2 * (nll - nll_min)`` per value."""
        return 2.0 * (self.nll - self.nll_min)

    def interval(self, delta_chi2: float = 1.0) -> tuple[float, float]:
        """Interval where ``delta_chi2`` of the profile is below the given level.

        Crossings are linearly interpolated between scanned values; an end is ``nan`` if the
        profile does not cross the level on that side within the scanned range.

        Args:
            delta_chi2: The level (1 for 68.3% CL in one parameter, 3.84 for 95%).

        Returns:
            ``(lower, upper)``.
        """
        v, d = self.values, self.delta_chi2
        i0 = int(np.nanargmin(d))
        lo = hi = math.nan
        for j in range(i0, 0, -1):
            if d[j - 1] >= delta_chi2 > d[j] or d[j - 1] > delta_chi2 >= d[j]:
                lo = float(np.interp(delta_chi2, [d[j], d[j - 1]], [v[j], v[j - 1]]))
                break
        for j in range(i0, len(v) - 1):
            if d[j + 1] >= delta_chi2 > d[j] or d[j + 1] > delta_chi2 >= d[j]:
                hi = float(np.interp(delta_chi2, [d[j], d[j + 1]], [v[j], v[j + 1]]))
                break
        return lo, hi


# ==================================================================================== solver
class _Solver(NamedTuple):
    init: Callable
    adam_chunk: Callable
    lbfgs_init: Callable
    lbfgs_chunk: Callable
    evaluate: Callable


def _objective(nll: NLL, space: ParameterSpace, use_prior: bool) -> Callable:
    """``f(x, data)``: the scalar to minimise in physical coordinates."""

    def f(x, data):
        value = jnp.asarray(nll(x, data), dtype=jnp.float64).reshape(())
        if use_prior:
            value = value - space.log_prior(x)
        return value

    return f


def _make_optimizer(optimizer, learning_rate):
    """``(transformation, injected)``; ``injected``: the learning rate is set at run time."""
    if isinstance(optimizer, optax.GradientTransformation):
        return optimizer, False
    if not isinstance(optimizer, str) or not callable(getattr(optax, optimizer, None)):
        raise ConfigError(
            f"Unknown optimizer {optimizer!r}: give the name of an optax optimiser "
            "('adam', 'adabelief', 'sgd', ...) or an optax.GradientTransformation."
        )
    factory = getattr(optax, optimizer)
    if callable(learning_rate):  # an optax schedule
        return factory(learning_rate), False
    # a float: cosine decay computed inside the loop, so neither the rate nor the number of
    # steps is baked into the compiled code
    return optax.inject_hyperparams(factory)(learning_rate=0.0), True


def _tree_where(cond, new, old):
    return jax.tree.map(lambda a, b: jnp.where(cond, a, b), new, old)


@functools.lru_cache(maxsize=32)
def _build_solver(nll, space, use_prior, optimizer, schedule, memory_size):
    """Jitted, vmapped pieces of the minimiser (cached: repeated fits reuse compiled code).

    Learning rate, number of steps and tolerance are run-time arguments (``hp``), so only a
    new ``nll``, space, optimiser or batch shape triggers a compilation.
    """
    f_x = _objective(nll, space, use_prior)
    opt, injected = _make_optimizer(optimizer, schedule)
    lbfgs = optax.lbfgs(memory_size=memory_size)

    def f_z(z, fix_mask, fix_val, data):
        return f_x(jnp.where(fix_mask, fix_val, space.to_physical(z)), data)

    def safe_value(z, fm, fv, data):
        v = f_z(z, fm, fv, data)
        return jnp.where(jnp.isfinite(v), v, jnp.inf)

    # ---- first-order phase (Adam by default); carries the best point seen so far
    def init(z, fm, fv, data):
        return z, opt.init(z), z, safe_value(z, fm, fv, data), jnp.asarray(0)

    def adam_chunk(carry, n, hp, fm, fv, data):
        def body(_, c):
            z, st, z_best, v_best, t = c
            v, g = jax.value_and_grad(f_z)(z, fm, fv, data)
            ok = jnp.isfinite(v) & jnp.all(jnp.isfinite(g))
            better = ok & (v < v_best)
            z_best = jnp.where(better, z, z_best)
            v_best = jnp.where(better, v, v_best)
            if injected:  # cosine decay from lr to lr/100 over the run
                frac = jnp.minimum(t / jnp.maximum(hp["steps"], 1), 1.0)
                lr = hp["lr"] * (0.01 + 0.99 * 0.5 * (1.0 + jnp.cos(jnp.pi * frac)))
                st = st._replace(hyperparams={**st.hyperparams, "learning_rate": lr})
            updates, st_new = opt.update(jnp.where(ok, g, 0.0), st, z)
            # on a non-finite value/gradient, jump back to the best point seen
            z = jnp.where(ok, optax.apply_updates(z, updates), z_best)
            st = _tree_where(ok, st_new, st)
            return z, st, z_best, v_best, t + 1

        return jax.lax.fori_loop(0, n, body, carry)

    # ---- L-BFGS refinement with a zoom line search; stops per start on convergence
    def lbfgs_init(z, fm, fv, data):
        # optax's line-search state starts with weakly typed scalars that lbfgs_chunk returns
        # strongly typed: without the cast, the second chunk would compile lbfgs_chunk again
        # (minutes for large likelihoods)
        state = jax.tree.map(lambda a: jax.lax.convert_element_type(a, jnp.result_type(a)), lbfgs.init(z))
        return z, state, jnp.asarray(False)

    def lbfgs_chunk(carry, n, hp, fm, fv, data):
        fn = functools.partial(f_z, fix_mask=fm, fix_val=fv, data=data)
        value_and_grad = optax.value_and_grad_from_state(fn)

        def cond(c):
            i, (_, _, done) = c
            return (i < n) & ~done

        def body(c):
            i, (z, st, done) = c
            v, g = value_and_grad(z, state=st)
            converged = jnp.max(jnp.abs(g)) < hp["tol"]
            updates, st_new = lbfgs.update(g, st, z, value=v, grad=g, value_fn=fn)
            z_new = optax.apply_updates(z, updates)
            v_new = optax.tree_utils.tree_get(st_new, "value")
            ok = jnp.isfinite(v_new) & jnp.all(jnp.isfinite(z_new)) & (v_new < v)
            # converged, or no progress (line search failed): freeze this start
            stop = converged | ~ok
            z = jnp.where(stop, z, z_new)
            st = _tree_where(stop, st, st_new)
            return i + 1, (z, st, done | stop)

        return jax.lax.while_loop(cond, body, (0, carry))[1]

    def evaluate(z, fm, fv, data):
        x = jnp.where(fm, fv, space.to_physical(z))
        return x, jnp.asarray(nll(x, data), dtype=jnp.float64).reshape(()), safe_value(
            z, fm, fv, data
        )

    batched = (0, 0, 0, None)
    chunked = (0, None, None, 0, 0, None)
    return _Solver(
        init=jax.jit(jax.vmap(init, in_axes=batched)),
        adam_chunk=jax.jit(jax.vmap(adam_chunk, in_axes=chunked)),
        lbfgs_init=jax.jit(jax.vmap(lbfgs_init, in_axes=batched)),
        lbfgs_chunk=jax.jit(jax.vmap(lbfgs_chunk, in_axes=chunked)),
        evaluate=jax.jit(jax.vmap(evaluate, in_axes=batched)),
    )


@functools.lru_cache(maxsize=32)
def _derivatives(nll, space, use_prior):
    """Jitted Hessian and gradient of the objective in physical coordinates."""
    f_x = _objective(nll, space, use_prior)
    return jax.jit(jax.hessian(f_x)), jax.jit(jax.grad(f_x))


def _count_eqns(jaxpr) -> int:
    """Number of equations of a jaxpr, those of nested jaxprs (jit, cond, scan, ...) included."""
    n = 0
    for eqn in jaxpr.eqns:
        n += 1
        for p in eqn.params.values():
            for sub in p if isinstance(p, (list, tuple)) else (p,):
                inner = getattr(sub, "jaxpr", sub)
                if hasattr(inner, "eqns"):
                    n += _count_eqns(inner)
    return n


def gradient_size(nll: NLL, data: Any, x) -> int:
    """Size of the reverse-mode gradient program of ``nll`` at ``x`` (jaxpr equations, nested
    ones included): what :func:`best_fit` with ``hessian="auto"`` compares with
    :data:`HESSIAN_AUTODIFF_MAX_EQNS`. Tracing only, no compilation."""
    f = lambda x, d: jnp.asarray(nll(x, d), dtype=jnp.float64).reshape(())
    return _count_eqns(jax.make_jaxpr(jax.grad(f))(jnp.asarray(x, dtype=jnp.float64), data).jaxpr)


def fd_hessian(grad_fn: Callable, x, data, scale, step: float = _FD_STEP) -> np.ndarray:
    """Hessian from central differences of a (jitted) gradient ``grad_fn(x, data)``.

    Column j is ``[g(x + h e_j) − g(x − h e_j)] / 2h`` with ``h = step * scale_j``, extrapolated
    from h and h/2 (Richardson: ``(4 D(h/2) − D(h)) / 3``, error O(h⁴)); the result is
    symmetrised. 4n gradient evaluations, no compilation beyond that of ``grad_fn``.
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    h = step * np.asarray(scale, dtype=np.float64) * np.ones(n)
    cols = []
    for j in range(n):
        d = []
        for hj in (h[j], 0.5 * h[j]):
            e = np.zeros(n)
            e[j] = hj
            gp = np.asarray(grad_fn(jnp.asarray(x + e), data))
            gm = np.asarray(grad_fn(jnp.asarray(x - e), data))
            d.append((gp - gm) / (2.0 * hj))
        cols.append((4.0 * d[1] - d[0]) / 3.0)
    H = np.stack(cols, axis=1)
    return 0.5 * (H + H.T)


def _cached(builder, *args):
    """``builder(*args)`` through its ``lru_cache``, or uncached for unhashable arguments."""
    try:
        hash(args)
    except TypeError:
        return builder.__wrapped__(*args)
    return builder(*args)


def _chunks(total: int, verbose: bool) -> list[int]:
    if total <= 0:
        return []
    if not verbose:
        return [total]
    size = max(1, math.ceil(total / _N_CHUNKS))
    return [min(size, total - k) for k in range(0, total, size)]


def _minimize(
    nll,
    data,
    space: ParameterSpace,
    z0,
    fix_mask,
    fix_val,
    *,
    use_prior,
    optimizer,
    learning_rate,
    steps,
    refine_steps,
    memory_size,
    tol,
    verbose,
    desc,
):
    """Minimise from every row of ``z0``; returns physical end points, nll and objective."""
    schedule = learning_rate if callable(learning_rate) else None
    solver = _cached(_build_solver, nll, space, bool(use_prior), optimizer, schedule,
                     int(memory_size))
    hp = {
        "lr": jnp.asarray(0.0 if schedule is not None else float(learning_rate)),
        "steps": jnp.asarray(int(steps)),
        "tol": jnp.asarray(float(tol)),
    }
    z0 = jnp.asarray(z0, dtype=jnp.float64)
    fm = jnp.asarray(fix_mask, dtype=bool)
    fv = jnp.asarray(fix_val, dtype=jnp.float64)
    with tqdm(total=steps + refine_steps, desc=desc, disable=not verbose, leave=True) as bar:
        carry = solver.init(z0, fm, fv, data)
        for n in _chunks(steps, verbose):
            carry = solver.adam_chunk(carry, n, hp, fm, fv, data)
            bar.update(n)
            bar.set_postfix(best_objective=f"{float(jnp.min(carry[3])):.6g}")
        z = carry[2]  # best point of the first-order phase
        if refine_steps > 0:
            carry = solver.lbfgs_init(z, fm, fv, data)
            for n in _chunks(refine_steps, verbose):
                carry = solver.lbfgs_chunk(carry, n, hp, fm, fv, data)
                bar.update(n)
            z = carry[0]
        x, nll_v, obj = solver.evaluate(z, fm, fv, data)
        bar.set_postfix(best_objective=f"{float(jnp.min(obj)):.6g}")
    nll_v = np.asarray(nll_v)
    return np.asarray(x), np.where(np.isfinite(nll_v), nll_v, np.inf), np.asarray(obj)


# ==================================================================================== Hessian
def hessian_covariance(
    hessian: np.ndarray, names: Sequence[str], scale: np.ndarray | None = None
) -> tuple[np.ndarray, bool, list[str]]:
    """Covariance ``H^{-1}`` of a Hessian of ``nll``, robust to singular or indefinite ``H``.

    ``H`` is rescaled by ``scale`` (``S H S``) before the eigen-decomposition. If an eigenvalue
    is not positive (relative to the largest, threshold 1e-10) or ``H`` is not finite, the
    pseudo-inverse on the positive-curvature subspace is returned instead and the flag is False.

    Args:
        hessian: Symmetric matrix, shape ``(n, n)``.
        names: Parameter names (for the messages).
        scale: Typical parameter sizes; default all ones.

    Returns:
        ``(covariance, ok, messages)``.
    """
    h = np.asarray(hessian, dtype=np.float64)
    n = h.shape[0]
    s = np.ones(n) if scale is None else np.asarray(scale, dtype=np.float64)
    if not np.all(np.isfinite(h)):
        bad = [names[i] for i in range(n) if not np.all(np.isfinite(h[i]))]
        msg = (
            "Hessian of nll at the best fit is not finite (rows of "
            f"{', '.join(bad)}); covariance set to NaN."
        )
        return np.full((n, n), np.nan), False, [msg]
    hs = s[:, None] * h * s[None, :]
    hs = 0.5 * (hs + hs.T)
    w, v = np.linalg.eigh(hs)
    wmax = np.max(np.abs(w)) if np.any(w) else 1.0
    good = w > _RCOND * wmax
    inv_w = np.where(good, 1.0 / np.where(good, w, 1.0), 0.0)
    cov = s[:, None] * ((v * inv_w) @ v.T) * s[None, :]
    if np.all(good):
        return cov, True, []
    messages = []
    for k in np.flatnonzero(~good):
        weights = v[:, k] ** 2
        main = [names[i] for i in np.argsort(weights)[::-1] if weights[i] > 0.1][:4]
        kind = "negative curvature (not a minimum)" if w[k] < -_RCOND * wmax else "flat direction"
        messages.append(
            f"Hessian of nll at the best fit has a {kind} (eigenvalue {w[k]:.3g} of scaled "
            f"Hessian, largest {wmax:.3g}) along {', '.join(main)}; covariance is a "
            "pseudo-inverse on the positive-curvature subspace (hessian_ok=False)."
        )
    return cov, False, messages


def _at_bound(space: ParameterSpace, x: np.ndarray) -> tuple[str, ...]:
    lo, hi, s = space.lower, space.upper, space.scale
    width = np.where(np.isfinite(lo) & np.isfinite(hi), hi - lo, s)
    with np.errstate(invalid="ignore"):
        near_lo = np.isfinite(lo) & ((x - lo) <= _AT_BOUND * width)
        near_hi = np.isfinite(hi) & ((hi - x) <= _AT_BOUND * width)
    return tuple(n for n, b in zip(space.names, near_lo | near_hi) if b)


# ==================================================================================== API
def _check_inputs(space, n_starts, steps, refine_steps):
    if not isinstance(space, ParameterSpace):
        raise ConfigError(f"space must be a ParameterSpace, got {type(space).__name__}.")
    if n_starts < 0 or steps < 0 or refine_steps < 0:
        raise ConfigError("n_starts, steps and refine_steps must be >= 0.")


def _init_points(space: ParameterSpace, init) -> np.ndarray:
    """Physical start points from ``init`` (FitResult, dict, vector or matrix)."""
    if init is None:
        return np.zeros((0, space.size))
    if isinstance(init, FitResult):
        return np.asarray(init.x_best, dtype=np.float64)[None, :]
    if isinstance(init, dict):
        return space.vector(init)[None, :]
    x = np.atleast_2d(np.asarray(init, dtype=np.float64))
    if x.shape[1] != space.size:
        raise ConfigError(f"init must have {space.size} columns, got shape {x.shape}.")
    return x


def best_fit(
    nll: NLL,
    data: Any,
    space: ParameterSpace,
    *,
    n_starts: int = 32,
    key: jax.Array | int = 0,
    steps: int = 500,
    learning_rate: float | optax.Schedule = 0.05,
    optimizer: str | optax.GradientTransformation = "adam",
    refine_steps: int = 200,
    memory_size: int = 10,
    tol: float = 1e-9,
    init=None,
    use_prior: bool = False,
    verbose: bool = False,
    hessian: str = "auto",
) -> FitResult:
    """Global minimum of ``nll`` by vmapped multi-start optimisation, with Hessian errors.

    The ``n_starts`` starts are drawn from the prior of ``space`` (see
    :meth:`ParameterSpace.sample_start`); all move together in the unconstrained coordinates
    ``z``: ``steps`` steps of ``optimizer`` (keeping the best point seen), then up to
    ``refine_steps`` L-BFGS iterations, each start stopping when ``max |grad_z| < tol``.

    Args:
        nll: ``nll(x, data) -> scalar``, ``-log L`` of physical parameters ``x`` (shape ``(n,)``).
        data: Pytree passed unchanged to ``nll``.
        space: Parameter names, bounds, priors and scales.
        n_starts: Number of random starts.
        key: ``jax.random`` key or integer seed.
        steps: Steps of the first-order optimiser (0 skips it).
        learning_rate: Initial learning rate in ``z`` (cosine-decayed to 1% over ``steps``), or
            an optax schedule.
        optimizer: Name of an optax optimiser or an ``optax.GradientTransformation``.
        refine_steps: Maximum L-BFGS iterations (0 skips the refinement).
        memory_size: L-BFGS memory.
        tol: Convergence threshold of L-BFGS on ``max |d objective / d z|``.
        init: Extra starting points in physical coordinates, used in addition to the random
            ones: a :class:`FitResult`, ``{name: value}``, shape ``(n,)`` or ``(k, n)``.
        use_prior: Minimise ``nll - log_prior(x)`` (MAP) instead of ``nll`` (ML).
        verbose: Show a tqdm progress bar.
        hessian: How the Hessian at the best fit is computed: ``"autodiff"`` (``jax.hessian``,
            exact), ``"fd"`` (:func:`fd_hessian`: central differences of the jitted gradient,
            relative accuracy ~1e-8 for smooth ``nll``) or ``"auto"`` (autodiff unless the
            gradient program has more than :data:`HESSIAN_AUTODIFF_MAX_EQNS` equations, whose
            forward-over-reverse compilation can take tens of minutes). Recorded in
            ``FitResult.hessian_method``.

    Returns:
        A :class:`FitResult`. Warns with :class:`FitWarning` when the Hessian is singular,
        indefinite or not finite, the best fit sits on a bound, or it is not converged.
    """
    _check_inputs(space, n_starts, steps, refine_steps)
    if hessian not in ("auto", "autodiff", "fd"):
        raise ConfigError(f"hessian must be 'auto', 'autodiff' or 'fd', got {hessian!r}.")
    key = jax.random.key(int(key)) if isinstance(key, (int, np.integer)) else key
    x_init = _init_points(space, init)
    z_init = np.asarray(jax.vmap(space.to_unconstrained)(x_init)) if len(x_init) else x_init
    z_rand = np.asarray(space.sample_start(key, n_starts)).reshape(n_starts, space.size)
    z0 = np.concatenate([z_init, z_rand])
    if len(z0) == 0:
        raise ConfigError("best_fit needs n_starts > 0 or init points.")
    x_starts = np.asarray(jax.vmap(space.to_physical)(z0))
    n = space.size
    fm = np.zeros((len(z0), n), dtype=bool)
    fv = np.zeros((len(z0), n))
    x_ends, nll_ends, obj_ends = _minimize(
        nll, data, space, z0, fm, fv, use_prior=use_prior, optimizer=optimizer,
        learning_rate=learning_rate, steps=steps, refine_steps=refine_steps,
        memory_size=memory_size, tol=tol, verbose=verbose, desc="best_fit",
    )
    if not np.any(np.isfinite(obj_ends)):
        raise ConfigError(
            "nll is not finite at any end point of the fit: check the likelihood and the "
            "parameter bounds."
        )
    i_best = int(np.argmin(obj_ends))
    x_best = x_ends[i_best]

    hess_fn, grad_fn = _cached(_derivatives, nll, space, bool(use_prior))
    grad = np.asarray(grad_fn(jnp.asarray(x_best), data))
    if hessian == "auto":
        big = gradient_size(_objective(nll, space, bool(use_prior)), data, x_best) > HESSIAN_AUTODIFF_MAX_EQNS
        hessian = "fd" if big else "autodiff"
    if hessian == "fd":
        hess = fd_hessian(grad_fn, x_best, data, space.scale)
    else:
        hess = np.asarray(hess_fn(jnp.asarray(x_best), data))
    at_bound = _at_bound(space, x_best)
    free = np.array([nm not in at_bound for nm in space.names])
    grad_norm = float(np.max(np.abs(space.scale * grad)[free], initial=0.0))

    cov, ok, messages = hessian_covariance(hess, space.names, space.scale)
    if at_bound:
        messages.append(
            f"Best fit on a bound for {', '.join(at_bound)}: the Hessian there is not the "
            "curvature at a stationary point; errors are unreliable."
        )
    if not np.isfinite(grad_norm) or grad_norm > _GRAD_WARN:
        messages.append(
            f"Best fit may not be converged: max |scale * grad| = {grad_norm:.3g}; increase "
            "steps/refine_steps."
        )
    for msg in messages:
        warnings.warn(msg, FitWarning, stacklevel=2)
    return FitResult(
        names=space.names,
        x_best=x_best,
        nll_best=float(nll_ends[i_best]),
        covariance=cov,
        hessian=hess,
        hessian_ok=ok,
        x_starts=x_starts,
        x_ends=x_ends,
        nll_ends=nll_ends,
        objective_ends=obj_ends,
        grad_norm=grad_norm,
        at_bound=at_bound,
        use_prior=bool(use_prior),
        warnings=tuple(messages),
        space=space,
        hessian_method="finite differences" if hessian == "fd" else "autodiff",
    )


def profile(
    nll: NLL,
    data: Any,
    space: ParameterSpace,
    name: str,
    values: Sequence[float] | np.ndarray,
    *,
    n_starts: int = 8,
    key: jax.Array | int = 0,
    steps: int = 300,
    learning_rate: float | optax.Schedule = 0.05,
    optimizer: str | optax.GradientTransformation = "adam",
    refine_steps: int = 200,
    memory_size: int = 10,
    tol: float = 1e-9,
    init=None,
    reference: FitResult | None = None,
    use_prior: bool = False,
    verbose: bool = False,
) -> ProfileResult:
    """Profile likelihood of one parameter: minimise all others at each fixed value.

    All ``len(values) * n_starts`` minimisations run at once (vmapped); for each value the best
    end point is kept.

    Args:
        nll: ``nll(x, data) -> scalar``.
        data: Pytree passed to ``nll``.
        space: The parameter space.
        name: Parameter to scan.
        values: Fixed values of ``name`` (inside its bounds).
        n_starts: Random starts per value (drawn from the prior of the other parameters).
        key: ``jax.random`` key or integer seed.
        steps: First-order optimiser steps.
        learning_rate: Initial learning rate (or an optax schedule).
        optimizer: Optax optimiser name or transformation.
        refine_steps: Maximum L-BFGS iterations.
        memory_size: L-BFGS memory.
        tol: L-BFGS convergence threshold on the gradient in ``z``.
        init: Extra start points for every value (e.g. the :class:`FitResult` of
            :func:`best_fit`), as in :func:`best_fit`.
        reference: A global fit; its ``nll`` (if lower) is the zero of ``delta_chi2``, and
            its best fit is an extra start for every value if ``init`` is None.
        use_prior: Add ``-log_prior`` to the objective.
        verbose: Show a tqdm progress bar.

    Returns:
        A :class:`ProfileResult`.
    """
    _check_inputs(space, n_starts, steps, refine_steps)
    i = space.index(name)
    values = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if values.ndim != 1 or values.size == 0:
        raise ConfigError("values must be a non-empty 1-D sequence.")
    p = space[i]
    if np.any(values < p.lower) or np.any(values > p.upper) or not np.all(np.isfinite(values)):
        raise ConfigError(
            f"Profile values of {name!r} must be finite and in [{p.lower}, {p.upper}]."
        )
    key = jax.random.key(int(key)) if isinstance(key, (int, np.integer)) else key
    if init is None and reference is not None:
        init = reference
    x_init = _init_points(space, init)
    z_init = np.asarray(jax.vmap(space.to_unconstrained)(x_init)) if len(x_init) else x_init
    z_rand = np.asarray(space.sample_start(key, n_starts)).reshape(n_starts, space.size)
    z_starts = np.concatenate([z_init, z_rand])
    k = len(z_starts)
    if k == 0:
        raise ConfigError("profile needs n_starts > 0 or init points.")
    m, n = len(values), space.size
    z0 = np.tile(z_starts, (m, 1))
    fm = np.zeros((m * k, n), dtype=bool)
    fm[:, i] = True
    fv = np.zeros((m * k, n))
    fv[:, i] = np.repeat(values, k)
    x_ends, nll_ends, obj_ends = _minimize(
        nll, data, space, z0, fm, fv, use_prior=use_prior, optimizer=optimizer,
        learning_rate=learning_rate, steps=steps, refine_steps=refine_steps,
        memory_size=memory_size, tol=tol, verbose=verbose, desc=f"profile {name}",
    )
    obj = obj_ends.reshape(m, k)
    best = np.argmin(obj, axis=1)
    rows = np.arange(m) * k + best
    prof_obj = obj[np.arange(m), best]
    prof_nll = nll_ends[rows] if not use_prior else prof_obj
    ref = float(np.min(prof_nll))
    if reference is not None:
        ref_val = reference.objective_ends.min() if use_prior else reference.nll_best
        ref = min(ref, float(ref_val))
    return ProfileResult(
        name=name,
        values=values,
        nll=prof_nll,
        x=x_ends[rows],
        nll_min=ref,
        names=space.names,
    )
