"""`python -m bench [NAME ...]`: run the benchmarks and rewrite docs/benchmarks.md.

Each benchmark is a module `bench/<name>.py` with `def run(ctx: BenchContext) -> str`
returning a markdown section; add a benchmark by adding its module and its name to
BENCHMARKS. Running only some benchmarks replaces their sections and keeps the others.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import platform
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import create_engine, text

from bench.context import ROOT, BenchContext, stopwatch

# One name per line, in the order the sections appear.
BENCHMARKS: list[str] = [
    "core",
    "channels",
    "scheduler",
    "sprints",
    "sales_reports",
    "inbox",
    "assistant",
]

OUTPUT = ROOT / "docs" / "benchmarks.md"
_SECTION = re.compile(r"<!-- bench:(?P<name>[\w-]+) -->\n(?P<body>.*?)<!-- /bench:(?P=name) -->\n", re.S)
logger = logging.getLogger("bench")


def _memory() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _postgres_version(ctx: BenchContext) -> str:
    try:
        engine = create_engine(ctx.postgres_url)
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
        return str(version)
    except Exception as exc:  # noqa: BLE001 - the header just says it was not reachable
        return f"unreachable ({str(exc).splitlines()[0]})"


def _load() -> str:
    """The 1-minute load average: other work on the machine skews timings."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def header(ctx: BenchContext) -> str:
    """The machine and software the numbers were measured on."""
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    return "\n".join([
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand.",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {nproc} CPUs ({_cpu()}), {_memory()} RAM, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {_postgres_version(ctx)}",
        f"- BENCH_SCALE={ctx.scale:g}",
        "",
    ])


def _existing_sections() -> dict[str, str]:
    if not OUTPUT.exists():
        return {}
    return {m["name"]: m["body"] for m in _SECTION.finditer(OUTPUT.read_text())}


def render(ctx: BenchContext, sections: dict[str, str]) -> str:
    """The whole document: header, then sections in registry order."""
    parts = [header(ctx)]
    for name in BENCHMARKS:
        if name in sections:
            body = sections[name].rstrip("\n") + "\n"
            parts.append(f"<!-- bench:{name} -->\n{body}<!-- /bench:{name} -->\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmarks (all by default) and rewrite docs/benchmarks.md."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    ctx = BenchContext.from_env()
    for name in args.names or BENCHMARKS:
        logger.info("running %s (scale %s)", name, ctx.scale)
        module = importlib.import_module(f"bench.{name}")
        with stopwatch() as elapsed:
            body = module.run(ctx)
        # read the file again: another benchmark may have written its section meanwhile
        sections = _existing_sections()
        sections[name] = (f"{body.rstrip()}\n\n_{name} benchmark took {elapsed[0]:.0f} s; "
                          f"load average at the end {_load()}._\n")
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(render(ctx, sections))
        logger.info("%s done in %.0f s; wrote %s", name, elapsed[0], OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
