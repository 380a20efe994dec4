"""Python's garbage collector in a serving process: what was loaded before the first request is
kept out of its collections (decision 0078).

A worker's heap is mostly what loading made (Django, the catalogue's models, every view's
module: a quarter of a million objects), and none of it is ever garbage. Python's collector
still walks all of it in each full collection, which it starts whenever the long-lived objects
grew by a quarter: in a served worker under load that was a pause of 100-160 ms, with the GIL
held, every few seconds, stalling every request of the process at once. Once the application
is loaded, the views are imported as the first request would import them, the garbage of
loading collected, and the rest moved to the collector's permanent generation
(``gc.freeze``): later collections walk only what requests made."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def keep_loaded_objects() -> int:
    """Import the views, collect what loading left, and freeze the rest; the number of objects
    frozen (all of them, if some were frozen before)."""
    get_resolver().url_patterns  # noqa: B018 — imports every view's module, as a request would
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
