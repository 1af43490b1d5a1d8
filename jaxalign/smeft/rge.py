"""Numerical one-loop SMEFT running in JAX (diffrax), differentiable in coefficients and scales.

The state is a dict of SM couplings (``g, gp, gs, Lambda, m2, Gu, Gd, Ge``) and full-flavour
dimension-six arrays (WCxf names), evolved in t = ln μ with ``dy/dt = β(y)/(16π²)``
(:func:`jaxalign.smeft.beta.beta`). Two numerical choices matter:

* diffrax's complex support is incomplete, so the ODE state is one real vector: the SM couplings
  entry by entry (complex ones as Re, Im) and each dimension-six class through its independent
  entries only (2499 real numbers for the complete basis; :class:`_StateLayout`), whose β's alone
  are computed.
* Dimension-six coefficients are ~1e-8 GeV⁻² while SM couplings are O(1): the coefficients are
  carried in units of ``s = max|C(Λ)|`` (held fixed, so derivatives are exact), which makes one
  relative/absolute tolerance meaningful for every component.

The solver is diffrax's Dormand–Prince 8(7) tableau without its first-same-as-last stage
(:class:`_Dopri8Step`, 13 β evaluations per step; 1 TeV → m_Z is one step at the default
tolerance of :func:`run_smeft`), started with the step this smooth system accepts
(:func:`_first_step`).

:func:`run_smeft` adds the determination of the SM couplings at the input scale (from the
electroweak-scale inputs, running them up with the dimension-six corrections included, as
described in :mod:`jaxalign.smeft.sm_couplings`) and the final rotation to the WCxf
Warsaw-down basis.
"""

from __future__ import annotations

import contextlib
import functools
import sys

import diffrax
import equinox
import jax
import jax.numpy as jnp
import numpy as np
from jax.extend.core import DropVar, Var

from ..errors import check
from . import beta as _beta_mod
from .flavour_basis import to_warsaw_down
from .betas import at_representatives, check_keys, project
from .operators import SM_KEYS, class_representatives
from .sm_couplings import sm_couplings_ew, vev_from_gf

__all__ = ["evolve", "leading_log", "sm_at_scale", "run_smeft", "LOOP_FACTOR", "ADJOINTS"]

LOOP_FACTOR = 1.0 / (16.0 * jnp.pi**2)


def _split(y):
    return {
        k: (jnp.real(v), jnp.imag(v)) if jnp.iscomplexobj(v) else jnp.asarray(v, float)
        for k, v in y.items()
    }


def _merge(yr):
    return {k: (v[0] + 1j * v[1]) if isinstance(v, tuple) else v for k, v in yr.items()}


#: at most this many pieces per concatenation in :class:`_StateLayout` (XLA:CPU fuses the
#: producers of a concatenate with at most 8 operands into it, one kernel for the group)
_CONCAT_FUSE = 8


class _StateLayout:
    """The real ODE vector of :func:`evolve` and the maps between it and the state dict.

    The SM couplings enter entry by entry (complex ones as real and imaginary parts). A
    dimension-six class enters through its independent entries only
    (:func:`jaxalign.smeft.operators.class_representatives`: real parts of all, imaginary parts
    of those not real by symmetry; 2499 numbers for the complete basis instead of 4486 for the
    full arrays), and its β is computed only there (``beta(..., representatives=True)``, about
    half of the work of the four-fermion classes). Keys in the sorted (pytree) order.

    * :meth:`pack` — state (full arrays with the class symmetries) → vector;
    * :meth:`pack_beta` — β at the representatives (classes divided by ``s``) → vector, built
      with few XLA kernels (see below);
    * :meth:`unpack` — vector → state with full arrays (classes multiplied by ``s``), in one
      gather for all complex entries.

    Kernel economy on CPU (XLA fuses a concatenate with at most 8 operands with its producers;
    with more, every part becomes a kernel recomputing its key's β, twice for a complex key):
    the parts are concatenated in groups of at most 8, held apart by an optimization barrier; and
    the complex entries are rebuilt into one buffer held in memory (XLA otherwise materialises
    every ``re + i im`` read by several consumers separately).
    """

    def __init__(self, like: dict, keys6):
        self.order = tuple(jax.tree_util.tree_leaves({k: k for k in like}))
        self.keys6 = frozenset(keys6)
        self.dtypes = {k: jnp.result_type(like[k]) for k in self.order}
        self.shapes = {k: np.shape(like[k]) for k in self.order}
        self.parts = []  # (key, kind, info): kinds 'real' (n,), 'cplx' (n,), 'class' (reps)
        off = 0
        re_idx, im_idx, sign, self.cplx, self.real = [], [], [], [], []
        ncplx = 0
        for k in self.order:
            shape = self.shapes[k]
            n = int(np.prod(shape, dtype=int))
            if k in self.keys6:
                r = class_representatives(k)
                nrep, cplx_rep = len(r.flat), np.flatnonzero(~r.real)
                im_pos = np.zeros(nrep, int)
                im_pos[cplx_rep] = off + nrep + np.arange(len(cplx_rep))
                self.parts.append((k, "class", (nrep, cplx_rep)))
                if shape:
                    re_idx.append(off + r.source)
                    im_idx.append(im_pos[r.source])
                    sign.append(np.where(r.real[r.source], 0, r.sign))
                    self.cplx.append((k, ncplx, n, shape))
                    ncplx += n
                else:
                    self.real.append((k, off, 1, shape))
                off += nrep + len(cplx_rep)
            elif jnp.issubdtype(self.dtypes[k], jnp.complexfloating):
                self.parts.append((k, "cplx", n))
                re_idx.append(off + np.arange(n))
                im_idx.append(off + n + np.arange(n))
                sign.append(np.ones(n, int))
                self.cplx.append((k, ncplx, n, shape))
                ncplx += n
                off += 2 * n
            else:
                self.parts.append((k, "real", n))
                self.real.append((k, off, n, shape))
                off += n
        self.size = off
        if self.cplx:
            self.re_idx, self.im_idx = np.concatenate(re_idx), np.concatenate(im_idx)
            self.sign = np.concatenate(sign).astype(float)
            self.scaled = np.concatenate([np.full(n, k in self.keys6) for k, _, n, _ in self.cplx])

    def _vector(self, pieces):
        groups = [jnp.concatenate(pieces[i:i + _CONCAT_FUSE])
                  for i in range(0, len(pieces), _CONCAT_FUSE)]
        if len(groups) == 1:
            return groups[0]
        return jnp.concatenate(jax.lax.optimization_barrier(groups))

    def _pieces(self, values, s, factor=None):
        # a product with 1/s, not a division: a traced real s divides complex arrays by complex
        # division (~30 µs per β evaluation for the complete basis on CPU)
        inv_s = (1.0 if factor is None else factor) / s
        pieces = []
        for k, kind, info in self.parts:
            v = values[k]
            if kind == "class":
                v = jnp.reshape(v, (-1,)) * inv_s
                pieces.append(jnp.real(v))
                if len(info[1]):
                    pieces.append(jnp.imag(v)[info[1]])
            else:
                v = jnp.ravel(v) if factor is None else jnp.ravel(v) * factor
                pieces += [jnp.real(v), jnp.imag(v)] if kind == "cplx" else [jnp.real(v)]
        return pieces

    def representatives(self, y):
        """``y`` with the classes projected onto their symmetric subspace and read at their
        representatives (:func:`at_representatives`)."""
        return {k: (at_representatives(k, project(k, y[k])) if k in self.keys6 else y[k])
                for k in self.order}

    def pack(self, y_reps, s):
        """State with the classes at their representatives (:meth:`representatives`) → vector
        (classes divided by ``s``)."""
        return self._vector(self._pieces(y_reps, s))

    def pack_beta(self, dy, s, factor=None):
        """β (classes at their representatives, as from ``beta(..., representatives=True)``),
        multiplied by ``factor`` if given."""
        return self._vector(self._pieces(dy, s, factor)).astype(float)

    def unpack(self, x, s, *, barrier: bool = True):
        """Vector → state with full arrays (classes multiplied by ``s``), dtypes as the input."""
        out = {}
        for k, o, n, shape in self.real:
            v = x[o:o + n].reshape(shape)
            out[k] = (v * s if k in self.keys6 else v).astype(self.dtypes[k])
        if self.cplx:
            # scaled in real arithmetic (a complex z·s would be a complex product)
            w = jnp.where(self.scaled, s, 1.0) if self.scaled.any() else 1.0
            z = x[self.re_idx] * w + 1j * (x[self.im_idx] * (self.sign * w))
            if barrier:
                z = jax.lax.optimization_barrier(z)
            for k, o, n, shape in self.cplx:
                out[k] = z[o:o + n].reshape(shape).astype(self.dtypes[k])
        return {k: out[k] for k in self.order}


#: Dopri8 step in ln μ that the error control accepts at rtol = 1e-10 for this system (one-loop
#: SMEFT running between m_Z and 10⁵ GeV, dense and sparse points: accepted steps 1.2–1.6)
_H_REF, _RTOL_REF = 1.25, 1e-10
#: the same for the SM couplings alone (dimension-six coefficients held fixed, as in
#: sm_at_scale): a single step from m_Z is accepted at rtol 1e-8 up to 2.5 TeV (ln-span 3.31) and
#: rejected from 3 TeV (3.49) on the benchmark point, i.e. ~1.9 at 1e-10; 1.6 keeps a margin
_H_REF_SM = 1.6


def _first_step(t0, t1, rtol, h_ref=_H_REF):
    """Initial step of the adaptive solve, as a fraction of the interval (the solve runs in
    τ = (t − t0)/(t1 − t0) ∈ [0, 1]): the interval split into equal steps of at most
    h_ref·(rtol/1e-10)^(1/8) in ln μ (the error estimate of Dopri8 is O(h⁸)).

    diffrax's generic starting-step heuristic picks ~0.01 here and the controller then needs
    two or three more steps (×10 at most each) to reach the step size this smooth system allows,
    i.e. twice the right-hand-side evaluations of a well-started solve (4–5 steps instead of 2 from
    1–2 TeV to m_Z). The error control is unchanged: a too large first step is rejected and
    retried as before, every accepted step meets rtol/atol. Like diffrax's own choice, the step
    size carries no gradient.
    """
    span = t1 - t0
    h = h_ref * (rtol / _RTOL_REF) ** 0.125
    n = jnp.maximum(1.0, jnp.ceil(jnp.abs(span) / h))
    return jax.lax.stop_gradient(1.0 / n)


class _EndpointInterpolation(diffrax.LocalLinearInterpolation):
    """Linear interpolation between the ends of a step, accepting (and ignoring) the stages
    ``k`` that diffrax passes to a Runge–Kutta solver's interpolation. The solves here save the
    end point only (no dense output), so nothing evaluates it."""

    def __init__(self, *, t0, t1, y0, y1, k=None):
        del k
        self.t0, self.t1, self.y0, self.y1 = t0, t1, y0, y1


class _Dopri8Step(diffrax.AbstractERK):
    """diffrax's Dormand–Prince 8(7) without its last, first-same-as-last stage.

    ``diffrax.Dopri8`` has 14 stages; the 14th is f(t1, y1), weighted zero in both the 8th-order
    solution and the 7th-order error estimate, and evaluated only to serve as the first stage of
    the next step (and for Dopri8's dense output, not used here). Here each step evaluates its
    own first stage instead: 13 right-hand sides per step instead of 1 + 13 per solve of one step
    — the common case (1 TeV → m_Z is one step at the default rtol), where the 14th evaluation
    is wasted — and at most one more per solve of n steps (13n vs 13n + 1). The solution, error
    estimate and accepted steps are those of ``diffrax.Dopri8`` (same tableau rows; tested).
    """

    tableau = diffrax.ButcherTableau(
        c=diffrax.Dopri8.tableau.c[:-1],
        b_sol=diffrax.Dopri8.tableau.b_sol[:-1],
        b_error=diffrax.Dopri8.tableau.b_error[:-1],
        a_lower=diffrax.Dopri8.tableau.a_lower[:-1],
    )
    interpolation_cls = _EndpointInterpolation

    def order(self, terms):
        return 8

    def error_order(self, terms):
        return 7


def _wc_scale(y):
    """max |C| over the dimension-six entries (1 if there are none or all vanish); one reduction
    over all of them."""
    vals = [jnp.ravel(jnp.abs(v)) for k, v in y.items() if k not in SM_KEYS]
    if not vals:
        return jnp.array(1.0)
    m = jnp.max(jnp.concatenate(vals))
    return jax.lax.stop_gradient(jnp.where(m > 0, m, 1.0))


#: the string names of :func:`evolve`'s ``adjoint`` option
ADJOINTS = ("checkpoint", "backsolve", "forward")


def _backsolve_norm(err):
    """Error norm of the backward solve of ``"backsolve"``: RMS over the state and its adjoint
    (diffrax's default RMS norm restricted to them), without the parameter adjoints.

    The backward state is (y, a_y, a_args, a_terms); a_args = −∫ a_y·∂f/∂args dt are quadratures
    (nothing depends on them), as accurate as a_y for a given step sequence, and a component whose
    exact value vanishes by cancellation only holds rounding noise ∝ |a_y|, which no absolute
    tolerance would accept once the cotangent is large (the solve then stalls at max_steps)."""
    leaves = jax.tree_util.tree_leaves((err[0], err[1]))
    sq = sum(jnp.sum(jnp.abs(v) ** 2) for v in leaves)
    return jnp.sqrt(sq / sum(v.size for v in leaves))


def _adjoint(adjoint, rtol, atol):
    """A diffrax adjoint from :func:`evolve`'s ``adjoint`` argument (string, None or object)."""
    if adjoint is None or adjoint == "checkpoint":
        return diffrax.RecursiveCheckpointAdjoint()
    if isinstance(adjoint, str):
        if adjoint == "backsolve":
            # the backward solve: Dopri8 with the forward rtol/atol, first step and max_steps
            # (diffrax passes those on), error norm over (y, a_y) only
            return diffrax.BacksolveAdjoint(stepsize_controller=diffrax.PIDController(
                rtol=rtol, atol=atol, norm=_backsolve_norm))
        if adjoint == "forward":
            return diffrax.ForwardMode()
        raise ValueError(f"adjoint must be one of {ADJOINTS}, None or a diffrax adjoint; got {adjoint!r}.")
    if not isinstance(adjoint, diffrax.AbstractAdjoint):
        raise TypeError(f"adjoint must be one of {ADJOINTS}, None or a diffrax adjoint; got {adjoint!r}.")
    return adjoint


def _is_backsolve(adjoint) -> bool:
    return adjoint == "backsolve" or isinstance(adjoint, diffrax.BacksolveAdjoint)


@contextlib.contextmanager
def _einsum_contractions():
    """While active (during tracing), the β modules contract with ``jnp.einsum`` instead of the
    fusable :func:`jaxalign.smeft.betas.common.fein` (same values: ``fein`` is einsum written as
    broadcast products and sums of static slices).

    Only used to trace VJPs of the β's. ``fein`` is built for the forward evaluation on CPU; its
    transpose turns every broadcast into a reduction, i.e. thousands of small XLA kernels: the VJP
    of the complete β then takes minutes and GBs to compile (CPU, 2 cores: 3.6 min, 3.1 GB) and
    ~10 ms to run, against ~20 s, 0.7 GB and ~2 ms for the einsum form (with the
    :data:`REVERSE_COMPILER_OPTIONS`). Every ``jaxalign.smeft.betas`` module that holds
    ``common.fein`` under that name is switched and restored on exit; if the β code stops using
    ``fein``, this does nothing (only the compile time of reverse mode is concerned).
    """
    from .betas import common as _common

    orig = getattr(_common, "fein", None)
    if orig is None:
        yield
        return

    def _einsum(spec, *ops):
        return jnp.einsum(spec, *ops)

    pre = _common.__name__.rsplit(".", 1)[0] + "."
    mods = [m for name, m in list(sys.modules.items())
            if m is not None and (name == pre[:-1] or name.startswith(pre))
            and getattr(m, "fein", None) is orig]
    for m in mods:
        m.fein = _einsum
    try:
        yield
    finally:
        for m in mods:
            m.fein = orig


def _einsum_vjp(fn):
    """``fn(*arrays)`` (same values), whose VJP is traced under :func:`_einsum_contractions`.

    A ``jax.custom_vjp`` (reverse mode only: ``jvp`` of it raises). The primal keeps the fused
    form (it runs in the forward solve, where that form is faster); it goes through one jit, and
    so does the function that the VJP linearises (a separate jit, only ever traced inside the
    context), so that the several traces diffrax makes reuse one trace of the β's each."""
    primal, lin = jax.jit(fn), jax.jit(lambda *a: fn(*a))
    f = jax.custom_vjp(primal)

    def f_fwd(*args):
        return primal(*args), args

    def f_bwd(args, ct):
        with _einsum_contractions():
            _, vjp = jax.vjp(lin, *args)
        return vjp(ct)

    f.defvjp(f_fwd, f_bwd)
    return f


def _beta_einsum_vjp(beta_fn):
    """``beta_fn(y)`` (same values), whose VJP is traced under :func:`_einsum_contractions`, for
    the keys whose cotangent is not a symbolic zero only (as JAX's own transposition would)."""
    from jax.custom_derivatives import SymbolicZero

    def primal(y):
        return beta_fn(y)

    b = jax.custom_vjp(primal)

    def b_fwd(y):
        y = {k: v.value for k, v in y.items()}
        return primal(y), y

    def b_bwd(y, ct):
        keys = tuple(k for k, c in ct.items() if not isinstance(c, SymbolicZero))
        if not keys:
            return ({k: jnp.zeros_like(v) for k, v in y.items()},)
        with _einsum_contractions():
            _, vjp = jax.vjp(lambda z: beta_fn(z, keys), y)
        return vjp({k: ct[k] for k in keys})

    b.defvjp(b_fwd, b_bwd, symbolic_zeros=True)
    return b


def _used_invars(jaxpr) -> list[bool]:
    """Which inputs of ``jaxpr`` its outputs depend on (backward walk over the equations; an
    equation counts as reading all its inputs, so the answer may include more, never less)."""
    used = {v for v in jaxpr.outvars if isinstance(v, Var)}
    for eqn in reversed(jaxpr.eqns):
        if eqn.effects or any(isinstance(o, Var) and not isinstance(o, DropVar) and o in used
                              for o in eqn.outvars):
            used.update(v for v in eqn.invars if isinstance(v, Var))
    return [v in used for v in jaxpr.invars]


_FROZEN_USED: dict = {}


def _frozen_used(beta_fn, y0: dict, frozen: dict) -> tuple:
    """The keys of ``frozen`` that ``beta_fn(state, tuple(y0))`` reads (from its jaxpr; cached)."""
    spec = lambda d: tuple((k, jnp.shape(v), jnp.result_type(v)) for k, v in d.items())
    key = (beta_fn, spec(y0), spec(frozen))
    hit = _FROZEN_USED.get(key)
    if hit is None:
        avals = lambda d: {k: jax.ShapeDtypeStruct(jnp.shape(v), jnp.result_type(v)) for k, v in d.items()}
        keys = tuple(y0)
        closed = jax.make_jaxpr(lambda a, b: beta_fn({**a, **b}, keys))(avals(y0), avals(frozen))
        flags = _used_invars(closed.jaxpr)
        leaves, tree = jax.tree_util.tree_flatten((avals(y0), avals(frozen)))
        _, used = jax.tree_util.tree_unflatten(tree, flags)
        hit = _FROZEN_USED[key] = tuple(k for k in frozen if used[k])
    return hit


def evolve(
    y0: dict,
    t0,
    t1,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    newphys: bool = True,
    beta_fn=None,
    adjoint=None,
    max_steps: int = 4096,
    throw: bool = True,
    return_status: bool = False,
):
    """Solve dy/d ln μ = β(y)/(16π²) from ln μ = t0 to t1.

    Args:
        y0: state dict (SM couplings and dimension-six arrays, any subset the β-function knows).
        t0, t1: logarithms of the initial and final scales (GeV); may be traced.
        rtol, atol: tolerances of the adaptive Dormand–Prince 8(7) solver (:class:`_Dopri8Step`); dimension-six
            entries are measured in units of max|C(t0)| (see module doc).
        newphys: if False, the dimension-six coefficients are held constant (their β set to
            zero) while the SM couplings run with the dimension-six terms included.
        beta_fn: ``beta_fn(state, keys)`` = dy/d ln μ of ``keys`` including the loop factor
            (default :func:`jaxalign.smeft.beta.beta`).
        adjoint: how the solve is differentiated; a string or any ``diffrax`` adjoint:

            * ``None`` / ``"checkpoint"`` (default): ``diffrax.RecursiveCheckpointAdjoint``,
              reverse mode through the solver's own steps (exact derivative of the discrete
              solution). Fine for a few coefficients; for the complete basis its compilation is
              very long (> 20 min and > 9 GB on a 2-core CPU for the gradient with respect to all
              2499 inputs).
            * ``"backsolve"``: ``diffrax.BacksolveAdjoint`` with the forward solver, tolerances
              and step limit: the continuous adjoint equation is integrated backwards from t1 to
              t0 together with the state. Compiles in about a minute and needs little memory for
              any number of inputs; the gradient is that of the exact solution up to the solver
              tolerances (≈ 1e-9 relative at the defaults), not the derivative of the discrete
              solution. Reverse mode only (no ``jvp``/``jacfwd``).
            * ``"forward"``: ``diffrax.ForwardMode`` for ``jvp``/``jacfwd``.

            With ``"backsolve"``, a custom ``beta_fn`` must not close over traced arrays that are
            differentiated (pass them in the state instead).

        throw: raise at run time if the solver fails (default). With ``throw=False`` the
            compiled program has no host callback (so it can go into JAX's persistent
            compilation cache) and ``return_status=True`` returns ``(state, ok)`` for the caller
            to check.

    Returns:
        The state at t1 (same structure as ``y0``), or ``(state, ok)`` with ``return_status``.
    """
    beta_fn = _beta_mod.beta if beta_fn is None else beta_fn
    check_keys(y0)  # unknown keys: a clear error before the state layout is built
    keys6 = [k for k in y0 if k not in SM_KEYS]
    if not newphys:
        # coefficients held fixed: they are constants of the ODE, only the SM couplings evolve
        frozen = {k: y0[k] for k in keys6}
        y0 = {k: y0[k] for k in y0 if k in SM_KEYS}
        keys6 = []
    else:
        frozen = {}
    # only the held coefficients that the β's of the evolved keys read enter the ODE (the others
    # are returned unchanged): exact, and in reverse mode the unused ones get no cotangent at all
    used = _frozen_used(beta_fn, y0, frozen) if frozen else ()
    # the ODE vector: SM couplings entry by entry, the classes at their independent entries
    layout = _StateLayout(y0, keys6)
    reps0 = layout.representatives(y0)
    s = _wc_scale(reps0)  # = max|C| over the full arrays of a symmetric state
    x0 = layout.pack(reps0, s)
    # what of y0 lies outside the symmetric subspace of its class (zero for WCxf input, up to the
    # rounding of /s·s) is carried unchanged: the β's see the projected state only, and the result
    # is y0 + unpack(x1 − x0) (unpack is linear), i.e. the projected solution plus that residual
    if beta_fn is _beta_mod.beta:
        def beta_reps(y, keys):
            return _beta_mod.beta(y, keys, representatives=True)
    else:
        def beta_reps(y, keys):
            dy = beta_fn(y, keys)
            return {k: (at_representatives(k, project(k, v)) if k in layout.keys6 else v)
                    for k, v in dy.items()}

    # Everything traced that the vector field depends on (the scale s, the held coefficients)
    # enters through diffrax's ``args``, none by closure: BacksolveAdjoint differentiates only
    # with respect to y0 and args (a traced closure there raises a CustomVJPException).
    # The field is one inner jit: diffrax traces it several times (and its VJP, with
    # "backsolve"), and JAX reuses the cached trace of a jitted function instead of re-tracing
    # the complete β each time; XLA inlines it, so the compiled program is the same.
    def field(x, s_, span_, frozen_):
        # s is a fixed unit (no derivative, see _wc_scale); inside too, so that the adjoint of
        # this parameter vanishes identically in the backward solve of "backsolve"
        s_ = jax.lax.stop_gradient(s_)
        y = layout.unpack(x, s_)
        dy = beta_reps({**y, **_merge(frozen_)}, tuple(y))  # β of the evolved keys only
        return layout.pack_beta(dy, s_, span_).astype(x.dtype)  # dy/dτ = (t1 − t0) dy/dt

    # backsolve: the VJP of the field, which the adjoint equation integrates, is traced in the
    # form that compiles fast (see _einsum_contractions)
    field = _einsum_vjp(field) if _is_backsolve(adjoint) else jax.jit(field)

    def rhs(t, x, args):
        return field(x, *args)

    with _runtime_checks_as_nan(not throw):
        sol = diffrax.diffeqsolve(
            diffrax.ODETerm(rhs),
            _Dopri8Step(),
            # in τ = (t − t0)/(t1 − t0): the scales enter only through the field (args), so the
            # derivative with respect to them is that of the equation; with t0, t1 as the limits
            # of the solve, a step size held fixed (no gradient) made a single-step solve miss
            # the dependence on the end point (d/d ln Λ wrong by a factor ~2 for a one-step solve)
            t0=0.0,
            t1=1.0,
            dt0=_first_step(t0, t1, rtol, _H_REF if keys6 else _H_REF_SM),
            y0=x0,
            # real parts only: with "backsolve" the adjoint of args is part of a diffrax state
            args=(s, t1 - t0, _split({k: frozen[k] for k in used})),
            stepsize_controller=diffrax.PIDController(rtol=rtol, atol=atol),
            max_steps=max_steps,
            adjoint=_adjoint(adjoint, rtol, atol),
            throw=throw,
        )
    dy = layout.unpack(sol.ys[-1] - x0, s, barrier=False)
    y = {k: y0[k] + v for k, v in dy.items()}
    y.update(frozen)
    if return_status:
        return y, sol.result == diffrax.RESULTS.successful
    return y


@contextlib.contextmanager
def _runtime_checks_as_nan(active: bool):
    """While tracing an unchecked solve (``throw=False``): equinox's run-time checks inside diffrax
    (``eqx.error_if``) substitute NaN instead of calling back to the host.

    A host callback keeps a compiled program out of JAX's persistent compilation cache, so without
    this every process recompiled the full-basis ODE (~1.5 min on 2 cores) even with the cache on.
    The unchecked callers report failure through the solver status and a finiteness check instead
    (``jaxalign.chain``). Uses equinox's documented ``EQX_ON_ERROR=nan`` mode through its module
    setting, restored afterwards; a no-op if equinox changes that internal.
    """
    if not active:
        yield
        return
    try:
        from equinox import _errors as eqx_errors
    except ImportError:  # pragma: no cover - equinox internals moved
        yield
        return
    if not hasattr(eqx_errors, "EQX_ON_ERROR"):  # pragma: no cover
        yield
        return
    old = eqx_errors.EQX_ON_ERROR
    eqx_errors.EQX_ON_ERROR = "nan"
    # equinox reads the mode when it traces its jitted check (``branched_error_if_impl_jit``) and
    # caches that trace: a checked solve traced earlier in the process would lend its callbacks to
    # this one (and a trace made here its NaNs to a later checked solve). A jitted copy of a new
    # function object (equinox caches the traces per wrapped function), used only while the mode
    # is "nan", keeps the two apart.
    impl = getattr(eqx_errors, "branched_error_if_impl", None)
    old_jit = getattr(eqx_errors, "branched_error_if_impl_jit", None)
    if impl is not None and old_jit is not None:
        eqx_errors.branched_error_if_impl_jit = equinox.filter_jit(
            functools.wraps(impl)(lambda *a, **k: impl(*a, **k)))
    try:
        yield
    finally:
        eqx_errors.EQX_ON_ERROR = old
        if impl is not None and old_jit is not None:
            eqx_errors.branched_error_if_impl_jit = old_jit


def leading_log(y0: dict, t0, t1, *, beta_fn=None) -> dict:
    """First-order solution y(t1) = y(t0) + β(y(t0))/(16π²)·(t1 − t0) (β evaluated once).

    ``beta_fn`` returns dy/d ln μ, the loop factor included (:func:`jaxalign.smeft.beta.beta`);
    the result has the keys it returns (by default those of ``y0``).
    """
    beta_fn = _beta_mod.beta if beta_fn is None else beta_fn
    dy = beta_fn(y0)
    return {k: y0[k] + dy[k] * (t1 - t0) for k in dy}


_LOW_READS: dict = {}


def _low_scale_reads(sm, sm_state: dict, C: dict) -> frozenset:
    """The classes of ``C`` that :func:`_sm_up` reads: those :func:`sm_couplings_ew` uses and
    those the β's of the SM couplings read (both from the jaxprs; cached by shapes)."""
    aval = lambda a: jax.ShapeDtypeStruct(jnp.shape(a), jnp.result_type(a))
    spec = lambda d: tuple((k, jnp.shape(v), jnp.result_type(v)) for k, v in d.items())
    key = (jax.tree_util.tree_structure(sm), spec(sm_state), spec(C))
    hit = _LOW_READS.get(key)
    if hit is None:
        sm_av = jax.tree_util.tree_map(aval, sm)
        C_av = {k: aval(v) for k, v in C.items()}
        closed = jax.make_jaxpr(sm_couplings_ew)(sm_av, C_av)
        flags = _used_invars(closed.jaxpr)
        n_sm = len(jax.tree_util.tree_leaves(sm_av))
        _, used = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure((sm_av, C_av)), flags)
        assert len(flags) == n_sm + len(C_av)
        ew = {k for k in C if used[k]}
        hit = _LOW_READS[key] = frozenset(ew | set(_frozen_used(_beta_mod.beta, sm_state, C)))
    return hit


def _sm_only(y):
    return {k: y[k] for k in SM_KEYS}


def _sm_up(sm, C_frozen: dict, scale_in, **kw):
    """SM couplings fixed at the EW scale with C_frozen, run up to scale_in with C held fixed,
    then rotated to the Warsaw-down basis there. Returns (couplings, ok)."""
    y_ew = {**sm_couplings_ew(sm, C_frozen), **C_frozen}
    y_hi, ok = evolve(y_ew, jnp.log(sm.scale_ew), jnp.log(scale_in), newphys=False,
                      return_status=True, **kw)
    y_hi = to_warsaw_down(y_hi, vev_from_gf(sm.GF))
    return _sm_only(y_hi), ok


def sm_at_scale(sm, C_in: dict, scale_in, *, rtol: float = 1e-8, atol: float = 1e-10,
                throw: bool = True, return_status: bool = False, adjoint=None):
    """SM couplings at ``scale_in`` consistent with the EW-scale inputs in presence of ``C_in``.

    Iteration (the procedure of the reference tools, see ``reference/README``):
    1. fix the SM couplings at the EW scale with C = C_in and run them up with C held fixed;
    2. run the coefficients down to the EW scale at leading log;
    3. fix the SM couplings at the EW scale with those low-scale coefficients and run them up
       again with C held fixed.

    ``adjoint``: how the two runs are differentiated (see :func:`evolve`).
    """
    kw = dict(rtol=rtol, atol=atol, throw=throw, adjoint=adjoint)
    sm_hi, ok1 = _sm_up(sm, C_in, scale_in, **kw)
    # step 3 reads only the classes that fix the couplings at the EW scale and those the SM β's
    # read; the leading log is computed for those alone (exact; ~1/3 of the complete β)
    needed = tuple(k for k in C_in if k in _low_scale_reads(sm, sm_hi, C_in))

    def beta_needed(y, keys=needed):
        return _beta_mod.beta(y, keys)

    # (with "backsolve", reverse mode through this β evaluation is traced in the fast-compiling form)
    bfn = _beta_einsum_vjp(beta_needed) if _is_backsolve(adjoint) else beta_needed
    C_ll = leading_log({**sm_hi, **C_in}, jnp.log(scale_in), jnp.log(sm.scale_ew), beta_fn=bfn)
    out, ok2 = _sm_up(sm, C_ll, scale_in, **kw)
    return (out, ok1 & ok2) if return_status else out


def run_smeft(
    C_in: dict,
    scale_in,
    scale_out,
    sm,
    *,
    accuracy: str = "integrate",
    rotate: bool = True,
    rtol: float = 1e-7,
    atol: float = 1e-12,
    sm_in: dict | None = None,
    checked: bool = True,
    adjoint=None,
):
    """Run dimension-six coefficients from ``scale_in`` down to ``scale_out``.

    Args:
        C_in: full-flavour dimension-six arrays at ``scale_in`` in the Warsaw-down basis (GeV⁻²).
        scale_in, scale_out: GeV. Neither may lie below the EW scale of the inputs (the SMEFT
            running stops there); both may be traced.
        sm: :class:`jaxalign.inputs.SMInputs`.
        accuracy: ``"integrate"`` (numerical ODE) or ``"leadinglog"``.
        rotate: rotate the result into the Warsaw-down basis at ``scale_out``.
        rtol, atol: ODE tolerances (coefficients in units of their largest input). With the
            default rtol 1e-7 the coefficients agree with the rtol-1e-12 solution to ≤ 1.1e-6
            relative (every entry above 1e-3 of the largest of its class, classes whose largest
            entry lies below the absolute tolerance atol·max|C| excepted — e.g. the CP-odd
            bosonic classes generated at ~1e-30 GeV⁻² on the benchmark point, 7e-6 off — on the
            six complete-basis test points of tests/data/wilson_running_full.json, the benchmark
            point and a dense random point from 1, 10 and 100 TeV to m_Z; rtol 1e-8: ≤ 6.4e-7,
            where the atol limits the small classes; wilson's default integration is ~3e-6 away
            from its precise one on the benchmark point), and 1 TeV → m_Z takes a single Dopri8
            step (two with rtol 1e-8).
        sm_in: SM couplings at ``scale_in`` to use instead of :func:`sm_at_scale` (for instance
            those recorded with a reference calculation).
        checked: with True (default), a scale below the EW scale or a failed ODE solve raises at
            run time, also under jit. With False, nothing in the program calls back to Python
            (it can then be stored in JAX's persistent compilation cache) and the function
            returns ``(state, ok)``; the caller validates scales beforehand and checks ``ok``.
        adjoint: how the ODE solves (those of the SM couplings at ``scale_in`` included) are
            differentiated: ``None``/``"checkpoint"`` (default), ``"backsolve"`` (reverse mode
            with respect to many inputs, e.g. ``jax.grad`` with respect to the whole basis: fast
            to compile, low memory) or ``"forward"`` (``jvp``/``jacfwd``); see :func:`evolve`.

    Returns:
        dict of SM couplings and coefficients at ``scale_out`` (or ``(dict, ok)``, see ``checked``).
    """
    if accuracy not in ("integrate", "leadinglog"):
        raise ValueError(f"accuracy must be 'integrate' or 'leadinglog', got {accuracy!r}.")
    scale_in = jnp.asarray(scale_in, float)
    scale_out = jnp.asarray(scale_out, float)
    if checked:
        scale_in = check(scale_in, scale_in < sm.scale_ew * (1 - 1e-9),
                         "SMEFT input scale below the electroweak scale")
        scale_out = check(scale_out, scale_out < sm.scale_ew * (1 - 1e-9),
                          "SMEFT output scale below the electroweak scale")
    C_in = {k: jnp.asarray(v, complex) for k, v in C_in.items()}
    ok = jnp.array(True)
    if sm_in is None:
        sm_in, ok = sm_at_scale(sm, C_in, scale_in, throw=checked, return_status=True, adjoint=adjoint)
    y0 = {**sm_in, **C_in}
    t0, t1 = jnp.log(scale_in), jnp.log(scale_out)
    if accuracy == "integrate":
        y1, ok1 = evolve(y0, t0, t1, rtol=rtol, atol=atol, throw=checked, return_status=True,
                         adjoint=adjoint)
        ok = ok & ok1
    else:
        y1 = leading_log(y0, t0, t1)
    if rotate:
        y1 = to_warsaw_down(y1, vev_from_gf(sm.GF))
    return y1 if checked else (y1, ok)
