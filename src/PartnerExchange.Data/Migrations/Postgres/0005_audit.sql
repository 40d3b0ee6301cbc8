-- Audit of every read and write of exchange data. audit_subjects lists the parties whose data a record
-- touched (the vendor of the program, the publishers of the signals read), who may therefore read it.
CREATE TABLE audit_records (
    id              VARCHAR(36)  NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    actor_party     VARCHAR(64)  NULL,
    client_id       VARCHAR(100) NOT NULL,
    action          VARCHAR(100) NOT NULL,
    resource        VARCHAR(300) NOT NULL,
    status          INTEGER  NOT NULL,
    partnership_id  VARCHAR(36)  NULL,
    customer_id     VARCHAR(100) NULL,
    record_count    INTEGER  NOT NULL,
    request_id      VARCHAR(100) NOT NULL,
    occurred_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX ix_audit_records_actor ON audit_records (actor_party, id);

CREATE TABLE audit_subjects (
    audit_id  VARCHAR(36) NOT NULL,
    party_id  VARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_subjects PRIMARY KEY (audit_id, party_id)
);
CREATE INDEX ix_audit_subjects_party ON audit_subjects (party_id, audit_id);
