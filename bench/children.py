"""Measuring one database in a child process: Django reads DATABASE_URL once per process, so
each database gets a process of its own, which writes its figures to a JSON file."""

from __future__ import annotations

import argparse
import json
import math
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import REPO_DIR, cpu_busy_percent, cpu_ticks, say, throwaway_database
from server import stop_leftover_server

CHILD_TIMEOUT_SECONDS = 3600
BUSY_WARNING_PERCENT = 15


def child_argv(
    script: str, vendor: str, args: argparse.Namespace, result_file: Path, options: Sequence[str]
) -> list[str]:
    """The command line that runs ``script`` as the child measuring ``vendor``."""
    argv = [sys.executable, str(Path(script).resolve()), "--child", "--database", vendor]
    argv += ["--result-file", str(result_file), "--seed", str(args.seed)]
    for name in options:
        value, flag = getattr(args, name), f"--{name.replace('_', '-')}"
        if isinstance(value, bool):  # a store_true option: given or not
            argv += [flag] if value else []
        else:
            argv += [flag, str(value)]
    return [*argv, "--time-limit", str(args.time_limit)]


def measure_in_child(
    vendor: str, args: argparse.Namespace, *, script: str, options: Sequence[str]
) -> dict[str, Any] | None:
    """Run the child on a throwaway database of ``vendor``; its figures, or None on failure."""
    say(f"\n== {vendor}: preparing a throwaway database ==")
    with throwaway_database(vendor, postgres_url=args.postgres_url, keep=args.keep) as database:
        result_file = database.var_dir / "result.json"
        busy_before = machine_busy(seconds=2.0)
        if busy_before > BUSY_WARNING_PERCENT:
            say(f"{vendor}: WARNING: the machine is {busy_before:.0f} % busy before the run")
        argv = child_argv(script, vendor, args, result_file, options)
        child = subprocess.Popen(argv, env=database.environ(), cwd=REPO_DIR)
        try:
            child.wait(timeout=CHILD_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            say(f"{vendor}: the measurement took longer than {CHILD_TIMEOUT_SECONDS} s; stopping")
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        finally:
            stop_leftover_server(database.var_dir)
        if args.keep:
            say(f"{vendor}: kept {database.url} and {database.var_dir}")
        if child.returncode != 0 or not result_file.exists():
            return None
        return {**json.loads(result_file.read_text()), "busy_before": busy_before}


def machine_busy(*, seconds: float) -> float:
    """How busy all CPUs are over ``seconds``, before anything of ours runs."""
    before = cpu_ticks()
    time.sleep(seconds)
    return cpu_busy_percent(before, cpu_ticks())


def ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def stop_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(f"stopped by signal {signum}")
