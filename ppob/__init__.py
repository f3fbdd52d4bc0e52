"""Biller products and prices, PPOB transactions, the biller adapter and sandbox. May import market, payments."""
