"""Test configuration: x64 (by importing jaxalign) and JAX's persistent compilation cache, so that
the ODE programs compiled by one test session are reused by the next (JAXALIGN_CACHE_DIR=off to
disable)."""

import jaxalign

jaxalign.enable_compilation_cache()
