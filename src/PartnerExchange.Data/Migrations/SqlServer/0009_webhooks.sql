-- Webhooks (DESIGN §7). The change log is the outbox: every change is written in its writer's transaction, and the
-- dispatcher turns each committed change into one delivery per entitled subscription, in commit order.
CREATE TABLE webhook_subscriptions (
    id                          NVARCHAR(40) NOT NULL CONSTRAINT pk_webhook_subscriptions PRIMARY KEY,
    party_id                    NVARCHAR(64) NOT NULL,
    party_kind                  NVARCHAR(16) NOT NULL,
    url                         NVARCHAR(MAX) NOT NULL,
    events                      NVARCHAR(MAX) NOT NULL,
    description                 NVARCHAR(MAX) NULL,
    status                      NVARCHAR(16) NOT NULL,
    disabled_reason             NVARCHAR(MAX) NULL,
    disabled_at                 DATETIMEOFFSET(7) NULL,
    secret                      NVARCHAR(MAX) NOT NULL,
    previous_secret             NVARCHAR(MAX) NULL,
    previous_secret_expires_at  DATETIMEOFFSET(7) NULL,
    start_position              BIGINT NOT NULL,
    created_at                  DATETIMEOFFSET(7) NOT NULL,
    updated_at                  DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT ck_webhook_subscriptions_status CHECK (status IN ('enabled', 'disabled'))
);
CREATE INDEX ix_webhook_subscriptions_party ON webhook_subscriptions (party_id, id);

CREATE TABLE webhook_deliveries (
    id                NVARCHAR(40) NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY,
    subscription_id   NVARCHAR(40) NOT NULL,
    event_key         NVARCHAR(100) NOT NULL,
    event_type        NVARCHAR(64) NOT NULL,
    payload           NVARCHAR(MAX) NOT NULL,
    status            NVARCHAR(16) NOT NULL,
    attempts          INT NOT NULL,
    retry_base        INT NOT NULL,
    next_attempt_at   DATETIMEOFFSET(7) NULL,
    lease_owner       NVARCHAR(100) NULL,
    lease_expires_at  DATETIMEOFFSET(7) NULL,
    last_status_code  INT NULL,
    last_error        NVARCHAR(MAX) NULL,
    created_at        DATETIMEOFFSET(7) NOT NULL,
    updated_at        DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'succeeded', 'failed'))
);
CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (subscription_id, event_key);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    delivery_id   NVARCHAR(40) NOT NULL,
    attempt       INT NOT NULL,
    attempted_at  DATETIMEOFFSET(7) NOT NULL,
    status_code   INT NULL,
    error         NVARCHAR(MAX) NULL,
    duration_ms   INT NOT NULL,
    CONSTRAINT pk_webhook_attempts PRIMARY KEY (delivery_id, attempt)
);

-- How far the dispatcher has read the change log; writers of deliveries update this row first (a lock to commit).
CREATE TABLE webhook_dispatch (
    id        INT NOT NULL CONSTRAINT pk_webhook_dispatch PRIMARY KEY,
    position  BIGINT NOT NULL
);
INSERT INTO webhook_dispatch (id, position) SELECT 1, last_position FROM feed_head WHERE id = 1;
