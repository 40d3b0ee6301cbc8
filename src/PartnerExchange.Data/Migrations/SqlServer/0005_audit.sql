-- Audit of every read and write of exchange data. audit_subjects lists the parties whose data a record
-- touched (the vendor of the program, the publishers of the signals read), who may therefore read it.
CREATE TABLE audit_records (
    id              NVARCHAR(36)  NOT NULL CONSTRAINT pk_audit_records PRIMARY KEY,
    actor_party     NVARCHAR(64)  NULL,
    client_id       NVARCHAR(100) NOT NULL,
    action          NVARCHAR(100) NOT NULL,
    resource        NVARCHAR(300) NOT NULL,
    status          INT  NOT NULL,
    partnership_id  NVARCHAR(36)  NULL,
    customer_id     NVARCHAR(100) NULL,
    record_count    INT  NOT NULL,
    request_id      NVARCHAR(100) NOT NULL,
    occurred_at     DATETIMEOFFSET(7)   NOT NULL
);
CREATE INDEX ix_audit_records_actor ON audit_records (actor_party, id);

CREATE TABLE audit_subjects (
    audit_id  NVARCHAR(36) NOT NULL,
    party_id  NVARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_subjects PRIMARY KEY (audit_id, party_id)
);
CREATE INDEX ix_audit_subjects_party ON audit_subjects (party_id, audit_id);
