"""Item 4, jaxalign side: the muoquark (MUOQ Fig. 1) likelihood with its UV parameters (jaxalign venv, fresh process).

The likelihood is built exactly as ``jaxalign fit`` builds it::

    cfg = load_fit_config("fits/muoquark_b3lmu.yaml"); lik, data, space = build_fit(cfg)

(S1 + S3 muoquarks, parameters ``eta3L_3, eta1L_3`` at M1 = M3 = 3 TeV; tree + chirally-enhanced
one-loop matching at 3 TeV, linearised one-loop SMEFT running, WET, six observables: a_mu, R_K[1.1,6],
R_K*[0.045,1.1], R_K*[1.1,6], BR(Bs->mumu), BR(tau->mugamma)); optionally also the variant
``fits/muoquark_b3lmu_c9c10.yaml`` (+ a (C9, C10) Gaussian group), built in the same process.

Timed (per configuration): construction (``build_fit``, cold: no persistent compilation cache), and
with the documented single-call API ``lik.bind(data)``: value, value + gradient at the paper point
(eta3L_3, eta1L_3) = (0.43, 0.12) and at the other points of ``POINTS`` (first call = trace + compile,
then steady medians); ``jit(vmap(value_and_grad))`` over ``--batch`` points drawn uniformly from the
prior box (seed 0); for the base configuration NUTS through ``jaxalign.fit.sample.sample_nuts``
(4 chains × (warm-up + draws), vectorised chains, init = the paper point + jitter 0.1 in the
unconstrained coordinates): the wall time of one full call (what ``jaxalign fit`` pays, compile
included), the part of it spent tracing / lowering / compiling (from JAX's monitoring events, see
``CompileClock``), the rest (= sampling + overhead), bulk/tail ESS, ESS per second, R-hat,
divergences, leapfrog steps.

Written for the flavio side: the predictions at every point of ``POINTS`` (and at the SM point) and the
SMEFT Warsaw WCxf of each point at 3 TeV (``jaxalign.models.muoquark.to_wcxf_dict``, the model's own
matching), which ``muoquark_flavio.py`` evaluates with wilson + flavio.

Usage: python muoquark_jaxalign.py OUT.json [--configs base,c9c10] [--batch 1000]
       [--nuts-chains 4] [--nuts-warmup 1000] [--nuts-samples 2000] [--no-nuts]
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import common as cm  # noqa: E402

CONFIGS = {"base": os.path.join(REPO, "fits", "muoquark_b3lmu.yaml"),
           "c9c10": os.path.join(REPO, "fits", "muoquark_b3lmu_c9c10.yaml")}
# (eta3L_3, eta1L_3): the MUOQ Fig. 1 best fit first, then points across the prior box
POINTS = {"paper (0.43, 0.12)": (0.43, 0.12), "(0.30, 0.08)": (0.30, 0.08), "(-0.50, 0.25)": (-0.50, 0.25),
          "(1.00, -0.40)": (1.00, -0.40)}
PAPER = "paper (0.43, 0.12)"


class CompileClock:
    """Wall time spent tracing, lowering and compiling with JAX inside a ``with`` block.

    Listens to JAX's monitoring events (``/jax/core/compile/jaxpr_trace_duration``,
    ``jaxpr_to_mlir_module_duration``, ``backend_compile_duration``; each reported with its duration
    when it ends) and takes the length of the union of their time intervals (nested events counted
    once). The rest of the block's wall time is execution + Python overhead.
    """

    _active = []
    _registered = False

    def __enter__(self):
        import jax.monitoring as mon
        if not CompileClock._registered:
            def cb(event, duration, **kw):
                if event.startswith("/jax/core/compile/"):
                    now = time.perf_counter()
                    for c in CompileClock._active:
                        c.iv.append((now - duration, now))
                        k = event.rsplit("/", 1)[-1]
                        c.by_event[k] = c.by_event.get(k, 0.0) + duration
            mon.register_event_duration_secs_listener(cb)
            CompileClock._registered = True
        self.iv, self.by_event = [], {}
        CompileClock._active.append(self)
        return self

    def __exit__(self, *exc):
        CompileClock._active.remove(self)
        tot, end = 0.0, -float("inf")
        for a, b in sorted(self.iv):
            if b <= end:
                continue
            tot += b - max(a, end)
            end = b
        self.seconds, self.n_events = tot, len(self.iv)
        return False


def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output JSON")
    ap.add_argument("--configs", default="base,c9c10", help="comma-separated subset of: base, c9c10")
    ap.add_argument("--batch", type=int, default=1000, help="points of the jit(vmap) batch")
    ap.add_argument("--nuts-chains", type=int, default=4)
    ap.add_argument("--nuts-warmup", type=int, default=1000)
    ap.add_argument("--nuts-samples", type=int, default=2000)
    ap.add_argument("--no-nuts", action="store_true", help="skip the NUTS timing")
    return ap.parse_args(argv)


def main():
    a = parse()
    T0 = time.perf_counter()
    t0 = time.perf_counter()
    import jax
    import jax.numpy as jnp
    import numpy as np

    import jaxalign
    from jaxalign.fit.driver import build_fit, load_fit_config
    from jaxalign.models.muoquark import to_wcxf_dict
    from jaxalign.models.point import build_model
    t_import = time.perf_counter() - t0
    sync = jax.block_until_ready
    out = {"tool": "jaxalign", "device": jax.default_backend(), "jax_devices": [str(d) for d in jax.devices()],
           "x64": bool(jax.config.jax_enable_x64), "construct_s": {"import": t_import}, "first_call_s": {},
           "steady_s": {}, "configs": {}, "mem_MiB": {"after import": cm.rss_mib()},
           "persistent_compilation_cache": str(jax.config.jax_compilation_cache_dir or "off")}
    cfgs = [c.strip() for c in a.configs.split(",") if c.strip()]
    built = {}
    for c in cfgs:
        t = time.perf_counter()
        with CompileClock() as cc:
            cfg = load_fit_config(CONFIGS[c])
            lik, data, space = build_fit(cfg)
            sync(data)
        out["construct_s"][f"{c}: build_fit"] = time.perf_counter() - t
        out["construct_s"][f"{c}: build_fit, of which trace + lowering + XLA compile"] = cc.seconds
        out["construct_s"][f"{c}: build_fit, compile event sums (nested traces may overlap)"] = cc.by_event
        out["mem_MiB"][f"after build {c}"] = cm.rss_mib()
        built[c] = (cfg, lik, data, space)
        out["configs"][c] = {"path": os.path.relpath(CONFIGS[c], REPO), "name": cfg.name,
                             "parameters": list(space.names), "observables": list(lik.observables),
                             "running": cfg.running, "scale_GeV": cfg.scale, "vintage": cfg.vintage,
                             "model": cfg.model, "model_options": cfg.model_options}

    rng = np.random.default_rng(0)
    for c, (cfg, lik, data, space) in built.items():
        lo, hi = np.asarray(space.lower, float), np.asarray(space.upper, float)
        X = jnp.asarray(lo + (hi - lo) * rng.uniform(size=(a.batch, len(lo))))
        t = time.perf_counter()
        B = lik.bind(data)  # jitted nll / value_and_grad / predictions of x alone
        out["construct_s"][f"{c}: bind"] = time.perf_counter() - t
        f = lambda x, lik=lik, data=data: lik.nll(x, data)  # noqa: E731
        vvg = jax.jit(jax.vmap(jax.value_and_grad(f)))
        vv = jax.jit(jax.vmap(f))
        xp = jnp.asarray(POINTS[PAPER])
        cases = {"value": (lambda: B.nll(xp), 3000),
                 "value_grad": (lambda: B.value_and_grad(xp), 3000),
                 "predictions": (lambda: B.predictions(xp), 1000),
                 f"vmap_value_{a.batch}": (lambda: vv(X), 50),
                 f"vmap_value_grad_{a.batch}": (lambda: vvg(X), 50)}
        for k, (fn, n) in cases.items():
            out["first_call_s"][f"{c}: {k}"], _ = cm.first_call(fn, sync)
            out["steady_s"][f"{c}: {k}"] = cm.timeit(fn, n=n, sync=sync, max_s=15)
        # value + grad at the other points (same compiled function)
        for lab, p in POINTS.items():
            xx = jnp.asarray(p)
            out["steady_s"][f"{c}: value_grad at {lab}"] = cm.timeit(lambda: B.value_and_grad(xx), n=1000,
                                                                    sync=sync, max_s=5)
        out["mem_MiB"][f"peak after timings {c}"] = cm.peak_rss_mib()
        # checks and predictions
        v, g = B.value_and_grad(xp)
        vb, gb = vvg(jnp.stack([xp, xp]))
        h = 1e-6
        fd = [(float(B.nll(xp.at[i].add(h))) - float(B.nll(xp.at[i].add(-h)))) / (2 * h) for i in range(xp.size)]
        C = out["configs"][c]
        C["chi2_sm"] = float(lik.chi2_sm(data))
        # nll = ½ |whiten · (NP parts − central)|², NP parts in the order of lik.observables
        C["likelihood_terms"] = {"order": list(lik.observables), "central": np.asarray(data.central).tolist(),
                                 "whiten": np.asarray(data.whiten).tolist()}
        C["checks"] = {"nll(paper)": float(v), "grad(paper)": [float(u) for u in g], "grad central FD h=1e-6": fd,
                       "vmap == single (value+grad)": bool(np.allclose(np.asarray(gb[0]), np.asarray(g), rtol=1e-12)),
                       "grad dtype": str(g.dtype)}
        preds = {}
        for lab, p in {"SM": (0.0, 0.0), **POINTS}.items():
            pr = B.predictions(jnp.asarray(p))
            preds[lab] = {k: float(np.real(u)) for k, u in pr.items()}
            preds[lab]["nll"] = float(B.nll(jnp.asarray(p)))
        C["predictions"] = preds

    # the SMEFT points at Λ = 3 TeV as WCxf, for the flavio / smelli side (model options of the base fit)
    cfg0 = built[cfgs[0]][0]
    model = build_model(cfg0.model, cfg0.model_options)
    fixed = {k: float(v) for k, v in cfg0.parameters.items() if not isinstance(v, dict)}
    wc = {}
    for lab, p in POINTS.items():
        full = dict(zip(("eta3L_3", "eta1L_3"), p), **fixed)
        x = jnp.asarray([full[n] for n in model.parameter_names])
        d = to_wcxf_dict(model, x, scale=float(cfg0.scale))
        wc[lab] = {"parameters": full, "wcxf": d}
    out["wcxf_points"] = wc
    out["points"] = {k: list(v) for k, v in POINTS.items()}

    # NUTS (base configuration)
    if not a.no_nuts and "base" in built:
        import arviz as az

        from jaxalign.fit.sample import sample_nuts
        cfg, lik, data, space = built["base"]
        init = np.asarray(POINTS[PAPER])
        kw = dict(num_chains=a.nuts_chains, init=init, progress_bar=False,
                  target_accept_prob=float(cfg.sample.get("target_accept_prob", 0.8)))
        t = time.perf_counter()
        with CompileClock() as cc:
            idata = sample_nuts(lik.nll, data, space, key=0, num_warmup=a.nuts_warmup, num_samples=a.nuts_samples,
                                **kw)
        t_full = time.perf_counter() - t
        t_comp = cc.seconds
        ess_b = az.ess(idata, method="bulk")
        ess_t = az.ess(idata, method="tail")
        rhat = az.rhat(idata)
        names = list(space.names)
        eb = [float(ess_b[n]) for n in names]
        et = [float(ess_t[n]) for n in names]
        samp = t_full - t_comp
        steps = np.asarray(idata.sample_stats["n_steps"])
        n_draw_total = a.nuts_chains * a.nuts_samples
        post = idata.posterior
        out["nuts"] = {
            "settings": {"num_chains": a.nuts_chains, "num_warmup": a.nuts_warmup, "num_samples": a.nuts_samples,
                         "chain_method": str(post.attrs.get("chain_method")),
                         "target_accept_prob": kw["target_accept_prob"], "init": "paper point + jitter 0.1 in z",
                         "dense_mass": False},
            "wall_full_call_s": t_full,
            "compile_s (trace + lowering + XLA compile inside the call)": t_comp,
            "sampling_s (full call - compile)": samp,
            "compile_events": cc.n_events,
            "compile_event_sums_s (nested traces may overlap)": cc.by_event,
            "ess_bulk": dict(zip(names, eb)), "ess_tail": dict(zip(names, et)),
            "ess_bulk_min": min(eb), "ess_bulk_median": float(np.median(eb)), "ess_tail_min": min(et),
            "ess_bulk_min_per_s_sampling": min(eb) / samp, "ess_bulk_min_per_s_full_call": min(eb) / t_full,
            "r_hat": {n: float(rhat[n]) for n in names}, "r_hat_max": max(float(rhat[n]) for n in names),
            "divergences": int(np.asarray(idata.sample_stats["diverging"]).sum()),
            "leapfrog_steps_sampling_phase_sum": int(steps.sum()),
            "leapfrog_steps_mean_per_draw": float(steps.mean()),
            "posterior_mean": {n: float(post[n].mean()) for n in names},
            "posterior_sd": {n: float(post[n].std()) for n in names},
            "draws_total": n_draw_total,
        }
        out["mem_MiB"]["peak after NUTS"] = cm.peak_rss_mib()

    import importlib.metadata as md
    vers = {}
    for p in ("jax", "jaxlib", "numpy", "scipy", "numpyro", "arviz", "equinox", "diffrax"):
        try:
            vers[p] = md.version(p)
        except md.PackageNotFoundError:
            pass
    vers["jaxalign"] = getattr(jaxalign, "__version__", None)
    out["versions"] = vers
    out["mem_MiB"]["peak"] = cm.peak_rss_mib()
    out["worker_wall_s"] = time.perf_counter() - T0
    cm.write_json(a.out, out)


if __name__ == "__main__":
    main()
