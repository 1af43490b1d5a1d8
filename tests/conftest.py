"""Test configuration: x64 (by importing jaxalign) and JAX's persistent compilation cache, so that
the ODE programs compiled by one test session are reused by the next (JAXALIGN_CACHE_DIR=off to
disable)."""

import jaxalign

jaxalign.enable_compilation_cache()


import jax  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def evolve_point_jit():
    """One ``jax.jit(evolve_point)`` for the whole session: the complete-basis programs it compiles
    (~1 min each on 2 cores, checked, so not in the persistent cache) are shared by every test
    module that runs reference points through the public entry point."""
    from jaxalign.chain import evolve_point

    return jax.jit(evolve_point, static_argnums=(4,))
