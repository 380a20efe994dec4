from __future__ import annotations

import pytest

from qyzmet.notifications.channels import ChannelRegistry, default_channels


@pytest.fixture
def channels(monkeypatch) -> ChannelRegistry:
    """A fresh registry of channels (inbox, console) that ``notify`` and the workers use;
    tests register channels of their own into it."""
    registry = default_channels()
    monkeypatch.setattr("qyzmet.notifications.services.default_channels", registry)
    return registry
