"""Savings-and-loan business: loan products, applications the board approves, schedules, instalments, arrears."""
