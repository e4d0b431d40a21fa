"""The customer archive's lists for import and export: customers, sites and contacts.

Each list is a `ListDefinition` (core.tabular.imports): stable column codes, a natural
key, the export rows and an importer that turns one file row into the `changes` of a
service call.
Foreign keys travel as natural keys: customer code, site code, account manager username
and the six-digit GB/T 2260 codes of province, city and district (`province_code`...).
"""

from .contacts import CONTACTS
from .customers import CUSTOMERS
from .sites import SITES

__all__ = ["CONTACTS", "CUSTOMERS", "SITES"]
