"""The shop's information pages: delivery, payment, contact and the legal pages."""

from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("delivery/", views.shipping_page, name="shipping"),
    path("returns/", views.info_page, {"template": "pages/returns.html"}, name="returns"),
    path("payment/", views.info_page, {"template": "pages/payment.html"}, name="payment"),
    path("contact/", views.info_page, {"template": "pages/contact.html"}, name="contact"),
    path("legal-notice/", views.info_page, {"template": "pages/legal.html"}, name="legal"),
    path("terms/", views.info_page, {"template": "pages/terms.html"}, name="terms"),
    path("privacy/", views.info_page, {"template": "pages/privacy.html"}, name="privacy"),
    path("cookies/", views.cookie_settings, name="cookies"),
]

# The pages a sitemap lists (config/sitemaps.py).
SITEMAP_NAMES = ("shipping", "returns", "payment", "contact", "legal", "terms", "privacy")
