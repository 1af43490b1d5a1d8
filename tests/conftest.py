import jaxalign  # noqa: F401  (switches on jax_enable_x64 before any test module runs)
