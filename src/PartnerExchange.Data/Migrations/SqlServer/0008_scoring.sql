-- Scoring: vendors' scoring model versions (immutable), program settings, and the index scores read signals through.
CREATE TABLE scoring_models (
    id           NVARCHAR(36) NOT NULL CONSTRAINT pk_scoring_models PRIMARY KEY,
    vendor_id    NVARCHAR(64) NOT NULL REFERENCES parties (id),
    model_key    NVARCHAR(64) NOT NULL,
    version      INT NOT NULL,
    definition   NVARCHAR(MAX) NOT NULL,
    created_at   DATETIMEOFFSET(7) NOT NULL
);
CREATE UNIQUE INDEX ux_scoring_models_version ON scoring_models (vendor_id, model_key, version);

CREATE TABLE programs (
    vendor_id            NVARCHAR(64) NOT NULL CONSTRAINT pk_programs PRIMARY KEY REFERENCES parties (id),
    executive_sponsor    NVARCHAR(200) NULL,
    review_cadence_days  INT NULL,
    last_review_on       NVARCHAR(10) NULL,
    score_uses           NVARCHAR(MAX) NOT NULL,
    updated_at           DATETIMEOFFSET(7) NOT NULL
);

CREATE INDEX ix_signals_customer ON signals (vendor_id, customer_id, occurred_at);
