"""Synthetic state registries, each owned by an agency: population, addresses, property,
vehicles, businesses.

Rows here are the registries' own data; applications never copy them by hand but read them
through ``qyzmet.registries.fields`` (and, later, the exchange layer).
"""

from __future__ import annotations

from django.db import models


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

    iin = models.CharField(max_length=12, unique=True)
    last_name_kk = models.CharField(max_length=60)
    first_name_kk = models.CharField(max_length=60)
    patronymic_kk = models.CharField(max_length=60, blank=True)
    last_name_ru = models.CharField(max_length=60)
    first_name_ru = models.CharField(max_length=60)
    patronymic_ru = models.CharField(max_length=60, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    citizenship = models.CharField(max_length=2, default="KZ")
    death_date = models.DateField(null=True, blank=True)
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
    apartment = models.CharField(max_length=10, blank=True)
    registered_since = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.last_name_ru} {self.first_name_ru} ({self.iin})"


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
    number = models.CharField(max_length=12, unique=True)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


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
    vin = models.CharField(max_length=17, unique=True)
    plate = models.CharField(max_length=10, unique=True)
    make = models.CharField(max_length=40)
    model = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vehicles")
    registered_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.plate} {self.vin}"


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
