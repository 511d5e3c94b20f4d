"""Query understanding over the catalogue's own words, with no framework (no Django).

``Vocabulary.build`` turns the catalogue's phrases (product types, attribute values, brands,
category names, title words) into the words search knows, their compounds ("hair dryer" is
also "hairdryer") and a SymSpell spelling index; ``analyse`` turns a shopper's query into
terms (each with the forms to look for and whether it was corrected), price bounds and the
corrected query for "Did you mean". The Django side (``shop.search.retrieval``) looks the terms
up in the database.
"""

from .analysis import Analysis, Term, TermKind, analyse
from .text import singular, tokenise
from .vocabulary import Vocabulary

__all__ = ["Analysis", "Term", "TermKind", "Vocabulary", "analyse", "singular", "tokenise"]
