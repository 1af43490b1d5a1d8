"""jelli 0.1 + rgevolve 0.1.1 side of the common test case (run in the jelli venv, fresh process).

Adapted from the project's anchor script shared/anchors/jelli_case/bench.py (project-owned code):
same construction and jitted functions; changed: the fixed scale is the test case's Λ = 1.5 TeV
(the anchor used 1 TeV, a grid point), the output is JSON written to a file, and the predictions
and dNLL/dΛ at and between jelli's grid points are recorded for the comparison.

Usage: XDG_DATA_HOME=... python bench_jelli.py OUT.json DATADIR
"""
import os, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import common as cm

OUT, DATA = cm.out_path(), sys.argv[2]
T = {}; t0 = time.perf_counter()
import jax, jax.numpy as jnp, numpy as np
ASYNC_DISPATCH = cm.configure_jax(jax)
from jelli import GlobalLikelihood
T['import'] = time.perf_counter() - t0; M = {'after import': cm.rss_mib()}

t = time.perf_counter(); GlobalLikelihood.load(DATA)          # POPxf + pdfxf; builds RG matrices for all EFTs/bases
T['GlobalLikelihood.load'] = time.perf_counter() - t; M['after load'] = cm.rss_mib()
t = time.perf_counter(); gl = GlobalLikelihood(eft='SMEFT', basis='Warsaw')
T['GlobalLikelihood()'] = time.perf_counter() - t
PARS = [(p, 'R') for p in cm.PARAMS]
t = time.perf_counter(); cl = gl.get_compiled_likelihood(PARS, 'global')
T['get_compiled_likelihood'] = time.perf_counter() - t
T['construction'] = T['GlobalLikelihood.load'] + T['GlobalLikelihood()'] + T['get_compiled_likelihood']
M['after construction'] = cm.rss_mib()

nll_raw, data = cl._negative_log_likelihood_function, cl._log_likelihood_data   # nll(par, scale, data)
f_val = cl.negative_log_likelihood_value(precompiled=False)                     # = partial(jit(nll), data)
f_vg = cl.negative_log_likelihood_value_and_grad(argnums=0, precompiled=False)
f_vgs = cl.negative_log_likelihood_value_and_grad(argnums=(0, 1), precompiled=False)
f_bat = jax.jit(jax.vmap(nll_raw, in_axes=(0, None, None)))
f_batvg = jax.jit(jax.vmap(jax.value_and_grad(nll_raw), in_axes=(0, None, None)))
f_bats = jax.jit(jax.vmap(nll_raw, in_axes=(0, 0, None)))                       # per-point scale

x = jnp.array(cm.TEST_POINT); s = cm.TEST_SCALE
N = cm.BATCH_N
P = jnp.asarray(np.random.default_rng(0).normal(size=(N, 4)) * np.array(cm.BATCH_SIGMA))
S = jnp.asarray(np.exp(np.random.default_rng(1).uniform(*np.log(cm.BATCH_SCALE_RANGE), N)))

sync = jax.block_until_ready
C, R = {}, {}
cases = {
    'value': (lambda: f_val(x, s), 2000),
    'value_grad_params': (lambda: f_vg(x, s), 2000),
    'value_grad_params_scale': (lambda: f_vgs(x, s), 2000),
    'vmap_value_1e4': (lambda: f_bat(P, s, data), 30),
    'vmap_value_grad_1e4': (lambda: f_batvg(P, s, data), 20),
    'vmap_value_1e4_per_point_scale': (lambda: f_bats(P, S, data), 30),
}
for k, (fn, n) in cases.items():
    C[k], _ = cm.first_call(fn, sync)
    if n < 2000:  # batches: consecutive calls
        R[k] = cm.timeit(fn, n=n, sync=sync, max_s=20)
# single calls (2000 each): interleaved blocks, with a pure-Python control (common.py)
R.update(cm.timeit_round_robin({k: fn for k, (fn, n) in cases.items() if n >= 2000}, sync=sync))
M['after all'] = cm.rss_mib(); M['peak'] = cm.peak_rss_mib()

# predictions (Δa_μ, BR(μ→eγ)) at the test point, and dNLL/dΛ at / between grid points
pred_fn = gl._get_prediction_function_no_theory_uncertainty()
obs_names = [o for sec in gl.observable_sectors_no_theory_uncertainty
             for o in __import__('jelli').core.observable_sector.ObservableSector.get(sec).observable_names]
pa = gl._get_par_array(dict(zip(cm.PARAMS, cm.TEST_POINT)))
pred = np.asarray(pred_fn(pa, s, gl.prediction_data_no_theory_uncertainty))
grid = [float(v) for v in np.asarray(gl.prediction_data_no_theory_uncertainty[0][2]) if np.isfinite(v)]
dscale = {}
for sc in [500.0, 1000.0, 1500.0, 2000.0, 3000.0]:
    (val, (g, gs)) = f_vgs(x, sc); h = 1e-3 * sc
    fd = (float(f_val(x, sc + h)) - float(f_val(x, sc - h))) / (2 * h)
    dscale[f'{sc:g}'] = {'autodiff': float(gs), 'central_fd_h=1e-3*scale': fd, 'on_grid': sc in grid}
chk = {'nll(x)': float(f_val(x, s)), 'nll(SM)': float(f_val(jnp.zeros(4), s)),
       'grad_params': [float(v) for v in f_vg(x, s)[1]],
       'vmap==loop': bool(np.allclose(f_bat(P[:3], s, data), [f_val(p, s) for p in P[:3]], rtol=1e-12)),
       'grad dtype': str(f_vg(x, s)[1].dtype),
       'evolution matrix dtype': str(gl.prediction_data_no_theory_uncertainty[0][1].dtype),
       'nll outside grid (50 GeV, 2e6 GeV)': [float(f_val(x, 50.0)), float(f_val(x, 2e6))]}
import importlib.metadata as md
cm.write_json(OUT, {
    'jax_cpu_async_dispatch': ASYNC_DISPATCH, 'tool': 'jelli', 'versions': {p: md.version(p) for p in ('jelli', 'rgevolve', 'jax', 'jaxlib', 'numpy')},
    'device': jax.default_backend(), 'x64': bool(jax.config.jax_enable_x64),
    'construct_s': T, 'first_call_s': C, 'steady_s': R, 'mem_MiB': M,
    'predictions': dict(zip(obs_names, map(float, pred))), 'scale_grid': grid,
    'dnll_dscale': dscale, 'checks': chk})
