-- Audit of every read and write of exchange data. audit_subjects lists the parties whose data a record
-- touched (the vendor of the program, the publishers of the signals read), who may therefore read it.
CREATE TABLE audit_records (
    id              TEXT  NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    actor_party     TEXT  NULL,
    client_id       TEXT NOT NULL,
    action          TEXT NOT NULL,
    resource        TEXT NOT NULL,
    status          INTEGER  NOT NULL,
    partnership_id  TEXT  NULL,
    customer_id     TEXT NULL,
    record_count    INTEGER  NOT NULL,
    request_id      TEXT NOT NULL,
    occurred_at     TEXT   NOT NULL
);
CREATE INDEX ix_audit_records_actor ON audit_records (actor_party, id);

CREATE TABLE audit_subjects (
    audit_id  TEXT NOT NULL,
    party_id  TEXT NOT NULL,
    CONSTRAINT pk_audit_subjects PRIMARY KEY (audit_id, party_id)
);
CREATE INDEX ix_audit_subjects_party ON audit_subjects (party_id, audit_id);
