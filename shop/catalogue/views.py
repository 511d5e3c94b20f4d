"""Storefront pages of the catalogue. Views only read input, call selectors and render."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from recommendations.models import Interaction
from recommendations.selectors import (
    RecommendationRow,
    hidden_products,
    home_rows_deps,
    recently_viewed,
    row_for_product,
    row_for_product_together,
    rows_deps,
    rows_for_home,
)
from recommendations.services import (
    interaction_record,
    placement_click,
    recently_viewed_add,
    row_click_record,
    rows_shown,
)
from shop.accounts.models import User
from shop.core.consent import tracked_visitor_key
from shop.core.page_cache import Shared, page_response, render_page, shared_page
from shop.orders.cart import shopper_country
from shop.orders.forms import QuantityForm
from shop.ratings.forms import ReviewForm
from shop.ratings.selectors import review_get_own, review_list_for_product
from shop.search.selectors import popular_categories, product_listing
from shop.search.services import analytics_key, search_click_record, search_record
from shop.shipping.selectors import country_name, shipping_for_country
from shop.taxes.selectors import country_taxes

from .models import Product
from .selectors import (
    CategoryNode,
    ProductStamp,
    category_tree,
    department_tiles,
    product_bestsellers,
    product_get_for_page,
    product_newest,
    product_page,
    product_slug_forget,
    product_stamp,
    product_stamp_deps,
)

# The home grids have 2, 3 or 4 columns by width: 12 cards fill whole lines at every width.
HOME_ROW_LENGTH = 12
REVIEWS_PER_PAGE = 10
# How long an anonymous visitor's copy of a page may be served from the cache (see page_cache).
HOME_PAGE_TTL = 30
LISTING_PAGE_TTL = 30
PRODUCT_PAGE_TTL = 300


def _paginate(request: HttpRequest, queryset: QuerySet[Product], count: int | None = None) -> Page:
    paginator = Paginator(queryset, settings.CATALOGUE_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # known already (the facets counted it): one query fewer
    # get_page turns a missing, odd or out-of-range page number into a valid page.
    return paginator.get_page(request.GET.get("page"))


def _found_key(request: HttpRequest) -> str:
    query = analytics_key(request.GET.get("q") or "")
    return "search:found:" + hashlib.sha256(query.encode()).hexdigest()[:32]


def _listing(
    request: HttpRequest, *, title: str, category: CategoryNode | None = None
) -> HttpResponse:
    def context() -> dict[str, object]:
        data = request.GET.copy()
        if category is not None:
            data["category"] = category.slug
        listing = product_listing(data, fixed_category=category is not None)
        query_without_page = request.GET.copy()
        query_without_page.pop("page", None)
        tree = category_tree()
        page = _paginate(request, listing.queryset, listing.count)
        query = (request.GET.get("q") or "")[: settings.SEARCH_MAX_QUERY_LENGTH]
        context: dict[str, object] = {
            "title": title,
            "category": category,
            "breadcrumbs": tree.ancestors(category.id) if category else [],
            "subcategories": tree.by_id[category.id].children if category else tree.roots,
            "filter": listing.filter,
            "facets": listing.facets,
            "did_you_mean": listing.did_you_mean,
            "page": page,
            "query": query,
            "search_ref": analytics_key(query) if query else "",
            "querystring": query_without_page.urlencode(),
        }
        if query:
            cache.set(_found_key(request), page.paginator.count > 0, LISTING_PAGE_TTL)
        if not page.paginator.count:
            context["popular_categories"] = popular_categories()
            context["trending"] = product_bestsellers(limit=HOME_ROW_LENGTH)
        return context

    # The page's address holds the whole query; prices and stock may be LISTING_PAGE_TTL old.
    return render_page(
        request, "catalogue/product_list.html", context, key_parts=[], timeout=LISTING_PAGE_TTL
    )


Shown = tuple[tuple[str, tuple[int, ...]], ...]


def _shown_of(rows: list[RecommendationRow]) -> Shown:
    """What a page's rows showed, as its shared copy keeps it (to record it on every hit)."""
    return tuple((row.placement, tuple(p.pk for p in row.products)) for row in rows)


def _record_shown(request: HttpRequest, user: User | None, shown: Shown) -> None:
    rows_shown(
        rows=shown,
        user_id=user.pk if user else None,
        visitor_key=tracked_visitor_key(request, create=True) if shown else "",
    )


def _hidden_part(hidden: frozenset[int]) -> str:
    return ",".join(map(str, sorted(hidden)))


def _shopper(request: HttpRequest, user: User | None, *, create: bool) -> str:
    """Whose visit this is, for the rows that follow it: the customer, or a visitor who
    allowed analytics (their visitor cookie, made on their first product view); else nobody."""
    if user is not None:
        return f"u{user.pk}"
    key = tracked_visitor_key(request, create=create)
    return f"v{key}" if key else ""


def home(request: HttpRequest) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    hidden = hidden_products(session=request.session)
    shopper = _shopper(request, user, create=False)
    country = shopper_country(request)
    # The rows are the shopper's own when they have history or views: their copy is theirs.
    parts = (country, _hidden_part(hidden), shopper)
    hit = shared_page(request, parts=parts, signed_in=True)
    if hit is not None and isinstance(hit.meta, tuple):
        _record_shown(request, user, hit.meta)
        return page_response(request, hit.html)
    deps = home_rows_deps(user_id=user.pk if user else None, shopper=shopper)
    rows = rows_for_home(user=user, hidden=hidden, recent=recently_viewed(shopper=shopper))
    shown = _shown_of(rows.rows)
    _record_shown(request, user, shown)
    return render_page(
        request,
        "catalogue/home.html",
        lambda: {
            "recommendations": rows.main,
            "more_rows": [rows.again, rows.recent],
            # The delivery promise is the shopper's country's, read from the zones staff edit.
            "delivery": shipping_for_country(country=country),
            # Callables: the template calls them only when its cached fragment has expired.
            "bestsellers": lambda: product_bestsellers(limit=HOME_ROW_LENGTH),
            "newest": lambda: product_newest(limit=HOME_ROW_LENGTH),
            "departments": department_tiles,
        },
        # The grids' prices and stock may be this old, as in the home_grids fragment.
        key_parts=[*(row.key for row in rows.rows), country],
        timeout=HOME_PAGE_TTL,
        # Signed in, only the header differs (and the row, whose key is the customer's own).
        signed_in=True,
        shared=Shared(parts=parts, deps=deps, meta=shown),
    )


def product_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, title=_("All products"))


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    node = category_tree().by_slug.get(slug)
    if node is None:
        raise Http404(_("No such category."))
    return _listing(request, title=node.name, category=node)


def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()
    if not query:
        return render(
            request,
            "catalogue/search_empty.html",
            {
                "query": "",
                "popular_categories": popular_categories(),
                "trending": product_bestsellers(limit=HOME_ROW_LENGTH),
            },
        )
    response = _listing(request, title=_("Search results"))
    if "page" not in request.GET:
        # A cached page was counted when it was rendered: its count is kept beside it.
        search_record(query=query, found=cache.get(_found_key(request), True) is not False)
    return response


class _SlugMoved(Exception):
    """The slug names another product than the one remembered for it."""


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        return _product_detail(request, slug)
    except _SlugMoved:
        return _product_detail(request, slug)  # forgotten: looked up afresh this time


def _record_view(request: HttpRequest, user: User | None, product_id: int) -> None:
    """What a product page records of the visit, whether it is rendered or served cached."""
    # An anonymous visitor's view is remembered under their visitor cookie only with their
    # consent to analytics (shop/core/consent.py); otherwise it is not recorded.
    interaction_record(
        kind=Interaction.Kind.VIEW,
        product_id=product_id,
        user_id=user.pk if user else None,
        session_key="" if user else tracked_visitor_key(request, create=True),
    )
    # The home row follows this visit (a visitor's only with their consent).
    recently_viewed_add(shopper=_shopper(request, user, create=True), product_id=product_id)
    if "rec" in request.GET:
        placement_click(placement=request.GET["rec"])
        row_click_record(
            placement=request.GET["rec"],
            position=request.GET.get("pos", ""),
            product_id=product_id,
            user_id=user.pk if user else None,
            visitor_key=tracked_visitor_key(request, create=True),
        )
    if request.GET.get("sq"):
        search_click_record(query=request.GET["sq"])


def _review_form(request: HttpRequest, user: User | None, stamp: ProductStamp) -> Any:
    """The signed-in customer's own review form (the one personal part of the page): its
    context (read once, whether the page is rendered or its hole filled) and its HTML."""

    @functools.cache
    def review_form_context() -> dict[str, object]:
        own_review = review_get_own(user=user, product=stamp.reference()) if user else None
        initial = (
            {"stars": own_review.stars, "title": own_review.title, "body": own_review.body}
            if own_review
            else None
        )
        return {"own_review": own_review, "review_form": ReviewForm(initial=initial)}

    def review_form() -> str:
        return render_to_string(
            "ratings/_review_form.html",
            {
                **review_form_context(),
                "user": user,
                "product": stamp.reference(),
                "csrf_token": get_token(request),
            },
        )

    return review_form_context, review_form


def _product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    hidden = hidden_products(session=request.session)
    country = shopper_country(request)
    parts = (country, _hidden_part(hidden))
    # The shared copy checks the slug's id and the product's version itself (one round trip).
    hit = shared_page(request, parts=parts, signed_in=True)
    if hit is not None and isinstance(hit.meta, tuple):
        pk, category_id, shown = hit.meta
        _record_view(request, user, pk)
        _record_shown(request, user, shown)
        personal = _review_form(request, user, ProductStamp(pk, category_id, ""))[1]
        return page_response(request, hit.html, {"review_form": personal} if user else None)
    # The page's key from the cache (no query): the product's id and the version that every
    # change to what its page shows replaces (selectors.freshness).
    found = product_stamp(slug=slug)
    if found is None:
        raise Http404(_("No such product."))
    stamp, loaded = found
    deps = {**product_stamp_deps(slug=slug, stamp=stamp), **rows_deps()}
    _record_view(request, user, stamp.pk)
    recommendations = row_for_product(product=stamp.reference(), hidden=hidden)
    together = row_for_product_together(product=stamp.reference(), hidden=hidden)
    shown = _shown_of([together, recommendations])
    _record_shown(request, user, shown)
    review_form_context, review_form = _review_form(request, user, stamp)

    def context() -> dict[str, object]:
        # Rendering: now the product is read, unless the stamp had to read it already.
        product = loaded or product_get_for_page(slug=slug)
        if product is None or product.pk != stamp.pk:
            product_slug_forget(slug=slug)
            if product is None:
                raise Http404(_("No such product."))
            raise _SlugMoved(slug)
        return {
            "product": product,
            # The option selector for the choice in the address (?colour=camel&size=xl).
            "page": product_page(product=product, choice=request.GET),
            "country_name": country_name(country),
            "delivery": shipping_for_country(country=country),
            "tax_rate": country_taxes(country=country).rate_for(product.product_type.tax_class_id),
            "prices_include_tax": settings.SHOP_PRICES_INCLUDE_TAX,
            "breadcrumbs": category_tree().ancestors(product.category_id),
            "quantity_form": QuantityForm(),
            "recommendations": recommendations,
            "bought_together": together,
            "reviews": Paginator(
                review_list_for_product(product=product), REVIEWS_PER_PAGE
            ).get_page(request.GET.get("reviews")),
            **review_form_context(),
        }

    return render_page(
        request,
        "catalogue/product_detail.html",
        context,
        # The product's version covers everything the page shows of it (prices, stock, fields,
        # reviews: see selectors.freshness); the VAT note shows the country.
        key_parts=[country, stamp.pk, stamp.version, recommendations.key, together.key],
        timeout=PRODUCT_PAGE_TTL,
        # Signed in, the page is the visitors' but for the header and the review form.
        signed_in=True,
        personal={"review_form": review_form} if user else None,
        shared=Shared(parts=parts, deps=deps, meta=(stamp.pk, stamp.category_id, shown)),
    )
