"""Integrations with the tools around the mock: moto (``moto.py``, the one module that
touches it) and the pytest plugin."""
