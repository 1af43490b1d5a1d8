"""Input/output: WCxf files."""

from .wcxf import WCxf, dump_wcxf, parse_wcxf, read_wcxf, write_wcxf

__all__ = ["WCxf", "read_wcxf", "parse_wcxf", "write_wcxf", "dump_wcxf"]
