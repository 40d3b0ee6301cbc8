-- The last score reported per partnership, so that score.changed webhooks fire when a score moves (not on every computation).
CREATE TABLE score_snapshots (
    partnership_id  NVARCHAR(36) NOT NULL CONSTRAINT pk_score_snapshots PRIMARY KEY,
    vendor_id       NVARCHAR(64) NOT NULL,
    model_id        NVARCHAR(36) NOT NULL,
    score           FLOAT NULL,
    tier            NVARCHAR(32) NULL,
    computed_at     DATETIMEOFFSET(7) NOT NULL
);
CREATE INDEX ix_score_snapshots_vendor ON score_snapshots (vendor_id);
