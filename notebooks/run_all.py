"""Execute the notebooks headless (``make notebooks``; one notebook: ``make notebooks NB=02_muoquark``).

Each notebook runs in a fresh kernel with ``notebooks/`` as working directory (their relative paths
``../fits``, ``../examples`` assume it); the executed copies, with outputs and figures, are written
to ``results/notebooks/`` (not tracked: the notebooks in git stay output-free). Exit status 1 if any
notebook fails; the failing cell is printed.
"""
from __future__ import annotations

import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "results" / "notebooks"


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in HERE.glob("[0-9][0-9]_*.ipynb"))
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in names:
        path = HERE / (name if name.endswith(".ipynb") else name + ".ipynb")
        if not path.is_file():
            print(f"no notebook {path.name} in {HERE}", file=sys.stderr)
            return 2
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=3600, kernel_name="python3",
                                resources={"metadata": {"path": str(HERE)}})
        t0 = time.perf_counter()
        print(f"{path.name} ...", flush=True)
        try:
            client.execute()
            status = "ok"
        except CellExecutionError as exc:
            failed.append(path.name)
            status = "FAILED"
            print(str(exc)[-3000:], file=sys.stderr)
        nbformat.write(nb, OUT / path.name)
        print(f"  {status} in {time.perf_counter() - t0:.0f} s -> {OUT / path.name}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
