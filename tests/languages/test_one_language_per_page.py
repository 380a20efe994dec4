"""A page's visible text is in the language the reader chose: no phrase of another language's
message tables (the .po files, the message codes, the notifications, the reason templates)
appears on the main pages, except inside an element marked with its own ``lang`` (what an
officer wrote, shown as written with a note saying so)."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

import qyzmet
from qyzmet.applications.decisions import decide_case
from qyzmet.catalog.reasons import ReasonTemplate
from qyzmet.core.messages import MESSAGES
from qyzmet.core.texts import LANGUAGES
from qyzmet.notifications.kinds import KINDS
from tests.backoffice.conftest import sign_in_as
from tests.factories import ApplicationFactory, CitizenFactory

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|[\n«»“”\"()]")


def _phrases(text: str) -> set[str]:
    """The parts of a message between its placeholders that are specific enough: two words or
    more and at least twelve letters."""
    parts = (" ".join(part.split()) for part in PLACEHOLDER.split(text))
    return {part.strip(" .,:;—-") for part in parts if len(part.split()) >= 2 and len(part) >= 12}


@cache
def table(language: str) -> frozenset[str]:
    """Every phrase of ``language``'s messages."""
    texts: list[str] = []
    for po_file in Path(qyzmet.__file__).parent.glob("**/locale/*/LC_MESSAGES/django.po"):
        catalog = polib.pofile(str(po_file))
        for entry in catalog.translated_entries():
            texts.append(entry.msgstr if po_file.parts[-3] == language else "")
            if language == "en":
                texts.append(entry.msgid)
    texts += [text[language] for text in MESSAGES.values()]
    for kind in KINDS.values():
        for message in kind.variants.values():
            texts += [message.subject[language], message.body[language]]
    texts += [template.text[language] for template in ReasonTemplate.objects.all()]
    return frozenset(phrase for text in texts if text for phrase in _phrases(text))


def foreign(language: str) -> set[str]:
    """Phrases only another language says."""
    others = set().union(*(table(other) for other in LANGUAGES if other != language))
    return others - table(language)


class _VisibleText(HTMLParser):
    """The text a reader sees, without scripts, styles, the language switcher and elements
    marked with a ``lang`` of their own."""

    SKIPPED = {"script", "style", "template", "head"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language, self.stack, self.text = language, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        other = attributes.get("lang") not in (None, self.language) and tag != "html"
        self.stack.append(tag in self.SKIPPED or other or "hreflang" in attributes)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.text.append(data)


def visible_text(html: str, language: str) -> str:
    parser = _VisibleText(language)
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


def mixed_in(html: str, language: str) -> list[str]:
    text = visible_text(html, language)
    return sorted(phrase for phrase in foreign(language) if phrase in text)


@pytest.fixture
def decided_case(officer, reason_templates):
    """A Russian-speaking citizen's case rejected with a catalogue reason and the officer's
    own words in English, and another case of theirs approved."""
    citizen = CitizenFactory(language="ru")
    ApplicationFactory(citizen=citizen, service="passport", approved=True)
    case = ApplicationFactory(citizen=citizen, service="passport", submitted=True).cases.get()
    template = ReasonTemplate.objects.get(agency=case.agency, slug="passport-photo")
    decide_case(
        case=case, officer=officer, approve=False, channel="backoffice",
        template=template.text, reason="The photo was taken with dark glasses.",
    )  # fmt: skip
    return case


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_citizens_pages_speak_only_the_language_they_chose(
    client, settings, decided_case, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(decided_case.application.citizen)
    for path in ("/inbox/", f"/applications/{decided_case.application.pk}/"):
        html = client.get(path).content.decode()
        assert mixed_in(html, language) == [], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_officers_case_page_speaks_only_the_officers_language(
    client,
    settings,
    officer,
    decided_case,
    language,
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in_as(client, officer)
    pending = ApplicationFactory(service="passport", submitted=True).cases.get()
    for case in (decided_case, pending):
        html = client.get(f"/back-office/cases/{case.pk}/").content.decode()
        assert mixed_in(html, language) == [], case.status


def test_the_guard_sees_a_message_in_another_language():
    html = (
        '<html lang="kk"><body><p>Заявка подана: Паспорт</p>'
        '<p lang="ru">Фото сделано в очках.</p></body></html>'
    )
    assert mixed_in(html, "kk") == ["Заявка подана"]
