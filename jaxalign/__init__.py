"""jaxalign: differentiable global fits of new physics in the muon sector, in JAX.

Importing jaxalign switches JAX to double precision (``jax_enable_x64``); every builder checks
with :func:`require_x64` that it is still on.
"""

import jax

jax.config.update("jax_enable_x64", True)

from .errors import JaxalignError  # noqa: E402


def require_x64() -> None:
    """Raise if double precision was switched off after ``import jaxalign``."""
    if not jax.config.jax_enable_x64:
        raise JaxalignError(
            "jaxalign needs double precision: jax_enable_x64 was switched off after import."
        )


def enable_compilation_cache(path=None) -> str:
    """Switch on JAX's persistent compilation cache (compiled XLA programs kept on disk).

    The one-loop ODE of the running takes ~10 s to compile on a laptop CPU and a few ms to run;
    with the cache, a second process (the next ``jaxalign`` command, the next test session) loads
    it instead. Used by the command line and the test suite; library users opt in. The directory
    is ``path``, else ``$JAXALIGN_CACHE_DIR``, else ``~/.cache/jaxalign/xla``; the environment
    variable ``JAXALIGN_CACHE_DIR=off`` disables it. Returns the directory ("" if disabled).
    """
    import os

    path = path or os.environ.get("JAXALIGN_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "jaxalign", "xla"
    )
    if path == "off":
        return ""
    os.makedirs(path, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.5)
    return path


__version__ = "0.1.0"
__all__ = ["JaxalignError", "require_x64", "enable_compilation_cache", "__version__"]
