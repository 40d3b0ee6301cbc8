-- Scoring: vendors' scoring model versions (immutable), program settings, and the index scores read signals through.
CREATE TABLE scoring_models (
    id           VARCHAR(36) NOT NULL CONSTRAINT pk_scoring_models PRIMARY KEY,
    vendor_id    VARCHAR(64) NOT NULL REFERENCES parties (id),
    model_key    VARCHAR(64) NOT NULL,
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_scoring_models_version ON scoring_models (vendor_id, model_key, version);

CREATE TABLE programs (
    vendor_id            VARCHAR(64) NOT NULL CONSTRAINT pk_programs PRIMARY KEY REFERENCES parties (id),
    executive_sponsor    VARCHAR(200) NULL,
    review_cadence_days  INTEGER NULL,
    last_review_on       VARCHAR(10) NULL,
    score_uses           TEXT NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_signals_customer ON signals (vendor_id, customer_id, occurred_at);
