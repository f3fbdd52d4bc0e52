"""Products, categories, stock, provenance, the search port and its engines. May import market."""
