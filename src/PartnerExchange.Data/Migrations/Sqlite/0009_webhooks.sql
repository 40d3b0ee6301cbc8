-- Webhooks (DESIGN §7). The change log is the outbox: every change is written in its writer's transaction, and the
-- dispatcher turns each committed change into one delivery per entitled subscription, in commit order.
CREATE TABLE webhook_subscriptions (
    id                          TEXT NOT NULL CONSTRAINT pk_webhook_subscriptions PRIMARY KEY,
    party_id                    TEXT NOT NULL,
    party_kind                  TEXT NOT NULL,
    url                         TEXT NOT NULL,
    events                      TEXT NOT NULL,
    description                 TEXT NULL,
    status                      TEXT NOT NULL,
    disabled_reason             TEXT NULL,
    disabled_at                 TEXT NULL,
    secret                      TEXT NOT NULL,
    previous_secret             TEXT NULL,
    previous_secret_expires_at  TEXT NULL,
    start_position              INTEGER NOT NULL,
    created_at                  TEXT NOT NULL,
    updated_at                  TEXT NOT NULL,
    CONSTRAINT ck_webhook_subscriptions_status CHECK (status IN ('enabled', 'disabled'))
);
CREATE INDEX ix_webhook_subscriptions_party ON webhook_subscriptions (party_id, id);

CREATE TABLE webhook_deliveries (
    id                TEXT NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    subscription_id   TEXT NOT NULL,
    event_key         TEXT NOT NULL,
    event_type        TEXT NOT NULL,
    payload           TEXT NOT NULL,
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL,
    retry_base        INTEGER NOT NULL,
    next_attempt_at   TEXT NULL,
    lease_owner       TEXT NULL,
    lease_expires_at  TEXT NULL,
    last_status_code  INTEGER NULL,
    last_error        TEXT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'succeeded', 'failed'))
);
CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (subscription_id, event_key);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    delivery_id   TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    attempted_at  TEXT NOT NULL,
    status_code   INTEGER NULL,
    error         TEXT NULL,
    duration_ms   INTEGER NOT NULL,
    CONSTRAINT pk_webhook_attempts PRIMARY KEY (delivery_id, attempt)
);

-- How far the dispatcher has read the change log; writers of deliveries update this row first (a lock to commit).
CREATE TABLE webhook_dispatch (
    id        INTEGER NOT NULL CONSTRAINT pk_webhook_dispatch PRIMARY KEY,
    position  INTEGER NOT NULL
);
INSERT INTO webhook_dispatch (id, position) SELECT 1, last_position FROM feed_head WHERE id = 1;
