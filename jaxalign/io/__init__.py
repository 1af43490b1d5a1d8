"""Input/output: WCxf files (:mod:`.wcxf`) and the YAML reader of every user file (:mod:`.yaml12`)."""

from .wcxf import WCxf, dump_wcxf, parse_wcxf, read_wcxf, write_wcxf

__all__ = ["WCxf", "read_wcxf", "parse_wcxf", "write_wcxf", "dump_wcxf"]
