r"""The S₁ + S₃ "muoquark" model of MUOQ §II (U(1)_{B−3L_μ}), matched onto the SMEFT.

Sources: [MUOQ] Greljo, Stangl, Thomsen, *A model of muon anomalies*, PLB 2021 (arXiv:2103.13991),
§II eqs. (2), (6), (7) and the Fig. 1 caption; [ALIGN] Isidori, Pagès, Wilsch, arXiv:2111.13724,
§5 eqs. (5.2)–(5.4); [NPG2] Altmannshofer, *New physics models for (g−2)_μ* (talk 2022), slide
"Enhanced leptoquark contributions to g−2"; [GMV] Gherardi, Marzocca, Venturini, *Matching scalar
leptoquarks to the SMEFT at one loop*, JHEP 07 (2020) 225 (arXiv:2003.12525), whose notation
(λ^{1L}, λ^{1R}, λ^{3L}) and one-loop results MUOQ uses; [DFKK] Doršner, Fajfer, Greljo, Kamenik,
Košnik, *Physics of leptoquarks in precision experiments and at particle colliders*, Phys. Rept.
641 (2016) 1 (arXiv:1603.04993), the tree-level leptoquark dictionary. All formulas below were
derived here in the WCxf conventions (no code was taken from any of these works); the checks are
in ``tests/models/test_muoquark.py``.

Lagrangian (MUOQ eq. 2, the leptoquark Yukawa part; S₁ ~ (3̄, 1, 1/3), S₃ ~ (3̄, 3, 1/3), both of
U(1)_{B−3L_μ} charge 8/3, so that only the second-generation leptons ℓ² = (ν_μ, μ)_L, μ_R, ν_μR
couple)::

    L ⊃ −( η^{3L}_i q̄^c_i iσ² σ^a ℓ² S₃^a − η^{1L}_i q̄^c_i iσ² ℓ² S₁
           − η^{1R}_i ū^c_i μ_R S₁ − η̃^{1R}_i d̄^c_i ν_μR S₁ + h.c. )
        − M₁² |S₁|² − M₃² |S₃|²,

with ψ^c = C ψ̄ᵀ, q̄^c ≡ \overline{q^c}, i = 1, 2, 3 the quark generation and (iσ²)₁₂ = +1 (= the
WCxf ε₁₂ = +1). The overall sign of each leptoquark's couplings is unobservable at the order
computed here (everything is bilinear in η, η*); the one relative sign that matters is the one
between the η^{1L} and η^{1R} terms, which is the same (+) in eq. (2), so that η^{1L} ≡ λ^{1L} and
η^{1R} ≡ λ^{1R} of GMV / ALIGN eq. (5.2) / NPG2 (their overall sign differs, which does not matter).

Quark basis. The couplings η_i are defined in the WCxf Warsaw-down basis at the matching scale:
``q_i = (V†_ij u_Lj, d_Li)`` (V the CKM matrix), d_R, u_R mass eigenstates. Hence η^{xL}_i is the
coupling to the *down-type* left-handed quark d_Li directly, while the coupling of S₁ to the
up-type mass eigenstate ū^c_Lj μ_L is ``(V* η^{1L})_j = Σ_i V*_ji η^{1L}_i`` (e.g. the top coupling
``λ^L_t = Σ_i V*_ti η^{1L}_i``).

Tree-level matching at μ = M (integrating out S: ``L_eff = J†J/M²`` for ``L ⊃ J S + h.c.``; Fierz
identities for anticommuting fields, ``(āP_R b)(c̄P_L d) = −½(āγ^μP_L d)(c̄γ_μP_R b)``,
``(āP_R b)(c̄P_R d) = −½(āP_R d)(c̄P_R b) − ⅛(āσ^{μν}P_R d)(c̄σ_{μν}P_R b)``, and
``\overline{ψ^c} Γ χ^c = χ̄ CΓᵀC⁻¹ ψ``; SU(2): ``ε_ab ε_cd → ½ δδ − ½ τ·τ`` for S₁ and
``Σ_a (εσ^a)*_ab (εσ^a)_cd → 3/2 δδ + ½ τ·τ`` for S₃). Only the lepton indices (2, 2) are nonzero;
all other Warsaw classes vanish at tree level (no diquark couplings are allowed by the gauge
symmetry; the η̃^{1R} coupling involves ν_R and generates only νSMEFT operators, outside the
Warsaw basis, and is therefore absent from the SMEFT coefficients)::

    C_lq^(1)_{22ij} =  η^{1L*}_i η^{1L}_j /(4M₁²) + 3 η^{3L*}_i η^{3L}_j /(4M₃²)
    C_lq^(3)_{22ij} = −η^{1L*}_i η^{1L}_j /(4M₁²) +   η^{3L*}_i η^{3L}_j /(4M₃²)
    C_eu_{22ij}     =  η^{1R*}_i η^{1R}_j /(2M₁²)
    C_lequ^(1)_{22ij} = η^{1L*}_i η^{1R}_j /(2M₁²),   C_lequ^(3)_{22ij} = −η^{1L*}_i η^{1R}_j /(8M₁²)

(the lequ entries agree with ALIGN eq. 5.3; the lq and eu entries have the form of the GMV / DFKK
dictionaries — their texts were not available here for a line-by-line comparison, so the signs
rest on the derivation, whose matrix identities are checked in the tests). Hence S₃ alone gives C_lq^(1) = 3 C_lq^(3) and, in the down sector,
(C^(1)+C^(3))_{22ij} = η^{3L*}_i η^{3L}_j/M₃² → C9 = −C10 (only (μ̄_L γ μ_L)(d̄_L γ d_L)); S₁ alone
gives C_lq^(1) = −C_lq^(3) (no charged-lepton–down-quark operator at tree level).

One-loop, chirally enhanced muon dipoles at μ (S₁ with both η^{1L} and η^{1R}; photon from the top
line and from S₁). With ``X ≡ Σ_ij η^{1L*}_i (G_u*)_ij η^{1R}_j`` (G_u the WCxf up Yukawa,
``L ⊃ −q̄ G_u u H̃``; X = y_t λ^{L*}_t λ^R_t when only the top couples), ``L_M ≡ ln(μ²/M₁²)``::

    C_eB_22(μ) = −g'/(16π²M₁²) · X · (19/16 + 5/8 L_M)
    C_eW_22(μ) = +g /(16π²M₁²) · X · ( 9/16 + 3/8 L_M)
    C_eγ = c_θ C_eB − s_θ C_eW = −e X/(16π²M₁²) · (7/4 + L_M).

Derivation: the full-theory chirally enhanced loop with the photon on the quark line gives
Q_t(ln(M²/m_t²) − 3/2) and with the photon on S₁ gives −Q_S/2 (Q_t = 2/3, Q_S = 1/3: together
(2/3)(ln − 7/4), the NPG2 / Bauer–Neubert formula). The log is reproduced by the SMEFT running of
C_lequ^(3) (ALIGN eq. 3.16: dC_eγ/d ln μ = 16 e y_t C_lequ^(3)/(16π²)), and the one-loop matrix
element of the Warsaw tensor operator (NDR, MSbar) is ∝ B₀(0; m_t, m_t) with no further constant,
so the whole −7/4 is matching (as in ALIGN eq. 5.4). (The hard region of the diagram computed with
the un-Fierzed leptoquark structure gives −½ for the top line; the remaining −1 is the finite
scheme shift between that structure and the Fierzed Warsaw tensor in d dimensions.) The split into
B and W: the top line is q (Y = 1/6, T₃ = ½) on the μ_L side of the Yukawa insertion and u
(Y = 2/3) on the μ_R side, and the two halves contribute equally — shown explicitly for the hard
region (its two mass-insertion terms are equal, including constants, by the L ↔ R reflection of
the line) and assumed for the scheme shift, which has the same reflection symmetry; S₁ is an SU(2)
singlet (Y = 1/3, only B). This reproduces the
β-function coefficients of ALIGN eqs. (3.12)–(3.13) for the log terms (checked in the tests against
jaxalign's β function) and −7/4 for the photon constant. S₃ has only left-handed muon couplings, so
its dipole needs a chirality flip on the muon line and is ∝ y_μ, not m_t: it has no chirally
enhanced contribution (nor does it enter C_lequ). The non-enhanced S₁ and S₃ terms ∝ y_μ|η|² (ALIGN
eq. 5.4's −⅛ terms; ~10⁻⁴ of the enhanced one at the MUOQ best fit) are not included.

Discrepancy recorded: ALIGN eq. (5.4) prints the enhanced term as ``+e/(16π²M²)(7/4 +
ln μ_H²/M²)[λ^{L†}Y_u*λ^R]``; its μ_H-dependence is then opposite to what the same paper's eqs.
(5.3) and (3.16) require, and its low-scale limit would be ln(M²/m_t²) + 7/4 instead of NPG2's
ln(M²/m_t²) − 7/4. The overall sign used here (−) is the one consistent with (3.16), (5.3) and NPG2
(positive Re X gives positive Δa_μ; WCxf: positive Re egamma_22 ↔ positive Δa_μ).

Muon-Yukawa threshold (MUOQ eq. 7), derived here for ``L ⊃ −G_e l̄ e H``:
``δG_e,22 = G_e^EFT − G_e^full = −3/(16π²) (1 + ln(μ²/M₁²)) X`` (the hard part of the muon
self-energy with a top–S₁ loop). MUOQ writes the Yukawa as ``η^{1L*} y_u η^{1R}`` without the
conjugation on y_u (a different Yukawa convention); for the U(2) structure of Fig. 1 the two differ
only by an O(|V_td|², |V_ts|²) phase. Since X > 0 is required for Δa_μ > 0, δy_μ has the opposite
sign to y_μ.

Higgs mass parameter (MUOQ eq. 6, V = −μ_H²|H|² + …, quartics of eq. 5 λ_H1, λ_H3, κ_H3, derived
from the Coleman–Weinberg potential of the colour triplets):
``δμ_H² = [3 λ_H1 M₁² (1 + ln μ²/M₁²) + 9 (λ_H3 + κ_H3) M₃² (1 + ln μ²/M₃²)]/(16π²)``.
MUOQ prints the S₃ term with a minus sign; the two terms come from identical structures (colour
triplets with a positive portal quartic), so the printed relative sign is taken as a misprint.

No threshold correction to C_ephi is included: at one loop S₁ generates C_ephi,22 ∝ X (λ_H1, y_t²,
g²)/(16π²M₁²), which shifts the muon mass by O(v²/M₁²) relative to δy_μ (< 1 % at 3 TeV) — the same
order as the y_μ threshold, which is reported (``reported()``), not inserted into G_e.

SM couplings in the one-loop pieces (G_u, g', g, G_e) are those of the input set ``sm_inputs``
run to the fixed scale ``sm_scale`` (default 3 TeV) with jaxalign's SM running (computed once and
cached); their running between ``sm_scale`` and μ_M is a two-loop effect on the matched
coefficients. ``sm_scale=None`` uses the couplings at the electroweak scale (no running; fast).

C9 sign of the Fig. 1 structure (see :class:`MuoquarkU2`): with η^{xL}_i = (V_td, V_ts, 1)η_3 taken
literally in this basis, C9 = −C10 > 0 (wilson/flavio: C9(m_Z) = +0.465 and R_K[1.1, 6] = 1.25 at
the MUOQ best fit), opposite to the anomaly MUOQ fits; the spurion coefficient a = −1 gives
C9(m_Z) = −0.498, R_K = 0.77 (tests/data/muoquark_reference.json).

One-loop boxes (``boxes=True``, default): the S₁/S₃ box diagrams with two leptoquarks and two
second-generation leptons add the four-quark coefficients C_qq^(1), C_qq^(3), C_uu, C_qu^(1),
C_qu^(8) of :func:`jaxalign.models.muoquark_boxes.box_coefficients` (derivation, checks and
sources there and in ``docs/models/muoquark_boxes.md``); in particular B_s mixing,
``C_qq1,2323 + C_qq3,2323 = −[(η^{1L*}_2η^{1L}_3)²/M₁² + 5(η^{3L*}_2η^{3L}_3)²/M₃²
+ 2F(M₁,M₃)η^{1L*}_2η^{1L}_3η^{3L*}_2η^{3L}_3]/(128π²)``, F = ln(M₁²/M₃²)/(M₁²−M₃²). They are
μ-independent at this order (no ln μ), so they are the same for any ``matching_scale``. The
η̃^{1R} (ν_R) boxes are not included (they need the ν_R masses; η̃^{1R} stays a flat direction).

Matching scale: ``matching_scale=None`` (default) gives the coefficients at μ_M = max(M₁, M₃) —
then the one-loop terms have a kink in their mass derivative at M₁ = M₃ (continuous, ∝ loop);
a fixed ``matching_scale`` (set it equal to the chain's Λ in a fit) includes the ln(μ²/M₁²) of
the dipoles (the tree-level coefficients are not run between M and Λ).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from ..errors import InputError, check
from ..smeft.operators import DIPOLE_SECTOR
from .base import SMEFTModelBase, zero_coefficients
from .muoquark_boxes import BOX_CLASSES, box_coefficients

__all__ = [
    "Muoquark",
    "MuoquarkU2",
    "tree_matching",
    "s1_dipoles",
    "delta_ymu",
    "delta_muH2",
    "v_phi",
    "delta_a_mu_npg2",
    "sm_couplings_at",
    "ckm_of_inputs",
    "to_wcxf",
    "to_wcxf_dict",
    "MUOQUARK_CLASSES",
]

#: Warsaw classes returned by the models (the dipole sector plus the tree-level semileptonic ones);
#: with ``boxes=True`` also :data:`jaxalign.models.muoquark_boxes.BOX_CLASSES` (four-quark).
MUOQUARK_CLASSES = DIPOLE_SECTOR + ("lq1", "lq3", "eu")

_LOOP = 1.0 / (16.0 * np.pi**2)
_N_C = 3.0
_MU = 1  # 0-based index of the muon


# ---------------------------------------------------------------------------------------------
# Standalone formulas (pure JAX)
# ---------------------------------------------------------------------------------------------


def tree_matching(eta3L, eta1L, eta1R, M1, M3) -> dict:
    """Tree-level Warsaw coefficients (GeV⁻²) at μ = M of S₁ + S₃ (module docstring).

    Args:
        eta3L, eta1L, eta1R: complex (3,) couplings to quark generations i (Warsaw-down basis).
        M1, M3: masses (GeV).

    Returns:
        full-flavour arrays ``lq1, lq3, eu, lequ1, lequ3`` (3,3,3,3), only lepton indices (2,2) ≠ 0.
    """
    eta3L, eta1L, eta1R = (jnp.asarray(e, complex) for e in (eta3L, eta1L, eta1R))
    b1 = jnp.outer(jnp.conj(eta1L), eta1L) / M1**2  # [i, j] = η*_i η_j / M²
    b3 = jnp.outer(jnp.conj(eta3L), eta3L) / M3**2
    bR = jnp.outer(jnp.conj(eta1R), eta1R) / M1**2
    bLR = jnp.outer(jnp.conj(eta1L), eta1R) / M1**2

    def place(m):
        return jnp.zeros((3, 3, 3, 3), complex).at[_MU, _MU].set(m)

    return {
        "lq1": place(0.25 * b1 + 0.75 * b3),
        "lq3": place(-0.25 * b1 + 0.25 * b3),
        "eu": place(0.5 * bR),
        "lequ1": place(0.5 * bLR),
        "lequ3": place(-0.125 * bLR),
    }


def _x_enh(eta1L, eta1R, Gu):
    """X = Σ_ij η^{1L*}_i (G_u*)_ij η^{1R}_j (the flavour structure of the chiral enhancement)."""
    return jnp.einsum("i,ij,j->", jnp.conj(eta1L), jnp.conj(Gu), eta1R)


def s1_dipoles(eta1L, eta1R, M1, mu, Gu, g1, g2):
    """Chirally enhanced (m_t) S₁ contribution to (C_eB_22, C_eW_22) at the scale μ (GeV⁻²).

    ``C_eB = −g1 X (19/16 + 5/8 ln μ²/M₁²)/(16π²M₁²)``, ``C_eW = +g2 X (9/16 + 3/8 ln μ²/M₁²)/(16π²M₁²)``
    with X = η^{1L†} G_u* η^{1R} (module docstring; photon combination −e X (7/4 + ln μ²/M₁²)).
    """
    X = _x_enh(eta1L, eta1R, Gu)
    L = jnp.log(mu**2 / M1**2)
    pref = _LOOP * X / M1**2
    return -g1 * pref * (19.0 / 16.0 + 5.0 / 8.0 * L), g2 * pref * (9.0 / 16.0 + 3.0 / 8.0 * L)


def delta_ymu(eta1L, eta1R, M1, mu, Gu):
    """MUOQ eq. (7): threshold δG_e,22 = −3/(16π²)(1 + ln μ²/M₁²) η^{1L†} G_u* η^{1R} (complex)."""
    return -_N_C * _LOOP * (1.0 + jnp.log(mu**2 / M1**2)) * _x_enh(eta1L, eta1R, Gu)


def delta_muH2(M1, M3, mu, lam_H1, lam_H3, kappa_H3):
    """MUOQ eq. (6) (sign of the S₃ term derived, see module docstring): δμ_H² in GeV²."""
    t1 = 3.0 * lam_H1 * M1**2 * (1.0 + jnp.log(mu**2 / M1**2))
    t3 = 9.0 * (lam_H3 + kappa_H3) * M3**2 * (1.0 + jnp.log(mu**2 / M3**2))
    return _LOOP * (t1 + t3)


def v_phi(m_X, g_X, q_phi: float = 3.0):
    """MUOQ §II.B: ⟨Φ⟩ = v_Φ = √2 m_X/(q_Φ g_X) with q_Φ = 3 (14.1 TeV for m_X = 3 TeV, g_X = 0.1).

    This is the relation as printed (it corresponds to m_X = q_Φ g_X v_Φ/√2, the normalisation of
    m_W = g v/√2 with v = 174 GeV used in MUOQ eq. 4); a canonically normalised |D Φ|² with
    ⟨Φ⟩ = v_Φ and D = ∂ − i q g_X X would instead give m_X = √2 q_Φ g_X v_Φ.
    """
    return jnp.sqrt(2.0) * m_X / (q_phi * g_X)


def delta_a_mu_npg2(lamL_t, lamR_t, M, m_mu, m_t):
    """NPG2 closed formula (m_t ≪ M): Δa_μ = Re(λ_L^{μt*} λ_R^{tμ})/(4π²) m_μ m_t/M² [ln(M²/m_t²) − 7/4]."""
    return (jnp.real(jnp.conj(lamL_t) * lamR_t) / (4.0 * np.pi**2) * m_mu * m_t / M**2
            * (jnp.log(M**2 / m_t**2) - 7.0 / 4.0))


# ---------------------------------------------------------------------------------------------
# SM inputs (computed once, outside any trace)
# ---------------------------------------------------------------------------------------------


@jax.jit
def _sm_at_scale_jit(sm, scale):
    from ..smeft.rge import sm_at_scale

    return sm_at_scale(sm, {}, scale)


def _couplings_from(sm, scale):
    from ..smeft.sm_couplings import sm_couplings_ew

    if scale is None:
        with jax.ensure_compile_time_eval():  # concrete numbers even when called inside a trace
            y = sm_couplings_ew(sm)
    else:
        # an AOT-compiled executable called with concrete arguments runs at once, also inside an
        # outer trace (ensure_compile_time_eval would instead trace diffrax's run-time checks)
        s = np.asarray(float(scale))
        y = _sm_at_scale_jit.lower(sm, s).compile()(sm, s)
    with jax.ensure_compile_time_eval():
        return {
            "g1": float(y["gp"]),
            "g2": float(y["g"]),
            "Gu": np.asarray(y["Gu"], complex),
            "Ge": np.asarray(y["Ge"], complex),
            "scale": float(sm.scale_ew) if scale is None else float(scale),
        }


@functools.lru_cache(maxsize=None)
def _load_inputs(inputs: str):
    """``load_inputs(inputs)`` evaluated eagerly (also when first called inside a trace)."""
    from ..inputs import load_inputs

    with jax.ensure_compile_time_eval():
        return load_inputs(inputs)


@functools.lru_cache(maxsize=None)
def sm_couplings_at(inputs: str, scale: float | None) -> dict:
    """SM couplings (g' = ``g1``, g = ``g2``, ``Gu``, ``Ge``; numpy) of input set ``inputs`` at
    ``scale`` (GeV) in the Warsaw-down basis, run with jaxalign's SM running; ``scale=None``: at the
    electroweak scale of the inputs. Cached; evaluated eagerly even when called inside a trace."""
    return _couplings_from(_load_inputs(inputs), scale)


@functools.lru_cache(maxsize=None)
def ckm_of_inputs(inputs: str) -> np.ndarray:
    """CKM matrix (standard parametrisation, rows u c t, columns d s b) of an input set."""
    from ..smeft.sm_couplings import ckm_standard

    sm = _load_inputs(inputs)
    with jax.ensure_compile_time_eval():
        return np.asarray(ckm_standard(sm.Vus, sm.Vub, sm.Vcb, sm.delta_ckm), complex)


# ---------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------


def _concrete(x):
    """numpy copy of ``x`` or None if ``x`` is being traced."""
    try:
        return np.asarray(x)
    except (jax.errors.TracerArrayConversionError, jax.errors.ConcretizationTypeError):
        return None


class _MuoquarkBase(SMEFTModelBase):
    """Shared implementation: subclasses provide ``parameter_names`` and ``couplings(x)``."""

    _MASSES = ("M1", "M3")

    def _validate_fields(self):
        if self.matching_scale is not None and not (np.isfinite(self.matching_scale) and self.matching_scale > 0):
            raise InputError(f"matching_scale must be a positive number of GeV (or None), got {self.matching_scale!r}.")
        if self.sm_scale is not None and not (np.isfinite(self.sm_scale) and self.sm_scale > 0):
            raise InputError(f"sm_scale must be a positive number of GeV (or None), got {self.sm_scale!r}.")
        from ..inputs import INPUT_SETS

        if self.sm_inputs not in INPUT_SETS:
            raise InputError(f"sm_inputs must be one of {INPUT_SETS}, got {self.sm_inputs!r}.")

    def _check_x(self, x):
        """Validate ``x`` (length, finiteness, positive masses): in Python when ``x`` is concrete,
        through :func:`jaxalign.errors.check` (run-time error, also under jit) otherwise."""
        x = jnp.asarray(x, float)
        n = len(self.parameter_names)
        if x.ndim != 1 or x.shape[0] != n:
            raise InputError(
                f"{type(self).__name__}: expected a parameter vector of length {n} "
                f"({', '.join(self.parameter_names)}), got shape {tuple(x.shape)}."
            )
        idx = [self.parameter_names.index(m) for m in self._MASSES]
        xn = _concrete(x)
        if xn is not None:
            if not np.all(np.isfinite(xn)):
                bad = [self.parameter_names[i] for i in np.flatnonzero(~np.isfinite(xn))]
                raise InputError(f"{type(self).__name__}: non-finite parameter(s) {bad}.")
            for i in idx:
                if not xn[i] > 0:
                    raise InputError(
                        f"{type(self).__name__}: leptoquark mass {self.parameter_names[i]} = {float(xn[i])} GeV "
                        "must be positive."
                    )
        masses = x[jnp.array(idx)]
        masses = check(masses, masses <= 0, "muoquark: leptoquark masses M1, M3 must be positive")
        return x.at[jnp.array(idx)].set(masses)

    def masses(self, x):
        x = jnp.asarray(x, float)
        return x[self.parameter_names.index("M1")], x[self.parameter_names.index("M3")]

    def scale(self, x):
        """Scale μ (GeV) of the coefficients: ``matching_scale`` or max(M₁, M₃)."""
        if self.matching_scale is not None:
            return jnp.asarray(self.matching_scale, float)
        M1, M3 = self.masses(x)
        return jnp.maximum(M1, M3)

    def _sm(self):
        return sm_couplings_at(self.sm_inputs, self.sm_scale)

    def coefficients(self, x):
        """Full-flavour Warsaw arrays (GeV⁻²) at :meth:`scale` (tree level + enhanced dipoles
        + the one-loop four-quark boxes if ``boxes``)."""
        x = self._check_x(x)
        eta3L, eta1L, eta1R, _ = self.couplings(x)
        M1, M3 = self.masses(x)
        C = zero_coefficients(MUOQUARK_CLASSES + (BOX_CLASSES if self.boxes else ()))
        C.update(tree_matching(eta3L, eta1L, eta1R, M1, M3))
        if self.boxes:
            C.update(box_coefficients(eta3L, eta1L, eta1R, M1, M3))
        if self.include_dipoles:
            s = self._sm()
            eB, eW = s1_dipoles(eta1L, eta1R, M1, self.scale(x), jnp.asarray(s["Gu"]), s["g1"], s["g2"])
            C["eB"] = C["eB"].at[_MU, _MU].set(eB)
            C["eW"] = C["eW"].at[_MU, _MU].set(eW)
        return C

    def reported(self, x, sm=None) -> dict:
        """Quantities reported alongside the fit (MUOQ eqs. 6, 7; NPG2 estimate).

        Args:
            x: parameters. sm: an :class:`~jaxalign.inputs.SMInputs` to take the SM couplings
                (run to ``sm_scale``) and m_μ, m_t from; default: the model's ``sm_inputs``.

        Returns:
            ``matching_scale`` (GeV); ``delta_ymu`` (δG_e,22, complex), ``ymu`` (G_e,22 of the SM at
            ``sm_scale``), ``delta_ymu_over_ymu`` (complex) and its modulus
            ``abs_delta_ymu_over_ymu``; ``delta_muH2`` (GeV², eq. 6 with the model's quartics),
            ``delta_mH2`` = 2 δμ_H² (the shift of m_h² at fixed Higgs quartic) and
            ``delta_mH2_over_mH2``; ``X_enh`` (η^{1L†}G_u*η^{1R}); ``lamL_t``, ``lamR_t`` (S₁
            couplings to the top); ``delta_a_mu_npg2`` (NPG2 closed formula with m_t = MSbar
            m_t(m_Z) of the inputs).
        """
        x = self._check_x(x)
        if sm is None:
            sm, s = _load_inputs(self.sm_inputs), self._sm()
        else:
            s = _couplings_from(sm, self.sm_scale)
        eta3L, eta1L, eta1R, _ = self.couplings(x)
        M1, M3 = self.masses(x)
        mu = self.scale(x)
        Gu = jnp.asarray(s["Gu"])
        dy = delta_ymu(eta1L, eta1R, M1, mu, Gu)
        ymu = jnp.asarray(s["Ge"])[_MU, _MU]
        dmu2 = delta_muH2(M1, M3, mu, self.lam_H1, self.lam_H3, self.kappa_H3)
        col = Gu[:, 2]  # = y_t (V†)_i3 = y_t V*_ti in the Warsaw-down basis
        lamL_t = jnp.sum(col / jnp.linalg.norm(col) * eta1L)
        lamR_t = eta1R[2]
        mt = sm.m_up_mz[2]
        return {
            "matching_scale": mu,
            "X_enh": _x_enh(eta1L, eta1R, Gu),
            "delta_ymu": dy,
            "ymu": ymu,
            "delta_ymu_over_ymu": dy / ymu,
            "abs_delta_ymu_over_ymu": jnp.abs(dy / ymu),
            "delta_muH2": dmu2,
            "delta_mH2": 2.0 * dmu2,
            "delta_mH2_over_mH2": 2.0 * dmu2 / sm.m_h_run**2,
            "lamL_t": lamL_t,
            "lamR_t": lamR_t,
            "delta_a_mu_npg2": delta_a_mu_npg2(lamL_t, lamR_t, M1, sm.lepton_mass[_MU], mt),
        }

    def default_bounds(self) -> dict:
        out = {}
        for n in self.parameter_names:
            out[n] = (500.0, 10000.0) if n in self._MASSES else (-2.0, 2.0)
        return out


def _names_general(with_nuR: bool) -> tuple[str, ...]:
    fams = ("eta3L", "eta1L", "eta1R") + (("eta1Rt",) if with_nuR else ())
    return tuple(f"{f}_{i}_{p}" for f in fams for i in (1, 2, 3) for p in ("re", "im")) + ("M1", "M3")


@dataclass(frozen=True, eq=True)
class Muoquark(_MuoquarkBase):
    """S₁ + S₃ muoquarks with general complex couplings (MUOQ eq. 2; module docstring).

    Parameters ``x`` (real): ``eta3L_i_re, eta3L_i_im`` (η^{3L}_i), ``eta1L_i_*`` (η^{1L}_i),
    ``eta1R_i_*`` (η^{1R}_i), ``eta1Rt_i_*`` (η̃^{1R}_i, only with ``with_nuR``; it couples to ν_μR
    and generates no Warsaw-basis coefficient, so it is a flat direction of any SMEFT likelihood),
    for i = 1, 2, 3 (quark generation, Warsaw-down basis), then ``M1``, ``M3`` (GeV).

    Args (static fields):
        matching_scale: scale of the returned coefficients (None: max(M₁, M₃)).
        sm_inputs, sm_scale: SM couplings in the one-loop pieces (input-set name; GeV or None).
        include_dipoles: add the chirally enhanced one-loop C_eB_22, C_eW_22.
        boxes: add the one-loop leptoquark boxes (C_qq^(1,3), C_uu, C_qu^(1,8); B_s mixing).
        lam_H1, lam_H3, kappa_H3: Higgs-portal quartics of MUOQ eq. (5), only for ``reported``
            (default 0.05, the MUOQ benchmark "all remaining quartic couplings 0.05 at μ_M").
        with_nuR: include the η̃^{1R} parameters.
    """

    matching_scale: float | None = None
    sm_inputs: str = "2021"
    sm_scale: float | None = 3000.0
    include_dipoles: bool = True
    boxes: bool = True
    lam_H1: float = 0.05
    lam_H3: float = 0.05
    kappa_H3: float = 0.05
    with_nuR: bool = True
    description: str = ("MUOQ §II: S1 + S3 muoquarks (U(1)_{B-3L_mu}), tree + enhanced one-loop SMEFT matching"
                         " + one-loop four-quark boxes")
    references: tuple[str, ...] = (
        "Greljo, Stangl, Thomsen, arXiv:2103.13991 (MUOQ), §II eqs. 2, 6, 7",
        "Gherardi, Marzocca, Venturini, arXiv:2003.12525",
        "Isidori, Pagès, Wilsch, arXiv:2111.13724 (ALIGN), eqs. 5.2-5.4",
        "Dorsner, Fajfer, Greljo, Kamenik, Kosnik, arXiv:1603.04993",
    )

    def __post_init__(self):
        self._validate_fields()

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return _names_general(self.with_nuR)

    def couplings(self, x):
        """(η^{3L}, η^{1L}, η^{1R}, η̃^{1R}) as complex (3,) arrays from ``x``."""
        x = jnp.asarray(x, float)
        out = []
        fams = 4 if self.with_nuR else 3
        for f in range(fams):
            blk = x[6 * f: 6 * f + 6]
            out.append(blk[0::2] + 1j * blk[1::2])
        if not self.with_nuR:
            out.append(jnp.zeros(3, complex))
        return tuple(out)


@dataclass(frozen=True, eq=True)
class MuoquarkU2(_MuoquarkBase):
    """MUOQ Fig. 1 structure: η^{3L}_i = (a V_td, a V_ts, 1) η^{3L}_3, η^{1L}_i = (a V_td, a V_ts, 1) η^{1L}_3,
    η^{1R}_i = (0, 0, 1) η^{1R}_3, η̃^{1R} = 0, with real η_3's.

    V_td, V_ts are the complex CKM elements (standard PDG parametrisation, phase convention of
    :func:`jaxalign.smeft.sm_couplings.ckm_standard`) of the input set ``sm_inputs`` (from its
    V_us, V_ub, V_cb and γ/δ); they multiply the couplings to d_L, s_L of the Warsaw-down doublets
    (module docstring). ``a = spurion_coeff`` is the O(1) coefficient of the U(2) spurion (MUOQ
    §II.A); the caption of Fig. 1 has a = 1.

    Note on the sign of C9: with η^{3L}_2 = a V_ts η^{3L}_3 the S₃ tree level gives
    C9 = −C10 = a π v² |η^{3L}_3|²/(α V_tb M₃²) (real, the V_ts* cancels against λ_t = V_tb V_ts*),
    i.e. C9 > 0 for a = 1, the opposite sign to the b → sμμ anomaly; a = −1 gives C9 < 0 with the
    same |C9|. Which one MUOQ's fit used cannot be read off the paper.

    Parameters: ``eta3L_3, eta1L_3, eta1R_3, M1, M3`` (``tie_1R=True``: ``eta3L_3, eta1L_3, M1, M3``
    with η^{1R}_3 = η^{1L}_3, the plane of MUOQ Fig. 1).
    """

    tie_1R: bool = False
    spurion_coeff: float = 1.0
    matching_scale: float | None = None
    sm_inputs: str = "2021"
    sm_scale: float | None = 3000.0
    include_dipoles: bool = True
    boxes: bool = True
    lam_H1: float = 0.05
    lam_H3: float = 0.05
    kappa_H3: float = 0.05
    description: str = "MUOQ Fig. 1: S1 + S3 muoquarks with U(2)-like quark couplings (V_td, V_ts, 1)"
    references: tuple[str, ...] = Muoquark.references

    def __post_init__(self):
        self._validate_fields()
        if not np.isfinite(self.spurion_coeff):
            raise InputError(f"spurion_coeff must be finite, got {self.spurion_coeff!r}.")

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return ("eta3L_3", "eta1L_3", "M1", "M3") if self.tie_1R else ("eta3L_3", "eta1L_3", "eta1R_3", "M1", "M3")

    def flavour_vector(self):
        """(a V_td, a V_ts, 1) as a complex numpy array."""
        V = ckm_of_inputs(self.sm_inputs)
        return np.array([self.spurion_coeff * V[2, 0], self.spurion_coeff * V[2, 1], 1.0], complex)

    def couplings(self, x):
        x = jnp.asarray(x, float)
        c = jnp.asarray(self.flavour_vector())
        e3, e1L = x[0], x[1]
        e1R = e1L if self.tie_1R else x[2]
        e3r = jnp.array([0.0, 0.0, 1.0], complex)
        return c * e3, c * e1L, e3r * e1R, jnp.zeros(3, complex)

    def general(self) -> Muoquark:
        """The equivalent :class:`Muoquark` (same static options)."""
        return Muoquark(matching_scale=self.matching_scale, sm_inputs=self.sm_inputs, sm_scale=self.sm_scale,
                        include_dipoles=self.include_dipoles, boxes=self.boxes, lam_H1=self.lam_H1,
                        lam_H3=self.lam_H3, kappa_H3=self.kappa_H3, with_nuR=False)

    def general_parameters(self, x):
        """Parameter vector of :meth:`general` for the U(2) point ``x``."""
        x = jnp.asarray(x, float)
        eta3L, eta1L, eta1R, _ = self.couplings(x)
        M1, M3 = self.masses(x)
        parts = [jnp.stack([jnp.real(e), jnp.imag(e)], axis=1).ravel() for e in (eta3L, eta1L, eta1R)]
        return jnp.concatenate(parts + [jnp.stack([M1, M3])])


# ---------------------------------------------------------------------------------------------
# WCxf output
# ---------------------------------------------------------------------------------------------


def to_wcxf(model, x, scale=None):
    """A :class:`jaxalign.io.wcxf.WCxf` (SMEFT, Warsaw, non-redundant keys, GeV⁻²) of the matched
    coefficients, usable by :mod:`jaxalign.chain` and (``.to_dict()``) by wilson / flavio.

    ``scale`` defaults to the model's :meth:`scale` (max(M₁, M₃) or ``matching_scale``); giving a
    different value only relabels the scale (no running)."""
    from ..io.wcxf import WCxf
    from ..smeft.operators import arrays_to_wcxf

    x = jnp.asarray(x, float)
    C = model.coefficients(x)
    mu = float(model.scale(x)) if scale is None else float(scale)
    if not (np.isfinite(mu) and mu > 0):
        raise InputError(f"to_wcxf: scale must be a positive number of GeV, got {scale!r}.")
    values = arrays_to_wcxf({k: np.asarray(v) for k, v in C.items()})
    meta = {
        "generator": "jaxalign.models.muoquark",
        "model": type(model).__name__,
        "parameters": {n: float(v) for n, v in zip(model.parameter_names, np.asarray(x))},
    }
    return WCxf("SMEFT", "Warsaw", mu, values, meta)


def to_wcxf_dict(model, x, scale=None) -> dict:
    """:func:`to_wcxf` as a plain WCxf-shaped dict (``{"eft", "basis", "scale", "values"}``)."""
    d = to_wcxf(model, x, scale).to_dict()
    d.pop("metadata", None)
    return d
