# Django's zh_Hans formats leave numbers ungrouped; Chinese invoices and quotes group
# by thousands (12,345.50), so amounts and quantities read as customers expect.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = ","
DECIMAL_SEPARATOR = "."
