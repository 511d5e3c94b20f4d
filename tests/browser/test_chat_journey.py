"""The chat widget in a real browser: product questions with constraints, "do you ship to
Canada?", the history after a page change, and a handover to staff and back. Debian's
Chromium through Playwright (the ``browser`` fixture, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from customer_service.models import SupportTicket
from customer_service.services import ticket_answer
from shop.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.customer_service.catalogue import build_catalogue
from tests.customer_service.conftest import seed_faq

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_chat_constraints_country_history_and_handover(browser, live_server):
    from playwright.sync_api import expect

    build_catalogue()
    seed_faq()
    ada = UserFactory(username="ada", email="ada@example.org")
    staff = StaffFactory(username="sam")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/")
    widget = page.locator("#chat-widget")
    log = widget.locator(".chat-log")

    def say(text: str, expected: str) -> None:
        widget.locator("#chat-input").fill(text)
        widget.get_by_role("button", name="Send").click()
        expect(log).to_contain_text(expected)
        expect(log.locator(".chat-bot", has_text="…")).to_have_count(0)

    widget.get_by_role("button", name="Ask us").click()
    say("can you recommend headphones under 100 euros", "Sonora Air Headphones")
    products = log.locator(".chat-products").last
    expect(products.locator("li")).to_have_count(1)
    say("do you have a tent for 2 people?", "Ridge Tent")
    expect(log.locator(".chat-products").last.locator("li")).to_have_text(
        ["Ridge Tent — 189.00 EUR"]
    )
    say("red running shoes size 42", "Stride Running Shoes")
    expect(log.locator(".chat-products").last.locator("li")).to_have_count(1)
    say("cheapest blender", "Mini Blender")
    expect(log.locator(".chat-products").last.locator("li").first).to_contain_text("Mini Blender")
    say("do you ship to Canada?", "No, we don't deliver to Canada.")
    # What a customer types is shown as text, never run as HTML.
    say("<img src=x onerror=alert(1)>", "Sorry")
    expect(log.locator(".chat-customer img")).to_have_count(0)
    shot(page, "chat-01-questions")

    # A page change: the widget opens again with the whole conversation.
    log.locator(".chat-products").last.get_by_role("link").first.click()
    page.wait_for_url("**/product/**")
    expect(page.locator("#chat-panel")).to_be_visible()
    expect(page.locator(".chat-log")).to_contain_text("do you ship to Canada?")
    expect(page.locator(".chat-log")).to_contain_text("Sonora Air Headphones")
    expect(page.locator(".chat-log")).to_contain_text("No, we don't deliver to Canada.")
    shot(page, "chat-02-history")

    # Signed in, the visitor's conversation is the customer's.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    widget = page.locator("#chat-widget")
    log = widget.locator(".chat-log")
    if widget.locator("#chat-panel").is_hidden():
        widget.get_by_role("button", name="Ask us").click()
    expect(log).to_contain_text("Ridge Tent")

    # FAQ answers carry links, built as links.
    say("how do returns work?", "30 days")
    expect(log.locator(".chat-bot a[href='/orders/']").last).to_be_visible()

    say("I want to talk to a person", "A person will answer you here")
    expect(widget.locator(".chat-handover")).to_be_visible()
    bot_replies = log.locator(".chat-bot").count()
    widget.locator("#chat-input").fill("what's the weather in Paris")
    widget.get_by_role("button", name="Send").click()
    expect(log.locator(".chat-customer").last).to_have_text("what's the weather in Paris")
    expect(log.locator(".chat-bot", has_text="…")).to_have_count(0)
    assert log.locator(".chat-bot").count() == bot_replies  # the assistant stays quiet
    ticket = SupportTicket.objects.get()
    assert ticket.user == ada and ticket.transcript.endswith("what's the weather in Paris")

    ticket_answer(ticket=ticket, staff=staff, text="Hi Ada, Sam here. Your orders: /orders/")
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # the widget polls on focus
    staff_message = log.locator(".chat-staff").last
    expect(staff_message).to_contain_text("Hi Ada, Sam here.")
    expect(staff_message.locator("a[href='/orders/']")).to_have_count(1)
    assert mail.outbox == []  # Ada is still on the site: the reply shows in place, no e-mail
    shot(page, "chat-03-staff-reply")

    widget.get_by_role("button", name="Back to the assistant").click()
    expect(log).to_contain_text("You're back with the assistant.")
    expect(widget.locator(".chat-handover")).to_be_hidden()
    say("do you ship to Norway?", "Yes, we deliver to Norway.")
    shot(page, "chat-04-back")
    assert errors == []
