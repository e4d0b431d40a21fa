"""Reads of the service loop, one module per topic (the names of models/ and services/).

Import what you need from its module: `from serviceloop.service.selectors.cases import
case_for`."""
