"""Catalog areas: one module per part of the product, each defining `CATALOG`."""
