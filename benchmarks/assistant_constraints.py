"""Entity extraction on the labelled product-constraint set, per part and per field.

Usage: python benchmarks/assistant_constraints.py [--errors]

Scores ``customer_service/data/evaluation/constraints.yaml`` (its header says where each part
came from) with the demo catalogue's vocabulary (``vocabulary.yaml``): for each part the share
of lines with every field exactly right (type, brand, colour, size, attributes, price bounds,
price level, superlative, people, order number, e-mail, country) and the share right per
field. The target is 0.95 exactly right. Develop on the ``dev`` parts only; a ``test`` part is
scored once, after the changes (see the file's header for which ones have been seen).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from customer_service.assistant.constraint_eval import evaluate_constraints
from customer_service.assistant.report import CONSTRAINT_TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong line")
    args = parser.parse_args()
    reports = evaluate_constraints()
    for report in reports:
        for line in report.render(show_errors=args.errors):
            print(line)
    total = sum(report.total for report in reports)
    exact = sum(report.exact for report in reports)
    verdict = "meets" if exact / total >= CONSTRAINT_TARGET else "MISSES"
    print(
        f"all: {exact}/{total} exactly right ({exact / total:.1%}; {verdict} {CONSTRAINT_TARGET})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
