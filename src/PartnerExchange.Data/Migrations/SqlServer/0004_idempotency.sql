-- Idempotency-Key records: the first response to a (client, key) is kept for 24 hours and replayed.
CREATE TABLE idempotency_keys (
    client_id        NVARCHAR(100) NOT NULL,
    idem_key         NVARCHAR(255) NOT NULL,
    request_hash     NVARCHAR(64)  NOT NULL,
    status           NVARCHAR(16)  NOT NULL,
    response_status  INT  NULL,
    response_body    NVARCHAR(MAX)  NULL,
    created_at       DATETIMEOFFSET(7)   NOT NULL,
    expires_at       DATETIMEOFFSET(7)   NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX ix_idempotency_keys_expiry ON idempotency_keys (expires_at);
