"""The error for hand-written training data that does not validate.

Training files are edited by hand, so one mistake rarely comes alone; loaders collect every
problem and raise one error listing them all, so a single run shows everything to fix. Each
package subclasses it to name its data in the message and to be caught on its own.
"""

from __future__ import annotations


class DataValidationError(ValueError):
    """The training data is malformed; ``problems`` lists every issue found."""

    subject = "training"  # the message says "invalid <subject> data in <source>"

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid {self.subject} data in {source}:\n{listing}")
