"""YAML reading with YAML-1.2 floats, for every file a user writes (WCxf, fit configurations,
model points, input and measurement sets).

PyYAML implements YAML 1.1, whose float pattern needs a dot: ``1e-8`` and ``3E+2`` are read as
the *strings* ``'1e-8'`` and ``'3E+2'``, so a coefficient written the way physicists write it
would be rejected as "not a number". :class:`Loader` is PyYAML's ``SafeLoader`` with the YAML-1.2
float pattern added (``1e-8``, ``1E8``, ``-2.5e+3`` become floats; every other scalar is resolved
as before). Nothing else changes: no arbitrary Python objects, same errors for invalid YAML.
"""

from __future__ import annotations

import re

import yaml

__all__ = ["Loader", "load"]


class Loader(yaml.SafeLoader):
    """SafeLoader that also reads ``1e-13`` (no dot / unsigned exponent) as a float (YAML 1.2)."""


Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
        |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def load(stream):
    """Parse one YAML document (a string or an open file) with :class:`Loader`.

    Raises ``yaml.YAMLError`` for invalid YAML, like ``yaml.safe_load``.
    """
    return yaml.load(stream, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
