-- Scoring: vendors' scoring model versions (immutable), program settings, and the index scores read signals through.
CREATE TABLE scoring_models (
    id           TEXT NOT NULL CONSTRAINT pk_scoring_models PRIMARY KEY,
    vendor_id    TEXT NOT NULL,
    model_key    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_scoring_models_version ON scoring_models (vendor_id, model_key, version);

CREATE TABLE programs (
    vendor_id            TEXT NOT NULL CONSTRAINT pk_programs PRIMARY KEY,
    executive_sponsor    TEXT NULL,
    review_cadence_days  INTEGER NULL,
    last_review_on       TEXT NULL,
    score_uses           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE INDEX ix_signals_customer ON signals (vendor_id, customer_id, occurred_at);
