"""Listing filters and sorting, shared by the pages and the API."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Product
from .search import product_search_queryset
from .selectors import category_tree

SORT_CHOICES = (
    ("relevance", _("Relevance")),
    ("popularity", _("Most popular")),
    ("price", _("Price: low to high")),
    ("-price", _("Price: high to low")),
    ("newest", _("Newest")),
    ("rating", _("Best rated")),
)
_SORT_ORDER = {
    "popularity": ("-popularity", "id"),
    "price": ("price", "id"),
    "-price": ("-price", "id"),
    "newest": ("-created_at", "-id"),
    "rating": ("-rating_average", "-rating_count", "id"),
}
RATING_CHOICES = (("4", _("4 stars & up")), ("3", _("3 stars & up")), ("2", _("2 stars & up")))


class ProductFilter(django_filters.FilterSet):
    """Filters of a product listing; invalid values are reported and ignored, never a 500."""

    # No max_length: an over-long query is cut to its first words by the search, not rejected.
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    category = django_filters.CharFilter(method="filter_category", label=_("Category"))
    min_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", label=_("Min price"), min_value=Decimal("0")
    )
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", label=_("Max price"), min_value=Decimal("0")
    )
    min_rating = django_filters.ChoiceFilter(
        choices=RATING_CHOICES,
        method="filter_min_rating",
        label=_("Customer rating"),
        empty_label=_("Any rating"),
    )
    in_stock = django_filters.BooleanFilter(
        method="filter_in_stock",
        label=_("In stock only"),
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_sort", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet:
        return product_search_queryset(queryset, value) if value.strip() else queryset

    def filter_category(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet:
        tree = category_tree()
        node = tree.by_slug.get(value)
        if node is None:
            return queryset.none()
        return queryset.filter(category_id__in=tree.descendant_ids(node.id))

    def filter_min_rating(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet:
        return queryset.filter(rating_average__gte=int(value)) if value else queryset

    def filter_in_stock(self, queryset: QuerySet[Product], name: str, value: bool) -> QuerySet:
        return queryset.filter(stock_quantity__gt=0) if value else queryset

    def filter_sort(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet:
        # Sorting is applied in ``qs`` so it also runs when no sort was asked for.
        return queryset

    @property
    def qs(self) -> QuerySet[Product]:
        if not hasattr(self, "_sorted_qs"):
            queryset = super().qs
            # After validation cleaned_data keeps the valid fields, so one bad filter does not
            # throw away the sort order the shopper chose.
            data = self.form.cleaned_data if self.is_bound else {}
            sort = data.get("sort") or "relevance"
            if sort == "relevance":
                if (data.get("q") or "").strip():
                    self._sorted_qs = queryset.order_by("-search_rank", "-popularity", "id")
                    return self._sorted_qs
                sort = "popularity"
            self._sorted_qs = queryset.order_by(*_SORT_ORDER[sort])
        return self._sorted_qs
