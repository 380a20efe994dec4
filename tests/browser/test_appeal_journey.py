"""A citizen whose passport was rejected appeals with reasons and a document on the portal (a
file with malware, where a real clamd scans, is refused first with the reasons kept); the
agency's appeals officer, who took no part in the rejection, opens the document and upholds the
appeal in the back office, confirmed on a check page; the rejection is reversed (the case is
back in review) and the citizen reads the outcome on the application page and in the inbox.
The citizen downloads the document back from the application page; once the retention term
has ended, it is marked deleted there and its link says so."""

from __future__ import annotations

import datetime

from tests.attachments.conftest import a_pdf
from tests.browser.conftest import screenshot
from tests.browser.journeys import sign_in_as_officer
from tests.browser.test_officer_journeys import REFERENCE, apply_for_a_passport
from tests.counterparts.clamd import EICAR

REASONS = "Фотография соответствует требованиям: очков на ней нет."
UPHELD = "The photo meets the requirements; the rejection was a mistake."


def retention_has_ended(sql, reference: str) -> None:
    """Erase the content of the appeal's documents as the retention job does once their term
    has ended (the test cannot wait the days it keeps them); the row is kept. (The job erases
    the encrypted name too, which plain SQL cannot write.)"""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    sql(
        "UPDATE casework_appealattachment SET content = NULL, deleted_at = %s"
        " WHERE appeal_id IN (SELECT p.id FROM casework_appeal p JOIN applications_case c"
        " ON c.id = p.case_id JOIN applications_application a ON a.id = c.application_id"
        " WHERE a.reference = %s)",
        str(now),
        reference,
    )


def appeal_in_every_language(context, page, demo_site):
    """The application page with the appeal and its document, in kk, ru and en, on a desktop
    and a phone (pictures to look at); then in Russian again."""
    says = {
        "kk": "1 құжат қоса берілді.",
        "ru": "Приложен 1 документ.",
        "en": "1 document attached.",
    }
    for language in ("kk", "ru", "en"):
        context.add_cookies([{"name": "django_language", "value": language,
                              "url": demo_site["url"]}])  # fmt: skip
        for device, size in (("desktop", (1280, 800)), ("phone", (390, 844))):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            page.reload()
            assert says[language] in page.locator("div.appeal").inner_text()
            assert "photo.pdf" in page.locator("ul.appeal-documents").inner_text()
            screenshot(page, f"appeal-documents-{language}-{device}")
    context.add_cookies([{"name": "django_language", "value": "ru", "url": demo_site["url"]}])
    page.set_viewport_size({"width": 1280, "height": 800})


def test_an_upheld_appeal_reverses_the_rejection(browser, demo_site):
    citizen = browser.new_context(base_url=demo_site["url"], locale="ru-RU")
    citizen_page = citizen.new_page()
    application_url = apply_for_a_passport(citizen_page, demo_site["citizens"]["pensioner"])
    reference = REFERENCE.search(citizen_page.locator("main").inner_text()).group(0)

    officer = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    officer_page = officer.new_page()
    sign_in_as_officer(officer_page, "officer-internal-affairs")
    officer_page.goto("/back-office/?status=submitted&service=passport")
    officer_page.locator("main table a.reference", has_text=reference).click()
    officer_page.locator("form.bo-reject textarea[name=reason]").fill("Applicant wears sunglasses.")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Reject with this reason").click()
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Yes, reject").click()

    citizen_page.goto(application_url)
    citizen_page.get_by_role("link", name="Обжаловать решение").click()
    citizen_page.get_by_label("Почему вы обжалуете решение?").fill(REASONS)
    documents = citizen_page.locator("input[type=file][name=files]")
    if demo_site["scanned"]:  # a real clamd scans: the EICAR test file is refused
        documents.set_input_files([{"name": "photo.pdf", "mimeType": "application/pdf",
                                    "buffer": EICAR}])  # fmt: skip
        with citizen_page.expect_navigation():
            citizen_page.get_by_role("button", name="Отправить жалобу").click()
        refused = citizen_page.locator("main").inner_text()
        assert "в файле найдена вредоносная программа, он не принят" in refused
        assert citizen_page.get_by_label("Почему вы обжалуете решение?").input_value() == REASONS
        screenshot(citizen_page, "appeal-document-refused")
    documents.set_input_files([{"name": "photo.pdf", "mimeType": "application/pdf",
                                "buffer": a_pdf("Photo: no glasses")}])  # fmt: skip
    with citizen_page.expect_navigation():
        citizen_page.get_by_role("button", name="Отправить жалобу").click()
    shown = citizen_page.locator("main").inner_text()
    assert "Ваша жалоба отправлена." in shown and REASONS in shown
    assert "рассматривается" in shown and "Приложен 1 документ." in shown
    document = citizen_page.get_by_role("link", name="photo.pdf")
    assert "(PDF, " in document.locator("xpath=..").inner_text()
    document_url = document.get_attribute("href")
    with citizen_page.expect_download() as downloaded:
        document.click()
    assert downloaded.value.suggested_filename.startswith("appeal-")
    assert downloaded.value.suggested_filename.endswith(".pdf")
    citizen_page.set_viewport_size({"width": 1280, "height": 800})
    citizen_page.reload()  # the message of the filing gone: the appeal as it stays
    citizen_page.locator("section.panel h2").first.evaluate("heading => heading.scrollIntoView()")
    screenshot(citizen_page, "appeal-ru", small=True)
    appeal_in_every_language(citizen, citizen_page, demo_site)
    officer.close()

    judge = browser.new_context(base_url=demo_site["url"], locale="en-GB")
    officer_page = judge.new_page()
    sign_in_as_officer(officer_page, "appeals-internal-affairs")  # not who rejected it
    officer_page.goto("/back-office/appeals/")
    officer_page.locator("main table a.reference", has_text=reference).click()
    assert REASONS in officer_page.locator("main").inner_text()
    with officer_page.expect_download() as opened:
        officer_page.get_by_role("link", name="Document 1 (PDF)").click()
    assert opened.value.suggested_filename.endswith(".pdf")
    officer_page.get_by_label("Uphold: reverse the decision; the agency decides again").check()
    officer_page.get_by_role("textbox", name="Reasons for the outcome").fill(UPHELD)
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Decide the appeal").click()
    check = officer_page.locator("main").inner_text()
    assert "Uphold this appeal: the decision will be reversed" in check and UPHELD in check
    screenshot(officer_page, "appeal-check")
    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Yes, uphold").click()
    decided = officer_page.locator("main").inner_text()
    assert "The appeal is decided; the citizen is told." in decided
    assert "decision reversed" in decided  # the case awaits a new decision of its agency
    judge.close()

    citizen_page.goto(application_url)
    page = citizen_page.locator("main").inner_text()
    assert "удовлетворена" in page and UPHELD in page
    assert "Решение отменено: ведомство примет новое решение." in page
    citizen_page.goto("/inbox/")
    assert "Решение отменено: Выдача паспорта" in citizen_page.locator("main").inner_text()

    retention_has_ended(demo_site["sql"], reference)
    citizen_page.goto(application_url)
    assert "удалён по истечении срока хранения" in citizen_page.locator("div.appeal").inner_text()
    assert citizen_page.get_by_role("link", name="photo.pdf").count() == 0
    says = {"kk": "Файл сақтау мерзімі өткеннен кейін жойылды.",
            "ru": "Файл удалён по истечении срока хранения.",
            "en": "The file was deleted when its retention period ended."}  # fmt: skip
    for language in ("kk", "ru", "en"):  # a link kept from before: a page saying why
        citizen.add_cookies([{"name": "django_language", "value": language,
                              "url": demo_site["url"]}])  # fmt: skip
        for device, size in (("desktop", (1280, 800)), ("phone", (390, 844))):
            citizen_page.set_viewport_size({"width": size[0], "height": size[1]})
            gone = citizen_page.goto(document_url)
            assert gone is not None and gone.status == 404
            assert says[language] in citizen_page.locator("main").inner_text()
            screenshot(citizen_page, f"appeal-document-deleted-{language}-{device}")
    citizen.close()
