# Date and number formats for Kazakh, which Django does not ship: "2026 жылғы 5 желтоқсан",
# the form of official Kazakh documents (month names in lower case, from the kk catalogue).
# One date format per language everywhere: pages, messages, notifications and PDFs show dates
# through `{{ d|date }}` or `django.utils.formats.date_format`, never a hand-written strftime.
DATE_FORMAT = "Y жылғы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y жылғы j E, H:i"
YEAR_MONTH_FORMAT = "Y жылғы F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
