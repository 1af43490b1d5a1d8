"""Shared pieces of the one-loop SMEFT β-functions: conventions, group theory, Yukawa helpers.

Conventions (WCxf / wilson; the papers [JMT1] arXiv:1308.2627, [JMT2] arXiv:1310.4838,
[AJMT] arXiv:1312.2014 use others, translated in each module):

* ``L ⊃ −[(Ge)_pr l̄_p e_r H + (Gd)_pr q̄_p d_r H + (Gu)_pr q̄_p u_r H̃] + h.c.``, H̃ = iσ²H*,
  so the [JMT] Yukawa matrices are Y_ψ = G_ψ† (e.g. [JMT] ``C Y_u`` ↔ ``Σ_st C_prst Gu*_st``);
* ``V = −m2 H†H + (Lambda/2)(H†H)²``: λ_JMT = Lambda/2, m²_JMT = m2;
* ``D = ∂ + i g' Y B + i g τ/2 W + i g_s T G`` (the [JMT] sign), ε₁₂ = +1;
* ``L = Σ C_i O_i (+ h.c. for non-Hermitian O_i)`` summed over *all* flavour indices; each class
  is one full flavour array in WCxf index order (``lequ3_2233`` ↔ ``lequ3[1, 1, 2, 2]``), filled
  with all its symmetric orderings (see :mod:`jaxalign.smeft.operators`); dimension six in GeV⁻².

Every β function here returns β̂ with dC/d ln μ = β̂/(16π²) (no loop factor).

The state handed to a β function is a dict ``C`` with the SM couplings ``g, gp, gs, Lambda, m2``
(real scalars), ``Gu, Gd, Ge`` (complex 3×3) and all 59 baryon-number-conserving Warsaw classes:
real scalars (0-d float arrays) for the bosonic classes, complex arrays for the flavoured ones.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
from jax import lax

# --- group theory and hypercharges ([AJMT] Sec. 2 notation) ---------------------------------
N_C = 3  # colours
N_G = 3  # generations
C_F2, C_A2 = 3.0 / 4.0, 2.0  # SU(2): Casimir of the doublet, of the adjoint
C_F3, C_A3 = 4.0 / 3.0, 3.0  # SU(3)
Y_H, Y_L, Y_E, Y_Q, Y_U, Y_D = 0.5, -0.5, -1.0, 1.0 / 6.0, 2.0 / 3.0, -1.0 / 3.0
# One-loop gauge β coefficients, dg_i/d ln μ = −b_{0,i} g_i³/(16π²) ([AJMT] Sec. 2):
B0_1 = -1.0 / 6.0 - 20.0 / 9.0 * N_G  # = −41/6
B0_2 = 43.0 / 6.0 - 4.0 / 3.0 * N_G  # = 19/6
B0_3 = 11.0 - 4.0 / 3.0 * N_G  # = 7


def dag(a):
    """Hermitian conjugate of a matrix (last two axes)."""
    return jnp.conj(jnp.swapaxes(a, -1, -2))


def ein(spec, *ops):
    """``jnp.einsum`` with an optimal contraction order."""
    return jnp.einsum(spec, *ops, optimize="optimal")


@dataclass(frozen=True)
class Yuk:
    """Yukawa matrices and the recurring combinations built from them (G notation).

    γ_H = Tr[N_c Gu Gu† + N_c Gd Gd† + Ge Ge†] is the Higgs wave-function term ([JMT2] γ_H^(Y));
    Γ_q = ½(Gu Gu† + Gd Gd†), Γ_u = Gu† Gu, Γ_d = Gd† Gd, Γ_l = ½ Ge Ge†, Γ_e = Ge† Ge are the
    fermion wave-function matrices (field anomalous dimensions), acting on the index of the
    corresponding field.
    """

    Gu: jnp.ndarray
    Gd: jnp.ndarray
    Ge: jnp.ndarray

    @property
    def gamma_H(self):
        return jnp.real(N_C * jnp.trace(self.Gu @ dag(self.Gu))
                        + N_C * jnp.trace(self.Gd @ dag(self.Gd))
                        + jnp.trace(self.Ge @ dag(self.Ge)))

    @property
    def Gam_q(self):
        return 0.5 * (self.Gu @ dag(self.Gu) + self.Gd @ dag(self.Gd))

    @property
    def Gam_u(self):
        return dag(self.Gu) @ self.Gu

    @property
    def Gam_d(self):
        return dag(self.Gd) @ self.Gd

    @property
    def Gam_l(self):
        return 0.5 * self.Ge @ dag(self.Ge)

    @property
    def Gam_e(self):
        return dag(self.Ge) @ self.Ge


def ffwf(C, G_a, G_b, G_c, G_d):
    """Wave-function part of a ψ⁴ coefficient C_prst (ψ̄_p ψ_r)(ψ̄_s ψ_t): Γ acts from the left on
    the barred indices p, s and from the right on r, t ([JMT2])."""
    return (ein("pv,vrst->prst", G_a, C) + ein("vr,pvst->prst", G_b, C)
            + ein("sv,prvt->prst", G_c, C) + ein("vt,prsv->prst", G_d, C))


#: 3×3 identity (numpy constant, so that it is not created inside a trace).
I3 = np.eye(3)


def hc4(a):
    """Hermitian partner of a (ψ̄ψ)(χ̄χ) coefficient or contribution: a'_prst = conj(a_rpts)."""
    return jnp.conj(jnp.transpose(a, (1, 0, 3, 2)))


def _perm(a, order):
    return jnp.transpose(a, order)


def project(name: str, a):
    """Project a flavour array onto the symmetric subspace of its Warsaw class.

    The Lagrangian (sum over all flavour indices) depends only on this projection, so it is the
    physical part of a β function: real part for the bosonic classes, Hermitian part for
    ``hermitian2``, and for four-fermion classes the average over the orderings related by the
    class symmetries (``identical_pair``: C_prst = C_stpr; ``ee``: also C_prst = C_ptsr; conjugate
    pairs C_rpts = C_prst*), as in :mod:`jaxalign.smeft.operators`.
    """
    from ..operators import WARSAW_CLASSES

    sym = WARSAW_CLASSES[name]
    if sym == "real0":
        return jnp.real(a)
    if sym == "general2" or sym == "general4":
        return a
    if sym == "hermitian2":
        return 0.5 * (a + dag(a))
    real_orbit = [(0, 1, 2, 3)]
    if sym in ("identical_pair", "ee"):
        real_orbit.append((2, 3, 0, 1))
    if sym == "ee":
        real_orbit += [(0, 3, 2, 1), (2, 1, 0, 3)]
    terms = [_perm(a, o) for o in real_orbit]
    # conjugate partner: C_rpts = C_prst*  ->  a'_prst = conj(a_rpts)
    terms += [hc4(t) for t in terms]
    return sum(terms) / len(terms)


# --- fused (dot-free) contractions -------------------------------------------------------------
# On CPU, XLA runs every dot_general as its own kernel call ("thunk", ~1 µs of overhead each),
# and the flavour contractions here are tiny (3×3 matrices on 3⁴ arrays). Writing a contraction
# as broadcasting products plus explicit sums of static slices (no dot, no reduce) lets XLA fuse
# it with the surrounding elementwise work into one loop. Used by the four-fermion modules.


def fein(spec, *ops):
    """``jnp.einsum(spec, *ops)`` (explicit ``->`` form, no ellipsis) as fusable elementwise code.

    Repeated indices within one operand are handled as diagonals (traces); every index summed
    over is unrolled into a sum of static slices of one broadcast product.
    """
    ins, out = spec.replace(" ", "").split("->")
    terms = ins.split(",")
    if len(terms) > 2:
        # contract pairwise, starting from the largest operand (a 3⁴ array with matrices
        # attached one by one costs 3 multiply-adds per index instead of 3^k per element)
        order = sorted(range(len(terms)), key=lambda i: -len(terms[i]))
        sub, acc = terms[order[0]], ops[order[0]]
        for n, i in enumerate(order[1:]):
            rest = "".join(terms[j] for j in order[2 + n:]) + out
            keep = "".join(dict.fromkeys(c for c in sub + terms[i] if c in rest))
            acc = fein(f"{sub},{terms[i]}->{keep}", acc, ops[i])
            sub = keep
        return fein(f"{sub}->{out}", acc) if sub != out else acc
    arrs, subs = [], []
    for sub, a in zip(ins.split(","), ops):
        a = jnp.asarray(a)
        while len(set(sub)) < len(sub):  # diagonal of a repeated index (trace)
            ch = next(c for c in sub if sub.count(c) > 1)
            i, j = sub.index(ch), sub.index(ch, sub.index(ch) + 1)
            a = jnp.stack([lax.index_in_dim(lax.index_in_dim(a, w, j, keepdims=False), w, i,
                                            keepdims=False) for w in range(a.shape[i])], axis=-1)
            sub = sub.replace(ch, "") + ch
        arrs.append(a)
        subs.append(sub)
    summed = []
    for sub in subs:
        summed += [c for c in sub if c not in out and c not in summed]
    full = out + "".join(summed)
    dims = {c: n for sub, a in zip(subs, arrs) for c, n in zip(sub, a.shape)}
    prod = None
    for sub, a in zip(subs, arrs):
        order = sorted(range(len(sub)), key=lambda i: full.index(sub[i]))
        if order != list(range(len(sub))):
            a = jnp.transpose(a, order)
        a = a.reshape([dims[c] if c in sub else 1 for c in full])
        prod = a if prod is None else prod * a
    prod = jnp.broadcast_to(prod, [dims[c] for c in full])
    if not summed:
        return prod
    k = int(np.prod([dims[c] for c in summed]))
    prod = prod.reshape([dims[c] for c in out] + [k])
    res = lax.index_in_dim(prod, 0, len(out), keepdims=False)
    for w in range(1, k):
        res = res + lax.index_in_dim(prod, w, len(out), keepdims=False)
    return res


def ffwf_f(C, G_a, G_b, G_c, G_d):
    """:func:`ffwf` written with :func:`fein` (fusable)."""
    return (fein("pv,vrst->prst", G_a, C) + fein("vr,pvst->prst", G_b, C)
            + fein("sv,prvt->prst", G_c, C) + fein("vt,prsv->prst", G_d, C))


def outer(a, b):
    """a_pr b_st (fusable broadcast)."""
    return a[:, :, None, None] * b[None, None, :, :]


def materialize(*arrays):
    """Return ``arrays`` unchanged, but each computed once into memory.

    XLA fuses cheap producers into every consumer and re-evaluates them per output element: a 3×3
    matrix built from traces of several ψ⁴ classes and then broadcast over a 3⁴ array, or a
    Yukawa-dressed 3⁴ array read at several index orders (e.g. ``X + hc4(X)``) or by several
    targets, would be recomputed for each use. Holding them in memory stops that. Done with
    :func:`keep` (fused groups behind an optimization barrier, values bit-for-bit those of the
    inputs); until session 15 it was one product with the identity (a small dot kernel per call),
    which gave the same values for finite entries and made the complete β ~5 % slower on CPU
    (benchmarks/README.md). The arrays are promoted to one dtype. Returns a tuple (or the array
    itself for one argument).
    """
    return keep(*arrays)


class YukF:
    """The Yukawa products of :class:`Yuk` for the fused code: ``Gam_q, Gam_u, Gam_d, Gam_l,
    Gam_e`` (same definitions) and ``GuGud = Gu Gu†, GdGdd = Gd Gd†, GeGed = Ge Ge†``, all built
    with :func:`fein` and held together by one :func:`materialize` (instead of one dot each)."""

    def __init__(self, Y: Yuk):
        Gu, Gd, Ge = Y.Gu, Y.Gd, Y.Ge
        uu = fein("ik,jk->ij", Gu, jnp.conj(Gu))
        dd = fein("ik,jk->ij", Gd, jnp.conj(Gd))
        ee = fein("ik,jk->ij", Ge, jnp.conj(Ge))
        (self.GuGud, self.GdGdd, self.GeGed, self.Gam_q, self.Gam_u, self.Gam_d, self.Gam_l,
         self.Gam_e) = materialize(uu, dd, ee, 0.5 * (uu + dd), fein("ki,kj->ij", jnp.conj(Gu), Gu),
                                   fein("ki,kj->ij", jnp.conj(Gd), Gd), 0.5 * ee,
                                   fein("ki,kj->ij", jnp.conj(Ge), Ge))


def yukf(Y: Yuk) -> YukF:
    """:class:`YukF` of ``Y``, built once per ``Y`` instance (cached on ``Y``, see :func:`once`)."""
    hit = Y.__dict__.get("_yukf")
    if hit is not None:
        return hit
    f = YukF(Y)
    object.__setattr__(Y, "_yukf", f)
    return f


def once(Y: Yuk, C: dict, key, fn):
    """``fn()``, evaluated once per ``(Y, C, key)`` and cached on the ``Y`` instance.

    For pieces shared by several β functions of one family (penguin sums, common blocks of a
    singlet/octet pair): the assembly (:func:`jaxalign.smeft.betas.beta_hat`) builds a fresh ``Y``
    for every evaluation and calls every β function with it and the same ``C``, so a shared piece
    is traced once (XLA would merge copies at run time, but each copy costs trace and compile
    time: without this the full β compiles 3× slower). Contract: a ``Y`` must not be reused across
    different JAX traces; the entry is reused only while ``C`` holds the very same value objects.
    """
    memo = Y.__dict__.get("_once")
    if memo is None:
        memo = {}
        object.__setattr__(Y, "_once", memo)
    vals = tuple(C.values())
    hit = memo.get((key, id(C)))
    if hit is not None and len(hit[0]) == len(vals) and all(a is b for a, b in zip(hit[0], vals)):
        return hit[1]
    out = fn()
    memo[(key, id(C))] = (vals, out)
    return out


def shared(fn):
    """Decorator for a piece ``fn(C, Y, *args)`` shared by several β functions: evaluated once
    per ``(Y, C, args)`` (:func:`once`)."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(C, Y, *args):
        return once(Y, C, (key,) + args, lambda: fn(C, Y, *args))

    return wrapper


# --- helpers of the assembly and of the non-four-fermion modules ------------------------------
#: arrays per fused buffer in :func:`keep` (XLA:CPU fuses the producers of a concatenate with at
#: most 8 operands into it: one kernel per group)
KEEP_GROUP = 8


def keep(*arrays):
    """Return ``arrays`` unchanged, but each computed once into memory (like :func:`materialize`).

    The arrays are raveled and concatenated in groups of at most :data:`KEEP_GROUP` (one fused
    XLA kernel per group computes all of its arrays), and the group buffers pass through one
    ``lax.optimization_barrier``, which stops XLA from fusing (and so re-evaluating) the
    expressions into their consumers. Unlike :func:`materialize` there is no dot kernel and no
    restriction on the sizes; the values are bit-for-bit those of the inputs. The arrays are
    promoted to one dtype. Returns a tuple (or the array itself for one argument).
    """
    arrays = [jnp.asarray(a) for a in arrays]
    dt = jnp.result_type(*arrays)
    groups, layout = [], []
    for i in range(0, len(arrays), KEEP_GROUP):
        chunk = arrays[i:i + KEEP_GROUP]
        groups.append(jnp.concatenate([a.astype(dt).ravel() for a in chunk]))
        layout.append(chunk)
    groups = lax.optimization_barrier(groups)
    out = []
    for buf, chunk in zip(groups, layout):
        j = 0
        for a in chunk:
            out.append(buf[j:j + a.size].reshape(a.shape))
            j += a.size
    return out[0] if len(out) == 1 else tuple(out)


def mm(*mats):
    """Matrix product ``a @ b @ …`` of 3×3 matrices, left to right, as fusable code (:func:`fein`)."""
    out = mats[0]
    for m in mats[1:]:
        out = fein("ij,jk->ik", out, m)
    return out


def ftr(a):
    """Tr a (fusable)."""
    return fein("ii->", a)


def ftrp(a, b):
    """Tr(a b) of two 3×3 matrices (fusable)."""
    return fein("ij,ji->", a, b)


class YukX:
    """Further Yukawa products for the fused code (on top of :class:`YukF`, whose products they
    reuse): ``GuGudGu = Gu Gu† Gu``, ``GdGddGd``, ``GeGedGe``, ``GddGu = Gd† Gu``, computed together
    by one :func:`keep`, and the (fused) scalar ``gamma_H`` (same definition as :attr:`Yuk.gamma_H`).
    """

    def __init__(self, Y: Yuk):
        f = yukf(Y)
        self.f = f
        self.GuGudGu, self.GdGddGd, self.GeGedGe, self.GddGu = keep(
            mm(f.GuGud, Y.Gu), mm(f.GdGdd, Y.Gd), mm(f.GeGed, Y.Ge), mm(dag(Y.Gd), Y.Gu))

    @property
    def gamma_H(self):
        f = self.f
        return jnp.real(N_C * ftr(f.GuGud) + N_C * ftr(f.GdGdd) + ftr(f.GeGed))


def yukx(Y: Yuk) -> YukX:
    """:class:`YukX` of ``Y``, built once per ``Y`` instance (cached on ``Y``)."""
    hit = Y.__dict__.get("_yukx")
    if hit is not None:
        return hit
    x = YukX(Y)
    object.__setattr__(Y, "_yukx", x)
    return x
