"""Payments, the Xendit adapter and sandbox, callbacks, refunds, payouts, wallets. May import market."""
