"""Taxes: tax classes and the rate each country charges for each (VAT).

Owns: ``TaxClass`` (a kind of goods taxed alike, e.g. printed books; product types name theirs)
and ``TaxRate`` (a country's rate for a class, or its standard rate), seeded with the EU member
states' VAT and that of the UK, Switzerland and Norway. ``selectors.country_taxes`` answers
"what rate applies here"; ``orders.pricing`` does the arithmetic. May import: core.
"""
