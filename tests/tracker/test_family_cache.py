"""A worker's threads keep the families they read in one process at once (decision 67): none of
them fails while another makes room in the full cache."""

from __future__ import annotations

import sys
import threading

from qyzmet.tracker import family


def test_threads_keeping_families_at_once_never_fail(monkeypatch):
    monkeypatch.setattr(family, "KEPT_AT_MOST", 500)  # full, and made room in, often
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change as often as the interpreter lets them
    errors: list[BaseException] = []

    def keep_many(thread: int) -> None:
        try:
            for i in range(20_000):
                family._keep(f"{thread}-{i}", family.Family({}))
        except BaseException as error:  # what the thread's request would have failed with
            errors.append(error)

    threads = [threading.Thread(target=keep_many, args=(n,)) for n in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)
        family.forget_families()

    assert errors == []
