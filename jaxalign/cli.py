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
import sys

from .errors import JaxalignError

VINTAGES = ("2021", "current")
SM_INPUT_SETS = ("2021", "current", "reference")


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
    from .chain import predict_wcxf
    from .inputs import load_inputs
    from .io.wcxf import read_wcxf

    wc = read_wcxf(args.point)
    sm = load_inputs(args.sm_inputs or args.vintage)
    res = predict_wcxf(wc, sm, args.obs, accuracy=args.accuracy)
    print(json.dumps(res, indent=1))


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
        help="predict observables for a SMEFT WCxf point",
        description=(
            "Print one JSON object {NAME: {\"sm\": value, \"np\": value}}, where np is the full "
            "prediction (SM + new physics) like flavio's np_prediction. Observables: "
            "a_e, a_mu, a_tau, BR(mu->egamma), BR(tau->mugamma), BR(tau->egamma), d_e (d_e/e in e cm)."
        ),
    )
    q.add_argument("point", help="WCxf file (eft: SMEFT, basis: Warsaw)")
    q.add_argument("--obs", nargs="+", metavar="NAME", help="observables (default: all)")
    q.add_argument("--vintage", default="current", choices=VINTAGES,
                   help="measurement/input vintage; also the SM inputs unless --sm-inputs is given")
    q.add_argument("--sm-inputs", choices=SM_INPUT_SETS, help="SM input set (default: the vintage)")
    q.add_argument("--accuracy", default="integrate", choices=("integrate", "leadinglog"))
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

    c = sub.add_parser("citations", help="print the references behind a fit configuration's chain")
    c.add_argument("config", nargs="?", help="fit configuration (default: the dipole chain)")
    c.set_defaults(func=_cmd_citations)
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
