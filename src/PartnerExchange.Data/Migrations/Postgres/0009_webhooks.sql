-- Webhooks (DESIGN §7). The change log is the outbox: every change is written in its writer's transaction, and the
-- dispatcher turns each committed change into one delivery per entitled subscription, in commit order.
CREATE TABLE webhook_subscriptions (
    id                          VARCHAR(40) NOT NULL CONSTRAINT pk_webhook_subscriptions PRIMARY KEY,
    party_id                    VARCHAR(64) NOT NULL,
    party_kind                  VARCHAR(16) NOT NULL,
    url                         TEXT NOT NULL,
    events                      TEXT NOT NULL,
    description                 TEXT NULL,
    status                      VARCHAR(16) NOT NULL,
    disabled_reason             TEXT NULL,
    disabled_at                 TIMESTAMPTZ NULL,
    secret                      TEXT NOT NULL,
    previous_secret             TEXT NULL,
    previous_secret_expires_at  TIMESTAMPTZ NULL,
    start_position              BIGINT NOT NULL,
    created_at                  TIMESTAMPTZ NOT NULL,
    updated_at                  TIMESTAMPTZ NOT NULL,
    CONSTRAINT ck_webhook_subscriptions_status CHECK (status IN ('enabled', 'disabled'))
);
CREATE INDEX ix_webhook_subscriptions_party ON webhook_subscriptions (party_id, id);

CREATE TABLE webhook_deliveries (
    id                VARCHAR(40) NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    subscription_id   VARCHAR(40) NOT NULL,
    event_key         VARCHAR(100) NOT NULL,
    event_type        VARCHAR(64) NOT NULL,
    payload           TEXT NOT NULL,
    status            VARCHAR(16) NOT NULL,
    attempts          INTEGER NOT NULL,
    retry_base        INTEGER NOT NULL,
    next_attempt_at   TIMESTAMPTZ NULL,
    lease_owner       VARCHAR(100) NULL,
    lease_expires_at  TIMESTAMPTZ NULL,
    last_status_code  INTEGER NULL,
    last_error        TEXT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'succeeded', 'failed'))
);
CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (subscription_id, event_key);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    delivery_id   VARCHAR(40) NOT NULL,
    attempt       INTEGER NOT NULL,
    attempted_at  TIMESTAMPTZ NOT NULL,
    status_code   INTEGER NULL,
    error         TEXT NULL,
    duration_ms   INTEGER NOT NULL,
    CONSTRAINT pk_webhook_attempts PRIMARY KEY (delivery_id, attempt)
);

-- How far the dispatcher has read the change log; writers of deliveries update this row first (a lock to commit).
CREATE TABLE webhook_dispatch (
    id        INTEGER NOT NULL CONSTRAINT pk_webhook_dispatch PRIMARY KEY,
    position  BIGINT NOT NULL
);
INSERT INTO webhook_dispatch (id, position) SELECT 1, last_position FROM feed_head WHERE id = 1;
