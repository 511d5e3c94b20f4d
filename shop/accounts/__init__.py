"""Accounts: customers, sign-in, addresses, and their own data (download, deletion).

Owns: the user model, sign-up/login/password flows, the address book. The data download and
account deletion walk ``shop.core.privacy``, where each app registers its share. Announces a
verified e-mail address (``events``). May import: core.
"""
