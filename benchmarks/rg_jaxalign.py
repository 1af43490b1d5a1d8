"""Item 1, jaxalign side: one SMEFT point 1 TeV → m_Z (run in jaxalign's venv, fresh process).

Timed (first call = trace + compile + run, reported separately from the steady median):

* ``evolve_point_integrate``: ``jit(jaxalign.chain.evolve_point)(C, 1000, 91.1876, sm)`` — SM
  couplings at Λ (``sm_at_scale``: two SM-only runs up + leading log), the ODE (Dopri8 at
  ``run_smeft``'s default tolerances: rtol 1e-7, atol 1e-12 since session 12, 1e-8 before) and the
  rotation to the Warsaw-down basis: the analogue of wilson's ``match_run``;
* ``evolve_point_leadinglog``: the same with ``accuracy='leadinglog'``;
* ``evolve_point_integrate_first_chain``: the same with the state of the first chain (issue 2: SM
  couplings + eB, eW, ephi, lequ1, lequ3, ledq — the classes of the test point and those they mix
  into at one loop in the dipole sector), not the complete basis;
* ``sm_at_scale``: the SM couplings at Λ alone (jitted);
* ``ode_only_integrate``: ``jit(run_smeft(..., sm_in=...))`` with the SM couplings at Λ
  precomputed (ODE + final rotation): the analogue of wilson's ``SMEFT._rgevolve``;
* ``ode_only_precise``: the same with rtol 1e-10 (against wilson's DOP853 at rtol 1e-10);
* ``ode_only_leadinglog``: the same at leading log;
* ``vmap_ode_only_64``: ``jit(vmap(run_smeft(..., sm_in=...)))`` over 64 random points of the same
  sector (per-point cost = value / 64).

``coefficient_arrays`` (WCxf → arrays, Python) is timed as well. jaxalign runs the complete
Warsaw basis (SM couplings + all 59 B-conserving classes, absent ones starting at zero), as wilson
does. (Until session 2 the state was the dipole sector only; those figures are in the git history
of results/.)

If WILSON_SM_IN.json (written by rg_wilson.py) is given, the ODE is also run from wilson's SM
couplings at Λ, which separates the accuracy of the ODE from that of the SM couplings at Λ.

Usage: python rg_jaxalign.py OUT.json [WILSON_SM_IN.json]
"""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as cm

OUT = cm.out_path()
t0 = time.perf_counter()
import jax
import jax.numpy as jnp
ASYNC_DISPATCH = cm.configure_jax(jax)
import numpy as np
import jaxalign
from jaxalign.chain import coefficient_arrays, evolve_point
from jaxalign.inputs import load_inputs
from jaxalign.io.wcxf import parse_wcxf
from jaxalign.smeft.operators import SM_KEYS, arrays_to_wcxf
from jaxalign.smeft.rge import run_smeft, sm_at_scale
t_import = time.perf_counter() - t0

sm = load_inputs("reference")
wc = parse_wcxf({"eft": "SMEFT", "basis": "Warsaw", "scale": cm.RG_SCALE_IN, "values": cm.RG_VALUES})
sync = jax.block_until_ready
first, steady = {}, {}
first["coefficient_arrays"], C = cm.first_call(lambda: coefficient_arrays(wc))
steady["coefficient_arrays"] = cm.timeit(lambda: coefficient_arrays(wc), n=50)

f_ev = jax.jit(evolve_point, static_argnums=(4,))
f_sm = jax.jit(sm_at_scale)
f_ode = jax.jit(lambda C, s_in, s_out, sm, sm_in: run_smeft(C, s_in, s_out, sm, sm_in=sm_in))
f_ll = jax.jit(lambda C, s_in, s_out, sm, sm_in: run_smeft(C, s_in, s_out, sm, sm_in=sm_in,
                                                          accuracy="leadinglog"))
a, b = cm.RG_SCALE_IN, cm.RG_SCALE_OUT
out = {}
for acc in ("integrate", "leadinglog"):
    fn = lambda: f_ev(C, a, b, sm, acc)
    first[f"evolve_point_{acc}"], out[acc] = cm.first_call(fn, sync)
    steady[f"evolve_point_{acc}"] = cm.timeit(fn, n=100, sync=sync, max_s=15)
# the state of the first chain (issue 2: SM couplings + the six dipole-sector classes; the point
# has no other coefficient, and what the running generates elsewhere is not fed back)
FIRST_CHAIN = ("eB", "eW", "ephi", "lequ1", "lequ3", "ledq")
C1 = {k: C[k] for k in FIRST_CHAIN}
fn = lambda: f_ev(C1, a, b, sm, "integrate")
first["evolve_point_integrate_first_chain"], out["first_chain"] = cm.first_call(fn, sync)
steady["evolve_point_integrate_first_chain"] = cm.timeit(fn, n=100, sync=sync, max_s=15)
first["sm_at_scale"], sm_in = cm.first_call(lambda: f_sm(sm, C, a), sync)
steady["sm_at_scale"] = cm.timeit(lambda: f_sm(sm, C, a), n=100, sync=sync, max_s=15)
f_precise = jax.jit(lambda C, s_in, s_out, sm, sm_in: run_smeft(C, s_in, s_out, sm, sm_in=sm_in,
                                                                rtol=1e-10))
for name, f in (("ode_only_integrate", f_ode), ("ode_only_precise", f_precise),
                ("ode_only_leadinglog", f_ll)):
    fn = lambda: f(C, a, b, sm, sm_in)
    first[name], out[name] = cm.first_call(fn, sync)
    steady[name] = cm.timeit(fn, n=100, sync=sync, max_s=15)

# batch: 64 random points in the same sector (entries scaled like the test point)
rng = np.random.default_rng(0)
NB = 64
CB = {k: jnp.asarray(np.asarray(v)[None] * (1 + 0.5 * rng.normal(size=(NB,) + v.shape))) for k, v in C.items()}
f_vm = jax.jit(jax.vmap(lambda C: run_smeft(C, a, b, sm, sm_in=sm_in)))
first["vmap_ode_only_64"], _ = cm.first_call(lambda: f_vm(CB), sync)
steady["vmap_ode_only_64"] = cm.timeit(lambda: f_vm(CB), n=10, sync=sync, max_s=30)


sm_in_w = None
if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
    import json
    with open(sys.argv[2]) as f:
        d = json.load(f)
    sm_in_w = {k: (jnp.asarray(np.asarray(re) + 1j * np.asarray(im)) if np.ndim(re) else jnp.asarray(float(re)))
               for k, (re, im) in d.items()}
    sm_in_w = {k: (v if k in ("Gu", "Gd", "Ge") else jnp.real(v)) for k, v in sm_in_w.items()}
    out["ode_only_integrate_wilson_sm_in"] = sync(f_ode(C, a, b, sm, sm_in_w))


def pick(y):
    vals = arrays_to_wcxf({k: np.asarray(v) for k, v in y.items() if k not in SM_KEYS})
    return {k: [complex(vals.get(k, 0)).real, complex(vals.get(k, 0)).imag] for k in cm.RG_COMPARE}


import importlib.metadata as md
n_state = sum(2 * np.size(v) for v in out["integrate"].values())
# the ODE's own state: SM couplings entry by entry + the independent entries of the classes
from jaxalign.smeft.operators import class_representatives
n_ode = sum(np.size(v) * (2 if np.iscomplexobj(v) else 1) for k, v in sm_in.items()) + sum(
    2 * len(class_representatives(k).flat) - int(class_representatives(k).real.sum())
    for k in out["integrate"] if k not in SM_KEYS)
cm.write_json(OUT, {
    "jax_cpu_async_dispatch": ASYNC_DISPATCH, "tool": "jaxalign", "versions": {p: md.version(p) for p in ("jaxalign", "jax", "jaxlib", "diffrax", "equinox", "numpy")},
    "device": jax.default_backend(), "x64": bool(jax.config.jax_enable_x64),
    "import_s": t_import, "first_call_s": first, "steady_s": steady, "n_state_real": int(n_state), "n_ode_state_real": int(n_ode),
    "coefficients": {"integrate": pick(out["integrate"]), "leadinglog": pick(out["leadinglog"]),
                     "integrate_first_chain": pick(out["first_chain"]),
                     "ode_only_integrate": pick(out["ode_only_integrate"]),
                     **({"ode_only_integrate_wilson_sm_in": pick(out["ode_only_integrate_wilson_sm_in"])}
                        if sm_in_w is not None else {})},
    "sm_in_rel_diff_vs_wilson": ({k: float(jnp.max(jnp.abs(sm_in[k] - sm_in_w[k])) / jnp.max(jnp.abs(sm_in_w[k])))
                                  for k in sm_in_w} if sm_in_w is not None else None),
    "mem_MiB": {"peak": cm.peak_rss_mib()}})
