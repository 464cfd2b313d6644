"""Integrations with the tools around the mock: the pytest plugin."""
