"""The fit driver evaluates derived quantities on the posterior draws in fixed-size chunks
(``jaxalign.fit.driver._derived_in_chunks``): the result must equal one vmapped call, including the
padded last chunk."""
import jax
import jax.numpy as jnp
import numpy as np

from jaxalign.fit.driver import _derived_in_chunks


class _Lik:
    @staticmethod
    def derived(x, data):
        return {"s": jnp.sum(x * data), "p": x[0] * x[-1]}


def test_chunks_equal_single_vmap():
    flat = jnp.asarray(np.random.default_rng(3).normal(size=(10, 3)))
    data = jnp.array([1.0, -2.0, 0.5])
    ref = jax.vmap(lambda x: _Lik.derived(x, data))(flat)
    for chunk in (1, 4, 10, 16):
        got = _derived_in_chunks(_Lik, data, flat, chunk=chunk)
        assert set(got) == {"s", "p"}
        for k in ref:
            assert got[k].shape == (10,)
            np.testing.assert_allclose(got[k], np.asarray(ref[k]), rtol=1e-15, atol=0)
