"""A server for real people never keeps files unscanned: without a real scanner it does not
start."""

from __future__ import annotations

from qyzmet.attachments.checks import attachment_scanner_deployment, attachment_scanner_known
from qyzmet.core.checks import demo_features_only_in_a_demo


def ids(found):
    return [message.id for message in found]


def test_a_deployment_without_a_scanner_refuses_to_start(settings):
    settings.DEMO = False
    settings.ATTACHMENT_SCANNER = ""
    assert ids(attachment_scanner_deployment()) == ["qyzmet.E130"]


def test_the_demos_scanner_outside_a_demo_stops_every_process(settings):
    settings.DEMO = False
    settings.ATTACHMENT_SCANNER = "unscanned"
    assert "qyzmet.E001" in ids(demo_features_only_in_a_demo())


def test_clamd_without_its_address_refuses_to_start(settings):
    settings.DEMO = False
    settings.ATTACHMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = "127.0.0.1:3310"
    assert ids(attachment_scanner_deployment()) == ["qyzmet.E132"]
    settings.CLAMD_ADDRESS = "tcp://127.0.0.1:3310"
    assert ids(attachment_scanner_deployment()) == []


def test_an_unknown_scanner_is_named(settings):
    settings.ATTACHMENT_SCANNER = "norton"
    assert ids(attachment_scanner_known()) == ["qyzmet.E131"]
