"""How well and how fast the assistant routes citizens' words: top-1 and top-3 accuracy per
language, latency p50/p95 on one CPU core, and memory, for each backend, on the labelled
requests in ``bench/assistant/`` (``held-out``: never used to tune anything; ``tuning``: what
the temperatures, weights and threshold were fitted on).

    .venv/bin/python bench/assistant_eval.py                      # every backend, both parts
    .venv/bin/python bench/assistant_eval.py --backend blended --part held-out
    .venv/bin/python bench/assistant_eval.py --misses             # the wrong answers (tuning)
    .venv/bin/python bench/assistant_eval.py --fit                # refit on the tuning part

Each backend runs in a child process pinned to one CPU (``os.sched_setaffinity``) with one
model thread; the catalogue is read from ``catalog/`` (no database) and its embeddings from
``var/assistant/`` (made first when missing, not timed). Latency is text → ranked
suggestions (language detection, reading, scoring, confidence) as ``route_request`` does it,
without writing the record. Memory is the child's peak resident set (Python, Django and the
assistant: model, language detector, indexes) and how much of it the assistant added.
The exit status is 1 when a target is missed on the held-out part by the default backend.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import REPO_DIR, machine_description, percentiles, say, setup_django

DATA = REPO_DIR / "bench" / "assistant"
PARTS = ("held-out", "tuning")
BACKENDS = ("lexical", "embedding", "blended")
LANGUAGES = ("kk", "ru", "en")
TARGETS = {"top1": 0.90, "top3": 0.97, "p95_ms": 50.0, "memory_mb": 500.0}


def requests(part: str) -> list[dict[str, Any]]:
    lines = (DATA / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _rss_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


# ---------------------------------------------------------------- child: one backend


def _corpus() -> Any:
    from django.conf import settings

    from qyzmet.assistant.corpus import corpus_from_definitions
    from qyzmet.catalog.documents import Kind, read_catalog

    catalog = read_catalog([Path(settings.CATALOG_DIR)])
    return corpus_from_definitions(
        life_situations=[d.data for d in catalog.of_kind(Kind.LIFE_SITUATION)],
        services=[d.data for d in catalog.of_kind(Kind.SERVICE)],
    )


def _backend(name: str) -> Any:
    from django.conf import settings

    from qyzmet.assistant.backends import default_backends

    settings.ASSISTANT_THREADS = 1
    return default_backends()[name]


def measure(name: str, parts: list[str], misses: bool) -> dict[str, Any]:
    """Run every request of ``parts`` through backend ``name`` on one core."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    setup_django()
    from qyzmet.assistant.languages import lingua
    from qyzmet.assistant.ranking import rank

    corpus = _corpus()
    baseline = _rss_mb("VmRSS")
    backend = _backend(name)
    if not backend.available():
        return {"backend": name, "unavailable": "the model package is not installed"}
    backend.prepare(corpus)  # embeddings from var/assistant/, made first if missing
    for text in ("warm up", "жылыту", "разогрев", "мен", "qwzx"):
        rank(text=text, corpus=corpus, backend=backend)
    lingua.detector("platform"), lingua.detector("others")  # built on first use otherwise
    results: dict[str, Any] = {"backend": name, "version": backend.version, "parts": {}}
    for part in parts:
        stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        latencies, wrong = [], []
        for row in requests(part):
            started = time.perf_counter()
            routing = rank(text=row["text"], corpus=corpus, backend=backend)
            latencies.append((time.perf_counter() - started) * 1000)
            keys = [f"{s.kind}:{s.id}" for s in routing.suggestions]
            group = row["language"] if row["language"] in LANGUAGES else "other"
            counts = stats[group]
            counts[0] += 1
            counts[1] += keys[0] == row["expected"]
            counts[2] += row["expected"] in keys[:3]
            counts[3] += routing.language == row["language"]
            if misses and keys[0] != row["expected"]:
                wrong.append([group, row["text"], row["expected"], keys[0], routing.confidence])
        p50, p95 = percentiles(latencies, (50, 95))
        results["parts"][part] = {
            "stats": dict(stats), "p50": p50, "p95": p95, "max": max(latencies), "wrong": wrong,
        }  # fmt: skip
    results["peak_mb"] = _rss_mb("VmHWM")
    results["added_mb"] = _rss_mb("VmRSS") - baseline
    return results


def fit() -> dict[str, Any]:
    """Fit the backends' temperatures and the blend's weight on the tuning part only:
    the values that make the right target most probable (least negative log-likelihood)."""
    setup_django()
    from qyzmet.assistant.ranking import read_request

    corpus = _corpus()
    lexical, embedding = _backend("lexical"), _backend("embedding")
    embedding.prepare(corpus)
    rows = requests("tuning")
    gold = [corpus.index_of(r["expected"]) for r in rows]
    words, model = [], []
    for row in rows:
        request, _ = read_request(row["text"], corpus)
        words.append(lexical.similarity(corpus, request))
        model.append(embedding.similarity(corpus, request))

    def nll(scores: list[list[float]]) -> float:
        total = 0.0
        for row, right in zip(scores, gold, strict=True):
            top = max(row)
            total += math.log(sum(math.exp(v - top) for v in row)) - (row[right] - top)
        return total / len(scores)

    def scaled(scores: list[list[float]], t: float) -> list[list[float]]:
        return [[v / t for v in row] for row in scores]

    t_words = min((i / 1000 for i in range(20, 400, 5)), key=lambda t: nll(scaled(words, t)))
    t_model = min((i / 10000 for i in range(20, 200, 5)), key=lambda t: nll(scaled(model, t)))

    def blend(w: float) -> list[list[float]]:
        return [[w * a / t_model + (1 - w) * b / t_words for a, b in zip(m, x, strict=True)]
                for m, x in zip(model, words, strict=True)]  # fmt: skip

    weight = min((i / 20 for i in range(4, 20)), key=lambda w: nll(blend(w)))
    return {"lexical.temperature": t_words, "embedding.temperature": t_model,
            "blended.MODEL_WEIGHT": weight, "nll": nll(blend(weight))}  # fmt: skip


# ---------------------------------------------------------------- parent: the tables


def run_child(*arguments: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=False,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    if done.returncode != 0:
        say(done.stderr)
        raise SystemExit(f"the child for {arguments} failed")
    return dict(json.loads(done.stdout.splitlines()[-1]))


def print_tables(results: list[dict[str, Any]], parts: list[str]) -> bool:
    ok = True
    for part in parts:
        note = "never used to tune" if part == "held-out" else "fitted on"
        print(f"\n{part} ({note}): {len(requests(part))} requests")
        print(f"{'backend':<10} {'lang':<6} {'n':>4} {'top-1':>7} {'top-3':>7} {'lang id':>8}")
        for result in results:
            if "unavailable" in result:
                print(f"{result['backend']:<10} {result['unavailable']}")
                continue
            stats = result["parts"][part]["stats"]
            for group in (*LANGUAGES, "other"):
                if group not in stats:
                    continue
                n, top1, top3, identified = stats[group]
                print(f"{result['backend']:<10} {group:<6} {n:>4} {top1 / n:>7.1%} "
                      f"{top3 / n:>7.1%} {identified / n:>8.1%}")  # fmt: skip
                if part == "held-out" and result["backend"] == "blended" and group != "other":
                    ok &= top1 / n >= TARGETS["top1"] and top3 / n >= TARGETS["top3"]
        print(f"{'backend':<10} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'peak MB':>8} "
              f"{'assistant MB':>13}")  # fmt: skip
        for result in results:
            if "unavailable" in result:
                continue
            timing = result["parts"][part]
            print(
                f"{result['backend']:<10} {timing['p50']:>7.1f} {timing['p95']:>7.1f} "
                f"{timing['max']:>7.1f} {result['peak_mb']:>8.0f} {result['added_mb']:>13.0f}"
            )
            if part == "held-out" and result["backend"] == "blended":
                ok &= timing["p95"] <= TARGETS["p95_ms"]
                ok &= result["peak_mb"] <= TARGETS["memory_mb"]
    return ok


def print_misses(results: list[dict[str, Any]], parts: list[str]) -> None:
    for result in results:
        for part in parts:
            for group, text, expected, got, confidence in (
                result.get("parts", {}).get(part, {}).get("wrong", [])
            ):
                print(f"  {result['backend']} {part} [{group}] {text[:70]!r}: expected "
                      f"{expected}, got {got} ({confidence:.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: all")
    parser.add_argument("--part", choices=PARTS, action="append", help="default: both")
    parser.add_argument("--misses", action="store_true", help="List the wrong answers.")
    parser.add_argument("--fit", action="store_true", help="Refit on the tuning part; print.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "fit":
        print(json.dumps(fit()))
        return
    parts = args.part or (["tuning"] if args.misses else list(PARTS))
    if args.child:
        print(json.dumps(measure(args.child, parts, args.misses)))
        return
    if args.fit:
        print(json.dumps(run_child("--child", "fit"), indent=2))
        return
    for line in machine_description():
        print(line)
    print(f"one CPU core per backend (sched_setaffinity), targets on held-out: {TARGETS}")
    results = []
    for name in args.backend or BACKENDS:
        say(f"measuring {name}...")
        arguments = ["--child", name] + [a for p in parts for a in ("--part", p)]
        results.append(run_child(*arguments, *(["--misses"] if args.misses else [])))
    ok = print_tables(results, parts)
    if args.misses:
        print_misses(results, parts)
    if "held-out" in parts and any(r["backend"] == "blended" for r in results):
        print("\nblended meets every target on held-out" if ok else "\ntargets missed")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
