"""Command line: ``jaxalign align POINT`` — the flavour-alignment breakdown of a SMEFT point.

Registered in ``jaxalign/cli.py`` (``build_parser`` calls :func:`register`); it also runs
standalone: ``python -m jaxalign.flavour.cli align POINT ...``.

Examples::

    jaxalign align examples/align_point.yaml
    jaxalign align examples/align_point.yaml --inputs 2021 --json align.json
    jaxalign align point.yaml --classes dipole --yukawa-rotation 12L=1e-5
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from ..errors import InputError, JaxalignError

__all__ = ["register", "main"]

_DESCRIPTION = (
    "Flavour-alignment diagnostics of the lepton dipole (ALIGN: Isidori, Pagès, Wilsch, "
    "arXiv:2111.13724, §2–3) for a SMEFT point at the matching scale Λ. Prints: the flavour phases "
    "θ^X_{L,R} of Y_e, C_eγ, C_eH, C_lequ^(1,3), C_ledq at Λ (eq. 3.18; R = transposed lepton "
    "indices, also for the 23 sector); the Δ coefficients Δ3, Δ1 (eqs. 3.23–3.24) and Δd, ΔeH "
    "(eq. 3.21) in leading-log form and from the numerical running; each term of the linearised "
    "formula eq. 3.22 (and 3.21); ε₁₂^{L,R}, ε₂₃^{L,R} (eq. 2.8) from the full one-loop running to "
    "μ_L = m_Z and the exact mass-basis rotation, compared with the linearised values; the "
    "dominant source of misalignment; and the bounds from BR(μ→eγ), BR(τ→μγ) of the chosen data "
    "vintage compared with ALIGN eqs. 2.6–2.10. See docs/alignment.md."
)


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``align`` sub-command to an ``argparse`` sub-parser collection."""
    a = subparsers.add_parser(
        "align",
        help="flavour-alignment breakdown (θ^X, Δ1/Δ3, ε₁₂, ε₂₃, LFV bounds) of a SMEFT point",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "POINT is a WCxf file (eft: SMEFT, basis: Warsaw; the Warsaw-down basis at its scale, so "
            "the lepton mass matrix is diagonal there and θ^Y comes only from C_eH) or a model-point "
            "YAML of a SMEFT model (`jaxalign models`). Use --yukawa-rotation to give Y_e a flavour "
            "phase at Λ. The first run compiles the running (tens of seconds); later runs reuse "
            "JAX's persistent compilation cache."
        ),
    )
    a.add_argument("point", help="WCxf file (SMEFT, Warsaw) or model-point YAML of a SMEFT model")
    a.add_argument("--inputs", default="current", choices=("2021", "current"),
                   help="data vintage for the LFV limits and a_μ, and the SM input set unless "
                        "--sm-inputs is given (default: current; 2021 = the numbers ALIGN used)")
    try:  # the input sets of the main command line (kept in sync with jaxalign.inputs there)
        from ..cli import SM_INPUT_SETS as sets
    except ImportError:  # pragma: no cover
        sets = ("2021", "current", "reference")
    a.add_argument("--sm-inputs", dest="sm_inputs", choices=tuple(sets),
                   help="SM input set (default: the --inputs vintage)")
    a.add_argument("--scale", type=float, default=None,
                   help="matching scale Λ in GeV (default: the scale of the WCxf file / model point)")
    a.add_argument("--scale-low", dest="scale_low", type=float, default=None,
                   help="low scale μ_L in GeV (default: m_Z of the SM inputs, as ALIGN §2)")
    a.add_argument("--classes", default="all", choices=("all", "dipole"),
                   help="classes run: all 59 B-conserving Warsaw classes (default) or the six of "
                        "ALIGN eq. 3.2 (eB, eW, ephi, lequ1, lequ3, ledq; faster to compile)")
    a.add_argument("--couplings", default="high", choices=("high", "low"),
                   help="scale of y_t, y_b, e in the leading-log Δ's: μ_H (default) or μ_L")
    a.add_argument("--yukawa-rotation", dest="yukawa_rotation", action="append", default=[],
                   metavar="SECTOR=THETA",
                   help="give Y_e the flavour phase THETA at Λ by a rotation (SECTOR: 12L, 12R, 23L, "
                        "23R; repeatable), e.g. --yukawa-rotation 12L=1e-5")
    a.add_argument("--json", default=None, metavar="OUT",
                   help="also write the full report as JSON to OUT (complex numbers as {re, im})")
    a.set_defaults(func=main)
    return a


def _parse_rotation(items) -> dict | None:
    if not items:
        return None
    out = {}
    for it in items:
        key, sep, val = str(it).partition("=")
        if not sep:
            raise InputError(f"--yukawa-rotation expects SECTOR=THETA (e.g. 12L=1e-5), got {it!r}.")
        try:
            out[key.strip()] = float(val)
        except ValueError:
            raise InputError(f"--yukawa-rotation {it!r}: {val!r} is not a number.") from None
    return out


def main(args) -> int:
    """Run the ``align`` command for parsed ``args`` (raises :class:`JaxalignError` on bad input)."""
    from ..inputs import load_inputs
    from ..smeft.operators import DIPOLE_SECTOR
    from .alignment import alignment_report, format_report

    path = pathlib.Path(args.point)
    if not path.is_file():
        raise InputError(f"point file '{path}' does not exist.")
    sm = load_inputs(args.sm_inputs or args.inputs)
    report = alignment_report(
        str(path), args.inputs, sm=sm, scale_in=args.scale, scale_out=args.scale_low,
        sector=None if args.classes == "all" else DIPOLE_SECTOR, couplings=args.couplings,
        yukawa_rotation=_parse_rotation(args.yukawa_rotation),
    )
    print(format_report(report))
    if args.json:
        out = pathlib.Path(args.json)
        try:
            out.write_text(json.dumps(report.to_dict(), indent=1))
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc}") from None
        print(f"\nwrote {out}")
    return 0


def _standalone(argv=None) -> int:
    """``python -m jaxalign.flavour.cli align POINT ...`` before the command is integrated."""
    from ..cli import _single_threaded_xla

    _single_threaded_xla()
    p = argparse.ArgumentParser(prog="jaxalign")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(sub)
    args = p.parse_args(argv)
    from .. import enable_compilation_cache

    enable_compilation_cache()
    try:
        return args.func(args)
    except JaxalignError as exc:
        print(f"jaxalign {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(_standalone())
