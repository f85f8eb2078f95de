PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO _sqlite_migrations VALUES(1,'tracker','m001_initial','2026-12-05 08:09:47.496363+00:00');
INSERT INTO _sqlite_migrations VALUES(2,'tracker','m002_search','2026-12-05 08:09:47.497454+00:00');
INSERT INTO _sqlite_migrations VALUES(3,'tracker','m003_report_cursors','2026-12-05 08:09:47.498732+00:00');
INSERT INTO _sqlite_migrations VALUES(4,'tracker','m004_fast_writes','2026-12-05 08:09:47.503238+00:00');
INSERT INTO _sqlite_migrations VALUES(5,'tracker','m005_authors_and_corrections','2026-12-05 08:09:47.504590+00:00');
INSERT INTO _sqlite_migrations VALUES(6,'tracker','m006_replicas','2026-12-05 08:09:47.508149+00:00');
CREATE TABLE initiatives (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK ((kind = 'proposal' OR kind = 'plan' OR kind = 'programme' OR kind = 'policy' OR kind = 'measure')),
            status TEXT NOT NULL CHECK ((status = 'proposed' OR status = 'announced' OR status = 'in_progress' OR status = 'achieved' OR status = 'stalled' OR status = 'abandoned' OR status = 'superseded')),
            confidence TEXT CHECK ((confidence = 'green' OR confidence = 'amber' OR confidence = 'red')),
            progress INTEGER CHECK (progress BETWEEN 0 AND 100),
            announced_text TEXT,
            announced_date TEXT,
            announced_latest TEXT,
            announced_precision TEXT CHECK ((announced_precision = 'day' OR announced_precision = 'week' OR announced_precision = 'month' OR announced_precision = 'quarter' OR announced_precision = 'half' OR announced_precision = 'part-year' OR announced_precision = 'year' OR announced_precision = 'multi-year')),
            deadline_text TEXT,
            deadline_earliest TEXT,
            deadline_latest TEXT,
            deadline_precision TEXT CHECK ((deadline_precision = 'day' OR deadline_precision = 'week' OR deadline_precision = 'month' OR deadline_precision = 'quarter' OR deadline_precision = 'half' OR deadline_precision = 'part-year' OR deadline_precision = 'year' OR deadline_precision = 'multi-year')),
            baseline_text TEXT,
            baseline_earliest TEXT,
            baseline_latest TEXT,
            baseline_precision TEXT CHECK ((baseline_precision = 'day' OR baseline_precision = 'week' OR baseline_precision = 'month' OR baseline_precision = 'quarter' OR baseline_precision = 'half' OR baseline_precision = 'part-year' OR baseline_precision = 'year' OR baseline_precision = 'multi-year')),
            parent_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL, tags_json TEXT NOT NULL DEFAULT '[]', jurisdictions_json TEXT NOT NULL DEFAULT '[]', sponsors_json TEXT NOT NULL DEFAULT '[]',
            CHECK (deadline_earliest IS NULL OR deadline_earliest <= deadline_latest),
            CHECK (parent_id IS NULL OR parent_id != id)
        );
INSERT INTO initiatives VALUES(1,'01a24540-8bf7-7670-a6c6-88051012621a','bridging','Bridging programme','','measure','announced',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-05T08:09:47.768651Z','2026-12-05T08:09:48.907192Z','[]','[]','[]');
INSERT INTO initiatives VALUES(2,'01a24540-8f41-7320-a05b-6741f0f47e83','imported','Imported one','','measure','announced',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-05T08:09:48.610010Z','2026-12-05T08:09:56.662911Z','[]','[]','[]');
CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT,
            publisher TEXT,
            published TEXT,
            url TEXT
        );
INSERT INTO sources VALUES(1,'https://example.org/a',NULL,NULL,NULL,'https://example.org/a');
INSERT INTO sources VALUES(2,'https://example.org/b',NULL,NULL,NULL,'https://example.org/b');
INSERT INTO sources VALUES(3,'LegCo paper','LegCo paper',NULL,NULL,NULL);
INSERT INTO sources VALUES(4,'https://example.org/c','Doc C','Gov','2025-01-02','https://example.org/c');
INSERT INTO sources VALUES(5,'https://example.org/d',NULL,NULL,NULL,'https://example.org/d');
INSERT INTO sources VALUES(6,'https://example.org/e','Doc E',NULL,NULL,'https://example.org/e');
INSERT INTO sources VALUES(7,'https://example.org/gone',NULL,NULL,NULL,'https://example.org/gone');
INSERT INTO sources VALUES(8,'https://example.org/wrong',NULL,NULL,NULL,'https://example.org/wrong');
INSERT INTO sources VALUES(9,'https://example.org/right',NULL,NULL,NULL,'https://example.org/right');
CREATE TABLE initiative_sources (
            id INTEGER PRIMARY KEY,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            quote TEXT
        );
INSERT INTO initiative_sources VALUES(1,1,1,'First quote');
INSERT INTO initiative_sources VALUES(2,2,4,'quote c1');
INSERT INTO initiative_sources VALUES(3,2,5,'quote d');
INSERT INTO initiative_sources VALUES(4,2,4,'quote c2');
INSERT INTO initiative_sources VALUES(5,1,6,'merged in');
CREATE TABLE updates (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            recorded_at TEXT NOT NULL,
            effective TEXT NOT NULL,
            event TEXT NOT NULL CHECK ((event = 'created' OR event = 'update' OR event = 'edit' OR event = 'retract' OR event = 'amend')),
            status_from TEXT,
            status_to TEXT CHECK ((status_to = 'proposed' OR status_to = 'announced' OR status_to = 'in_progress' OR status_to = 'achieved' OR status_to = 'stalled' OR status_to = 'abandoned' OR status_to = 'superseded')),
            progress_from INTEGER,
            progress_to INTEGER CHECK (progress_to BETWEEN 0 AND 100),
            confidence_from TEXT,
            confidence_to TEXT CHECK ((confidence_to = 'green' OR confidence_to = 'amber' OR confidence_to = 'red')),
            deadline_from TEXT,
            deadline_to TEXT,
            deadline_to_latest TEXT,
            edits TEXT,
            note TEXT,
            source_id INTEGER REFERENCES sources(id),
            quote TEXT,
            ref TEXT
        , author TEXT, target TEXT, clock INTEGER NOT NULL DEFAULT 0, origin TEXT, initial TEXT);
INSERT INTO updates VALUES(1,'01a24540-8bf8-7368-ad34-5735585e4f44',1,'2026-12-05T08:09:47.768651Z','2026-11-22','created',NULL,'announced',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,'First quote',NULL,'analyst',NULL,1,NULL,NULL);
INSERT INTO updates VALUES(2,'01a24540-8d21-7220-a061-6922fab57740',1,'2026-12-05T08:09:48.065330Z','2026-11-22','update',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'Enrolled',2,'From an update',NULL,'analyst',NULL,2,NULL,NULL);
INSERT INTO updates VALUES(3,'01a24540-8e39-7758-8974-a8b704d7220c',1,'2026-12-05T08:09:48.345789Z','2026-11-22','update',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,3,NULL,NULL,'analyst',NULL,3,NULL,NULL);
INSERT INTO updates VALUES(4,'01a24540-8f42-72f8-87f4-13adf0917300',2,'2026-12-05T08:09:48.610010Z','2026-11-22','created',NULL,'announced',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,4,'quote c1',NULL,'analyst',NULL,4,NULL,NULL);
INSERT INTO updates VALUES(5,'01a24540-8f42-72f9-ad2d-fce5ac1203fe',2,'2026-12-05T08:09:48.610236Z','2026-11-22','edit',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"sources": {"added": ["https://example.org/d", "https://example.org/c"]}}','imported',NULL,NULL,NULL,'analyst',NULL,4,NULL,NULL);
INSERT INTO updates VALUES(6,'01a24540-9073-7480-96ba-839d5b1ad6f1',1,'2026-12-05T08:09:48.907192Z','2026-11-22','edit',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"sources": {"added": ["https://example.org/e"]}}','imported',NULL,NULL,NULL,'analyst',NULL,5,NULL,NULL);
INSERT INTO updates VALUES(7,'01a24540-9fc6-77c0-a928-821218036486',2,'2026-12-05T08:09:52.838156Z','2026-11-22','update',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,7,'gone',NULL,'analyst',NULL,6,NULL,NULL);
INSERT INTO updates VALUES(8,'01a24540-a1a5-73c0-b6f0-c86ad5960248',2,'2026-12-05T08:09:53.317044Z','2026-11-22','retract',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'undo',NULL,NULL,NULL,'analyst','01a24540-9fc6-77c0-a928-821218036486',7,NULL,NULL);
INSERT INTO updates VALUES(9,'01a24540-a2f4-7268-9b76-3ba0d1d01741',2,'2026-12-05T08:09:53.652368Z','2026-11-22','update',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,8,'w',NULL,'analyst',NULL,8,NULL,NULL);
INSERT INTO updates VALUES(10,'01a24540-aeb6-74a8-ab97-11c7262f6d8a',2,'2026-12-05T08:09:56.662911Z','2026-11-22','amend',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,9,NULL,NULL,'analyst','01a24540-a2f4-7268-9b76-3ba0d1d01741',9,NULL,NULL);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE initiative_tags (
                initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
                tag_id INTEGER NOT NULL REFERENCES tags(id),
                PRIMARY KEY (initiative_id, tag_id)
            ) WITHOUT ROWID
            ;
CREATE TABLE jurisdictions (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE initiative_jurisdictions (
                initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
                jurisdiction_id INTEGER NOT NULL REFERENCES jurisdictions(id),
                PRIMARY KEY (initiative_id, jurisdiction_id)
            ) WITHOUT ROWID
            ;
CREATE TABLE sponsors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE initiative_sponsors (
                initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
                sponsor_id INTEGER NOT NULL REFERENCES sponsors(id),
                PRIMARY KEY (initiative_id, sponsor_id)
            ) WITHOUT ROWID
            ;
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','initiatives_fts','initiatives_fts',0,'CREATE VIRTUAL TABLE "initiatives_fts" USING FTS5 (
    "title", "summary",
    tokenize=''unicode61 remove_diacritics 2'',
    content="initiatives"
)');
CREATE TABLE IF NOT EXISTS 'initiatives_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO initiatives_fts_data VALUES(1,X'020400');
INSERT INTO initiatives_fts_data VALUES(10,X'000000000102020002010101020101');
INSERT INTO initiatives_fts_data VALUES(137438953473,X'0000001f09306272696467696e67010202010970726f6772616d6d65010203040d');
INSERT INTO initiatives_fts_data VALUES(274877906945,X'000000190930696d706f7274656402020201036f6e65020203040d');
CREATE TABLE IF NOT EXISTS 'initiatives_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO initiatives_fts_idx VALUES(1,X'',2);
INSERT INTO initiatives_fts_idx VALUES(2,X'',2);
CREATE TABLE IF NOT EXISTS 'initiatives_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO initiatives_fts_docsize VALUES(1,X'0200');
INSERT INTO initiatives_fts_docsize VALUES(2,X'0200');
CREATE TABLE IF NOT EXISTS 'initiatives_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO initiatives_fts_config VALUES('version',4);
CREATE TABLE report_cursors (
            filters TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            max_update_id INTEGER NOT NULL,
            written_at TEXT NOT NULL
        );
CREATE TABLE applied_refs (
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            ref TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (initiative_id, ref)
        ) WITHOUT ROWID
        ;
CREATE TABLE removals (uuid TEXT PRIMARY KEY, slug TEXT NOT NULL, removed_at TEXT NOT NULL, author TEXT, clock INTEGER NOT NULL DEFAULT 0, origin TEXT) WITHOUT ROWID;
CREATE TABLE replica (only INTEGER PRIMARY KEY CHECK (only = 1), id TEXT NOT NULL, lamport INTEGER NOT NULL DEFAULT 0, sent_clock INTEGER NOT NULL DEFAULT -1, resend INTEGER NOT NULL DEFAULT 1, log_size INTEGER NOT NULL DEFAULT 0);
INSERT INTO replica VALUES(1,'1147ac36-2e1d-4e4a-b2ad-fa213547ec39',0,-1,1,0);
CREATE TABLE replica_logs (replica TEXT PRIMARY KEY, offset INTEGER NOT NULL, lines INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE slug_claims (initiative_id INTEGER PRIMARY KEY REFERENCES initiatives(id) ON DELETE CASCADE, wanted TEXT NOT NULL);
CREATE TABLE sync_pending (uuid TEXT PRIMARY KEY, initiative TEXT NOT NULL, replica TEXT NOT NULL, line TEXT NOT NULL) WITHOUT ROWID;
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX idx_initiatives_status_deadline ON initiatives(status, deadline_latest);
CREATE INDEX idx_initiatives_deadline ON initiatives(deadline_latest);
CREATE INDEX idx_initiatives_updated ON initiatives(updated_at);
CREATE INDEX idx_initiatives_title ON initiatives(title COLLATE NOCASE);
CREATE INDEX idx_initiatives_parent ON initiatives(parent_id);
CREATE UNIQUE INDEX idx_initiative_sources_unique
           ON initiative_sources(initiative_id, source_id, coalesce(quote, ''));
CREATE INDEX idx_initiative_sources_source ON initiative_sources(source_id);
CREATE INDEX idx_updates_effective ON updates(effective);
CREATE INDEX idx_updates_source ON updates(source_id);
CREATE UNIQUE INDEX idx_updates_ref ON updates(initiative_id, ref)
           WHERE ref IS NOT NULL;
CREATE TRIGGER updates_append_only BEFORE UPDATE ON updates
        BEGIN SELECT RAISE(ABORT, 'the update history is append-only'); END;
CREATE INDEX idx_initiative_tags_tag_id ON initiative_tags(tag_id, initiative_id);
CREATE INDEX idx_initiative_jurisdictions_jurisdiction_id ON initiative_jurisdictions(jurisdiction_id, initiative_id);
CREATE INDEX idx_initiative_sponsors_sponsor_id ON initiative_sponsors(sponsor_id, initiative_id);
CREATE TRIGGER "initiatives_ad" AFTER DELETE ON "initiatives" BEGIN
  INSERT INTO "initiatives_fts" ("initiatives_fts", rowid, "title", "summary") VALUES('delete', old.rowid, old."title", old."summary");
END;
CREATE INDEX idx_updates_created ON updates(initiative_id) WHERE event = 'created';
CREATE TRIGGER initiatives_au AFTER UPDATE OF title, summary ON initiatives BEGIN INSERT INTO initiatives_fts (initiatives_fts, rowid, title, summary) VALUES ('delete', old.rowid, old.title, old.summary); INSERT INTO initiatives_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary); END;
CREATE INDEX idx_updates_target ON updates(target) WHERE target IS NOT NULL;
CREATE INDEX idx_slug_claims_wanted ON slug_claims(wanted);
CREATE INDEX idx_updates_initiative ON updates(initiative_id, effective, clock, recorded_at, uuid);
CREATE INDEX idx_updates_status_set ON updates(initiative_id, effective, clock, recorded_at, uuid) WHERE status_to IS NOT NULL AND event != 'created';
CREATE INDEX idx_updates_progress_set ON updates(initiative_id, effective, clock, recorded_at, uuid) WHERE progress_to IS NOT NULL AND event != 'created';
CREATE INDEX idx_updates_confidence_set ON updates(initiative_id, effective, clock, recorded_at, uuid) WHERE confidence_to IS NOT NULL AND event != 'created';
CREATE INDEX idx_updates_deadline_set ON updates(initiative_id, effective, clock, recorded_at, uuid) WHERE deadline_to IS NOT NULL AND event != 'created';
CREATE INDEX idx_updates_clock ON updates(clock);
CREATE TRIGGER "initiatives_ai" AFTER INSERT ON "initiatives" BEGIN
  INSERT INTO "initiatives_fts" (rowid, "title", "summary") VALUES (new.rowid, new."title", new."summary");
END;
PRAGMA writable_schema=OFF;
COMMIT;
