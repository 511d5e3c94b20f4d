"""Starting FAQ answers, so the assistant answers policy questions out of the box.
Staff edit or replace them in admin."""

from django.db import migrations

DEFAULT_FAQ = [
    (
        "return_refund",
        "How do returns and refunds work?",
        "You can return any item within 30 days of delivery. Cancel an order that has not "
        "shipped from your order page and the money goes back to your card at once; for a "
        "delivered order, ask here for a return and we refund within 5 working days of "
        "receiving it.",
        "/orders/",
        "Your orders",
    ),
    (
        "shipping_info",
        "How long does delivery take and what does it cost?",
        "Standard delivery takes 3-5 working days and costs 4.95 EUR, free from 50 EUR. "
        "Express delivery arrives the next working day for 12.95 EUR. Once your order ships, "
        "its page shows the tracking number.",
        "/orders/",
        "Track your orders",
    ),
    (
        "payment_issue",
        "My payment failed or I was charged twice.",
        "We only charge your card when an order is placed, and a declined or failed payment "
        "never creates an order or takes money. If your bank shows a charge you don't "
        "recognise, tell us the order number here and our team will check it.",
        "",
        "",
    ),
    (
        "account_help",
        "I can't log in or want to change my details.",
        "You can reset your password with the link on the log-in page; we email you a link to "
        "choose a new one. Your addresses and password can be changed in your account.",
        "/accounts/password/reset/",
        "Reset your password",
    ),
]


def add_faq(apps, schema_editor):
    FAQEntry = apps.get_model("customer_service", "FAQEntry")
    for position, (topic, question, answer, url, label) in enumerate(DEFAULT_FAQ):
        FAQEntry.objects.get_or_create(
            topic=topic,
            question=question,
            defaults={"answer": answer, "link_url": url, "link_label": label, "position": position},
        )


def remove_faq(apps, schema_editor):
    FAQEntry = apps.get_model("customer_service", "FAQEntry")
    FAQEntry.objects.filter(question__in=[row[1] for row in DEFAULT_FAQ]).delete()


class Migration(migrations.Migration):
    dependencies = [("customer_service", "0001_initial")]

    operations = [migrations.RunPython(add_faq, remove_faq)]
