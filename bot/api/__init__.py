"""REST API v1 (`/api/v1`): one blueprint per resource group, all behind bearer tokens.

The package imports nothing; `bot/app.py` lists and registers the blueprints.
"""
