"""What kind of thing a product is: product types, their typed attributes, and the values
products carry (django-oscar's product classes and attributes, Saleor's product types).

A type lists its attributes in two roles: **product** attributes describe every variant alike
(a cardigan's material), **variant** attributes are the options a shopper picks (colour, size)
and give each variant its own SKU, price and stock (``variants.py``). Values are rows, typed by
their attribute: a choice ("Merino"), or a number in the attribute's unit ("35 l").
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    MILLIMETRE = "mm", "mm"
    CENTIMETRE = "cm", "cm"
    METRE = "m", "m"
    INCH = "in", _("inch")
    MILLILITRE = "ml", "ml"
    LITRE = "l", "l"
    GRAM = "g", "g"
    KILOGRAM = "kg", "kg"
    GSM = "gsm", "g/m²"
    WATT = "W", "W"
    VOLT = "V", "V"
    MILLIAMP_HOUR = "mAh", "mAh"
    GIGABYTE = "GB", "GB"
    LUMEN = "lm", _("lumens")
    PIECES = "pcs", _("pieces")


class Attribute(models.Model):
    class InputType(models.TextChoices):
        CHOICE = "choice", _("Choice of values")
        NUMBER = "number", _("Number with a unit")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    input_type = models.CharField(
        _("type"), max_length=10, choices=InputType.choices, default=InputType.CHOICE
    )
    unit = models.CharField(_("unit"), max_length=5, choices=Unit.choices, blank=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ("name", "slug")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(input_type="number") | ~models.Q(unit=""),
                name="catalogue_attribute_number_has_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_unit_display()})" if self.unit else self.name


class AttributeValue(models.Model):
    """One value of an attribute. ``name`` is how it reads ("up to 24 kg"); a number
    attribute's value also has ``numeric``, in the attribute's unit, to sort and filter by."""

    attribute = models.ForeignKey(
        Attribute, on_delete=models.CASCADE, related_name="values", verbose_name=_("attribute")
    )
    name = models.CharField(_("value"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    numeric = models.DecimalField(
        _("number"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ("attribute", "position", "numeric", "name")
        constraints = [
            models.UniqueConstraint(fields=["attribute", "slug"], name="catalogue_value_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def number(self) -> Decimal | None:
        return self.numeric


class ProductType(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Without a class the standard rate of the customer's country applies.
    tax_class = models.ForeignKey(
        "taxes.TaxClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="product_types",
        verbose_name=_("tax class"),
        help_text=_("Empty: the standard VAT rate."),
    )
    attributes = models.ManyToManyField(
        Attribute, through="ProductTypeAttribute", related_name="product_types", blank=True
    )

    class Meta:
        verbose_name = _("product type")
        verbose_name_plural = _("product types")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ProductTypeAttribute(models.Model):
    class Role(models.TextChoices):
        PRODUCT = "product", _("Describes the product")
        VARIANT = "variant", _("Option the shopper picks (one per variant)")

    product_type = models.ForeignKey(
        ProductType, on_delete=models.CASCADE, related_name="type_attributes"
    )
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.PRODUCT)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attribute of the type")
        verbose_name_plural = _("attributes of the type")
        ordering = ("product_type", "role", "position", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["product_type", "attribute"], name="catalogue_type_attribute_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_type}: {self.attribute} ({self.role})"


class ProductAttributeValue(models.Model):
    """A product's value of one of its type's product attributes."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="attribute_values"
    )
    value = models.ForeignKey(AttributeValue, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("product attribute value")
        verbose_name_plural = _("product attribute values")
        constraints = [
            models.UniqueConstraint(fields=["product", "value"], name="catalogue_product_value")
        ]

    def __str__(self) -> str:
        return str(self.value)
