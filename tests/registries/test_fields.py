"""Every registry field a service may declare has a name people can read."""

from qyzmet.registries.fields import FIELD_LABELS, FIELDS, REGISTRY_NAMES


def test_every_registry_field_has_a_label_in_three_languages():
    assert set(FIELD_LABELS) == set(FIELDS)
    for label in FIELD_LABELS.values():
        assert set(label) == {"kk", "ru", "en"}


def test_every_registry_has_a_name():
    assert {path.split(".")[0] for path in FIELDS} <= set(REGISTRY_NAMES)
