"""A citizen gives a mandate in the real portal; the representative accepts it and applies in
the citizen's name; the citizen sees the application, marked as made by the representative."""

from __future__ import annotations

import datetime

from tests.browser.conftest import screenshot
from tests.browser.journeys import continue_, sign_in_as_citizen

SERVICE = "address-certificate"  # nothing to fill in: decided at once
NOT_NAMED = "criminal-record-certificate"


def test_applying_under_a_mandate_in_russian(browser, demo_site):
    principal_iin = demo_site["citizens"]["pensioner"]
    representative_iin = demo_site["citizens"]["young_adult"]
    principal = browser.new_context(base_url=demo_site["url"], locale="ru-RU").new_page()
    representative = browser.new_context(base_url=demo_site["url"], locale="ru-RU").new_page()

    # The principal gives the mandate for one service.
    principal.goto("/sign-in/")
    sign_in_as_citizen(principal, principal_iin)
    principal.goto("/account/representatives/give/")
    principal.locator("#representative_iin").fill(representative_iin)
    principal.locator("input[name=scope][value=chosen]").check()
    principal.locator(f"input[name=services][value={SERVICE}]").check()
    until = datetime.date.today() + datetime.timedelta(days=30)
    principal.locator("#until").fill(until.isoformat())
    screenshot(principal, "mandate-give-ru")
    with principal.expect_navigation():
        principal.get_by_role("button", name="Выдать доверенность").click()
    assert "Доверенность выдана." in principal.locator("main").inner_text()
    assert "ожидает принятия" in principal.locator("main").inner_text()

    # The representative accepts it, and applies in the principal's name.
    representative.goto("/sign-in/")
    sign_in_as_citizen(representative, representative_iin)
    representative.goto("/account/representatives/")
    with representative.expect_navigation():
        representative.get_by_role("button", name="Принять доверенность").click()
    assert "Доверенность принята" in representative.locator("main").inner_text()
    screenshot(representative, "mandate-accepted-ru")

    representative.goto(f"/services/{NOT_NAMED}/")  # a service the mandate does not name
    assert representative.locator(f"input[value='{principal_iin}']").count() == 0
    representative.goto(f"/services/{SERVICE}/")
    assert "Человек, выдавший мне доверенность" in representative.locator("main").inner_text()
    representative.locator(f"input[name=on_behalf_of][value='{principal_iin}']").check()
    screenshot(representative, "mandate-chooser-ru")
    with representative.expect_navigation():
        representative.get_by_role("button", name="Начать").click()
    continue_(representative)  # the registry data, about the principal
    continue_(representative)  # nothing to fill in
    continue_(representative)  # submit
    assert representative.locator("h1").inner_text() == "Заявка подана"
    with representative.expect_navigation():
        representative.get_by_role("link", name="Посмотреть заявку").click()
    assert "За кого подана" in representative.locator("main").inner_text()

    # The principal sees it in "My applications", made by the representative.
    principal.goto("/applications/")
    listed = principal.locator("main").inner_text()
    assert "Подана от вашего имени вашим представителем" in listed
    screenshot(principal, "mandate-my-applications-ru")
    with principal.expect_navigation():
        principal.locator("main .application-row h2 a").first.click()
    page = principal.locator("main").inner_text()
    assert "Кто подал" in page and "Отозвать заявку" not in page

    # The principal ends it: the representative can no longer apply in their name.
    principal.goto("/account/representatives/")
    with principal.expect_navigation():
        principal.get_by_role("button", name="Прекратить доверенность").click()
    representative.goto(f"/services/{SERVICE}/")
    assert representative.locator(f"input[value='{principal_iin}']").count() == 0
    principal.context.close()
    representative.context.close()
