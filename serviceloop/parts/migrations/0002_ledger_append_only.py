"""The stock ledger is append-only: the database itself refuses to change a movement.

Deleting stays possible (the demo's reset and test flushes delete whole tables), but every
foreign key to a movement is PROTECT, and no code path deletes one."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER parts_ledger_append_only BEFORE UPDATE ON parts_stockmovement
BEGIN SELECT RAISE(ABORT, 'stock ledger rows are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS parts_ledger_append_only;"
POSTGRES_UP = """
CREATE FUNCTION parts_ledger_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'stock ledger rows are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER parts_ledger_append_only BEFORE UPDATE ON parts_stockmovement
FOR EACH ROW EXECUTE FUNCTION parts_ledger_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS parts_ledger_append_only ON parts_stockmovement;
DROP FUNCTION IF EXISTS parts_ledger_append_only();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("parts", "0001_catalogue_stock_orders")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
