"""Synthetic state registries, each owned by an agency: population, addresses, property,
vehicles, businesses.

Rows here are the registries' own data; applications never copy them by hand but read them
through ``qyzmet.registries.fields`` (and, later, the exchange layer).

Personal data is encrypted at rest (``qyzmet.core.encrypted``): names, IINs, birth dates,
apartments, mobile numbers, identity document numbers, vehicles' plates and VINs, IBANs, and
registry events' subjects and details. IINs and the other identifiers are found through keyed
hashes; birth dates through their month (in clear) and the keyed hashes of the days.
"""

from __future__ import annotations

from django.db import models

from qyzmet.core.encrypted import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    KeyedHashField,
    MonthField,
)
from qyzmet.core.pseudonyms import SUBJECT


class Region(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name_kk = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name_ru


class Locality(models.Model):
    class Kind(models.TextChoices):
        CITY = "city"
        TOWN = "town"
        VILLAGE = "village"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="localities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name_kk = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name_ru


class Street(models.Model):
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="streets")
    name_kk = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)

    def __str__(self) -> str:
        return self.name_ru


class Building(models.Model):
    """A building in the address registry; ``rca`` is its registration code of address."""

    rca = models.CharField(max_length=16, unique=True)
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="buildings")
    number = models.CharField(max_length=10)
    postcode = models.CharField(max_length=6)

    def __str__(self) -> str:
        return f"{self.street}, {self.number}"


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M"
        FEMALE = "F"

    iin = EncryptedCharField(max_length=12, index="iin_digest")
    iin_digest = KeyedHashField(of="iin", purpose=SUBJECT, unique=True)
    last_name_kk = EncryptedCharField(max_length=60)
    first_name_kk = EncryptedCharField(max_length=60)
    patronymic_kk = EncryptedCharField(max_length=60, blank=True)
    last_name_ru = EncryptedCharField(max_length=60)
    first_name_ru = EncryptedCharField(max_length=60)
    patronymic_ru = EncryptedCharField(max_length=60, blank=True)
    birth_date = EncryptedDateField(index="birth_date_digest", month="birth_month")
    birth_date_digest = KeyedHashField(of="birth_date", purpose="birth_date", db_index=True)
    birth_month = MonthField(of="birth_date", db_index=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    citizenship = models.CharField(max_length=2, default="KZ")
    death_date = EncryptedDateField(null=True, blank=True)
    mother = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    father = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    spouse = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    apartment = EncryptedCharField(max_length=10, blank=True)
    registered_since = models.DateField(null=True, blank=True)
    mobile_phone = EncryptedCharField(
        max_length=16,
        blank=True,
        help_text="The mobile number the person registered with the state (E.164, e.g. "
        "+77011234567), to which one-time codes go; empty when they registered none.",
    )

    def __str__(self) -> str:  # never the name or IIN: it may reach a log
        return f"person {self.pk}"


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        ID_CARD = "id-card"
        PASSPORT = "passport"
        BIRTH_CERTIFICATE = "birth-certificate"

    class Status(models.TextChoices):
        VALID = "valid"
        EXPIRED = "expired"
        LOST = "lost"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = EncryptedCharField(max_length=12, index="number_digest")
    number_digest = KeyedHashField(of="number", purpose="identity_document", unique=True)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class RealEstate(models.Model):
    class Kind(models.TextChoices):
        APARTMENT = "apartment"
        HOUSE = "house"
        LAND = "land"

    cadastral_number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="+")
    apartment = models.CharField(max_length=10, blank=True)
    area_m2 = models.DecimalField(max_digits=8, decimal_places=1)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="real_estate")
    owned_since = models.DateField()

    def __str__(self) -> str:
        return self.cadastral_number


class Encumbrance(models.Model):
    class Kind(models.TextChoices):
        MORTGAGE = "mortgage"
        ARREST = "arrest"

    real_estate = models.ForeignKey(
        RealEstate, on_delete=models.CASCADE, related_name="encumbrances"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    holder = models.CharField(max_length=120)
    registered_on = models.DateField()
    lifted_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} on {self.real_estate_id}"


class Vehicle(models.Model):
    vin = EncryptedCharField(max_length=17, index="vin_digest")
    vin_digest = KeyedHashField(of="vin", purpose="vin", unique=True)
    plate = EncryptedCharField(max_length=10, index="plate_digest")
    plate_digest = KeyedHashField(of="plate", purpose="plate", unique=True)
    make = models.CharField(max_length=40)
    model = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vehicles")
    registered_on = models.DateField()

    def __str__(self) -> str:
        return f"vehicle {self.pk}"


class Business(models.Model):
    class LegalForm(models.TextChoices):
        SOLE_PROPRIETOR = "sole-proprietor"
        LLP = "llp"

    class Status(models.TextChoices):
        ACTIVE = "active"
        SUSPENDED = "suspended"
        CLOSED = "closed"

    bin = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="businesses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    activity_code = models.CharField(max_length=5)
    registered_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"


class Employment(models.Model):
    """An employment contract in the labour registry: who employs the person, since when, and
    when and why it ended (open while ``ended_on`` is empty)."""

    class EndReason(models.TextChoices):
        LIQUIDATION = "liquidation"
        STAFF_REDUCTION = "staff_reduction"
        CONTRACT_EXPIRED = "contract_expired"
        OWN_INITIATIVE = "own_initiative"
        OTHER = "other"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    employer_bin = models.CharField(max_length=12)
    employer_name = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    def __str__(self) -> str:
        return f"{self.employer_name} since {self.started_on}"


class PaymentAccount(models.Model):
    """The bank account the state pays a person's pensions and benefits to (labour registry)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="payment_account")
    iban = EncryptedCharField(max_length=20, index="iban_digest")
    iban_digest = KeyedHashField(of="iban", purpose="iban", unique=True)
    bank = models.CharField(max_length=60)
    opened_on = models.DateField()

    def __str__(self) -> str:
        return f"payment account {self.pk}"


class RegistryEvent(models.Model):
    """Something a registry recorded that may concern other people: a birth, a person reaching
    pension age, a death, an employment that ended. People are named by IIN, so an event
    outlives regenerated registry rows; ``key`` keeps one event per fact."""

    class Kind(models.TextChoices):
        BIRTH = "birth"
        RETIREMENT = "retirement"
        DEATH = "death"
        EMPLOYMENT_ENDED = "employment-ended"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject_iin = EncryptedCharField(
        max_length=12,
        index="subject_iin_digest",
        help_text="Whom it is about: the child born, the pensioner, the deceased...",
    )
    subject_iin_digest = KeyedHashField(of="subject_iin", purpose=SUBJECT, db_index=True)
    occurred_on = models.DateField()
    details = EncryptedJSONField(default=dict, blank=True, help_text="e.g. the parents' IINs.")
    key = models.CharField(
        max_length=120, unique=True, help_text="One event per fact, e.g. death:<keyed hash of IIN>."
    )
    channel = models.CharField(max_length=64, help_text="Where it was recorded: cli, jobs...")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} on {self.occurred_on}"
