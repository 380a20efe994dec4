"""The back office's fixtures (an officer, the reason templates) for the pages read here."""

from tests.backoffice.conftest import officer, reason_templates  # noqa: F401
