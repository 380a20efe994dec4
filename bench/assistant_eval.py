"""How well and how fast the assistant routes citizens' words: top-1 and top-3 accuracy per
language, latency p50/p95 on one CPU core, and memory, for each backend, on the labelled
requests in ``bench/assistant/``: ``tuning.jsonl`` (what the temperatures, weights and
threshold were fitted on, and what the catalogue's phrasings were improved against) and
``fresh.jsonl``, the held-out part (written blind, never used to tune anything), when it is
there.

    .venv/bin/python bench/assistant_eval.py                      # every backend, both parts
    .venv/bin/python bench/assistant_eval.py --backend blended --part held-out
    .venv/bin/python bench/assistant_eval.py --misses             # the wrong answers (tuning)
    .venv/bin/python bench/assistant_eval.py --fit                # refit on the tuning part
    .venv/bin/python bench/assistant_eval.py --fit --folds 5      # ... and cross-validate it

Each backend runs in a child process pinned to one CPU (``os.sched_setaffinity``) with one
model thread; the catalogue is read from ``catalog/`` (no database) and its embeddings from
``var/assistant/`` (made first when missing, not timed). Latency is text → ranked
suggestions (language detection, reading, scoring, confidence) as ``route_request`` does it,
without writing the record: wall-clock, and the CPU time the process spent on it (what one
request costs one core, whatever else the machine runs; the p95 target is judged on it, and
the load average is printed beside it). Memory is the child's peak resident set (Python,
Django and the assistant: model, language detector, indexes) and how much of it the assistant
added.
The exit status is 1 when a target is missed by the default backend on the held-out part
(on the tuning part when there is no held-out part yet).
"""

from __future__ import annotations

import argparse
import json
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
FILES = {"held-out": "fresh.jsonl", "tuning": "tuning.jsonl"}
BACKENDS = ("lexical", "embedding", "blended")
LANGUAGES = ("kk", "ru", "en")
TARGETS = {"top1": 0.90, "top3": 0.97, "p95_ms": 50.0, "memory_mb": 500.0}


def exists(part: str) -> bool:
    return (DATA / FILES[part]).exists()


def requests(part: str) -> list[dict[str, Any]]:
    lines = (DATA / FILES[part]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


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
        # requests, top-1 right, top-3 right, language right, confident, confident and right
        stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        latencies, cpu, wrong = [], [], []
        for row in requests(part):
            started, started_cpu = time.perf_counter(), time.process_time()
            routing = rank(text=row["text"], corpus=corpus, backend=backend)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            keys = [f"{s.kind}:{s.id}" for s in routing.suggestions]
            group = row["language"] if row["language"] in LANGUAGES else "other"
            counts = stats[group]
            counts[0] += 1
            counts[1] += keys[0] == row["expected"]
            counts[2] += row["expected"] in keys[:3]
            counts[3] += routing.language == row["language"]
            counts[4] += routing.status == "confident"
            counts[5] += routing.status == "confident" and keys[0] == row["expected"]
            if misses and keys[0] != row["expected"]:
                wrong.append([group, row["text"], row["expected"], keys[0], routing.confidence])
        p50, p95 = percentiles(latencies, (50, 95))
        cpu_p50, cpu_p95 = percentiles(cpu, (50, 95))
        results["parts"][part] = {
            "stats": dict(stats), "p50": p50, "p95": p95, "max": max(latencies), "wrong": wrong,
            "cpu_p50": cpu_p50, "cpu_p95": cpu_p95,
        }  # fmt: skip
    results["peak_mb"] = _rss_mb("VmHWM")
    results["added_mb"] = _rss_mb("VmRSS") - baseline
    return results


def _raw_scores() -> dict[str, Any]:
    """Every tuning request's raw similarities to every target, by the words and the model."""
    import numpy

    setup_django()
    from qyzmet.assistant.corpus import LIFE_SITUATION
    from qyzmet.assistant.ranking import LONG, read_request

    corpus = _corpus()
    lexical, embedding = _backend("lexical"), _backend("embedding")
    embedding.prepare(corpus)
    rows = requests("tuning")
    words, model = [], []
    for row in rows:
        request, _ = read_request(row["text"], corpus)
        words.append(lexical.similarity(corpus, request))
        model.append(embedding.similarity(corpus, request))
    return {
        "gold": numpy.array([corpus.index_of(r["expected"]) for r in rows]),
        "group": [r["language"] if r["language"] in LANGUAGES else "other" for r in rows],
        "words": numpy.array(words),
        "model": numpy.array(model),
        "long": numpy.array([len(r["text"].split()) >= LONG for r in rows]),
        "situation": numpy.array([t.kind == LIFE_SITUATION for t in corpus.targets]),
    }


def _logits(data: dict[str, Any], params: dict[str, float], backend: str, rows: Any) -> Any:
    """The logits ``ranking.rank`` gives the targets of ``rows`` with ``params``."""
    words = data["words"][rows] / params["lexical.temperature"]
    model = data["model"][rows] / params["embedding.temperature"]
    weight = params["blended.MODEL_WEIGHT"]
    logits = {"lexical": words, "embedding": model}.get(backend)
    if logits is None:
        logits = weight * model + (1 - weight) * words
    prior = params["ranking.LONG_SITUATION_PRIOR"]
    return logits + prior * (data["long"][rows][:, None] & data["situation"][None, :])


def _nll(logits: Any, gold: Any) -> float:
    import numpy

    top = logits.max(axis=1)
    total = numpy.log(numpy.exp(logits - top[:, None]).sum(axis=1)) + top
    return float((total - logits[numpy.arange(len(gold)), gold]).mean())


def _fit_on(data: dict[str, Any], rows: Any) -> dict[str, float]:
    """The temperatures, the blend's weight and the long requests' lean towards life
    situations that make the right targets of ``rows`` most probable (least negative
    log-likelihood)."""
    import numpy

    gold = data["gold"][rows]
    words, model = data["words"][rows], data["model"][rows]
    t_words = min(numpy.arange(0.02, 0.4, 0.005), key=lambda t: _nll(words / t, gold))
    t_model = min(numpy.arange(0.002, 0.02, 0.0005), key=lambda t: _nll(model / t, gold))
    params = {"lexical.temperature": float(t_words), "embedding.temperature": float(t_model)}
    grid = [(w / 20, p / 4) for w in range(4, 20) for p in range(21)]

    def blend_nll(choice: tuple[float, float]) -> float:
        trial = {**params, "blended.MODEL_WEIGHT": choice[0],
                 "ranking.LONG_SITUATION_PRIOR": choice[1]}  # fmt: skip
        return _nll(_logits(data, trial, "blended", rows), gold)

    weight, prior = min(grid, key=blend_nll)
    return {**params, "blended.MODEL_WEIGHT": weight, "ranking.LONG_SITUATION_PRIOR": prior}


def _places(logits: Any, gold: Any) -> Any:
    """Where each right target stands among the suggestions (0: first), ties by order."""
    import numpy

    right = logits[numpy.arange(len(gold)), gold][:, None]
    before = numpy.arange(logits.shape[1])[None, :] < gold[:, None]
    return ((logits > right) | ((logits == right) & before)).sum(axis=1)


def fit(folds: int) -> dict[str, Any]:
    """Fit on the whole tuning part; with ``folds``, also fit on all folds but one and
    measure on that one, in turn (k-fold cross-validation: how the fit generalises)."""
    import numpy

    data = _raw_scores()
    everything = numpy.arange(len(data["gold"]))
    params = _fit_on(data, everything)
    result: dict[str, Any] = {"fitted": params, "nll": _nll(
        _logits(data, params, "blended", everything), data["gold"])}  # fmt: skip
    if folds < 2:
        return result
    order = numpy.random.default_rng(0).permutation(len(everything))
    fold_of = numpy.empty(len(everything), dtype=int)
    fold_of[order] = numpy.arange(len(everything)) % folds
    places: dict[str, Any] = {b: numpy.zeros(len(everything), dtype=int) for b in BACKENDS}
    for fold in range(folds):
        held, kept = everything[fold_of == fold], everything[fold_of != fold]
        fitted = _fit_on(data, kept)
        for backend in BACKENDS:
            logits = _logits(data, fitted, backend, held)
            places[backend][held] = _places(logits, data["gold"][held])
    table: dict[str, Any] = {}
    for backend in BACKENDS:
        for group in (*LANGUAGES, "other"):
            mine = numpy.array([g == group for g in data["group"]])
            if mine.any():
                table[f"{backend} {group}"] = {
                    "n": int(mine.sum()),
                    "top1": float((places[backend][mine] == 0).mean()),
                    "top3": float((places[backend][mine] < 3).mean()),
                }
    result[f"{folds}-fold"] = table
    return result


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


def print_tables(results: list[dict[str, Any]], parts: list[str], judged: str) -> bool:
    """The tables of ``parts``; whether the default backend meets the targets on ``judged``."""
    ok = True
    for part in parts:
        note = "never used to tune" if part == "held-out" else "fitted on"
        print(f"\n{part} ({note}): {len(requests(part))} requests")
        print(f"{'backend':<10} {'lang':<6} {'n':>4} {'top-1':>7} {'top-3':>7} {'lang id':>8} "
              f"{'sure':>6} {'right when sure':>16}")  # fmt: skip
        for result in results:
            if "unavailable" in result:
                print(f"{result['backend']:<10} {result['unavailable']}")
                continue
            stats = result["parts"][part]["stats"]
            for group in (*LANGUAGES, "other"):
                if group not in stats:
                    continue
                n, top1, top3, identified, sure, right = stats[group]
                print(f"{result['backend']:<10} {group:<6} {n:>4} {top1 / n:>7.1%} "
                      f"{top3 / n:>7.1%} {identified / n:>8.1%} {sure / n:>6.1%} "
                      f"{right / max(sure, 1):>16.1%}")  # fmt: skip
                if part == judged and result["backend"] == "blended" and group != "other":
                    ok &= top1 / n >= TARGETS["top1"] and top3 / n >= TARGETS["top3"]
        print(f"{'backend':<10} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu p50':>8} "
              f"{'cpu p95':>8} {'peak MB':>8} "
              f"{'assistant MB':>13}")  # fmt: skip
        for result in results:
            if "unavailable" in result:
                continue
            timing = result["parts"][part]
            print(
                f"{result['backend']:<10} {timing['p50']:>7.1f} {timing['p95']:>7.1f} "
                f"{timing['max']:>7.1f} {timing['cpu_p50']:>8.1f} {timing['cpu_p95']:>8.1f} "
                f"{result['peak_mb']:>8.0f} {result['added_mb']:>13.0f}"
            )
            if part == judged and result["backend"] == "blended":
                ok &= timing["cpu_p95"] <= TARGETS["p95_ms"]
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


def print_folds(fitted: dict[str, Any]) -> None:
    print(json.dumps(fitted["fitted"], indent=2))
    for name, table in fitted.items():
        if name.endswith("-fold"):
            print(f"\n{name} cross-validation on the tuning part (fitted on the other folds):")
            print(f"{'backend':<10} {'lang':<6} {'n':>4} {'top-1':>7} {'top-3':>7}")
            for key, row in table.items():
                backend, group = key.split()
                print(f"{backend:<10} {group:<6} {row['n']:>4} {row['top1']:>7.1%} "
                      f"{row['top3']:>7.1%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: all")
    parser.add_argument("--part", choices=PARTS, action="append", help="default: both")
    parser.add_argument("--misses", action="store_true", help="List the wrong answers.")
    parser.add_argument("--fit", action="store_true", help="Refit on the tuning part; print.")
    parser.add_argument(
        "--folds", type=int, default=0, help="With --fit: k-fold cross-validation of the fit."
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "fit":
        print(json.dumps(fit(args.folds)))
        return
    parts = args.part or (["tuning"] if args.misses else list(PARTS))
    if args.child:
        print(json.dumps(measure(args.child, parts, args.misses)))
        return
    if args.fit:
        print_folds(run_child("--child", "fit", "--folds", str(args.folds)))
        return
    if not exists("held-out") and "held-out" in parts:
        say(f"no held-out set exists ({DATA / FILES['held-out']} is missing)")
        parts = [p for p in parts if p != "held-out"]
        if not parts:
            sys.exit(2)
    for line in machine_description():
        print(line)
    judged = "held-out" if "held-out" in parts else "tuning"
    print(f"one CPU core per backend (sched_setaffinity), targets on {judged}: {TARGETS}")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    results = []
    for name in args.backend or BACKENDS:
        say(f"measuring {name}...")
        arguments = ["--child", name] + [a for p in parts for a in ("--part", p)]
        results.append(run_child(*arguments, *(["--misses"] if args.misses else [])))
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    ok = print_tables(results, parts, judged)
    if args.misses:
        print_misses(results, parts)
    if any(r["backend"] == "blended" for r in results):
        print(f"\nblended meets every target on {judged}" if ok else "\ntargets missed")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
