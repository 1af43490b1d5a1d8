"""Flavour rotations and the WCxf 'Warsaw-down' basis.

WCxf's ``SMEFT.Warsaw`` basis is defined at each scale by the mass matrices
``M_f = (v/√2)(G_f − (v²/2) C_fphi)``: ``M_e`` and ``M_d`` diagonal, real and positive, and
``M_u = V† diag(m_u, m_c, m_t)`` with V the CKM matrix in the standard phase convention.
After running, the fields are rotated back into this basis; this is an exact, differentiable
diagonalisation (Hermitian eigen-decomposition of ``M M†``), of which ALIGN eqs. (3.19)–(3.20)
are the small-angle limit.

Field transformations ``ψ = U ψ'`` act on a coefficient index belonging to a barred field as
``U†`` from the left and on an unbarred one as ``U`` from the right, e.g. for
``(l̄_p e_r)``: ``C' = U_l† C U_e``.

Phase conventions. Leptons (neutrinos massless): the common rephasing of each generation
(l_i, e_i) does not change any observable, but it changes the phases of off-diagonal
coefficients. To compare key by key with wilson, the output follows the reference tools: the
"PMNS matrix" U = U_l† (with U_ν = 1) is brought to the PDG standard form by rephasing its rows,
which fixes the third column (U_e3 e^{iδ}, U_μ3, U_τ3) real and positive; mixing angles below
1e-7 are treated as zero, and then the rows are fixed by the elements that remain (see
:func:`_pmns_row_phases`). A flavour-diagonal input stays untouched (diag(U_l) real positive). Quarks: the CKM matrix is brought
to the standard parametrisation (V_ud, V_us, V_cb, V_tb real and positive and the remaining
phase as in the PDG form) by rephasing u_L/u_R and q/d_R.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


__all__ = ["FIELDS", "rotate", "diagonalise", "to_warsaw_down", "mass_matrices"]

# Field content of each class index: (field, barred). For BNV operators every field is
# unbarred (ψ^T C ψ bilinears).
_L = {
    "ephi": "le", "eW": "le", "eB": "le",
    "uphi": "qu", "uG": "qu", "uW": "qu", "uB": "qu",
    "dphi": "qd", "dG": "qd", "dW": "qd", "dB": "qd",
    "phiud": "ud",
    "phil1": "ll", "phil3": "ll", "phie": "ee", "phiq1": "qq", "phiq3": "qq",
    "phiu": "uu", "phid": "dd",
    "ll": "llll", "qq1": "qqqq", "qq3": "qqqq", "uu": "uuuu", "dd": "dddd", "ee": "eeee",
    "lq1": "llqq", "lq3": "llqq", "eu": "eeuu", "ed": "eedd", "le": "llee", "lu": "lluu",
    "ld": "lldd", "qe": "qqee", "qu1": "qquu", "qu8": "qquu", "qd1": "qqdd", "qd8": "qqdd",
    "ud1": "uudd", "ud8": "uudd",
    "ledq": "ledq", "lequ1": "lequ", "lequ3": "lequ", "quqd1": "quqd", "quqd8": "quqd",
}
FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    # bilinears alternate barred/unbarred: ψ̄_p χ_r (ψ̄_s χ_t)
    k: tuple((f, i % 2 == 0) for i, f in enumerate(v))
    for k, v in _L.items()
}
FIELDS.update({k: tuple((f, False) for f in k[:4]) for k in ("duql", "qque", "qqql", "duue")})
FIELDS["llphiphi"] = (("l", False), ("l", False))
FIELDS["Ge"] = (("l", True), ("e", False))
FIELDS["Gd"] = (("q", True), ("d", False))
FIELDS["Gu"] = (("q", True), ("u", False))

_LETTERS = "abcd"


def _index_matrix(U, f, barred):
    """The matrix m with C'_..z.. = Σ_a C_..a.. m_az for an index of field ``f`` (None: no rotation)."""
    u = U.get(f)
    if u is None:
        return None
    return u.conj() if barred else u  # barred: (U†)_{pa} = conj(U)_{ap}; unbarred: U_{br}


def _rotate_one(C, fields, U):
    for pos, (f, barred) in enumerate(fields):
        m = _index_matrix(U, f, barred)
        if m is None:
            continue
        idx_in = _LETTERS[: C.ndim]
        idx_out = idx_in[:pos] + "z" + idx_in[pos + 1 :]
        C = jnp.einsum(f"{idx_in},{idx_in[pos]}z->{idx_out}", C, m)
    return C


def rotate(y: dict, U: dict) -> dict:
    """Apply the field rotations ``U = {"l": U_l, "e": U_e, "q": U_q, "u": U_u, "d": U_d}``.

    Keys of ``y`` without flavour indices (gauge couplings, bosonic operators) are unchanged.
    The same contraction as index by index (:func:`_rotate_one`), organised for few XLA kernels:
    the 3×3 arrays are stacked and rotated as ``L^T C R`` in one batched product, the 3⁴ arrays
    as 9×9 matrices between Kronecker products of the index rotations (two batched products
    for all of them), instead of one small dot per index and class (~150 kernels for the
    complete basis).
    """
    out = dict(y)
    groups: dict[int, list] = {2: [], 4: []}
    for k, C in y.items():
        if k in FIELDS and getattr(C, "ndim", 0) > 0:
            fields = FIELDS[k]
            if C.ndim in groups and len(fields) == C.ndim:
                groups[C.ndim].append(k)
            else:
                out[k] = _rotate_one(C, fields, U)

    def index_matrix(f, barred):
        m = _index_matrix(U, f, barred)
        return jnp.eye(3, dtype=complex) if m is None else m

    if groups[2]:
        ks = groups[2]
        Cs = jnp.stack([jnp.asarray(y[k], complex) for k in ks])
        L = jnp.stack([index_matrix(*FIELDS[k][0]) for k in ks])
        R = jnp.stack([index_matrix(*FIELDS[k][1]) for k in ks])
        rot = jnp.einsum("naz,nab,nbw->nzw", L, Cs, R)
        for i, k in enumerate(ks):
            out[k] = rot[i].astype(jnp.result_type(y[k], complex))
    if groups[4]:
        ks = groups[4]
        Cs = jnp.stack([jnp.asarray(y[k], complex).reshape(9, 9) for k in ks])

        def kron(a, b):  # K_{(ab),(zy)} = a_az b_by
            return jnp.einsum("az,by->abzy", a, b).reshape(9, 9)

        K1 = jnp.stack([kron(index_matrix(*FIELDS[k][0]), index_matrix(*FIELDS[k][1])) for k in ks])
        K2 = jnp.stack([kron(index_matrix(*FIELDS[k][2]), index_matrix(*FIELDS[k][3])) for k in ks])
        rot = jnp.einsum("nij,nik,nkl->njl", K1, Cs, K2)
        for i, k in enumerate(ks):
            out[k] = rot[i].reshape(3, 3, 3, 3).astype(jnp.result_type(y[k], complex))
    return out


@jax.jit
def small_matmul(a, b):
    """3×3 (or small) matrix product as broadcast-multiply-sum: XLA:CPU fuses it with its
    neighbours instead of emitting a separate Eigen dot call (a single likelihood call is dominated
    by per-kernel overhead, not arithmetic: value + gradient 29 → 26 µs). Jitted so that eager
    code (tests, check_grads) dispatches one compiled call, not four primitives."""
    return jnp.sum(a[..., :, :, None] * b[..., None, :, :], axis=-2)


@jax.custom_jvp
def diagonalise(M):
    """Exact bi-unitary diagonalisation ``M = U_L diag(m) U_R†`` with ascending m ≥ 0.

    Uses the Hermitian eigen-decomposition of ``M M†`` and fixes the phases by taking diag(U_L)
    real positive. The derivative is the closed-form first-order perturbation theory of the
    singular value decomposition (non-degenerate masses), registered as a custom JVP: it is exact
    and much cheaper than differentiating through the eigen-solver (reverse mode by transposition).
    """
    H = small_matmul(M, M.conj().T)
    H = 0.5 * (H + H.conj().T)
    m2, UL = jnp.linalg.eigh(H)
    d = jnp.diagonal(UL)
    UL = UL * (jnp.conj(d) / jnp.abs(d))[None, :]
    m = jnp.sqrt(jnp.clip(m2, 0.0))
    UR = small_matmul(M.conj().T, UL) / m[None, :]
    return UL, m, UR


@diagonalise.defjvp
def _diagonalise_jvp(primals, tangents):
    (M,), (dM,) = primals, tangents
    UL, m, UR = diagonalise(M)
    # dP = A S + dS − S B with A = U_L†dU_L, B = U_R†dU_R anti-Hermitian
    dP = small_matmul(small_matmul(UL.conj().T, dM), UR)
    mi, mj = m[:, None], m[None, :]
    off = ~jnp.eye(m.shape[0], dtype=bool)
    den = jnp.where(off, mj**2 - mi**2, 1.0)
    A = jnp.where(off, (mj * dP + mi * dP.T.conj()) / den, 0.0)
    B = jnp.where(off, (mi * dP + mj * dP.T.conj()) / den, 0.0)
    dm = jnp.real(jnp.diagonal(dP))
    # diagonal of A fixed by the phase convention Im (U_L)_ii = 0, then B_ii from Im dP_ii
    a = -jnp.imag(jnp.einsum("ik,ki->i", UL, A)) / jnp.real(jnp.diagonal(UL))
    A = A + jnp.diag(1j * a)
    B = B + jnp.diag(1j * (a - jnp.imag(jnp.diagonal(dP)) / m))
    return (UL, m, UR), (small_matmul(UL, A), dm, small_matmul(UR, B))


def mass_matrices(y: dict, v):
    """Fermion mass matrices ``(v/√2)(G_f − (v²/2) C_fphi)`` for e, d, u."""

    def mm(G, Cname):
        C = y.get(Cname)
        return v / jnp.sqrt(2.0) * (G - (0.0 if C is None else C) * v**2 / 2.0)

    return mm(y["Ge"], "ephi"), mm(y["Gd"], "dphi"), mm(y["Gu"], "uphi")


def _ckm_standard_phases(V):
    """Diagonal phases (P_u, P_d) such that P_u† V P_d is in the standard PDG phase convention."""
    a = jnp.abs(V)
    s13 = a[0, 2]
    c13 = jnp.sqrt(1 - s13**2)
    s12, s23 = a[0, 1] / c13, a[1, 2] / c13
    c12, c23 = jnp.sqrt(1 - s12**2), jnp.sqrt(1 - s23**2)
    # rephasing invariant: δ from arg(−V_ud V_cb V_ub* V_cd*) = arg(... standard form ...)
    J = V[0, 0] * V[1, 2] * jnp.conj(V[0, 2]) * jnp.conj(V[1, 0])
    # in the standard form −V_ud V_cb V_ub* V_cd* = c12 c13² s23 s13 e^{iδ}(s12c23 + c12s23s13e^{−iδ});
    # solve for δ by fixed-point steps from arg(−J) (the s13 term is a 1e-3 correction)
    delta = jnp.angle(-J)
    for _ in range(4):
        corr = jnp.angle(s12 * c23 + c12 * s23 * s13 * jnp.exp(-1j * delta))
        delta = jnp.angle(-J) - corr
    ed = jnp.exp(1j * delta)
    Vstd = jnp.array(
        [
            [c12 * c13, s12 * c13, s13 / ed],
            [-s12 * c23 - c12 * s23 * s13 * ed, c12 * c23 - s12 * s23 * s13 * ed, s23 * c13],
            [s12 * s23 - c12 * c23 * s13 * ed, -c12 * s23 - s12 * c23 * s13 * ed, c23 * c13],
        ]
    )
    # Vstd_ij = e^{-iα_i} V_ij e^{iβ_j}: take α_1 = 0, β from row 1, α_2,3 from column 3
    beta = jnp.angle(Vstd[0]) - jnp.angle(V[0])
    alpha = jnp.angle(V[:, 2]) + beta[2] - jnp.angle(Vstd[:, 2])
    alpha = alpha.at[0].set(0.0)
    return jnp.exp(1j * alpha), jnp.exp(1j * beta)


_SMALL = 1e-7  # mixing angles below this are treated as zero by the phase convention


def _pmns_row_phases(U):
    """Row phases δ_i bringing the unitary U (= U_l†) to the PDG standard form (see module doc).

    Generic case: δ_1 = arg(e^{iδ} U_e3), δ_2 = arg U_μ3, δ_3 = arg U_τ3, with δ the Dirac phase
    from the rephasing invariant U_e1* U_e3 U_τ1 U_τ3*. If some mixing angles vanish (< 1e-7) the
    standard form leaves rows free and the largest remaining element fixes them:
    s12 = 0: δ_1 = arg U_e1 (s13 = 0) or arg U_e3, and δ_2,3 = arg U_μμ, arg U_ττ (s23 = 0) or
    arg U_μ3, arg U_τ3; s13 = 0: δ_1 = arg U_e2, δ_2,3 = arg U_μμ, arg U_ττ (s23 = 0), or the
    first row through the Majorana-like phase of the τ row otherwise; s23 = 0: δ_1 = arg U_e3,
    δ_2 = arg(e^{iφ2/2} U_μμ), δ_3 = arg U_ττ. Angles with cos θ → 0 do not occur for the charged
    leptons and are handled by the generic case. Piecewise smooth (differentiable away from
    the thresholds).
    """
    # |z| and arg z written to have finite derivatives at z = 0 (entries that vanish exactly for
    # flavour-diagonal inputs; NaN gradients of unselected branches would leak through jnp.where)
    a = jnp.sqrt(jnp.real(U) ** 2 + jnp.imag(U) ** 2 + 1e-300)
    s13 = a[0, 2]
    c13 = jnp.sqrt(jnp.clip(1 - s13**2, 1e-300))
    t12 = jnp.arctan2(a[0, 1], a[0, 0])
    t23 = jnp.arctan2(a[1, 2], a[2, 2])
    s12, c12, s23, c23 = jnp.sin(t12), jnp.cos(t12), jnp.sin(t23), jnp.cos(t23)
    def arg(z):
        nz = jnp.abs(jnp.real(z)) + jnp.abs(jnp.imag(z)) > 0
        z = jnp.where(nz, z, 1.0)
        return jnp.where(nz, jnp.angle(z), 0.0)

    # generic case
    safe = lambda x: jnp.where(x > _SMALL, x, 1.0)  # noqa: E731
    inv = U[0, 0].conj() * U[0, 2] * U[2, 0] * U[2, 2].conj()
    delta = -arg((inv / (c12 * c13**2 * c23 * safe(s13)) + c12 * c23 * s13) / (safe(s12) * safe(s23)))
    generic = jnp.stack([arg(jnp.exp(1j * delta) * U[0, 2]), arg(U[1, 2]), arg(U[2, 2])])
    # special cases (small angles)
    row23_small23 = jnp.stack([arg(U[1, 1]), arg(U[2, 2])])
    row23 = jnp.stack([arg(U[1, 2]), arg(U[2, 2])])
    d1_s12 = jnp.where(s13 < _SMALL, arg(U[0, 0]), arg(U[0, 2]))
    case_s12 = jnp.concatenate([d1_s12[None], jnp.where(s23 < _SMALL, row23_small23, row23)])
    phi1 = 2 * arg(U[2, 0].conj() * U[2, 2])
    case_s13 = jnp.where(
        s23 < _SMALL,
        jnp.stack([arg(U[0, 1]), arg(U[1, 1]), arg(U[2, 2])]),
        jnp.stack([arg(jnp.exp(0.5j * phi1) * U[0, 0]), arg(U[1, 2]), arg(U[2, 2])]),
    )
    phi2 = 2 * arg(U[0, 1].conj() * U[0, 2])
    case_s23 = jnp.stack([arg(U[0, 2]), arg(jnp.exp(0.5j * phi2) * U[1, 1]), arg(U[2, 2])])
    return jnp.where(
        s12 < _SMALL, case_s12,
        jnp.where(s13 < _SMALL, case_s13, jnp.where(s23 < _SMALL, case_s23, generic)),
    )


def to_warsaw_down(y: dict, v) -> dict:
    """Rotate SM couplings and coefficients into the WCxf Warsaw-down basis (see module doc)."""
    Me, Md, Mu = mass_matrices(y, v)
    Ul, _, Ue = diagonalise(Me)
    F = jnp.exp(1j * _pmns_row_phases(Ul.conj().T))  # rows of U = U_l† ↔ columns of U_l
    Ul, Ue = Ul * F[None, :], Ue * F[None, :]
    Uq, _, Ud = diagonalise(Md)
    # up sector in the new q basis: Mu' = Uq† Mu = W diag(m) X†  →  u_R rotation X, V = W†
    W, _, X = diagonalise(Uq.conj().T @ Mu)
    Pu, Pd = _ckm_standard_phases(W.conj().T)
    U = {
        "l": Ul,
        "e": Ue,
        "q": Uq * Pd[None, :],
        "d": Ud * Pd[None, :],
        "u": X * Pu[None, :],
    }
    return rotate(y, U)

