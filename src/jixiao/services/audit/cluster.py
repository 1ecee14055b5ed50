"""The audit on a Dask distributed cluster (`jixiao audit --cluster tcp://HOST:8786`).

Dask's scheduler hands the sources to its workers; each worker runs the same `process_source`
as a local process does and writes the part to the output folder, which every worker must see at
the same path (shared storage: NFS, a cluster file system). The client — the machine that ran
the command — then assembles the outputs from the parts exactly as a local run does, so the
outputs are the same. Only the sources' names and paths travel to the workers, never the files.

Why Dask rather than Ray: a few pure-Python wheels (`dask[distributed]`) instead of a large
binary runtime with its own object store; a `LocalCluster` for tests in the same process tree;
a plain `dask scheduler` / `dask worker` pair for a real cluster; and tasks here are
independent functions over files, the case Dask's futures API covers without more machinery.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from jixiao.services.audit.sources import Source
from jixiao.services.audit.work import Outcome, Settings, process_source
from jixiao.services.inputs import InputError

__all__ = ["IN_FLIGHT_PER_THREAD", "run_on_cluster"]

#: Sources submitted per worker thread at a time: the scheduler's queue stays short, so an
#: interrupted run leaves little half-done work and memory on the client stays flat.
IN_FLIGHT_PER_THREAD = 4
#: Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT = 30


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--cluster 需要 Dask：pip install 'jixiao[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"{address}: 无法连接 Dask 调度器（{exc}）") from exc


def run_on_cluster(address: str, sources: Sequence[Source], settings: Settings
                   ) -> Iterator[Outcome]:
    """Each source processed on the cluster at `address`; outcomes as they finish.

    Raises:
        InputError: Dask missing, or the scheduler cannot be reached.
    """
    from distributed import as_completed

    client = _client(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        settings_future = client.scatter(settings, broadcast=True)
        waiting = iter(sources)
        first = [client.submit(process_source, s, settings_future, pure=False,
                               key=f"jixiao-audit-{n}")
                 for n, s in zip(range(IN_FLIGHT_PER_THREAD * threads), waiting, strict=False)]
        counter = len(first)
        running = as_completed(first, loop=client.loop)
        for future in running:
            outcome: Outcome = future.result()
            future.release()
            for source in waiting:
                running.add(client.submit(process_source, source, settings_future, pure=False,
                                          key=f"jixiao-audit-{counter}"))
                counter += 1
                break
            yield outcome
    finally:
        client.close()
