r"""Darkcast-style recast of light-vector limits to any model with vector couplings (B−3L_μ, L_μ−L_τ, …).

Method (Ilten, Soreq, Williams, Xue, "Serendipity in dark photon searches", arXiv:1801.04847,
§2, written fresh here; no Darkcast code is used). A search that published a limit on the coupling
of model A (the dark photon with mixing ε, or another model) at mass m observed fewer events than
the yield N_A(m, ε_lim(m)). Model B gives the same number of events when

    σ_B(m) · BR_B(X → F) · P_B = σ_A(m) · BR_A(X → F) · P_A       (1801.04847 eq. 2.1–2.2)

with F the final state of the search and P the probability that X decays inside the fiducial
region (1 for searches that accept any decay length, see below). We define the **signal ratio**

    μ(m) = σ_B BR_B P_B / (σ_A BR_A P_A)|_{ε_A = ε_lim(m)},

excluded where μ > 1, and return its square root ``value = √μ``. For every production channel
used here σ ∝ (coupling)², so at a fixed ratio of the model-B couplings (e.g. fixed ε_BX/g_X)
and with P_B = 1, √μ = g/g_limit(m) **exactly**; it is also exactly 1 on the boundary when P_B ≠ 1
or for Borexino (where σ is not ∝ g²). This is the quantity the ``limit:<name>`` predictions of
:mod:`jaxalign.lightnp.models` expect (χ² = (z_CL · value)², :func:`jaxalign.lightnp.limits.limit_chi2`).

Production ratios (1801.04847 §2.1; with c_f the vector coupling of X to fermion f in the
convention L ⊃ −X_μ Σ_f c_f f̄γ^μ f, for neutrinos c_ν multiplies ν̄γ^μ P_L ν):

* ``"e"``: e⁺e⁻ → γX (BaBar, KLOE) and electron-beam bremsstrahlung e Z → e Z X (A1, APEX, HPS,
  NA64): σ ∝ c_e² (X radiated off the electron line; 1801.04847 eq. 2.3, 2.6).
* ``"mu"``: e⁺e⁻ → μ⁺μ⁻X with X radiated off the final muons (BaBar 4μ): σ ∝ c_μ².
* ``"pi0"``: π⁰ → γX (NA48/2, NA62). With vector-meson dominance the amplitude is
  Σ_{V=ρ,ω} Tr(T_π T_γ T_V) Tr(c T_V) BW_V(m) (1801.04847 eq. 2.7–2.10; T the U(3) generators,
  T_π = T_ρ = diag(1,−1,0)/2, T_ω = diag(1,1,0)/2, T_γ = diag(2,−1,−1)/3, c = diag(c_u, c_d, c_s)).
  Below m_π⁰ the ρ and ω channels are closed, BW_V = m_V²/(m_V² − m²) is real and BW_ρ/BW_ω − 1 =
  O(m²/m_V² · (m_ω² − m_ρ²)/m_V²) ≪ 1 % (m_ρ ≈ m_ω), so the amplitude is ∝ (1/12)(c_u − c_d)/2 + (1/4)(c_u + c_d)/2
  = (2c_u + c_d)/12, i.e. σ ∝ (2c_u + c_d)² (= (eε)² for the dark photon; the anomaly structure
  Tr[T_π {Q, c}]). BW factors common to A and B cancel.
* ``"nu_e"``: ν–e elastic scattering (Borexino), see :func:`nu_e_delta_sigma`.

Widths (derived in ``docs/lightnp_recast.md``): for a vector coupling c to a charged fermion of
mass m_f, Γ(X → f f̄) = c² m/(12π) (1 + 2m_f²/m²) √(1 − 4m_f²/m²); for a left-handed neutrino
coupling, Γ(X → ν_α ν̄_α) = c_α² m/(24π) (half of a massless Dirac fermion: only one chirality).
``nu_factor`` multiplies the neutrino widths: 1 (physical, left-handed SM neutrinos, default) or
2 (neutrinos with a vector coupling to both chiralities, the convention of the Darkcast 2023
release, used only to reproduce its files). τ pairs are included above 2m_τ.

**Hadrons** (:func:`hadron_channels`, docs/lightnp_recast.md §3; 1801.04847 §2.2 for the idea of
splitting R(s) into vector-meson channels weighted by the X/γ coupling ratios, written fresh here).
Γ(X → hadrons) = (m/12π)[(1 − S) Σ_{V=ρ,ω,φ} κ_V² R_V(m) + S N_c Σ_q c_q² β_q-factors] with
κ_ρ = c_u − c_d, κ_ω = 3(c_u + c_d), κ_φ = −3c_s (= e for the photon), R_V relativistic Breit–Wigners
with PDG masses, widths, Γ_ee, S a C² switch between 1.05 and 1.6 GeV to the perturbative quark
continuum (u, d, s massless; c, b above 2m_D⁰, 2m_B±). Every hadronic channel is 0 at m ≤ 2m_π±,
so nothing below 2m_π changes. X → π⁰γ (open above m_π⁰) is neglected: it goes through the
isoscalar quark current ∝ (c_u + c_d)², and the agreement of our dark-photon recasts with Darkcast's
(which include π⁰γ) to ≤ 1.1·10⁻⁴ in g between m_π⁰ and 0.205 GeV bounds Γ(π⁰γ)/Γ(ee) ≲ 2·10⁻⁴ for
the dark photon, hence Γ(π⁰γ)/Γ_total ≲ 2·10⁻⁴ for B−3L_μ with |ε| ≲ g (docs §3).

Decay inside the fiducial region: searches that accept any prompt vertex (Darkcast t₀ = 0,
t₁ = ∞) have P = 1. KLOE (2015) and NA48/2 require the decay within a distance L (8 cm, 1 m, the
Darkcast notes of these limits); there P = 1 − exp(−L Γ_tot/(βγ ħc)) with βγ = p/m of X, is
computed for both models (X at the A-limit coupling and X of model B). Displaced / beam-dump
limits (E137, E141, E774, CHARM, NuCAL, Orsay, KEK, NA64 visible, FASER, NA62 2023, LHCb
displaced), whose two-sided bounds depend on the lifetime, are **not** recast.

Borexino (ν–e scattering): the limit of Bauer, Foldenauer, Jaeckel (arXiv:1803.05466) is on the
B−L coupling; following the Darkcast limit notes (E_ν = 862 keV ⁷Be line, equal parts of the three
flavours) the yield is Σ_α w_α |σ_α(SM + X) − σ_α(SM)| with the total ν_α e cross section
(:func:`nu_e_delta_sigma`, SM–X interference included), equated between the two models.

Data: ``jaxalign/data/limits/light_zprime/darkcast/original_limits/*.csv`` (values unchanged from
Darkcast, provenance in that folder's README). Interpolation in (ln m, ln ε) with the monotone
PCHIP of :mod:`.limits`. A limit's mass window is its data range (minus Darkcast's 1e5 closure
rows; Borexino ends at 1.05 GeV); √μ is multiplied by a C² weight that is 1 inside, ½ at the data
ends and 0 at 3 % (in m) beyond them (:func:`window_weight`), so the likelihood has no steps; far
outside the value is exactly 0 with zero, finite gradients.
"""

from __future__ import annotations

import dataclasses
import functools
from importlib import resources

import jax
import jax.numpy as jnp
import numpy as np

from . import g2, limits
from .kinetic_mixing import SW2_MSBAR_MZ

__all__ = [
    "FERMIONS",
    "M_PI_CHARGED",
    "M_PI0",
    "RECAST_LIMITS",
    "RECAST_CL",
    "recast_names",
    "mass_window",
    "epsilon_lmu_ltau_abs",
    "couplings_dark_photon",
    "couplings_b_minus_l",
    "couplings_lmu_ltau",
    "couplings_b_minus_3lmu",
    "width_fermion",
    "width_hadrons",
    "hadron_channels",
    "r_resonance",
    "window_weight",
    "VECTOR_MESONS",
    "widths",
    "branching_ratio",
    "production",
    "nu_e_delta_sigma",
    "signal_ratio",
    "signal_ratios",
    "b_minus_3lmu_ratio",
    "b_minus_3lmu_ratios",
    "g_limit_b_minus_3lmu",
    "recast_lmu_ltau",
    "darkcast_lmu_ltau_recast",
    "original_curve",
    "smoothed_curve",
    "smooth_log_curve",
]

#: Order of the fermions in a coupling vector c (vector couplings; for neutrinos the coefficient of
#: ν̄γ^μ P_L ν).
FERMIONS = ("e", "mu", "tau", "nue", "numu", "nutau", "u", "d", "s")
_IE, _IMU, _ITAU, _INUE, _INUMU, _INUTAU, _IU, _ID, _IS = range(9)
#: Electric charges Q_f in the order of :data:`FERMIONS`.
_Q = np.array([-1.0, -1.0, -1.0, 0.0, 0.0, 0.0, 2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0])

#: π± mass (GeV), PDG live (pdglive.lbl.gov, node S008): 139.57039 ± 0.00018 MeV. 2m_π± is the
#: threshold of every hadronic channel (:func:`hadron_channels`).
M_PI_CHARGED = 0.13957039
#: π⁰ mass (GeV), PDG live (node S009): 134.9768 ± 0.0005 MeV (X → π⁰γ threshold, see module doc).
M_PI0 = 0.1349768
#: φ(1020) mass (GeV), PDG live (node M004): 1019.461 ± 0.016 MeV (KLOE runs at √s = m_φ).
M_PHI = 1.019461
#: Vector mesons for the hadronic width (docs/lightnp_recast.md §3; all looked up, see there):
#: ρ(770)⁰: m = 775.26 ± 0.25 MeV (PDG 2018/19 listing, "NEUTRAL ONLY, e+e-" average), Γ = 147.8 ± 0.9
#: MeV (PDG live M009W0, neutral, e+e-), B(ρ⁰ → e⁺e⁻) = 4.71·10⁻⁵ (PDG value as tabulated in
#: pythia.org/download/misc/mesonTables.html, "Fetched" column) ⇒ Γ_ee = 6.96 keV.
M_RHO, W_RHO, GEE_RHO = 0.77526, 0.1478, 4.71e-5 * 0.1478
#: ω(782): m = 782.66 ± 0.13 MeV, Γ = 8.68 ± 0.13 MeV, B(ω → π⁺π⁻π⁰) = 89.2 % (PDG values quoted on
#: en.wikipedia.org/wiki/Omega_meson and grokipedia); Γ_ee·B(3π) = 0.528·10⁻³ MeV (CMD-2,
#: hep-ex/0002017) ⇒ Γ_ee = 0.528/0.892 keV = 0.592 keV.
M_OMEGA, W_OMEGA, GEE_OMEGA = 0.78266, 0.00868, 0.528e-6 / 0.892
#: φ(1020): m (:data:`M_PHI`), Γ = 4.249 ± 0.013 MeV (PDG live M004W), B(φ → K_L K_S) = 34.0 % (PDG
#: live M004); Γ_ee·B(K_L K_S) = 4.364·10⁻⁴ MeV (CMD-2, HEPData record, hepdata.net) ⇒ Γ_ee = 1.284 keV.
W_PHI, GEE_PHI = 0.004249, 4.364e-7 / 0.340
#: Open-flavour thresholds of the perturbative c c̄ and b b̄ continuum (GeV): m_D⁰ = 1864.84 MeV (PDG live
#: S032M), m_B± = 5279.34 MeV (PDG live S041M). The continuum of flavour q opens at 2 m_{D,B}.
M_D0, M_BPLUS = 1.86484, 5.27934
#: Resonance → quark-continuum switch (GeV): Σ_V BW_V is faded out and N_c Σ_q c_q² in, with a C²
#: smootherstep in m between these masses (above the φ, below the region where R(s) is perturbative).
HAD_SWITCH = (1.05, 1.6)
#: Half-width, in ln m, of the smooth switch-off at the ends of each recast window (3 % of the mass).
WINDOW_TAPER = 0.03
#: ħc in GeV·m: 197.3269804 MeV fm (PDG 2022, Physical constants table 1.1, exact in the 2019 SI).
HBARC_GEV_M = 197.3269804e-3 * 1e-15
#: ⁷Be solar-neutrino energy used by the Darkcast Borexino limit (its notes: "862 keV"), GeV.
E_NU_BE7 = 8.62e-4
#: NA48/2: maximum X energy 50 GeV (Darkcast notes of NA48_Batley2015lha, from the paper's text
#: before its eq. 9), GeV.
E_X_NA48 = 50.0

_DARKCAST_CLOSURE = 1e5  # Darkcast's gmax: "no bound" rows
#: Fine-grid step of the smoothing (in units of its width) and kernel cut-off (in widths).
_SMOOTH_FINE, _SMOOTH_CUT = 1.0 / 8.0, 4.0


@dataclasses.dataclass(frozen=True)
class RecastLimit:
    """One recastable limit: the data file, the model it is stated in, production, final state."""

    tag: str  # Darkcast name (<experiment>_<InspireTag>) or jaxalign curve
    file: str | None  # CSV in data/limits/light_zprime/darkcast/original_limits (None: limits.py curve)
    model: str  # "dark_photon", "B-L" or "Lmu-Ltau" (model A)
    production: str  # "e", "mu", "pi0", "nu_e"
    final_state: str  # "ee", "ee+mumu", "mumu", "invisible", "none"
    cl: float
    cl_source: str
    paper: str
    decay_length_m: float | None = None  # fiducial decay length (prompt window), None: any
    boost: str | None = None  # how βγ of X is computed: "kloe" or "na48"
    description: str = ""
    m_max: float | None = None  # drop data rows above this mass (end points that are not a bound)
    smooth_ln_m: float | None = None  # Gaussian smoothing width of ln ε_lim in ln m (None: raw PCHIP)


#: The recast limits (name → :class:`RecastLimit`). CLs from the original papers (``cl_source``).
RECAST_LIMITS = {
    "babar_visible_2014": RecastLimit(
        "BaBar_Lees2014xha", "BaBar_Lees2014xha.csv", "dark_photon", "e", "ee+mumu", 0.90,
        "90% CL (BaBar, arXiv:1406.2980; from general knowledge of the paper, not re-read here)",
        "arXiv:1406.2980", description="BaBar e+e- -> gamma X, X -> ee, mumu (prompt)",
        smooth_ln_m=0.01),
    "kloe_2015": RecastLimit(
        "KLOE_Anastasi2015qla", "KLOE_Anastasi2015qla.csv", "dark_photon", "e", "ee", 0.90,
        "90% CL (KLOE-2, arXiv:1509.00740; general knowledge, not re-read here)",
        "arXiv:1509.00740", decay_length_m=0.08, boost="kloe",
        description="KLOE e+e- -> gamma X, X -> ee, decay within 8 cm"),
    "a1_2014": RecastLimit(
        "A1_Merkel2014avp", "A1_Merkel2014avp.csv", "dark_photon", "e", "ee", 0.90,
        "assumed 90% (not found in the abstract of arXiv:1404.5502)",
        "arXiv:1404.5502", description="A1/MAMI e Z -> e Z X, X -> ee"),
    "apex_2011": RecastLimit(
        "APEX_Abrahamyan2011gv", "APEX_Abrahamyan2011gv.csv", "dark_photon", "e", "ee", 0.90,
        "assumed 90% (not found in the abstract of arXiv:1108.2750)",
        "arXiv:1108.2750", description="APEX e Z -> e Z X, X -> ee"),
    "hps_2015": RecastLimit(
        "HPS_Adrian2018scb", "HPS_Adrian2018scb.csv", "dark_photon", "e", "ee", 0.90,
        "assumed 90% (not found in the abstract of arXiv:1807.11530)",
        "arXiv:1807.11530", description="HPS 2015 e Z -> e Z X, X -> ee (prompt resonance search)"),
    "na48_2015": RecastLimit(
        "NA48_Batley2015lha", "NA48_Batley2015lha.csv", "dark_photon", "pi0", "ee", 0.90,
        "90% CL (NA48/2, arXiv:1504.00607; HEPData record: '90% CL upper limits on epsilon^2')",
        "arXiv:1504.00607", decay_length_m=1.0, boost="na48",
        description="NA48/2 pi0 -> gamma X, X -> ee, decay within 1 m"),
    "babar_invisible_2017": RecastLimit(
        "BaBar_Lees2017lec", "BaBar_Lees2017lec.csv", "dark_photon", "e", "invisible", 0.90,
        "90% CL (abstract of arXiv:1702.03327)",
        "arXiv:1702.03327", description="BaBar e+e- -> gamma X, X -> invisible"),
    "na64e_invisible_2019": RecastLimit(
        "NA64_NA642019imj", "NA64_NA642019imj.csv", "dark_photon", "e", "invisible", 0.90,
        "90% CL (NA64, arXiv:1906.00176; general knowledge, not re-read here)",
        "arXiv:1906.00176", description="NA64 electron beam e Z -> e Z X, X -> invisible"),
    "na62_invisible_2019": RecastLimit(
        "NA62_CortinaGil2019nuo", "NA62_CortinaGil2019nuo.csv", "dark_photon", "pi0", "invisible", 0.90,
        "90% CL (NA62, arXiv:1903.08767; general knowledge, not re-read here)",
        "arXiv:1903.08767", description="NA62 pi0 -> gamma X, X -> invisible"),
    "babar_4mu_recast": RecastLimit(
        "babar_4mu", None, "Lmu-Ltau", "mu", "mumu", 0.90,
        "90% CL (abstract summaries of arXiv:1606.03501)",
        "arXiv:1606.03501",
        description="BaBar e+e- -> mu mu X, X -> mu mu, from the L_mu-L_tau g' curve of limits.py"),
    "borexino_bl_recast": RecastLimit(
        "Borexino_Bauer2018onh", "Borexino_Bauer2018onh.csv", "B-L", "nu_e", "none", 0.90,
        "assumed 90% (not stated in Darkcast or the shared README)",
        "Borexino arXiv:1104.1816; B-L curve arXiv:1803.05466 fig. 13",
        description="Borexino 7Be nu-e scattering, from the B-L limit", m_max=1.05),
    "kloe_2018_mumu": RecastLimit(
        "KLOE_Anastasi2018azp_mumu", "KLOE_Anastasi2018azp_mumu.csv", "dark_photon", "e", "mumu", 0.90,
        "assumed 90% (KLOE-2 arXiv:1807.02691; CL not re-read)",
        "arXiv:1807.02691", description="KLOE e+e- -> gamma X, X -> mu mu (mumu channel of the 2018 combination)"),
    "cms_z4mu_recast": RecastLimit(
        "cms_z4mu", None, "Lmu-Ltau", "mu", "mumu", 0.95,
        "95% CL (CMS arXiv:1808.03684, abstract; limits.py LIMIT_CL)",
        "arXiv:1808.03684",
        description="CMS Z -> mu mu X, X -> mu mu, from the L_mu-L_tau g' curve of limits.py"),
}

#: CL of each recast limit (for the half-normal χ² of :func:`jaxalign.lightnp.limits.limit_chi2`).
RECAST_CL = {k: v.cl for k, v in RECAST_LIMITS.items()}


def recast_names(production: str | None = None) -> tuple[str, ...]:
    """Names of the recast limits (optionally only those with the given production channel)."""
    return tuple(k for k, v in RECAST_LIMITS.items() if production is None or v.production == production)


# ---------------------------------------------------------------------------------------------
# data


@functools.lru_cache(maxsize=None)
def original_curve(name: str):
    """(m, v) of a limit as stored (numpy, unchanged values, all rows). v: ε, g_BL or g′."""
    spec = RECAST_LIMITS[name]
    if spec.file is None:
        m, v = limits.curve_data(spec.tag)[:2]
        return np.array(m), np.array(v)
    path = resources.files("jaxalign") / "data" / "limits" / "light_zprime" / "darkcast" / "original_limits" / spec.file
    with resources.as_file(path) as p:
        raw = np.loadtxt(p, delimiter=",", skiprows=1, ndmin=2)
    return raw[:, 0].copy(), raw[:, 1].copy()


@functools.lru_cache(maxsize=None)
def darkcast_lmu_ltau_recast(name: str):
    """(m, g′) of Darkcast's own recast of limit ``name`` to its L_μ−L_τ model (validation data)."""
    spec = RECAST_LIMITS[name]
    path = resources.files("jaxalign") / "data" / "limits" / "light_zprime" / "darkcast" / "recast_Lmu-Ltau" / spec.file
    with resources.as_file(path) as p:
        raw = np.loadtxt(p, delimiter=",", skiprows=1, ndmin=2)
    return raw[:, 0].copy(), raw[:, 1].copy()


@functools.lru_cache(maxsize=None)
def _raw_table(name: str):
    """Interpolation table (lx, ly, slopes) of the valid published rows, and the mass window (lo, hi)."""
    spec = RECAST_LIMITS[name]
    m, v = original_curve(name)
    keep = (m > 0) & (v < _DARKCAST_CLOSURE) & (v > 0)
    if spec.m_max is not None:
        keep &= m <= spec.m_max
    m, v = m[keep], v[keep]
    ms = np.unique(m)
    vs = np.array([v[m == mm].max() for mm in ms])
    lx, ly = np.log(ms), np.log(vs)
    d = limits._pchip_slopes(lx, ly)
    window = (float(ms[0]), float(ms[-1]))
    return lx, ly, d, window


def _pchip_numpy(lx, ly, d, x):
    """The PCHIP of :mod:`.limits` (same Hermite form as ``limits._interp``) evaluated in numpy, x inside."""
    k = np.clip(np.searchsorted(lx, x, side="right") - 1, 0, len(lx) - 2)
    h = lx[k + 1] - lx[k]
    t = (x - lx[k]) / h
    t2, t3 = t * t, t * t * t
    return ((2 * t3 - 3 * t2 + 1) * ly[k] + (t3 - 2 * t2 + t) * h * d[k] + (-2 * t3 + 3 * t2) * ly[k + 1]
            + (t3 - t2) * h * d[k + 1])


def smooth_log_curve(lx, ly, d, sigma):
    r"""Gaussian smoothing of a limit curve in log space (docs/lightnp_recast.md §5, "Smoothed BaBar 2014").

    The raw PCHIP ln ε(ln m) is sampled on a uniform grid of step σ/8 over the data range and averaged
    with a Gaussian kernel of width σ in ln m (cut at ±4σ, renormalised to the data range at the ends,
    so no extrapolation); knots every σ/2 (and the exact end points) carry the smoothed values, and
    the returned table (lx_s, ly_s, slopes) is again a PCHIP. Pure numpy, deterministic."""
    h = sigma * _SMOOTH_FINE
    n = int(np.ceil((lx[-1] - lx[0]) / h))
    xf = np.linspace(lx[0], lx[-1], n + 1)
    yf = _pchip_numpy(lx, ly, d, xf)
    hf = xf[1] - xf[0]
    half = int(np.ceil(_SMOOTH_CUT * sigma / hf))
    kern = np.exp(-0.5 * (np.arange(-half, half + 1) * hf / sigma) ** 2)
    num = np.convolve(yf, kern, mode="same") if len(yf) >= len(kern) else None
    if num is None:  # curve shorter than the kernel: direct sums
        K = np.exp(-0.5 * ((xf[:, None] - xf[None, :]) / sigma) ** 2)
        ys = K @ yf / K.sum(1)
    else:
        ys = num / np.convolve(np.ones_like(yf), kern, mode="same")
    step = max(1, int(round(0.5 * sigma / hf)))
    idx = np.unique(np.r_[np.arange(0, len(xf), step), len(xf) - 1])
    xs, yss = xf[idx], ys[idx]
    return xs, yss, limits._pchip_slopes(xs, yss)


@functools.lru_cache(maxsize=None)
def _table(name: str, smooth: bool = True):
    """(lx, ly, slopes, window) used by the likelihood: the smoothed table where the limit has a
    ``smooth_ln_m`` width (and ``smooth``), else the raw published table. The window is always the
    published data range."""
    lx, ly, d, window = _raw_table(name)
    sigma = RECAST_LIMITS[name].smooth_ln_m
    if smooth and sigma:
        lx, ly, d = smooth_log_curve(lx, ly, d, sigma)
    return lx, ly, d, window


def smoothed_curve(name: str):
    """(m, ε) knots of the limit as used in the likelihood (smoothed where ``smooth_ln_m`` is set;
    otherwise the published rows), numpy, for plots and tests."""
    lx, ly = _table(name)[:2]
    return np.exp(lx), np.exp(ly)


def mass_window(name: str) -> tuple[float, float]:
    """(m_lo, m_hi) in GeV: the data range of limit ``name`` (Darkcast closure rows and, for Borexino,
    the end points above 1.05 GeV dropped). The limit is used at full strength inside
    [m_lo e^Δ, m_hi e^−Δ] and fades out smoothly to 0 at m_lo e^−Δ, m_hi e^Δ (Δ = :data:`WINDOW_TAPER`,
    :func:`window_weight`)."""
    return _table(name)[3]


def _smootherstep(t):
    """C² step 6t⁵ − 15t⁴ + 10t³ on [0, 1] (0 below, 1 above)."""
    t = jnp.clip(t, 0.0, 1.0)
    return t * t * t * (t * (6.0 * t - 15.0) + 10.0)


def window_weight(name: str, m, taper: bool = True):
    r"""Weight w(m) ∈ [0, 1] that multiplies √μ of limit ``name``: C² smootherstep in ln m from 0 at
    ln m_lo − Δ to 1 at ln m_lo + Δ (½ at the first data point), mirrored at m_hi, Δ = :data:`WINDOW_TAPER`.
    ``taper=False``: the hard window 1[m_lo ≤ m ≤ m_hi] (validation against Darkcast)."""
    lo, hi = mass_window(name)
    m = jnp.asarray(m, float)
    if not taper:
        return jnp.where((m >= lo) & (m <= hi), 1.0, 0.0)
    lm = jnp.log(m)
    d = WINDOW_TAPER
    return _smootherstep((lm - np.log(lo) + d) / (2 * d)) * _smootherstep((np.log(hi) + d - lm) / (2 * d))


def _limit_value(name: str, m, smooth: bool = True):
    """(inside the tapered window, coupling limit of model A at m; 1 (harmless) outside). Beyond the
    data range (taper region) the interpolant is held at its end value. ``smooth=False``: the raw
    published curve even where the likelihood uses a smoothed one (validation)."""
    lx, ly, d, (lo, hi) = _table(name, smooth)
    _, lv = limits._interp(jnp.asarray(lx), jnp.asarray(ly), jnp.asarray(d), len(lx), m)
    m = jnp.asarray(m, float)
    ext = np.exp(WINDOW_TAPER)
    inside = (m > lo / ext) & (m < hi * ext)
    return inside, jnp.where(inside, jnp.exp(lv), 1.0)


# ---------------------------------------------------------------------------------------------
# couplings


def _e(alpha0):
    return jnp.sqrt(4.0 * jnp.pi * alpha0)


def epsilon_lmu_ltau_abs(m, m_mu, m_tau, alpha0):
    r"""|ε(q² = m²)|/g of the loop-induced L_μ−L_τ mixing (Amaral et al. arXiv:2006.11225 eq. 7).

    ε(q²)/g = (e/2π²) ∫₀¹ x(1−x) ln[(m_τ² − x(1−x)q² − i0)/(m_μ² − x(1−x)q² − i0)] dx, in closed
    form (derivation in docs/lightnp_recast.md): with J(a) = ∫₀¹ x(1−x) ln(1 − 4x(1−x)/a − i0) dx,
    a = 4M²/q²,

        J = −5/18 − a/6 + (1/6)(1 + a/2) B(a),
        B = 2t arctan(1/t), t = √(a−1)            (a > 1, below threshold, real),
        B = β[ln((1+β)/(1−β)) − iπ], β = √(1−a)   (a < 1, above threshold),

    ε/g = (e/2π²)[(1/6) ln(m_τ²/m_μ²) + J(a_τ) − J(a_μ)]. The modulus is returned, evaluated at
    q² = m² (the X mass) as in the Darkcast L_μ−L_τ model (README of the shared data). Equals
    :func:`jaxalign.lightnp.kinetic_mixing.epsilon_lmu_ltau` (/g) below 2m_μ (tested). m > 0.
    """
    m = jnp.asarray(m, float)

    def J(M):
        a = 4.0 * M**2 / m**2
        below = a > 1.0
        ab = jnp.where(below, a, 2.0)
        t = jnp.sqrt(ab - 1.0)
        # S − 1 with S = t arctan(1/t) = B/2; for large t the series Σ_k (−u)^k/(2k+1), u = 1/t²,
        # avoids the cancellation in (a/6)(S − 1) (a up to ~10¹³ for m ~ 1 keV).
        u = 1.0 / (ab - 1.0)
        series = sum((-u) ** k / (2 * k + 1) for k in range(1, 10))
        big = u < 1e-2
        sm1 = jnp.where(big, series, t * jnp.arctan(1.0 / jnp.where(big, 1.0, t)) - 1.0)
        J_below = -5.0 / 18.0 + (1.0 + sm1) / 3.0 + ab / 6.0 * sm1
        aa = jnp.where(below, 0.5, jnp.clip(a, 0.0, 1.0))
        beta = jnp.sqrt(1.0 - aa)
        pref = (1.0 + aa / 2.0) / 6.0
        J_above = -5.0 / 18.0 - aa / 6.0 + pref * beta * jnp.log((1.0 + beta) / (1.0 - beta))
        re = jnp.where(below, J_below, J_above)
        imag = jnp.where(below, 0.0, -jnp.pi * pref * beta)
        return re, imag

    rt, it = J(m_tau)
    rm, im = J(m_mu)
    re = jnp.log(m_tau**2 / m_mu**2) / 6.0 + rt - rm
    imag = it - im
    return _e(alpha0) / (2.0 * jnp.pi**2) * jnp.sqrt(re**2 + imag**2)


def couplings_dark_photon(eps, alpha0):
    r"""Dark photon: c_f = e ε Q_f (neutrinos 0)."""
    return _e(alpha0) * eps * jnp.asarray(_Q)


def couplings_b_minus_l(g):
    r"""B−L boson (Darkcast ``B-L_boson``): −g to charged leptons and neutrinos, g/3 to quarks."""
    q = np.array([-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 1 / 3, 1 / 3, 1 / 3])
    return g * jnp.asarray(q)


def couplings_lmu_ltau(g, m, m_mu, m_tau, alpha0, loop: bool = True):
    r"""L_μ−L_τ boson: g to μ, ν_μ; −g to τ, ν_τ; e and quarks e ε_loop(m) Q_f with ε_loop = +g|ε(m²)|/g
    (:func:`epsilon_lmu_ltau_abs`; the electron coupling −eε is opposite to g, kinetic_mixing doc).

    Like Darkcast's ``Lmu-Ltau_boson`` and jaxalign's ``LmuLtau``, the O(e²g/12π²) loop shift of the
    non-zero μ, τ couplings is dropped. ``loop=False``: no electron/quark coupling.
    """
    q = np.array([0.0, 1.0, -1.0, 0.0, 1.0, -1.0, 0.0, 0.0, 0.0])
    mix = jnp.where(loop, epsilon_lmu_ltau_abs(m, m_mu, m_tau, alpha0), 0.0)
    emix = np.where(q == 0.0, _Q, 0.0)
    return g * (jnp.asarray(q) + _e(alpha0) * mix * jnp.asarray(emix))


def couplings_b_minus_3lmu(g, eps, alpha0):
    r"""B−3L_μ boson with kinetic mixing ε_BX (MUOQ §III): c_f = g q_f + e ε Q_f with q = −3 (μ, ν_μ),
    1/3 (quarks), 0 (e, τ, ν_e, ν_τ): c_e = −eε, c_μ = −3g − eε, c_ν_μ = −3g, c_u = g/3 + 2eε/3,
    c_d = c_s = g/3 − eε/3. Same convention as :func:`jaxalign.lightnp.g2.lepton_couplings_b_minus_3lmu`
    (MUOQ's ε_BX used directly as the photon-like mixing, no c_W)."""
    q = np.array([0.0, -3.0, 0.0, 0.0, -3.0, 0.0, 1 / 3, 1 / 3, 1 / 3])
    return g * jnp.asarray(q) + _e(alpha0) * eps * jnp.asarray(_Q)


# ---------------------------------------------------------------------------------------------
# widths and branching ratios


def width_fermion(c, m, m_f):
    r"""Γ(X → f f̄) = c² m/(12π)(1 + 2m_f²/m²)√(1 − 4m_f²/m²) for a vector coupling c (0 below
    threshold, finite gradients everywhere)."""
    r = m_f**2 / m**2
    b2 = 1.0 - 4.0 * r
    ok = b2 > 0
    bs = jnp.sqrt(jnp.where(ok, b2, 1.0))
    return jnp.where(ok, c**2 * m / (12.0 * jnp.pi) * (1.0 + 2.0 * r) * bs, 0.0)


def _pion_momentum(s_):
    """|p_π| = √(s/4 − m_π±²) above the ππ threshold, 0 below (safe gradient)."""
    x = s_ / 4.0 - M_PI_CHARGED**2
    ok = x > 0
    return jnp.where(ok, jnp.sqrt(jnp.where(ok, x, 1.0)), 0.0)


#: (mass, total width, Γ_ee) of ρ, ω, φ in GeV (module constants; sources in docs §3).
VECTOR_MESONS = {
    "rho": (M_RHO, W_RHO, GEE_RHO),
    "omega": (M_OMEGA, W_OMEGA, GEE_OMEGA),
    "phi": (M_PHI, W_PHI, GEE_PHI),
}


def r_resonance(m, meson, alpha0):
    r"""R_V(s) = σ(e⁺e⁻ → V → hadrons)/σ(e⁺e⁻ → μ⁺μ⁻)|_{m_μ→0} of one vector meson (relativistic
    Breit–Wigner, docs/lightnp_recast.md §3):

        R_V(s) = 9 Γ_ee M² Γ_V (p(s)/p(M²))³ (M/√s)³ / (α² [(s − M²)² + M² Γ_V(s)²]),
        Γ_V(s) = Γ_V (M/√s) (p(s)/p(M²))³,  p(s) = √(s/4 − m_π±²)  (P-wave ππ; 0 below 2m_π±),

    i.e. the VMD shape R ∝ β_π³ M⁴/|D(s)|² (β_π = 2p/√s) normalised so that R_V(M²) = 9 B_ee/α²
    (all hadronic: B_had = 1) and ∫R_V ds = 9π M Γ_ee/α² for a narrow resonance.
    The P-wave ππ energy dependence is physical for the ρ; for the ω and φ (3π, K K̄) it is used only
    as a threshold factor that makes every hadronic channel vanish below 2m_π± (their off-peak tails
    are a model uncertainty, covered by the ×0/×2 test). ``meson``: "rho", "omega", "phi"."""
    M, W, Gee = VECTOR_MESONS[meson]
    m = jnp.asarray(m, float)
    s_ = m * m
    pM = np.sqrt(M * M / 4.0 - M_PI_CHARGED**2)
    ps = (_pion_momentum(s_) / pM) ** 3
    ws = W * (M / m) * ps
    return 9.0 * Gee * M * M * W * ps * (M / m) ** 3 / (alpha0**2 * ((s_ - M * M) ** 2 + (M * ws) ** 2))


def _had_switch(m):
    """S(m): 0 below HAD_SWITCH[0], 1 above HAD_SWITCH[1], C² smootherstep in between."""
    a, b = HAD_SWITCH
    return _smootherstep((jnp.asarray(m, float) - a) / (b - a))


def hadron_channels(c, m, alpha0):
    r"""Hadronic partial widths of X (GeV), by channel: ``rho``, ``omega``, ``phi`` (vector-meson
    dominated region, weighted by 1 − S(m)) and ``continuum`` (perturbative quarks, weighted by S(m)):

        Γ_V = (m/12π) κ_V² R_V(m) (1 − S),   κ_ρ = c_u − c_d, κ_ω = 3(c_u + c_d), κ_φ = −3c_s,
        Γ_cont = (m/12π) N_c S Σ_q c_q² (1 + 2r_q)√(1 − 4r_q),

    κ_V = Tr(T_V c)/Tr(T_V Q) (= e for the photon-like c = eQ, so Γ_had = (α m/3) R for the dark
    photon); quarks u, d, s massless, c with c_c = c_u and b with c_b = c_d (true for every model
    here: generation-universal quark couplings), r_q = m_{D⁰}²/m², m_{B±}²/m² (open-flavour
    thresholds; quarkonia not modelled). S = smootherstep between :data:`HAD_SWITCH`. All zero below 2m_π±."""
    m = jnp.asarray(m, float)
    S = _had_switch(m)
    kap = {"rho": c[_IU] - c[_ID], "omega": 3.0 * (c[_IU] + c[_ID]), "phi": -3.0 * c[_IS]}
    out = {k: m / (12.0 * jnp.pi) * kap[k] ** 2 * r_resonance(m, k, alpha0) * (1.0 - S) for k in kap}
    light = c[_IU] ** 2 + c[_ID] ** 2 + c[_IS] ** 2
    heavy = c[_IU] ** 2 * _beta_factor(m, M_D0) + c[_ID] ** 2 * _beta_factor(m, M_BPLUS)
    out["continuum"] = m / (12.0 * jnp.pi) * 3.0 * S * (light + heavy)
    return out


def _beta_factor(m, mf):
    """(1 + 2r)√(1 − 4r), r = m_f²/m² (0 below threshold, safe gradient)."""
    r = mf**2 / m**2
    b2 = 1.0 - 4.0 * r
    ok = b2 > 0
    return jnp.where(ok, (1.0 + 2.0 * r) * jnp.sqrt(jnp.where(ok, b2, 1.0)), 0.0)


def width_hadrons(c, m, alpha0):
    r"""Γ(X → hadrons) = Σ of :func:`hadron_channels` (GeV); 0 below 2m_π±."""
    return sum(hadron_channels(c, m, alpha0).values())


def widths(c, m, lepton_mass, nu_factor=1.0, alpha0=None, had_factor=1.0):
    r"""Partial widths (GeV) of X with couplings ``c`` (order :data:`FERMIONS`).

    Returns a dict: ``ee``, ``mumu``, ``tautau``, ``had`` (:func:`width_hadrons` × ``had_factor``;
    0 below 2m_π±), ``nu`` (Σ_α nu_factor c_α² m/(24π)), ``ee+mumu``, ``visible`` (all SM
    visible: ee + μμ + ττ + hadrons) and ``total`` (visible + nu). π⁰γ is neglected (module doc).
    ``alpha0`` (α(0) for R_V) defaults to the 2021 input value.
    """
    if alpha0 is None:
        alpha0 = g2.default_sm("2021").alpha_e_0
    ee = width_fermion(c[_IE], m, lepton_mass[0])
    mm = width_fermion(c[_IMU], m, lepton_mass[1])
    tt = width_fermion(c[_ITAU], m, lepton_mass[2])
    had = had_factor * width_hadrons(c, m, alpha0)
    nu = nu_factor * (c[_INUE] ** 2 + c[_INUMU] ** 2 + c[_INUTAU] ** 2) * m / (24.0 * jnp.pi)
    vis = ee + mm + tt + had
    return {"ee": ee, "mumu": mm, "tautau": tt, "had": had, "nu": nu, "ee+mumu": ee + mm, "visible": vis,
            "total": vis + nu}


def branching_ratio(w, final_state, dark_factor=0.0):
    r"""BR(X → F) from :func:`widths` output. ``dark_factor``: an extra invisible width
    dark_factor × Γ_visible (Darkcast's convention for invisible searches: 99, i.e. BR_inv = 99 %
    for the dark photon; Γ_visible includes τ pairs and hadrons). F: "ee", "mumu", "ee+mumu",
    "invisible"."""
    dark = dark_factor * w["visible"]
    tot = w["total"] + dark
    num = {"ee": w["ee"], "mumu": w["mumu"], "ee+mumu": w["ee+mumu"], "invisible": w["nu"] + dark}[final_state]
    ok = tot > 0
    return jnp.where(ok, num / jnp.where(ok, tot, 1.0), 0.0), tot


def production(c, kind):
    r"""Production factor (module doc): "e": c_e², "mu": c_μ², "pi0": (2c_u + c_d)²."""
    if kind == "e":
        return c[_IE] ** 2
    if kind == "mu":
        return c[_IMU] ** 2
    if kind == "pi0":
        return (2.0 * c[_IU] + c[_ID]) ** 2
    raise ValueError(f"unknown production {kind!r}")


def _decay_probability(width_total, m, spec):
    """P(decay within the fiducial length) = 1 − exp(−L Γ/(βγ ħc)); 1 without a length cut."""
    if spec.decay_length_m is None:
        return jnp.ones_like(width_total)
    if spec.boost == "kloe":  # e+e- -> gamma X at sqrt(s) = m_phi: p_X = (m_phi² − m²)/(2 m_phi)
        bg = (M_PHI**2 - m**2) / (2.0 * M_PHI * m)
    elif spec.boost == "na48":  # E_X = 50 GeV
        bg = jnp.sqrt(E_X_NA48**2 - m**2) / m
    else:
        raise ValueError(spec.boost)
    return -jnp.expm1(-spec.decay_length_m * width_total / (bg * HBARC_GEV_M))


# ---------------------------------------------------------------------------------------------
# nu-e scattering (Borexino)

_GL_T, _GL_W = np.polynomial.legendre.leggauss(48)


def nu_e_delta_sigma(cnu_ce, m, E, m_e, GF, sw2=SW2_MSBAR_MZ, nu_e=False, quadratic=True):
    r"""σ(ν_α e → ν_α e; SM + X) − σ(SM) in GeV⁻², electron at rest, neutrino energy E.

    dσ/dT = (2G_F² m_e/π)[G_L² + G_R²(1 − T/E)² − G_L G_R m_e T/E²], 0 ≤ T ≤ 2E²/(m_e + 2E),
    with SM g_L = −1/2 + s_W² (+1 for ν_e: charged current), g_R = s_W², and the X exchange adds
    δ(T) = c_ν c_e/(2√2 G_F (m² + 2m_e T)) to both (c_ν: coefficient of ν̄γ^μP_Lν, c_e: vector
    electron coupling, convention L ⊃ −X_μ J^μ as the Z; derivation in docs/lightnp_recast.md,
    cf. Lindner, Queiroz, Rodejohann, Xu arXiv:1803.00060). The difference is expanded in δ (no
    cancellation) and integrated with 48-point Gauss–Legendre in u = ln(m² + 2m_eT). ``cnu_ce`` and
    ``nu_e`` may be arrays of the same shape (one entry per flavour).
    ``quadratic=False`` keeps only the SM–X interference (O(δ)); used to diagnose the Darkcast
    comparison (docs/lightnp_recast.md), not for physics.
    """
    cnu_ce = jnp.asarray(cnu_ce, float)[..., None]
    gL = (-0.5 + sw2 + jnp.where(jnp.asarray(nu_e), 1.0, 0.0))[..., None]
    gR = sw2
    Tmax = 2.0 * E**2 / (m_e + 2.0 * E)
    u0 = jnp.log(m**2)
    u1 = jnp.log(m**2 + 2.0 * m_e * Tmax)
    x = jnp.asarray(_GL_T)
    w = jnp.asarray(_GL_W)
    u = 0.5 * (u1 - u0) * x + 0.5 * (u1 + u0)
    ex = jnp.exp(u)
    T = (ex - m**2) / (2.0 * m_e)
    dT = ex / (2.0 * m_e) * 0.5 * (u1 - u0)
    d = cnu_ce / (2.0 * jnp.sqrt(2.0) * GF * ex)
    y = 1.0 - T / E
    k = m_e * T / E**2
    q = d**2 if quadratic else 0.0 * d
    diff = (2.0 * d * gL + q) + (2.0 * d * gR + q) * y**2 - (d * (gL + gR) + q) * k
    return 2.0 * GF**2 * m_e / jnp.pi * jnp.sum(w * dT * diff, axis=-1)


def _borexino_yield(c, m, sm, weights=(1 / 3, 1 / 3, 1 / 3), sw2=None, quadratic=True):
    """Σ_α w_α |Δσ_α| (α = e, μ, τ) at E = 862 keV."""
    sw2 = SW2_MSBAR_MZ if sw2 is None else sw2
    cc = jnp.stack([c[_INUE], c[_INUMU], c[_INUTAU]]) * c[_IE]
    ds = nu_e_delta_sigma(cc, m, E_NU_BE7, sm.lepton_mass[0], sm.GF, sw2, jnp.asarray([True, False, False]), quadratic)
    return jnp.sum(jnp.asarray(weights) * jnp.abs(ds))


# ---------------------------------------------------------------------------------------------
# the recast


def _couplings_A(spec, m, v, sm):
    if spec.model == "dark_photon":
        return couplings_dark_photon(v, sm.alpha_e_0)
    if spec.model == "B-L":
        return couplings_b_minus_l(v)
    if spec.model == "Lmu-Ltau":
        return couplings_lmu_ltau(v, m, sm.lepton_mass[1], sm.lepton_mass[2], sm.alpha_e_0, loop=False)
    raise ValueError(spec.model)


def signal_ratio(
    name, m, c, sm=None, nu_factor=1.0, darkcast_conventions=False, dark_factor=None, borexino_quadratic=True,
    borexino_sw2=None, taper=True, had_factor=1.0, had_factor_A=1.0, smooth=True,
):
    r"""√μ of limit ``name`` for a model with couplings ``c`` (order :data:`FERMIONS`) at mass m.

    μ = σ_B BR_B P_B/(σ_A BR_A P_A) at the published limit (module doc); > 1 means excluded. 0
    outside the limit's mass window (:func:`mass_window`). Pure JAX (jit/grad/vmap in m and c).

    ``nu_factor``: neutrino-width convention of model B (1: left-handed, physical). For invisible
    searches the published limits assume BR_A(invisible) = 1; ``darkcast_conventions=True`` instead
    reproduces Darkcast (model A: Γ_inv = 99 Γ_vis, i.e. BR_A = 0.99; model B gets the extra dark
    width ``dark_factor`` × Γ_vis, default 99 with the conventions and 0 without).
    ``borexino_quadratic=False``: interference-only ν–e yield (diagnostic, see docs);
    ``borexino_sw2``: s_W² in the SM ν–e couplings (default :data:`~.kinetic_mixing.SW2_MSBAR_MZ`).
    ``taper``: multiply by the smooth window weight (:func:`window_weight`; default) or use the hard
    data window (``False``, validation). ``had_factor`` / ``had_factor_A``: scale Γ(X → hadrons) of
    model B / model A (1 = the model of :func:`hadron_channels`; sensitivity studies). ``smooth``:
    use the smoothed limit curve where one is defined (``RecastLimit.smooth_ln_m``; default, as in
    the likelihood) or the raw published points (``False``; Darkcast validation).
    """
    spec = RECAST_LIMITS[name]
    sm = g2.default_sm("2021") if sm is None else sm
    m = jnp.asarray(m, float)
    inside, vlim = _limit_value(name, m, smooth)
    ms = jnp.where(inside, m, 0.5 * sum(mass_window(name)))  # safe mass outside the window
    cA = _couplings_A(spec, ms, vlim, sm)
    if dark_factor is None:
        dark_factor = 99.0 if darkcast_conventions else 0.0
    if spec.production == "nu_e":
        num = _borexino_yield(c, ms, sm, sw2=borexino_sw2, quadratic=borexino_quadratic)
        den = _borexino_yield(cA, ms, sm, sw2=borexino_sw2, quadratic=borexino_quadratic)
        mu = num / den
    else:
        wB = widths(c, ms, sm.lepton_mass, nu_factor, sm.alpha_e_0, had_factor)
        brB, totB = branching_ratio(wB, spec.final_state, dark_factor if spec.final_state == "invisible" else 0.0)
        wA = widths(cA, ms, sm.lepton_mass, 1.0, sm.alpha_e_0, had_factor_A)
        if spec.final_state == "invisible":
            brA = 0.99 if darkcast_conventions else 1.0
            totA = wA["total"]
        else:
            brA, totA = branching_ratio(wA, spec.final_state)
        pB = _decay_probability(totB, ms, spec)
        pA = _decay_probability(totA, ms, spec)
        mu = production(c, spec.production) * brB * pB / (production(cA, spec.production) * brA * pA)
    ok = inside & (mu > 0)
    w = window_weight(name, m, taper)
    return jnp.where(ok, w * jnp.sqrt(jnp.where(ok, mu, 1.0)), 0.0)


def signal_ratios(names, m, c, sm=None, nu_factor=1.0, had_factor=1.0, taper=True, smooth=True):
    r"""``{name: signal_ratio(name, m, c, sm, ...)}`` for several limits at one mass, with the widths
    shared between them: the program is several times smaller than one :func:`signal_ratio` per
    limit (each computes both models' widths, ρ/ω/φ line shapes included), which is what XLA compiles
    for every likelihood of a light-mediator fit.

    Shared: model B's widths at m (once), and model A's at m with unit coupling, once per model-A
    type. Every partial width is quadratic in the couplings (c_f², κ_V², c_ν²) and every model A is
    linear in its coupling ε (``_couplings_A``), so Γ_A(ε_lim) = ε_lim² Γ_A(1), BR_A does not depend
    on ε_lim and σ_A ∝ ε_lim² production(c_A(1)). Inside a limit's (tapered) window m is the mass
    :func:`signal_ratio` uses, so the two agree to rounding there (tested); outside, both are 0 with
    zero gradient (the widths at m are finite for every m > 0; the boost of the decay probability
    still uses the in-window mass, as in :func:`signal_ratio`). Options as in :func:`signal_ratio`
    with the physical conventions (no Darkcast dark width). Borexino (ν–e, not a width ratio) is
    passed to :func:`signal_ratio` unchanged.
    """
    sm = g2.default_sm("2021") if sm is None else sm
    m = jnp.asarray(m, float)
    out, wB, wA1, cA1 = {}, None, {}, {}
    for name in names:
        spec = RECAST_LIMITS[name]
        if spec.production == "nu_e":
            out[name] = signal_ratio(name, m, c, sm, nu_factor=nu_factor, taper=taper, had_factor=had_factor,
                                     smooth=smooth)
            continue
        if wB is None:
            wB = widths(c, m, sm.lepton_mass, nu_factor, sm.alpha_e_0, had_factor)
        if spec.model not in wA1:
            cA1[spec.model] = _couplings_A(spec, m, 1.0, sm)
            wA1[spec.model] = widths(cA1[spec.model], m, sm.lepton_mass, 1.0, sm.alpha_e_0, 1.0)
        inside, vlim = _limit_value(name, m, smooth)
        ms = jnp.where(inside, m, 0.5 * sum(mass_window(name)))  # boost only; safe mass outside
        v2 = vlim * vlim
        brB, totB = branching_ratio(wB, spec.final_state, 0.0)
        if spec.final_state == "invisible":
            brA, totA = 1.0, v2 * wA1[spec.model]["total"]
        else:
            brA, totA1 = branching_ratio(wA1[spec.model], spec.final_state)
            totA = v2 * totA1
        pB = _decay_probability(totB, ms, spec)
        pA = _decay_probability(totA, ms, spec)
        den = v2 * production(cA1[spec.model], spec.production) * brA * pA
        okd = den > 0
        mu = production(c, spec.production) * brB * pB / jnp.where(okd, den, 1.0)
        ok = inside & okd & (mu > 0)
        out[name] = jnp.where(ok, window_weight(name, m, taper) * jnp.sqrt(jnp.where(ok, mu, 1.0)), 0.0)
    return out


def b_minus_3lmu_ratio(name, m, g, eps, inputs="2021", had_factor=1.0, taper=True, smooth=True):
    r"""√μ = g/g_limit(m; ε/g) of limit ``name`` for the B−3L_μ boson (couplings
    :func:`couplings_b_minus_3lmu`, left-handed ν_μ, no dark sector: BR_inv = Γ_ν/Γ_total), times the
    window weight. ``had_factor`` scales Γ(X → hadrons) of the B−3L_μ boson (sensitivity studies);
    ``smooth=False`` uses the raw published curve instead of its smoothed version (BaBar 2014)."""
    sm = g2.default_sm(inputs)
    return signal_ratio(name, m, couplings_b_minus_3lmu(g, eps, sm.alpha_e_0), sm, had_factor=had_factor,
                        taper=taper, smooth=smooth)


def b_minus_3lmu_ratios(m, g, eps, names=None, inputs="2021"):
    """{name: :func:`b_minus_3lmu_ratio`} for all (or the given) recast limits, computed together
    with shared widths (:func:`signal_ratios`)."""
    names = tuple(RECAST_LIMITS) if names is None else tuple(names)
    sm = g2.default_sm(inputs)
    return signal_ratios(names, m, couplings_b_minus_3lmu(g, eps, sm.alpha_e_0), sm)


def _bisect_log(f, lo=-12.0, hi=6.0, n=90):
    """Root of the increasing function f(ln10 g) − 1 in log10 g by bisection (jnp, vmap-safe)."""

    def body(_, ab):
        a, b = ab
        mid = 0.5 * (a + b)
        up = f(mid) > 1.0
        return jnp.where(up, a, mid), jnp.where(up, mid, b)

    a, b = jax.lax.fori_loop(0, n, body, (jnp.asarray(lo, float), jnp.asarray(hi, float)))
    return 10.0 ** (0.5 * (a + b))


def g_limit_b_minus_3lmu(name, m, eps_over_g, inputs="2021", had_factor=1.0, taper=True):
    r"""g_X limit of the B−3L_μ boson at mass m and fixed ε_BX/g_X (for plots; bisection in log g
    over 10⁻¹²…10⁶, the smallest g with √μ = 1 where √μ is increasing). +inf outside the window.
    With ``taper`` (default, as in the likelihood) the limit weakens as 1/w near the window ends."""
    inside = b_minus_3lmu_ratio(name, m, 1.0, eps_over_g, inputs, had_factor, taper) > 0
    g = _bisect_log(lambda lg: b_minus_3lmu_ratio(name, m, 10.0**lg, eps_over_g * 10.0**lg, inputs,
                                                  had_factor, taper))
    return jnp.where(inside, g, jnp.inf)


def _homogeneous(name):
    """True if √μ ∝ g at fixed coupling ratios (no decay-length cut, σ ∝ g²): g_lim = g/√μ exactly."""
    spec = RECAST_LIMITS[name]
    return spec.decay_length_m is None and spec.production != "nu_e"


def recast_lmu_ltau(
    name, m=None, darkcast_conventions=True, nu_factor=2.0, inputs="2021", borexino_quadratic=True,
    borexino_sw2=None, dark_factor=None,
):
    r"""Recast of limit ``name`` to the L_μ−L_τ model (loop-induced ε(m)), for validation against
    Darkcast's files. Returns (m, g′_limit) at the data masses inside the window (or at ``m``).

    Defaults reproduce the Darkcast conventions (invisible: 99 % BR of both models; ν widths with
    ``nu_factor`` = 2, module doc). All L_μ−L_τ couplings are ∝ g′, so where √μ ∝ g′
    (:func:`_homogeneous`) g′_limit = 1/√μ(g′ = 1); otherwise (decay-length cut, Borexino) √μ(g′) = 1
    is solved by bisection in log g′ (√μ is increasing in g′ there).
    """
    sm = g2.default_sm(inputs)
    if m is None:
        mm, v = original_curve(name)
        lo, hi = mass_window(name)
        m = mm[(mm >= lo) & (mm <= hi) & (v < _DARKCAST_CLOSURE)]
    m = np.asarray(m, float)
    kw = dict(
        nu_factor=nu_factor, darkcast_conventions=darkcast_conventions, dark_factor=dark_factor,
        borexino_quadratic=borexino_quadratic, borexino_sw2=borexino_sw2, taper=False, smooth=False,
    )

    def value(mass, lg):
        c = couplings_lmu_ltau(10.0**lg, mass, sm.lepton_mass[1], sm.lepton_mass[2], sm.alpha_e_0)
        return signal_ratio(name, mass, c, sm, **kw)

    if _homogeneous(name):
        return m, 1.0 / np.asarray(jax.jit(jax.vmap(lambda x: value(x, 0.0)))(jnp.asarray(m)))
    return m, np.asarray(jax.jit(jax.vmap(lambda x: _bisect_log(lambda lg: value(x, lg), -8.0, 6.0, 80)))(jnp.asarray(m)))
