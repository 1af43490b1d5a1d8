"""Command line: ``jaxalign run | predict | fit | citations``.

Examples::

    jaxalign run point.yaml --scale 91.1876 -o out.yaml
    jaxalign run point.yaml --eft WET --basis flavio --scale 4.8
    jaxalign predict point.yaml --obs a_mu "BR(mu->egamma)" --vintage 2021
    jaxalign fit fits/align_generic.yaml --out results/align_generic
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys

from .errors import JaxalignError

VINTAGES = ("2021", "current")
SM_INPUT_SETS = ("2021", "current", "reference", "current_rb")  # = jaxalign.inputs.INPUT_SETS (not imported: keeps --help fast)


def _cmd_run(args):
    from .chain import run_wcxf
    from .inputs import load_inputs
    from .io.wcxf import dump_wcxf, read_wcxf, write_wcxf

    wc = read_wcxf(args.point)
    sm = load_inputs(args.sm_inputs)
    if args.eft == "WET":
        from .chain import run_wcxf_wet

        out = run_wcxf_wet(wc, args.scale, sm, basis=args.basis or "JMS", accuracy=args.accuracy)
    else:
        if args.basis not in (None, "Warsaw"):
            raise JaxalignError(f"--basis {args.basis} needs --eft WET (SMEFT output is Warsaw).")
        out = run_wcxf(wc, args.scale, sm, accuracy=args.accuracy)
    if args.output:
        write_wcxf(out, args.output)
    else:
        sys.stdout.write(dump_wcxf(out, "yaml"))


def _cmd_predict(args):
    from .chain import predict_model_point, predict_wcxf
    from .inputs import load_inputs
    from .io.wcxf import read_wcxf
    from .models.point import is_model_point, read_model_point

    sm = load_inputs(args.sm_inputs or args.vintage)
    if is_model_point(args.point):
        res = predict_model_point(read_model_point(args.point), sm, args.obs, accuracy=args.accuracy,
                                  matching=args.matching)
    else:
        res = predict_wcxf(read_wcxf(args.point), sm, args.obs, accuracy=args.accuracy, matching=args.matching,
                           below_mz=args.below_mz)
    print(json.dumps(res, indent=1))


def _cmd_scan(args):
    import numpy as np

    from .fit.driver import build_fit, load_fit_config
    from .fit.scan import plot_scan, scan_plane

    cfg = load_fit_config(args.config)
    lik, data, space = build_fit(cfg)
    names = list(space.names)
    if len(names) < 2:
        raise JaxalignError(f"{args.config}: a scan needs two free parameters, the fit has {names}.")
    ix, iy = (names.index(p) for p in (args.x or names[0], args.y or names[1]))
    lo, hi = np.asarray(space.lower, float), np.asarray(space.upper, float)
    xs = np.linspace(lo[ix], hi[ix], args.n)
    ys = np.linspace(lo[iy], hi[iy], args.n)
    mid = 0.5 * (np.where(np.isfinite(lo), lo, 0.0) + np.where(np.isfinite(hi), hi, 0.0))
    chi2 = scan_plane(lik, data, ix, iy, xs, ys, x_other=mid)
    out = pathlib.Path(args.out or os.path.join("results", cfg.name))
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "scan.npz", x=xs, y=ys, chi2=chi2, names=np.array([names[ix], names[iy]]))
    fig = plot_scan(xs, ys, chi2, chi2_sm=float(lik.chi2_sm(data)), labels=(names[ix], names[iy]),
                    title=cfg.name)
    fig.savefig(out / "scan.png", dpi=130)
    i, j = np.unravel_index(np.argmin(chi2), chi2.shape)
    print(f"{cfg.name}: grid {args.n}x{args.n}; minimum chi2 = {chi2[i, j]:.3f} at {names[ix]} = {xs[i]:.4g}, "
          f"{names[iy]} = {ys[j]:.4g}; chi2(SM) = {float(lik.chi2_sm(data)):.3f}; wrote {out}/scan.png, scan.npz")


def _cmd_models(args):
    from .models.point import model_table

    print(model_table())


def _cmd_fit(args):
    from .fit.driver import run_fit_file

    run_fit_file(args.config, out_dir=args.out, quick=args.quick, seed=args.seed)


def _cmd_citations(args):
    from .citations import citations_text

    print(citations_text(args.config))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="jaxalign",
        description=(
            "Differentiable SMEFT running, lepton dipole observables and global fits "
            "(Δa_ℓ, ℓ→ℓ'γ, d_e) in JAX. Coefficients follow the WCxf conventions "
            "(SMEFT, Warsaw basis, GeV⁻²), as in wilson/flavio/smelli."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'jaxalign COMMAND --help' for the options of each command.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "run",
        help="run a SMEFT WCxf point to another scale",
        description=(
            "Read a SMEFT Warsaw-basis WCxf file (YAML or JSON), solve the one-loop RGEs of the "
            "SM couplings and all 59 B-conserving Warsaw classes down to SCALE, rotate to the WCxf "
            "Warsaw-down basis there and write the result as WCxf (YAML on stdout unless -o is "
            "given). With --eft WET the point is run to m_Z, matched at tree level onto the weak "
            "effective theory and run (QCD+QED, quark thresholds) down to SCALE (m_μ ≤ SCALE ≤ m_Z), "
            "in the JMS basis or, with --basis flavio, in flavio's b→s and lepton-dipole "
            "coefficients. Key names and normalisation are those of WCxf, so the output compares "
            "key by key with wilson's match_run."
        ),
    )
    r.add_argument("point", help="WCxf file (eft: SMEFT, basis: Warsaw)")
    r.add_argument("--scale", type=float, default=91.1876,
                   help="output scale in GeV (default 91.1876; ≥ m_Z for SMEFT, m_μ … m_Z for WET)")
    r.add_argument("--eft", default="SMEFT", choices=("SMEFT", "WET"), help="output EFT (default SMEFT)")
    r.add_argument("--basis", default=None, choices=("Warsaw", "JMS", "flavio"),
                   help="output basis: Warsaw (SMEFT), JMS (default for WET) or flavio (WET)")
    r.add_argument("-o", "--output", help="output file (.yaml/.yml or .json); default: YAML to stdout")
    r.add_argument("--sm-inputs", default="reference", choices=SM_INPUT_SETS,
                   help="SM input set fixing the couplings at m_Z (default: reference, as wilson)")
    r.add_argument("--accuracy", default="integrate", choices=("integrate", "leadinglog"),
                   help="numerical ODE solution (default) or first-order leading log")
    r.set_defaults(func=_cmd_run)

    q = sub.add_parser(
        "predict",
        help="predict observables for a SMEFT WCxf point or a model point",
        description=(
            "Print one JSON object {NAME: {\"sm\": value, \"np\": value}}, where np is the full "
            "prediction (SM + new physics) like flavio's np_prediction. POINT is a SMEFT Warsaw "
            "WCxf file, or a model-point YAML file (model: NAME, scale: GeV, parameters: {...}; "
            "models: `jaxalign models`). Observables: a_e, a_mu, a_tau, BR(mu->egamma), "
            "BR(tau->mugamma), BR(tau->egamma), d_e (d_e/e in e cm), the b->sll observables "
            "(BR(Bs->mumu), <Rmue>(...), C9_bsmumu, ...) and, for light-mediator models, the "
            "neutrino-trident ratios and exclusion-curve ratios limit:NAME."
        ),
    )
    q.add_argument("point", help="WCxf file (eft: SMEFT, basis: Warsaw) or model-point YAML")
    q.add_argument("--obs", nargs="+", metavar="NAME", help="observables (default: all)")
    q.add_argument("--vintage", default="current", choices=VINTAGES,
                   help="measurement/input vintage; also the SM inputs unless --sm-inputs is given")
    q.add_argument("--sm-inputs", choices=SM_INPUT_SETS, help="SM input set (default: the vintage)")
    q.add_argument("--accuracy", default="integrate", choices=("integrate", "leadinglog"))
    q.add_argument("--matching", default="tree", choices=("tree", "1loop"),
                   help="SMEFT→WET matching of the lepton dipoles at m_Z: tree (default, as the "
                        "reference tools) or one-loop (jaxalign.matching.dipole_1loop)")
    q.add_argument("--below-mz", default="qed", choices=("qed", "wet"), dest="below_mz",
                   help="dipole running below m_Z: closed-form QED of the dipole alone (default, as the "
                        "fast likelihood) or the full WET running with the mixing of four-fermion "
                        "operators into the dipoles (SMEFT WCxf points)")
    q.set_defaults(func=_cmd_predict)

    f = sub.add_parser(
        "fit",
        help="best fit and posterior sampling from a fit configuration",
        description=(
            "Read a fit configuration (see fits/*.yaml), find the best fit with Optax "
            "(vmapped multi-start, Hessian uncertainties), sample the posterior with NumPyro NUTS "
            "(4 chains by default; R-hat, ESS, divergences), and write the summary table, "
            "best_fit.json, posterior.nc (ArviZ netCDF) and corner/trace plots into --out."
        ),
    )
    f.add_argument("config", help="fit configuration YAML (e.g. fits/align_generic.yaml)")
    f.add_argument("--out", default=None, help="output directory (default: results/<fit name>)")
    f.add_argument("--quick", action="store_true", help="few starts and draws (a smoke test)")
    f.add_argument("--seed", type=int, default=0, help="random seed")
    f.set_defaults(func=_cmd_fit)

    s_ = sub.add_parser("scan", help="χ² on a grid of two parameters of a fit configuration (vmapped)",
                        description="Evaluate the likelihood of a fit configuration on an N×N grid of two "
                                    "of its parameters (default: the first two; others at the middle of "
                                    "their prior range) with jit(vmap(nll)), and write scan.png (1σ/2σ "
                                    "regions for two parameters, best fit) and scan.npz into --out.")
    s_.add_argument("config", help="fit configuration YAML")
    s_.add_argument("--n", type=int, default=200, help="grid points per axis (default 200)")
    s_.add_argument("--x", help="parameter on the x axis (default: the first)")
    s_.add_argument("--y", help="parameter on the y axis (default: the second)")
    s_.add_argument("--out", help="output directory (default: results/<fit name>)")
    s_.set_defaults(func=_cmd_scan)

    m = sub.add_parser("models", help="list the models usable in model points and fit configurations",
                       description="List every registered model: name, kind (SMEFT at Λ or direct), "
                                   "description, parameter names and references.")
    m.set_defaults(func=_cmd_models)

    c = sub.add_parser("citations", help="print the references behind a fit configuration's chain")
    c.add_argument("config", nargs="?", help="fit configuration (default: the dipole chain)")
    c.set_defaults(func=_cmd_citations)

    from .flavour.cli import register as _register_align  # `jaxalign align` (flavour alignment)

    _register_align(sub)
    return p


def _single_threaded_xla() -> None:
    """Keep XLA's CPU kernels on one thread (unless the user set XLA_FLAGS).

    jaxalign's programs are chains of tiny (3×3, 3⁴) tensor operations; handing them to Eigen's
    thread pool costs more than it saves (measured: the RG right-hand side 66 → 49 µs, the call
    overhead 176 → 110 µs on a 2-core CPU). Must run before JAX creates its CPU backend, i.e.
    before the first computation; it affects only this process.
    """
    import os

    os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")


def main(argv=None) -> int:
    _single_threaded_xla()
    args = build_parser().parse_args(argv)
    from . import enable_compilation_cache

    enable_compilation_cache()
    try:
        args.func(args)
    except JaxalignError as exc:
        print(f"jaxalign {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
