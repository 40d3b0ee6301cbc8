-- Idempotency-Key records: the first response to a (client, key) is kept for 24 hours and replayed.
CREATE TABLE idempotency_keys (
    client_id        VARCHAR(100) NOT NULL,
    idem_key         VARCHAR(255) NOT NULL,
    request_hash     VARCHAR(64)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    response_status  INTEGER  NULL,
    response_body    TEXT  NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    expires_at       TIMESTAMPTZ   NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);
