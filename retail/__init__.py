"""The cooperative's own shop: the retail counter for catalog goods and the API for its own POS."""
