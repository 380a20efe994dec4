"""GOV.UK's form patterns on the portal: specific error messages, "Error:" in the title, back
links, dates in three boxes shown in the language's format, Change links on the review."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from qyzmet.applications.error_messages import answer_message, field_message
from qyzmet.applications.models import Application
from qyzmet.applications.validation import FieldProblem
from qyzmet.catalog.selectors import service_version
from qyzmet.demo.sample_forms import sample_values
from qyzmet.registries.fields import find_person
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

NO_TO_ALL = {"q__has_preschool_children": "no", "q__has_school_age_children": "no",
             "q__change_polyclinic": "no"}  # fmt: skip


@pytest.fixture
def citizen(demo_people):
    return CitizenFactory(iin=demo_people["parent"])


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def start_moving(client) -> str:
    """The base URL of a new moving application (…/applications/<id>/)."""
    response = client.post("/apply/", {"kind": "life_situation", "slug": "moving"})
    return response["Location"].removesuffix("questions/")


def to_details(client) -> str:
    base = start_moving(client)
    client.post(base + "questions/", NO_TO_ALL)
    client.post(base + "services/")
    client.post(base + "check/")
    return base


def details_posted(citizen, **move_date: str) -> dict[str, str]:
    """Every field of the moving application filled in as the page posts it, with the date
    of the move typed in its three boxes (day, month, year)."""
    person = find_person(citizen.iin)
    posted = {}
    for slug in ("residence-registration", "address-certificate"):
        for name, value in sample_values(service_version(slug), person).items():
            posted[f"{slug}__{name}"] = "on" if value is True else value
    del posted["residence-registration__move_date"]
    posted.update({f"residence-registration__move_date__{k}": v for k, v in move_date.items()})
    return posted


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


@pytest.mark.parametrize(
    ("language", "message", "error"),
    [
        ("kk", "Мектепке баратын (6–7 жас) балаңыздың бар-жоғын көрсетіңіз", "Қате: "),
        ("ru", "Укажите, есть ли у вас дети, идущие в первый класс", "Ошибка: "),
        ("en", "Select whether you have children starting school", "Error: "),
    ],
)
def test_an_unanswered_question_says_what_to_select_in_the_pages_language(
    signed_in, language, message, error
):
    base = start_moving(signed_in)
    asked = signed_in.get(base + "questions/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'name="q__has_school_age_children"' in asked  # asked: no registry answers it
    answers = {k: v for k, v in NO_TO_ALL.items() if k != "q__has_school_age_children"}
    page = signed_in.post(base + "questions/", answers, HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count(message) == 2  # in the error summary and at the question
    assert f'<a href="#q-has_school_age_children">{message}</a>' in text  # it says it all
    assert title(text).startswith(error)
    for generic in (
        "«Иә» немесе «Жоқ» деп таңдаңыз",
        "Выберите «Да» или «Нет»",
        "Select yes or no",
    ):
        assert generic not in text


def test_a_page_without_errors_has_no_error_in_its_title(signed_in):
    base = start_moving(signed_in)
    page = signed_in.get(base + "questions/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert not title(page).startswith("Ошибка")


def test_the_first_question_page_links_back_to_the_life_situation(signed_in):
    base = start_moving(signed_in)
    page = signed_in.get(base + "questions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<a class="back-link" href="/life-situations/moving/">Back</a>', page)
    later = signed_in.get(base + "services/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a class="back-link" href="{base}questions/">' in later


def test_a_required_date_and_a_bad_address_code_get_specific_messages(signed_in, citizen):
    base = to_details(signed_in)
    posted = details_posted(citizen, day="", month="", year="")
    posted["residence-registration__new_address_rca"] = "12345"
    page = signed_in.post(base + "details/", posted, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter the date of the move" in page
    assert "Enter a 16-digit registration code of the new address (RCA)" in page
    assert "This field is required" not in page and "Not in the expected format" not in page
    assert title(page).startswith("Error: ")
    russian = signed_in.post(base + "details/", posted, HTTP_ACCEPT_LANGUAGE="ru").content
    assert "введите 16 цифр" in russian.decode()


def test_31_february_is_refused_and_the_three_boxes_keep_what_was_typed(signed_in, citizen):
    base = to_details(signed_in)
    posted = details_posted(citizen, day="31", month="2", year="2026")
    page = signed_in.post(base + "details/", posted, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "В поле «Дата переезда» должна быть существующая дата" in page
    assert title(page).startswith("Ошибка: ")
    assert re.search(r'name="residence-registration__move_date__day"[^>]*value="31"', page)
    assert re.search(r'name="residence-registration__move_date__month"[^>]*value="2"', page)
    assert re.search(r'name="residence-registration__move_date__year"[^>]*value="2026"', page)
    for label in ("День", "Месяц", "Год"):
        assert f">{label}</label>" in page
    no_month = details_posted(citizen, day="5", month="", year="2026")
    page = signed_in.post(base + "details/", no_month, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The date of the move must include a month" in page


@pytest.mark.parametrize(
    ("day", "month", "year"), [("99999999999999999999", "2", "2026"), ("5", "9" * 40, "2026"),
                               ("abc", "13", "2026"), ("5", "2", "99999")],
)  # fmt: skip
def test_nonsense_in_the_date_boxes_is_refused_and_kept_not_a_server_error(
    signed_in, citizen, day, month, year
):
    base = to_details(signed_in)
    posted = details_posted(citizen, day=day, month=month, year=year)
    response = signed_in.post(base + "details/", posted, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and title(page).startswith("Error: ")
    assert re.search(rf'name="residence-registration__move_date__day"[^>]*value="{day}"', page)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("kk", "2026 жылғы 20 қараша"), ("ru", "20 ноября 2026 г."), ("en", "20 November 2026")],
)
def test_a_date_typed_in_three_boxes_is_saved_and_reviewed_in_the_languages_format(
    signed_in, citizen, language, shown
):
    base = to_details(signed_in)
    posted = details_posted(citizen, day="20", month="11", year="2026")
    assert signed_in.post(base + "details/", posted)["Location"].endswith("/review/")
    application = Application.objects.get(citizen=citizen)
    assert application.data["residence-registration"]["move_date"] == "2026-11-20"
    review = signed_in.get(base + "review/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in review
    assert "2026-11-20" not in review


def test_each_row_of_the_review_has_a_change_link_that_returns_to_the_review(signed_in, citizen):
    base = to_details(signed_in)
    posted = details_posted(citizen, day="20", month="11", year="2026")
    signed_in.post(base + "details/", posted)
    review = signed_in.get(base + "review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = review.count('<div class="summary-row">')
    links = re.findall(rf'href="({base}details/#f-[a-z-]+-[a-z_]+)">Change', review)
    assert rows == len(links) > 3
    assert f"{base}details/#f-residence-registration-move_date" in links
    field = signed_in.get(links[0].split("#")[0], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="{links[0].split("#")[1]}"' in field
    posted["residence-registration__move_date__day"] = "21"
    assert signed_in.post(base + "details/", posted)["Location"].endswith("/review/")
    again = signed_in.get(base + "review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "21 November 2026" in again


def test_the_catalogue_may_word_a_fields_and_a_questions_message_itself():
    spec = {
        "type": "string",
        "format": "date",
        "x-label": {"kk": "Көшкен күні", "ru": "Дата переезда", "en": "Date of the move"},
        "x-errors": {"required": {"kk": "Көшкен күнді енгізіңіз", "ru": "Введите дату переезда",
                                  "en": "Enter the date you moved"}},
    }  # fmt: skip
    required = FieldProblem("data.s.move_date", "required")
    assert field_message(required, spec, None, "en") == "Enter the date you moved"
    assert field_message(required, spec, None, "kk") == "Көшкен күнді енгізіңіз"
    missing = FieldProblem("data.s.move_date", "format.date")
    no_month = field_message(missing, spec, "2026--5", "en")
    assert no_month == "The date of the move must include a month"
    question = {"id": "under_7", "kind": "boolean", "text": {"en": "Children under 7?"},
                "error": {"en": "Select whether you have children under 7"}}  # fmt: skip
    unanswered = FieldProblem("answers.under_7", "required")
    assert answer_message(unanswered, question, "en") == "Select whether you have children under 7"
    del question["error"]  # a question without its own words (the validator warns about it)
    assert answer_message(unanswered, question, "ru") == "Выберите «Да» или «Нет»"


def tomorrow_in_almaty() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "«Қайтыс болған күні» бүгінгі немесе өткен күн болуы керек"),
        ("ru", "В поле «Дата смерти» должна быть сегодняшняя или прошедшая дата"),
        ("en", "The date of death must be today or in the past"),
    ],
)
def test_a_date_of_death_in_the_future_is_refused_on_the_details_step_and_kept(
    signed_in, citizen, language, message
):
    details = signed_in.post("/apply/", {"kind": "service", "slug": "death-registration"})
    details = details["Location"].replace("/check/", "/details/")
    day = tomorrow_in_almaty()
    posted = {"death-registration__date_of_death__day": str(day.day),
              "death-registration__date_of_death__month": str(day.month),
              "death-registration__date_of_death__year": str(day.year),
              "death-registration__place_of_death": "Almaty"}  # fmt: skip
    response = signed_in.post(details, posted, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(message) == 2  # in the error summary and at the field
    for part, typed in (("day", day.day), ("month", day.month), ("year", day.year)):
        assert re.search(rf'name="death-registration__date_of_death__{part}"[^>]*value="0?{typed}"',
                         page)  # fmt: skip
    assert 'value="Almaty"' in page
    assert Application.objects.get(citizen=citizen).data["death-registration"]["date_of_death"] == (
        day.isoformat()
    )


def test_a_date_of_death_today_is_accepted(signed_in):
    details = signed_in.post("/apply/", {"kind": "service", "slug": "death-registration"})
    details = details["Location"].replace("/check/", "/details/")
    today = timezone.localdate()
    posted = {"death-registration__date_of_death__day": str(today.day),
              "death-registration__date_of_death__month": str(today.month),
              "death-registration__date_of_death__year": str(today.year)}  # fmt: skip
    page = signed_in.post(details, posted, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter the place of death" in page  # the page has other errors, but not this one
    assert "The date of death must be" not in page
