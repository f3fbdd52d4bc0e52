"""The core of Pasar Koperasi.

Owns settings, the database set-up, money, the ledger, cooperatives, members, savings, users and
roles, the live SHU taken from the books and the event outbox. Imports none of the other domain packages;
only the app factory (`market.app`) and the CLI (`market.cli`) wire them together.
"""
