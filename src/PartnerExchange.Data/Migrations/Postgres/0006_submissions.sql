-- What a partner submitted per partnership, type and day (accepted and rejected alike): the validity of
-- compliance is accepted / submitted. And the index behind "latest signal per customer" of a partnership.
CREATE TABLE submission_counts (
    partnership_id  VARCHAR(36)  NOT NULL,
    type_key        VARCHAR(100) NOT NULL,
    day             VARCHAR(10)  NOT NULL,
    submitted       INTEGER  NOT NULL,
    accepted        INTEGER  NOT NULL,
    CONSTRAINT pk_submission_counts PRIMARY KEY (partnership_id, type_key, day)
);

CREATE INDEX ix_signals_partnership ON signals (partnership_id, type_key, customer_id, occurred_at);
