"""The database-specific full-text index beside core_searchentry (see core.search)."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_search_fts USING fts5("
    "document, content='core_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER core_search_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(rowid, document) VALUES (new.id, new.document); END",
    "CREATE TRIGGER core_search_ad AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, document) VALUES ('delete', old.id, old.document); END",
    "CREATE TRIGGER core_search_au AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, document) VALUES ('delete', old.id, old.document); "
    "INSERT INTO core_search_fts(rowid, document) VALUES (new.id, new.document); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER core_search_au",
    "DROP TRIGGER core_search_ad",
    "DROP TRIGGER core_search_ai",
    "DROP TABLE core_search_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('arabic', document_light) || to_tsvector('simple', document)) STORED",
    "CREATE INDEX core_search_vector_gin ON core_searchentry USING gin (search_vector)",
    "CREATE INDEX core_search_document_trgm ON core_searchentry USING gin (document gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX core_search_document_trgm",
    "DROP INDEX core_search_vector_gin",
    "ALTER TABLE core_searchentry DROP COLUMN search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
