"""FAQ answers for the shop facts customers ask about most: the payment methods accepted, the
return window and the support hours. Staff edit them in admin; the assistant picks the entry of
a topic closest to the question."""

from django.db import migrations

FACTS = [
    (
        "payment_issue",
        "Which payment methods do you accept?",
        "We accept credit and debit cards (Visa, Mastercard and American Express) at checkout. "
        "Your card is charged only when your order is placed.",
        "",
        "",
        10,
    ),
    (
        "return_refund",
        "How long do I have to return something?",
        "You have 30 days from delivery to return an item, unused and in its packaging. Ask "
        "here for a return and we refund within 5 working days of receiving it.",
        "/orders/",
        "Your orders",
        10,
    ),
    (
        "contact",
        "When is customer service open?",
        "Our customer service team answers Monday to Friday, 9:00 to 18:00 (Berlin time), "
        "within one working day. Ask here at any time and the reply appears in this chat.",
        "",
        "",
        0,
    ),
]


def add_facts(apps, schema_editor):
    FAQEntry = apps.get_model("customer_service", "FAQEntry")
    for topic, question, answer, url, label, position in FACTS:
        FAQEntry.objects.get_or_create(
            topic=topic,
            question=question,
            defaults={"answer": answer, "link_url": url, "link_label": label, "position": position},
        )


def remove_facts(apps, schema_editor):
    FAQEntry = apps.get_model("customer_service", "FAQEntry")
    FAQEntry.objects.filter(question__in=[row[1] for row in FACTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("customer_service", "0003_chat_history_and_tickets")]

    operations = [migrations.RunPython(add_facts, remove_facts)]
