-- The last score reported per partnership, so that score.changed webhooks fire when a score moves (not on every computation).
CREATE TABLE score_snapshots (
    partnership_id  TEXT NOT NULL CONSTRAINT pk_score_snapshots PRIMARY KEY,
    vendor_id       TEXT NOT NULL,
    model_id        TEXT NOT NULL,
    score           REAL NULL,
    tier            TEXT NULL,
    computed_at     TEXT NOT NULL
);
CREATE INDEX ix_score_snapshots_vendor ON score_snapshots (vendor_id);
