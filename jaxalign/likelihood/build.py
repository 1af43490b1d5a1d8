"""Builder of the pure likelihood ``nll(x, data)`` of a fit configuration.

``lik, data = make_likelihood(model, sm, constraints, scale=...)`` resolves names, reads the data
files and precomputes the running once, in Python; afterwards ``lik.nll(x, data)`` (−log L,
χ² = 2·nll) is a pure JAX function of the parameter vector ``x`` (the model's parameters, then
``scale`` if Λ is free): ``jit``, ``grad``, ``hessian`` and ``vmap`` all work.

Running modes (``running=`` / ``running:`` in a fit configuration):

* ``linear`` (default): the evolution matrix of :mod:`jaxalign.smeft.linear` (exact one-loop
  running, linearised in C at fixed SM couplings; Chebyshev-interpolated in ln Λ when Λ is free),
  followed by the exact mass-basis rotation. The data are packed into a handful of arrays
  (:class:`LinearData`) and every observable is reduced to one coefficient times Re/Im/|·|² of the
  photon dipole at m_Z — coefficients computed from the observable registry itself
  (:func:`jaxalign.observables.registry.linear_coefficients`). Microseconds per point.
* ``ode``: the full numerical solution for every call (milliseconds; the reference).
* ``leadinglog``: first-order solution, β evaluated at Λ.

How limits enter: see :mod:`jaxalign.likelihood.distributions` — every factor is quadratic,
``−log L = ½((x − c)/σ)²``: Gaussian for a_ℓ (c = a_exp − a_SM, σ² = σ_exp² + σ_SM²), half-normal
for branching ratios (c = 0, σ = limit/Φ⁻¹((1+CL)/2)), zero-centred Gaussian for d_e.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from .. import require_x64
from ..errors import ConfigError
from . import closed_form
from ..inputs import SMInputs
from ..chain import photon_dipole_mz
from ..matching.smeft_to_wet import egamma_tree, weak_mixing
from ..observables.catalog import info
from ..observables.registry import apply_forms, linear_coefficients, observable
from ..smeft.flavour_basis import diagonalise, small_matmul, to_warsaw_down
from ..models.base import zero_coefficients
from ..smeft.linear import (LinearRunning, _extract, active_entries, make_linear_outputs,
                             make_linear_running)
from ..smeft.operators import D6_CLASSES
from ..smeft.rge import evolve, leading_log, sm_at_scale
from ..smeft.sm_couplings import vev_from_gf

__all__ = ["LinearData", "FullData", "Likelihood", "BoundLikelihood", "make_likelihood"]


class _Static:
    """Static metadata of :class:`LinearData` (its layout and entries): equal by content, with the
    hash computed once. A jitted call hashes and compares the pytree's static data on every call;
    for plain tuples that walks every element each time."""

    __slots__ = ("value", "_hash")

    def __init__(self, value):
        self.value = value
        self._hash = hash(value)

    def __hash__(self):
        return self._hash

    def __eq__(self, other):
        return self is other or (isinstance(other, _Static) and self._hash == other._hash
                                 and self.value == other.value)


@partial(jax.tree_util.register_dataclass, data_fields=["packed", "bs_params"], meta_fields=["meta"])
@dataclass(frozen=True)
class LinearData:
    """Data of the linear-running likelihood, packed into ONE float64 array.

    Passing a pytree to a jitted function costs a few µs per leaf on every call; the likelihood
    itself costs tens of µs, so everything (evolution matrix, constants, measurement centres and
    widths) lives in ``packed`` and is sliced out under jit via the static layout. Read a
    field with :meth:`get` (``"y0"``, ``"coeffs"``, ``"t_min"``, ``"t_max"``, ``"consts"`` =
    [v, c_θ, s_θ], ``"coefs"``, ``"sm_values"``, ``"central"``, ``"sigma"``, ``"scale"``).
    A pytree registered with :func:`jax.tree_util.register_dataclass` (flattened by JAX without
    calling back into Python on every call), its static part one :class:`_Static` with a cached hash.
    """

    packed: jax.Array
    meta: _Static  # ((name, start, shape), ...), entries
    bs_params: object = None  # BsllParams when b → sℓℓ observables are fitted

    layout = property(lambda self: self.meta.value[0])
    entries = property(lambda self: self.meta.value[1])

    @classmethod
    def pack(cls, fields: dict, entries, bs_params=None) -> "LinearData":
        layout, parts, start = [], [], 0
        for name, arr in fields.items():
            a = jnp.asarray(arr, float)
            layout.append((name, start, tuple(a.shape)))
            parts.append(a.ravel())
            start += a.size
        return cls(jnp.concatenate(parts), _Static((tuple(layout), tuple(entries))), bs_params)

    def get(self, name: str):
        for n, start, shape in self.layout:
            if n == name:
                size = int(np.prod(shape)) if shape else 1
                return self.packed[start : start + size].reshape(shape)
        raise KeyError(name)

    @property
    def running(self) -> LinearRunning:
        return LinearRunning(self.get("y0"), self.get("coeffs"), self.get("t_min"), self.get("t_max"),
                             self.entries)

    # the generic code reads these as attributes
    coefs = property(lambda self: self.get("coefs"))
    sm_values = property(lambda self: self.get("sm_values"))
    central = property(lambda self: self.get("central"))
    whiten = property(lambda self: self.get("whiten"))
    scale = property(lambda self: self.get("scale"))
    consts = property(lambda self: self.get("consts"))

    def has(self, name: str) -> bool:
        return any(n == name for n, _, _ in self.layout)


class FullData(eqx.Module):
    """Data of the 'ode' / 'leadinglog' likelihoods (SM inputs and SM couplings at Λ) and of
    direct models (``sm_at_lambda`` empty)."""

    sm: SMInputs
    sm_at_lambda: dict
    coefs: jax.Array
    sm_values: jax.Array
    central: jax.Array
    whiten: jax.Array
    scale: jax.Array
    bs_params: object = None


@dataclass(frozen=True)
class Likelihood:
    """Static description of the chain; ``self.nll`` is the pure function (no captured arrays).

    ``observables`` is the flat tuple of constrained observables (members of correlated groups
    included), ``kinds`` their kinds (:mod:`jaxalign.observables.catalog`), ``direct`` whether the
    model predicts the observables itself (light mediators) instead of through the SMEFT.
    """

    model: object
    observables: tuple[str, ...]
    running_mode: str
    free_scale: bool
    kinds: tuple[str, ...] = ()
    direct: bool = False
    bs_keys: tuple[str, ...] = ()
    matching: str = "tree"
    #: value + gradient in closed form (see :meth:`value_and_grad`): set by make_likelihood for
    #: linear running at a fixed Λ, tree matching, dipole observables only and a model affine in
    #: its parameters
    fast_grad: bool = False

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.model.parameter_names) + (("scale",) if self.free_scale else ())

    def _names(self, kind):
        return tuple(n for n, k in zip(self.observables, self.kinds) if k == kind)

    @property
    def forms(self):
        return tuple(observable(n).form for n in self._names("dipole"))

    def _split(self, x, data):
        n = len(self.model.parameter_names)
        scale = x[n] if self.free_scale else data.scale
        return x[:n], scale

    # --- the low-energy state: photon dipole at m_Z and b → sℓℓ coefficients at m_b ---------------

    def _state_mz(self, C, scale, data):
        """SMEFT state at m_Z in the Warsaw-down mass basis (ode / leadinglog modes)."""
        if self.running_mode == "ode":  # every class, so that all generated coefficients run
            C = {**zero_coefficients(D6_CLASSES), **C}
        y0 = {**data.sm_at_lambda, **C}
        t0, t1 = jnp.log(scale), jnp.log(data.sm.scale_ew)
        y = evolve(y0, t0, t1) if self.running_mode == "ode" else leading_log(y0, t0, t1)
        return to_warsaw_down(y, vev_from_gf(data.sm.GF))

    def _linear_dipole(self, C, scale, data):
        v, cw, sw = data.consts[0], data.consts[1], data.consts[2]
        block = data.running.lepton_block(C, scale)
        Me = v / jnp.sqrt(2.0) * (block["Ge"] - v**2 / 2.0 * block["ephi"])
        Ul, _, Ue = diagonalise(Me)
        eg = v / jnp.sqrt(2.0) * (cw * block["eB"] - sw * block["eW"])
        return small_matmul(small_matmul(Ul.conj().T, eg), Ue)

    def _linear_loop(self, C, scale, data):
        """One-loop matching correction to egamma at m_Z (linear in C; 18 real outputs)."""
        run = data.running
        c = _extract(C, run.entries)
        J = data.get("loop_coeffs")
        vec = J[0] @ c if J.shape[0] == 1 else run._weights(scale) @ (J @ c)
        return (vec[:9] + 1j * vec[9:]).reshape(3, 3)

    def _linear_bs(self, C, scale, data):
        run = data.running
        c = _extract(C, run.entries)
        J = data.get("bs_coeffs")
        vec = J[0] @ c if J.shape[0] == 1 else run._weights(scale) @ (J @ c)
        return _bs_dict(vec, self.bs_keys)

    def low_state(self, x, data):
        """(egamma at m_Z or None, b → sℓℓ coefficient dict at m_b or None) for parameters ``x``."""
        p, scale = self._split(x, data)
        C = self.model.coefficients(p)
        need_eg = "dipole" in self.kinds or not self.kinds
        need_bs = "bsll" in self.kinds
        if self.running_mode == "linear":
            eg = self._linear_dipole(C, scale, data) if need_eg else None
            if need_eg and self.matching == "1loop":
                eg = eg + self._linear_loop(C, scale, data)
            bs = self._linear_bs(C, scale, data) if need_bs else None
            return eg, bs
        y = self._state_mz(C, scale, data)
        eg = photon_dipole_mz(y, data.sm, self.matching) if need_eg else None
        bs = None
        if need_bs:
            from ..observables import bsll

            bs = bsll.bs_wet_at_mb(y, data.sm)
        return eg, bs

    def photon_dipole(self, x, data):
        """egamma at m_Z (3×3, GeV⁻¹, charged-lepton mass basis) for parameters ``x``."""
        return self.low_state(x, data)[0]

    def np_parts(self, x, data):
        """(n_obs,) new-physics parts of the observables: prediction − SM (for a_ℓ the shift, for
        branching ratios with a negligible SM part the full value)."""
        if self.direct:
            p, _ = self._split(x, data)
            pred = self.model.predictions(p)
            vals = []
            for n in self.observables:
                vals.append(pred[n] if n in pred else _bsll_from_direct(n, pred, data.bs_params))
            return jnp.stack([jnp.asarray(v, float) for v in vals])
        eg, bs = self.low_state(x, data)
        parts = {}
        if eg is not None and self._names("dipole"):
            vals = apply_forms(eg, self.forms, data.coefs)
            parts.update(zip(self._names("dipole"), vals))
        if bs is not None:
            from ..observables import bsll

            params = data.bs_params
            for n in self._names("bsll"):
                o = bsll.BSLL_OBSERVABLES[n]
                parts[n] = jnp.real(o.np(bs, params) - o.sm(params))
        if "direct" in self.kinds:
            p, _ = self._split(x, data)
            extra = self.model.predictions(p)
            for n in self._names("direct"):
                parts[n] = jnp.asarray(extra[n], float)
        return jnp.stack([jnp.asarray(parts[n], float) for n in self.observables])

    def predictions(self, x, data) -> dict:
        """SM + NP predictions of the fitted observables."""
        tot = data.sm_values + self.np_parts(x, data)
        return {n: tot[i] for i, n in enumerate(self.observables)}

    def derived(self, x, data) -> dict:
        """Model-derived quantities (e.g. ε₁₂) plus the predictions, for posteriors."""
        out = {}
        if not self.direct and ("dipole" in self.kinds):
            out.update(self.model.derived(None, self.photon_dipole(x, data)))
        out.update(self.predictions(x, data))
        return out

    def chi2_sm(self, data):
        """χ² of the Standard Model (all NP parts zero)."""
        z = data.whiten @ data.central
        return jnp.sum(z * z)

    def value_and_grad(self, x, data):
        """(nll, ∂nll/∂x). With ``fast_grad`` in closed form, otherwise ``jax.value_and_grad``.

        The closed form (:mod:`jaxalign.likelihood.closed_form`: first-order perturbation theory
        of the exact mass-basis rotation, applied to all parameter directions at once, with the
        Λ direction from the derivative of the interpolant, stored in the power basis of ln Λ, when
        Λ is free) applies to a model affine in its parameters with linear running, tree matching
        and dipole observables. Same numbers as autodiff of :meth:`nll` (tests: ≤ 1e-12 of the
        largest component) in fewer compiled kernels — for the benchmark case 8 fused kernels +
        the eigen-solver at a fixed Λ (autodiff: 38), 13 + 2 small products with a free Λ
        (autodiff: 64 + 4) —: a single call of this few-µs likelihood is dominated by kernel
        launches (benchmarks/README.md). It carries one tangent per parameter (forward mode), so
        for large batches ``vmap(jax.value_and_grad(lik.nll))`` (reverse mode, one tangent) is
        cheaper per point.
        """
        if not self.fast_grad:
            return jax.value_and_grad(self.nll)(x, data)
        return closed_form.value_and_grad(x, data, self.forms, self.free_scale)

    def nll(self, x, data):
        """−log L (χ² = 2·nll). Pure in (x, data)."""
        z = small_matmul(data.whiten, (self.np_parts(x, data) - data.central)[:, None])
        return 0.5 * jnp.sum(z * z)

    def bind(self, data) -> "BoundLikelihood":
        """Jitted functions of the parameters alone, with ``data`` fixed (compile-time constants).

        For many single-point calls (a user's own minimiser, a profile loop): passing ``data`` as
        an argument costs a Python-level flatten of the data container on every call, which
        dominates a ~10 µs likelihood; here it is closed over once. ``nll`` stays the pure
        function of (x, data) for vmapping over data or differentiating with respect to it.
        ``value_and_grad`` and ``grad`` use :meth:`value_and_grad` (closed form when
        ``fast_grad``). On CPU, single calls of a few-µs program are about twice as fast with JAX's
        async dispatch off, ``jax.config.update("jax_cpu_enable_async_dispatch", False)``, set
        before the first computation (benchmarks/README.md).
        """
        f = lambda x: self.nll(x, data)  # noqa: E731
        vg = lambda x: self.value_and_grad(x, data)  # noqa: E731
        return BoundLikelihood(
            nll=jax.jit(f),
            value_and_grad=jax.jit(vg),
            grad=jax.jit(lambda x: vg(x)[1]),
            hessian=jax.jit(jax.hessian(f)),
            predictions=jax.jit(lambda x: self.predictions(x, data)),
        )


@dataclass(frozen=True)
class BoundLikelihood:
    """:meth:`Likelihood.bind`: jitted ``nll(x)``, ``value_and_grad(x)``, ``grad(x)``,
    ``hessian(x)`` and ``predictions(x)`` with the data fixed."""

    nll: object
    value_and_grad: object
    grad: object
    hessian: object
    predictions: object


def _wc_from_direct(pred):
    """flavio b → sℓℓ coefficients among a direct model's predictions (``X`` real part, ``X_im``
    imaginary part)."""
    from ..observables import bsll

    return {k: pred[k] + 1j * pred.get(k + "_im", 0.0) for k in bsll.WC_KEYS if k in pred}


def _bsll_from_direct(name, pred, params):
    """prediction − SM of a b → sℓℓ observable from the Wilson coefficients a direct model gives."""
    from ..observables import bsll

    if name == "DeltaM_s" and "DeltaMs_ratio" in pred:  # the model gives ΔM_s/ΔM_s^SM − 1
        return pred["DeltaMs_ratio"] * params.DeltaM_s_SM
    o = bsll.BSLL_OBSERVABLES[name]
    return jnp.real(o.np(_wc_from_direct(pred), params) - o.sm(params))


def _affine_map(model, entries, lower, upper, n_samples: int = 8, seed: int = 1):
    """(c0, J) if the active entries c(x) (Re, Im pairs) of ``model.coefficients(x)`` are affine,
    c(x) = c0 + J x — checked at random points of the parameter box to 1e-12 relative —, else None."""
    cfun = lambda x: _extract(model.coefficients(x), entries)  # noqa: E731
    n = len(model.parameter_names)
    try:
        c0 = np.asarray(cfun(jnp.zeros(n)))
        J = np.asarray(jax.jacfwd(cfun)(jnp.zeros(n)))
    except Exception:  # noqa: BLE001  (a model undefined at x = 0 is simply not treated as affine)
        return None
    if J.shape != (c0.size, n) or not (np.all(np.isfinite(c0)) and np.all(np.isfinite(J))):
        return None
    rng = np.random.default_rng(seed)
    lo = np.where(np.isfinite(lower), lower, -1.0)
    hi = np.where(np.isfinite(upper), upper, 1.0)
    for _ in range(n_samples):
        x = lo + (hi - lo) * rng.uniform(size=n)
        c = np.asarray(cfun(jnp.asarray(x)))
        tol = 1e-12 * (np.max(np.abs(c), initial=0.0) + np.max(np.abs(c0), initial=0.0)) + 1e-300
        if not np.all(np.isfinite(c)) or np.max(np.abs(c - c0 - J @ x), initial=0.0) > tol:
            return None
    return c0, J


def _bs_dict(vec, keys):
    n = len(keys)
    return {k: vec[i] + 1j * vec[n + i] for i, k in enumerate(keys)}


def _bs_vector(keys):
    """Static output function for :func:`make_linear_outputs`: (Re, Im) of the b → sℓℓ NP
    coefficients at m_b, in the order of ``keys``."""
    from ..observables import bsll

    def out_fn(y_mz, sm):
        w = bsll.bs_wet_at_mb(y_mz, sm)
        z = jnp.stack([jnp.asarray(w[k], complex) for k in keys])
        return jnp.concatenate([jnp.real(z), jnp.imag(z)])

    return out_fn


def _loop_correction(y_mz, sm):
    """(Re, Im) of egamma_1loop − egamma_tree at m_Z (static output function; linear in C)."""
    from ..matching.dipole_1loop import egamma_1loop

    d = egamma_1loop(y_mz, sm) - egamma_tree(y_mz, sm)
    return jnp.concatenate([jnp.real(d).ravel(), jnp.imag(d).ravel()])


_OUT_FNS: dict = {}


def _bs_out_fn(keys):
    # one function object per key tuple, so that the jitted matrix builder is compiled once
    if keys not in _OUT_FNS:
        _OUT_FNS[keys] = _bs_vector(keys)
    return _OUT_FNS[keys]


def _whitening(constraints, names):
    """Central values (n,) and block-diagonal whitening matrix W (n, n): −log L = ½|W(x − c)|²."""
    n = len(names)
    central = np.zeros(n)
    W = np.zeros((n, n))
    i = 0
    for c in constraints:
        d = c.distribution
        m = len(c.members)
        if hasattr(d, "whiten"):
            central[i : i + m] = np.asarray(d.central)
            W[i : i + m, i : i + m] = np.asarray(d.whiten)
        else:
            central[i] = float(getattr(d, "central", 0.0))
            W[i, i] = 1.0 / float(d.sigma)
        i += m
    return jnp.asarray(central), jnp.asarray(W)


def is_direct_model(model) -> bool:
    """A model that predicts observables itself (``predictions``) instead of SMEFT coefficients."""
    flag = getattr(model, "is_direct", None)
    if flag is not None:
        return bool(flag)
    return hasattr(model, "predictions") and not hasattr(model, "coefficients")


def make_likelihood(
    model,
    sm: SMInputs,
    constraints: dict,
    *,
    scale=None,
    scale_range=None,
    running: str = "linear",
    parameter_bounds=None,
    n_nodes: int = 20,
    matching: str = "tree",
):
    """Build ``(likelihood, data)`` with ``likelihood.nll(x, data)`` pure.

    Args:
        model: a model, see :mod:`jaxalign.models`: an SMEFT model (``parameter_names``,
            ``coefficients``; optionally ``predictions`` for observables it gives directly) or a
            direct model (``parameter_names``, ``predictions``; no scale, no running).
        sm: SM inputs. constraints: name → :class:`~jaxalign.likelihood.measurements.Constraint`
            (an observable, or a correlated group of several).
        scale: fixed Λ in GeV, or None with ``scale_range`` (Λ becomes the last parameter).
        running: ``linear`` | ``ode`` | ``leadinglog``.
        parameter_bounds: (lower, upper) arrays of the model parameters, used to find which
            coefficients the model sets (linear mode).
        n_nodes: Chebyshev nodes in ln Λ for a free scale.
        matching: ``tree`` (default) or ``1loop`` matching of the lepton dipoles at m_Z
            (:mod:`jaxalign.matching.dipole_1loop`; in linear mode its correction is a further
            linear map of the model's coefficients).
    """
    require_x64()
    if running not in ("linear", "ode", "leadinglog"):
        raise ConfigError(f"running must be 'linear', 'ode' or 'leadinglog', got {running!r}.")
    if matching not in ("tree", "1loop"):
        raise ConfigError(f"matching must be 'tree' or '1loop', got {matching!r}.")
    cons = list(constraints.values())
    names = tuple(o for c in cons for o in c.members)
    if len(set(names)) != len(names):
        dup = sorted({o for o in names if names.count(o) > 1})
        raise ConfigError(f"observables {dup} are constrained twice (e.g. alone and in a correlated group).")
    kinds = tuple(info(n).kind for n in names)
    central, whiten = _whitening(cons, names)
    dip_names = tuple(n for n, k in zip(names, kinds) if k == "dipole")
    coefs, sm_dip = linear_coefficients(sm, dip_names) if dip_names else (jnp.zeros(0), jnp.zeros(0))
    sm_values = jnp.asarray([float(info(n).sm_value(sm)) if k != "dipole" else 0.0
                             for n, k in zip(names, kinds)])
    if dip_names:
        idx = [i for i, k in enumerate(kinds) if k == "dipole"]
        sm_values = sm_values.at[jnp.asarray(idx)].set(sm_dip)

    if is_direct_model(model):
        can = _direct_names(model)
        from ..observables import bsll

        if can & set(bsll.WC_KEYS):  # b → sℓℓ observables follow from the coefficients it gives
            can |= set(bsll.BSLL_OBSERVABLES) - {"DeltaM_s", "DeltaMs_ratio"}
        if "DeltaMs_ratio" in can:
            can.add("DeltaM_s")
        bad = [n for n in names if n not in can]
        if bad:
            raise ConfigError(f"model {type(model).__name__} does not predict {bad}; it predicts "
                              f"{sorted(can)}.")
        bs_params = bsll.load_bsll_params(sm) if "bsll" in kinds else None
        lik = Likelihood(model, names, "direct", False, kinds, True)
        return lik, FullData(sm, {}, coefs, sm_values, central, whiten, jnp.asarray(0.0), bs_params)

    direct_wanted = [n for n, k in zip(names, kinds) if k == "direct"]
    if direct_wanted and not set(direct_wanted) <= _direct_names(model):
        raise ConfigError(f"model {type(model).__name__} does not predict {direct_wanted}.")
    if (scale is None) == (scale_range is None):
        raise ConfigError("give exactly one of a fixed scale or a scale range (free Λ).")
    if scale_range is not None and running != "linear":
        raise ConfigError("a free scale Λ is supported with running: linear.")
    for s in ([scale] if scale is not None else list(scale_range)):
        if not float(s) >= float(sm.scale_ew):
            raise ConfigError(f"matching scale {s} GeV is below the electroweak scale {float(sm.scale_ew)} GeV.")
    bs_keys, bs_params = (), None
    if "bsll" in kinds:
        from ..observables import bsll

        shapes = jax.eval_shape(lambda: bsll.bs_wet_at_mb(_probe_state(sm), sm))
        bs_keys = tuple(sorted(shapes))
        bs_params = bsll.load_bsll_params(sm)
    lik = Likelihood(model, names, running, scale_range is not None, kinds, False, bs_keys, matching)
    scale_arr = jnp.asarray(scale if scale is not None else 0.0, float)
    if running == "linear":
        n = len(model.parameter_names)
        lo, hi = parameter_bounds if parameter_bounds is not None else (-jnp.ones(n), jnp.ones(n))
        entries = active_entries(model.coefficients, lo, hi)
        lin = make_linear_running(sm, entries, scale=scale, scale_range=scale_range, n_nodes=n_nodes)
        cw, sw, _ = weak_mixing(sm)
        consts = jnp.stack([vev_from_gf(sm.GF), cw, sw])
        fields = {"y0": lin.y0, "coeffs": lin.coeffs, "t_min": lin.t_min, "t_max": lin.t_max,
                  "consts": consts, "coefs": coefs, "sm_values": sm_values, "central": central,
                  "whiten": whiten, "scale": scale_arr}
        if bs_keys:
            J, _, _, _ = make_linear_outputs(sm, entries, _bs_out_fn(bs_keys), scale=scale,
                                             scale_range=scale_range, n_nodes=n_nodes)
            fields["bs_coeffs"] = J
        if matching == "1loop" and dip_names:
            J, _, _, _ = make_linear_outputs(sm, entries, _loop_correction, scale=scale,
                                             scale_range=scale_range, n_nodes=n_nodes)
            fields["loop_coeffs"] = J
        # closed-form value and gradient (fixed or free Λ)
        if (matching == "tree" and dip_names and set(kinds) == {"dipole"}
                and closed_form.supported(lik.forms)):
            aff = _affine_map(model, lin.entries, np.asarray(lo, float), np.asarray(hi, float))
            fast = None if aff is None else closed_form.fields(lin, consts, *aff)
            if fast is not None:
                fields.update(fast)
                lik = Likelihood(model, names, running, scale_range is not None, kinds, False, bs_keys,
                                 matching, fast_grad=True)
        return lik, LinearData.pack(fields, lin.entries, bs_params)
    sm_hi = sm_at_scale(sm, {}, scale)
    return lik, FullData(sm, sm_hi, coefs, sm_values, central, whiten, scale_arr, bs_params)


def _direct_names(model) -> set:
    """Observables a model predicts itself (its ``predictions`` keys, found by shape evaluation)."""
    names = getattr(model, "predicted_observables", None)
    if names:
        return set(names)
    if not hasattr(model, "predictions"):
        return set()
    n = len(model.parameter_names)
    try:
        return set(jax.eval_shape(model.predictions, jax.ShapeDtypeStruct((n,), jnp.float64)))
    except (NotImplementedError, AttributeError):  # a SMEFT model without direct predictions
        return set()


def _probe_state(sm):
    """An SM state at m_Z (Warsaw-down basis) with every class present: used only for shapes."""
    from ..smeft.sm_couplings import sm_couplings_ew

    y = {**sm_couplings_ew(sm, {}), **zero_coefficients(D6_CLASSES)}
    return to_warsaw_down(y, vev_from_gf(sm.GF))
