"""The service pages, one module per screen; `service/urls.py` names each view."""
