"""Progress of long work (registry generation, catalogue load) shown on a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any


class Progress:
    """A callable ``progress(stage, done, total)`` that redraws one line per stage."""

    def __init__(self, stream: Any = None, every_seconds: float = 0.5) -> None:
        # Any stream with write() and flush(): sys.stderr, or a command's OutputWrapper.
        self.stream = stream or sys.stderr
        self.every = every_seconds
        self._stage = ""
        self._done_stage = ""
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done >= total
        if finished and stage == self._done_stage:
            return
        if stage == self._stage and not finished and now - self._last < self.every:
            return
        if stage != self._stage and self._stage:
            self.stream.write("\n")
        self._stage, self._last = stage, now
        percent = 100 * done // total if total else 100
        self.stream.write(f"\r  {stage}: {done:,}/{total:,} ({percent}%)")
        if finished:
            self.stream.write("\n")
            self._stage, self._done_stage = "", stage
        self.stream.flush()
