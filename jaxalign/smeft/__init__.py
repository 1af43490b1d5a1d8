"""SMEFT: Warsaw operators (WCxf), one-loop β-functions, running, flavour basis."""

from .operators import D6_CLASSES, DIPOLE_SECTOR, SM_KEYS, WARSAW_CLASSES, all_keys, arrays_to_wcxf, parse_key, wcxf_to_arrays
from .rge import evolve, leading_log, run_smeft, sm_at_scale

__all__ = [
    "D6_CLASSES",
    "DIPOLE_SECTOR",
    "SM_KEYS",
    "WARSAW_CLASSES",
    "all_keys",
    "arrays_to_wcxf",
    "parse_key",
    "wcxf_to_arrays",
    "evolve",
    "leading_log",
    "run_smeft",
    "sm_at_scale",
]
