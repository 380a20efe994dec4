"""Retried requests answered once: the first response to a caller's ``Idempotency-Key``, kept
for a while and replayed to the same request, refused to another. Knows nothing of what the
requests do, so any channel may use it; imports no app but ``core`` (and ``jobs`` for its
daily purge)."""
