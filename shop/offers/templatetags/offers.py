from django import template
from django.utils.safestring import SafeString, mark_safe

from shop.offers.views import slot_html

register = template.Library()


@register.simple_tag(takes_context=True)
def offer_slot(context: template.Context, placement: str) -> SafeString:
    """``{% offer_slot "cart" %}``: this shopper's offer (rendered from a template, escaped)."""
    return mark_safe(slot_html(context["request"], placement))
