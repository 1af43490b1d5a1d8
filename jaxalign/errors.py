"""Error types of jaxalign and a check usable inside ``jit``.

Bad input is reported *before* tracing with a :class:`JaxalignError` subclass that names the
offending item and, where useful, the valid alternatives. Inside traced code, :func:`check`
raises at run time (through ``equinox.error_if``) instead of letting a NaN propagate.
"""

from __future__ import annotations

import difflib

import equinox as eqx
import jax.numpy as jnp

__all__ = [
    "JaxalignError",
    "InputError",
    "WCxfError",
    "ConfigError",
    "DataError",
    "check",
    "suggest",
]


class JaxalignError(ValueError):
    """Base class of every error raised by jaxalign on bad input."""


class InputError(JaxalignError):
    """A physical input is invalid (negative mass, scale below the electroweak scale, ...)."""


class WCxfError(JaxalignError):
    """A Wilson-coefficient file or dictionary does not follow the WCxf conventions."""


class ConfigError(JaxalignError):
    """A fit configuration (YAML) is malformed."""


class DataError(JaxalignError):
    """A bundled or user-supplied data file is malformed."""


def suggest(name: str, valid) -> str:
    """A short 'did you mean' hint for an unknown ``name`` among ``valid``."""
    close = difflib.get_close_matches(name, list(valid), n=3)
    return f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def check(x, bad, msg: str):
    """Return ``x``; raise ``msg`` at run time (also under ``jit``) where ``bad`` is true."""
    return eqx.error_if(x, jnp.any(bad), msg)
