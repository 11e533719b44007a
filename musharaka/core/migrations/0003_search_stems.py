"""Stems beside the words of every search document (see core.search and core.arabic.word_stems).

Adds SearchEntry.stems, fills it from each entry's lightly normalised text, and rebuilds the
full-text index over it: FTS5 over (kind, document, stems) on SQLite; on PostgreSQL the stored
vector becomes the document (weight A) ‖ the stems (weight D), both with the `simple` configuration
(the stems are Snowball's, computed in Python, so both databases match the same inflections).
"""

from django.db import migrations, models

from musharaka.core.search import fill_stems

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_search_au",
    "DROP TRIGGER IF EXISTS core_search_ad",
    "DROP TRIGGER IF EXISTS core_search_ai",
    "DROP TABLE IF EXISTS core_search_fts",
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE core_search_fts USING fts5(kind, document, stems, content='core_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER core_search_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(rowid, kind, document, stems) VALUES (new.id, new.kind, new.document, new.stems); END",
    "CREATE TRIGGER core_search_ad AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, kind, document, stems) "
    "VALUES ('delete', old.id, old.kind, old.document, old.stems); END",
    "CREATE TRIGGER core_search_au AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, kind, document, stems) "
    "VALUES ('delete', old.id, old.kind, old.document, old.stems); "
    "INSERT INTO core_search_fts(rowid, kind, document, stems) VALUES (new.id, new.kind, new.document, new.stems); END",
    "INSERT INTO core_search_fts(core_search_fts) VALUES ('rebuild')",
]
SQLITE_OLD = [  # the index of 0002 (document only), for going back
    "CREATE VIRTUAL TABLE core_search_fts USING fts5("
    "document, content='core_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER core_search_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(rowid, document) VALUES (new.id, new.document); END",
    "CREATE TRIGGER core_search_ad AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, document) VALUES ('delete', old.id, old.document); END",
    "CREATE TRIGGER core_search_au AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, document) VALUES ('delete', old.id, old.document); "
    "INSERT INTO core_search_fts(rowid, document) VALUES (new.id, new.document); END",
    "INSERT INTO core_search_fts(core_search_fts) VALUES ('rebuild')",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS core_search_vector_gin", "ALTER TABLE core_searchentry DROP COLUMN search_vector"]
POSTGRES_CREATE = [
    "ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', document), 'A') || setweight(to_tsvector('simple', stems), 'D')) STORED",
    "CREATE INDEX core_search_vector_gin ON core_searchentry USING gin (search_vector)",
]
POSTGRES_OLD = [
    "ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('arabic', document_light) || to_tsvector('simple', document)) STORED",
    "CREATE INDEX core_search_vector_gin ON core_searchentry USING gin (search_vector)",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)
    # Filled with no full-text index to keep up to date, which then reads every row once.
    fill_stems(schema_editor.connection)
    for statement in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)
    for statement in {"sqlite": SQLITE_OLD, "postgresql": POSTGRES_OLD}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_indexes")]

    operations = [
        migrations.AddField(model_name="searchentry", name="stems", field=models.TextField(default="")),
        migrations.RunPython(forward, backward),
    ]
