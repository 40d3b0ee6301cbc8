-- Idempotency-Key records: the first response to a (client, key) is kept for 24 hours and replayed.
CREATE TABLE idempotency_keys (
    client_id        TEXT NOT NULL,
    idem_key         TEXT NOT NULL,
    request_hash     TEXT  NOT NULL,
    status           TEXT  NOT NULL,
    response_status  INTEGER  NULL,
    response_body    TEXT  NULL,
    created_at       TEXT   NOT NULL,
    expires_at       TEXT   NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);
