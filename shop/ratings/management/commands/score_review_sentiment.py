"""Score the sentiment of existing reviews (e.g. after seed_demo) and compare it with stars."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shop.ratings.selectors import review_stars_and_sentiments
from shop.ratings.sentiment import DataValidationError, ModelError, star_agreement
from shop.ratings.sentiment_model import sentiment_classifier
from shop.ratings.services import SENTIMENT_BATCH, review_sentiment_refresh


class Command(BaseCommand):
    help = (
        "Give every review with text a sentiment and flag text that disagrees with the stars; "
        "trains the model first if it is missing or stale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unscored", action="store_true", help="Only reviews without a sentiment yet."
        )
        parser.add_argument("--batch-size", type=int, default=SENTIMENT_BATCH)

    def handle(self, *args: Any, unscored: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        started = time.monotonic()
        try:
            sentiment_classifier()
        except (DataValidationError, ModelError, OSError) as error:
            raise CommandError(f"cannot load or train the sentiment model: {error}") from error
        self.stdout.write(f"Model ready in {time.monotonic() - started:.1f}s. Scoring reviews ...")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  reviews: {done}/{total}")

        result = review_sentiment_refresh(
            only_unscored=unscored, batch_size=batch_size, progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.reviews} reviews looked at, {result.scored} with text scored, "
                f"{result.disagreeing} where text and stars disagree, "
                f"in {time.monotonic() - started:.1f}s"
            )
        )
        rows = review_stars_and_sentiments()
        if rows:
            stars, labels, confidences = zip(*rows, strict=True)
            self.stdout.write("\nText against stars (all scored reviews, stars as a noisy label):")
            self.stdout.write(star_agreement(stars, labels, confidences).render())
