"""What every benchmark receives: scale, paths, databases, and timing helpers."""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class BenchContext:
    """Settings shared by the benchmark modules."""

    scale: float
    work_dir: Path
    postgres_url: str

    @classmethod
    def from_env(cls) -> BenchContext:
        """Read BENCH_SCALE and TEST_DATABASE_URL; data goes under var/bench/."""
        work_dir = ROOT / "var" / "bench"
        work_dir.mkdir(parents=True, exist_ok=True)
        return cls(
            scale=float(os.environ.get("BENCH_SCALE", "1.0")),
            work_dir=work_dir,
            postgres_url=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL),
        )

    def scaled(self, count: int, minimum: int = 1) -> int:
        """A data size shrunk (or grown) by BENCH_SCALE."""
        return max(minimum, int(count * self.scale))

    def sqlite_url(self, name: str) -> str:
        """A fresh SQLite file under var/bench/ (any previous one is removed)."""
        path = self.work_dir / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"

    @contextmanager
    def postgres_schema(self, prefix: str) -> Iterator[str]:
        """A URL on a fresh PostgreSQL schema, dropped afterwards."""
        schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = make_url(self.postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


@dataclass(frozen=True)
class Timing:
    """Latency of repeated calls, in milliseconds."""

    calls: int
    median_ms: float
    p95_ms: float
    max_ms: float
    cpu_median_ms: float = 0.0  # this process's CPU only: unaffected by waiting for a busy machine

    def row(self, label: str) -> str:
        """A markdown table row: label | calls | median | p95 | max."""
        return f"| {label} | {self.calls} | {self.median_ms:.2f} | {self.p95_ms:.2f} | {self.max_ms:.2f} |"

    def row_with_cpu(self, label: str) -> str:
        """`row` plus the CPU median, for tables under TIMING_CPU_HEADER."""
        return f"{self.row(label)} {self.cpu_median_ms:.2f} |"


TIMING_HEADER = "| call | calls | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|"
TIMING_CPU_HEADER = ("| call | calls | median ms | p95 ms | max ms | CPU median ms (bench process) |\n"
                     "|---|---:|---:|---:|---:|---:|")


def measure(call: Callable[[int], object], calls: int = 200, warmup: int = 20) -> Timing:
    """Time `call(i)` for i in range(calls) after `warmup` untimed calls."""
    for i in range(warmup):
        call(i)
    samples, cpu = [], []
    for i in range(calls):
        started, cpu_started = time.perf_counter(), time.process_time()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Timing(calls, statistics.median(samples), p95, samples[-1], statistics.median(cpu))


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Measure a block: the yielded list holds the elapsed seconds once the block ends."""
    elapsed: list[float] = []
    started = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - started)
