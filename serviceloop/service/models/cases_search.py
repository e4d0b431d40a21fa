"""The database's own index of `Case.search_text` (decision 0018).

SQLite: an FTS5 table reading the case table (external content), kept by triggers so that
every write — a service, a bulk load, a test's flush — keeps it exact. PostgreSQL: a stored
generated column `search_vector` (the words' tsvector, 'simple': no stemming, no stop words,
as FTS5) with a GIN index; stored, because a phrase is checked again on every candidate row
and recomputing the vector there cost seconds on a common word at a million cases. Both
split the stored words on spaces only, so both find the same cases.

Django rebuilds a SQLite table to alter it, which drops its triggers: `ensure_case_search`
runs after every migrate (apps.py) and recreates what is missing.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

FTS_TABLE = "service_case_search"
PG_INDEX = "service_case_words_gin"
PG_COLUMN = "search_vector"
_PG_ADD_COLUMN = (
    f"ALTER TABLE service_case ADD COLUMN {PG_COLUMN} tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_text)) STORED"
)

_SQLITE_TRIGGERS = {
    "service_case_search_ai": f"""
        CREATE TRIGGER service_case_search_ai AFTER INSERT ON service_case BEGIN
          INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "service_case_search_ad": f"""
        CREATE TRIGGER service_case_search_ad AFTER DELETE ON service_case BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""",
    "service_case_search_au": f"""
        CREATE TRIGGER service_case_search_au AFTER UPDATE OF search_text ON service_case BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
          INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}


def ensure_case_search(connection: BaseDatabaseWrapper) -> None:
    """Create the search index where it is missing (idempotent, cheap when present)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Asked first: CREATE INDEX IF NOT EXISTS is refused inside a transaction that
            # has written cases (pending deferred-constraint checks), even when it exists.
            cursor.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'service_case' AND column_name = %s",
                [PG_COLUMN],
            )
            if cursor.fetchone() is None:
                cursor.execute(_PG_ADD_COLUMN)
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE INDEX {PG_INDEX} ON service_case USING gin ({PG_COLUMN})")
            return
        if connection.vendor != "sqlite":
            return
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'service_case_search%'")
        present = {row[0] for row in cursor.fetchall()}
        missing = FTS_TABLE not in present or not present.issuperset(_SQLITE_TRIGGERS)
        if FTS_TABLE not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, "
                "content='service_case', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 0')"
            )
        for name, sql in _SQLITE_TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
        if missing:
            # Rows written while the index or a trigger was missing are read again.
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_case_search(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute(f"ALTER TABLE service_case DROP COLUMN IF EXISTS {PG_COLUMN}")
        elif connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def words_condition(connection: BaseDatabaseWrapper) -> str:
    """A condition on the case table's row, true when its words match one query parameter
    (`Query.tsquery()` on PostgreSQL, `Query.fts5()` on SQLite). PostgreSQL tests the row's
    own vector, so the planner may walk the newest cases and stop at a page, or combine the
    GIN index with the other conditions' indexes; SQLite asks its FTS table for rowids."""
    if connection.vendor == "postgresql":
        return f'"service_case"."{PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)'
    return f'"service_case"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'
