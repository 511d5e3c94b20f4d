"""Saves of products and variants outside the catalogue's services (the admin's forms, the
factories) also give the product's page a new version, and saves of types, attribute values and
products the catalogue's words a new version (``selectors.freshness``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import AttributeValue, Product, ProductType, ProductVariant
from .services.freshness import catalogue_words_touch, product_pages_touch


@receiver([post_save, post_delete], sender=Product, dispatch_uid="catalogue.product_page")
def _product_saved(sender: Any, instance: Product, **kwargs: Any) -> None:
    # Its slug's id is forgotten too: a product taken off sale, or a new one at this slug.
    product_pages_touch(product_ids=[instance.pk], slugs=[instance.slug])
    catalogue_words_touch()


@receiver([post_save, post_delete], sender=ProductVariant, dispatch_uid="catalogue.variant_page")
def _variant_saved(sender: Any, instance: ProductVariant, **kwargs: Any) -> None:
    product_pages_touch(product_ids=[instance.product_id])


@receiver([post_save, post_delete], sender=ProductType, dispatch_uid="catalogue.type_words")
@receiver([post_save, post_delete], sender=AttributeValue, dispatch_uid="catalogue.value_words")
def _words_saved(sender: Any, instance: object, **kwargs: Any) -> None:
    catalogue_words_touch()
