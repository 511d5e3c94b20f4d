"""Review sentiment through what users touch: the review page and API, admin, the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.ratings.factories import ReviewFactory
from shop.ratings.models import Review
from shop.ratings.sentiment import DEFAULT_HELDOUT_PATH, load_examples
from shop.ratings.services import review_sentiment_refresh, review_submit

pytestmark = pytest.mark.django_db

SUMMARY_URL = "/admin/ratings/review/sentiment/"
CHANGELIST_URL = "/admin/ratings/review/"


def test_review_through_the_page_gets_a_sentiment(customer_client, customer):
    product = ProductFactory()
    response = customer_client.post(
        reverse("ratings:save", args=[product.pk]),
        {"stars": "5", "title": "Worth every penny", "body": "Lovely quality, I use it daily."},
    )
    assert response.status_code == 302
    review = Review.objects.get(user=customer, product=product)
    assert review.sentiment == "positive"
    assert 0.5 < review.sentiment_confidence <= 1.0
    assert review.sentiment_disagrees is False


def test_review_through_the_api_gets_a_sentiment(customer_client, customer):
    product = ProductFactory()
    response = customer_client.post(
        f"/api/products/{product.pk}/review/",
        {"stars": 2, "title": "", "body": "Not worth it, it broke after two days."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    review = Review.objects.get(user=customer, product=product)
    assert review.sentiment == "negative" and review.sentiment_disagrees is False


def test_stars_only_reviews_get_no_sentiment(customer):
    review = review_submit(user=customer, product=ProductFactory(), stars=4)
    assert (review.sentiment, review.sentiment_confidence, review.sentiment_disagrees) == (
        "",
        None,
        False,
    )


def test_text_that_contradicts_the_stars_is_flagged_and_editing_clears_it(customer):
    product = ProductFactory()
    review = review_submit(
        user=customer,
        product=product,
        stars=5,
        body="Broke after two days. Complete waste of money.",
    )
    assert review.sentiment == "negative" and review.sentiment_disagrees is True
    review = review_submit(user=customer, product=product, stars=1, body="Broke after two days.")
    assert review.sentiment == "negative" and review.sentiment_disagrees is False
    review = review_submit(user=customer, product=product, stars=1, body="")
    assert review.sentiment == "" and review.sentiment_disagrees is False


def _seed_reviews():
    """Three products: mostly negative, mostly positive, and one with a contradiction."""
    kettle, lamp, mat = (ProductFactory(title=t) for t in ("Kettle", "Lamp", "Yoga mat"))
    texts = {
        kettle: [(1, "Leaks everywhere."), (2, "Stopped working after a week."), (3, "It's okay.")],
        lamp: [(5, "Absolutely love it."), (4, "Great value for money."), (1, "")],
        mat: [(5, "Terrible quality, fell apart in the first wash."), (4, "Superb grip.")],
    }
    for product, rows in texts.items():
        for index, (stars, body) in enumerate(rows):
            user = UserFactory(username=f"{product.title}-{index}")
            review_submit(user=user, product=product, stars=stars, body=body)
    return kettle, lamp, mat


def test_admin_filters_reviews_by_sentiment_and_disagreement(client, staff_user):
    _seed_reviews()
    client.force_login(staff_user)

    def listed(query: str) -> set[str]:
        response = client.get(f"{CHANGELIST_URL}?{query}")
        assert response.status_code == 200
        return {review.body for review in response.context["cl"].result_list}

    assert listed("sentiment=negative") == {
        "Leaks everywhere.",
        "Stopped working after a week.",
        "Terrible quality, fell apart in the first wash.",
    }
    assert listed("sentiment=none") == {""}
    assert listed("sentiment_disagrees__exact=1") == {
        "Terrible quality, fell apart in the first wash."
    }
    page = client.get(CHANGELIST_URL).content.decode()
    assert "Negative (" in page and SUMMARY_URL in page


def _titles(response) -> list[str]:
    return [row["product"].title for row in response.context["rows"]]


def test_sentiment_summary_per_product(client, staff_user):
    kettle, _lamp, mat = _seed_reviews()
    client.force_login(staff_user)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    rows = {row["product"].title: row["product"] for row in response.context["rows"]}
    assert (rows["Kettle"].scored, rows["Kettle"].negative, rows["Kettle"].neutral) == (3, 2, 1)
    assert (rows["Lamp"].scored, rows["Lamp"].positive) == (2, 2)  # the stars-only one is out
    assert rows["Yoga mat"].disagreeing == 1
    # Default order: the largest negative share first.
    assert _titles(response)[0] == "Kettle"
    page = response.content.decode()
    assert "<title" in page and "<caption>" in page and 'scope="col"' in page
    assert f"?product__id__exact={kettle.pk}&amp;sentiment=negative" in page
    assert f"?product__id__exact={mat.pk}&amp;sentiment_disagrees__exact=1" in page

    ascending = client.get(f"{SUMMARY_URL}?o=positive_share")
    assert _titles(ascending)[0] == "Kettle"
    descending = client.get(f"{SUMMARY_URL}?o=-positive_share")
    assert _titles(descending)[0] == "Lamp"
    searched = client.get(f"{SUMMARY_URL}?q=lamp&min=2")
    assert _titles(searched) == ["Lamp"]

    # The summary links lead to that product's reviews of that sentiment.
    linked = client.get(f"{CHANGELIST_URL}?product__id__exact={kettle.pk}&sentiment=negative")
    assert linked.status_code == 200 and len(linked.context["cl"].result_list) == 2


@pytest.mark.parametrize("query", ["o=drop+table", "min=abc", "p=999", "min=-5&o=-title"])
def test_sentiment_summary_bad_input_is_not_an_error(client, staff_user, query):
    _seed_reviews()
    client.force_login(staff_user)
    assert client.get(f"{SUMMARY_URL}?{query}").status_code == 200


def test_sentiment_summary_is_for_staff_only(customer_client):
    response = customer_client.get(SUMMARY_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_action_scores_selected_reviews_again(client, staff_user):
    stale = ReviewFactory(stars=5, body="Leaks everywhere, complete rubbish.")
    assert stale.sentiment == ""  # written without the services
    client.force_login(staff_user)
    response = client.post(
        CHANGELIST_URL, {"action": "score_sentiment", "_selected_action": [stale.pk]}
    )
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.sentiment == "negative" and stale.sentiment_disagrees is True


def test_refresh_scores_in_batches_and_only_unscored(customer):
    reviews = [
        ReviewFactory(stars=4, body=body)
        for body in ("Love it.", "Meh.", "Broke on day one.", "", "Superb quality.")
    ]
    calls: list[tuple[int, int]] = []
    result = review_sentiment_refresh(batch_size=2, progress=lambda d, t: calls.append((d, t)))
    assert (result.reviews, result.scored, result.disagreeing) == (5, 4, 1)
    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert [Review.objects.get(pk=r.pk).sentiment for r in reviews] == [
        "positive",
        "neutral",
        "negative",
        "",
        "positive",
    ]
    again = review_sentiment_refresh(only_unscored=True)
    assert (again.reviews, again.scored) == (1, 0)  # just the stars-only review
    with pytest.raises(ValueError):
        review_sentiment_refresh(batch_size=0)


def test_command_scores_the_seeded_demo_reviews():
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    with_text = Review.objects.exclude(title="", body="")
    assert with_text.exists() and not Review.objects.exclude(sentiment="").exists()
    out = StringIO()
    call_command("score_review_sentiment", batch_size=10, stdout=out)
    text = out.getvalue()
    assert f"reviews: {Review.objects.count()}/{Review.objects.count()}" in text
    assert "agreement with stars:" in text
    assert not with_text.filter(sentiment="").exists()
    assert not Review.objects.filter(title="", body="").exclude(sentiment="").exists()
    agreement = float(text.split("agreement with stars:")[1].split("%")[0])
    assert agreement >= 80.0


def test_command_rejects_a_bad_batch_size():
    with pytest.raises(CommandError, match="batch-size"):
        call_command("score_review_sentiment", batch_size=0, stdout=StringIO())


def test_train_command_prints_held_out_figures(tmp_path):
    out = StringIO()
    call_command("train_sentiment", out=tmp_path / "model.joblib", stdout=out)
    text = out.getvalue()
    assert (tmp_path / "model.joblib").exists()
    held_out = len(load_examples(DEFAULT_HELDOUT_PATH, min_examples=1))
    assert "accuracy:" in text and "macro-F1:" in text and f"reviews:           {held_out}" in text
    # Cross-validation on the training file, printed beside the held-out figures.
    assert "Cross-validation (5 folds" in text and "beside held-out" in text
    cv = float(text.split("Cross-validated accuracy ")[1].split("%")[0])
    assert 0.0 < cv <= 100.0
    # With the words each set shares with its training, and hand-written reviews apart.
    assert "Words seen in training: held-out" in text and "hand-written" in text


def test_a_review_is_saved_unscored_when_the_sentiment_model_is_unavailable(
    customer, products, settings
):
    from shop.ratings.sentiment_model import sentiment_classifier
    from shop.ratings.services import review_submit

    settings.SENTIMENT_MODEL_PATH = "/dev/null/sentiment/model.joblib"
    sentiment_classifier.cache_clear()
    try:
        review = review_submit(
            user=customer, product=products["anc"], stars=2, body="It broke after a week."
        )
    finally:
        sentiment_classifier.cache_clear()
    review.refresh_from_db()
    assert review.body == "It broke after a week." and review.sentiment == ""
