#!/usr/bin/env bash
# GPU (or any-device) benchmark items in one go, for a lent accelerator machine whose image has JAX
# (+CUDA), equinox, optax, numpyro, matplotlib and pyyaml but no package index: the pure-Python
# packages it lacks (arviz and its h5netcdf/xarray-einstats/platformdirs; diffrax, equinox, lineax,
# optimistix pinned to the versions of jaxalign's CI venv) travel as wheels in ./.whl
# (`pip download` them on a machine with an index; see benchmarks/README.md "GPU").
#
#   bash benchmarks/device_suite.sh a   # environment, batched likelihood (1e4..1e7), 10^6-point light-Z' grids
#   bash benchmarks/device_suite.sh b   # vmapped full-basis RG batches, reverse-mode gradient of the RG run
#
# Results go to $OUT (the device tool's output folder) or benchmarks/results/gpu/.
set -u
cd "$(dirname "$0")/.."
O=${OUT:-benchmarks/results/gpu}
mkdir -p "$O"
if [ -d .whl ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site
fi
export PYTHONPATH=$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1 JAXALIGN_CACHE_DIR=/tmp/jaxalign-cache
export XLA_PYTHON_CLIENT_PREALLOCATE=false
PY=python3
stage=${1:-a}
log="$O/log_$stage.txt"
{
  date -u; nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv 2>&1
  $PY -c "import jax, jaxlib, diffrax, equinox, numpyro, optax; print('jax', jax.__version__, jax.devices(), 'x64 via jaxalign'); import jaxalign; print('jaxalign ok, x64 =', jax.config.jax_enable_x64)"
  nproc; free -g | head -2
} > "$O/env_$stage.txt" 2>&1
cat "$O/env_$stage.txt"
case $stage in
  a)
    timeout 260 $PY benchmarks/lik_batched.py "$O/lik_batched_gpu.json" 1e7 200 2>&1 | tee "$log"
    timeout 120 $PY benchmarks/grid_light_zprime.py 1000 "$O/grid_lmu_ltau_gpu.json" 2>&1 | grep -v -i warn | tail -8 | tee -a "$log"
    timeout 150 $PY benchmarks/grid_light_zprime.py 1000 "$O/grid_b3lmu_current_gpu.json" fits/b_minus_3lmu_light_current.yaml 2>&1 | grep -v -i warn | tail -8 | tee -a "$log"
    ;;
  b)
    timeout 330 $PY benchmarks/rg_batched.py "$O/rg_batched_gpu.json" 32768 240 2>&1 | tee "$log"
    timeout 220 $PY benchmarks/rg_jacrev.py "$O/rg_jacrev_gpu.json" --worker-from-driver '{}' 2>&1 | tail -20 | tee -a "$log"
    ;;
esac
ls -la "$O"
