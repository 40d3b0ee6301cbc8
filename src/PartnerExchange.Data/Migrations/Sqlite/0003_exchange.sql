-- The exchange: the vendor's customers, account mapping (customer links), signals in both directions,
-- and what the change feed needs to filter and replay each change without reading the entity tables.

CREATE TABLE customers (
    vendor_id    TEXT  NOT NULL,
    customer_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    domain       TEXT NULL,
    segment      TEXT  NULL,
    region       TEXT  NULL,
    created_at   TEXT   NOT NULL,
    updated_at   TEXT   NOT NULL,
    CONSTRAINT pk_customers PRIMARY KEY (vendor_id, customer_id)
);
CREATE INDEX ix_customers_domain ON customers (vendor_id, domain);

-- A partner's claim (pending) or a vendor's assignment (approved) of a customer to a partnership.
-- A claim by domain that matches no customer keeps customer_id NULL: the partner cannot tell the difference.
CREATE TABLE customer_links (
    id                   TEXT  NOT NULL CONSTRAINT pk_customer_links PRIMARY KEY,
    partnership_id       TEXT  NOT NULL,
    vendor_id            TEXT  NOT NULL,
    customer_id          TEXT NULL,
    partner_account_ref  TEXT NULL,
    claimed_domain       TEXT NULL,
    status               TEXT  NOT NULL,
    requested_by         TEXT  NOT NULL,
    created_at           TEXT   NOT NULL,
    decided_at           TEXT   NULL,
    CONSTRAINT ck_customer_links_status CHECK (status IN ('pending', 'approved', 'rejected'))
);
CREATE UNIQUE INDEX ux_customer_links_customer ON customer_links (partnership_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX ux_customer_links_ref ON customer_links (partnership_id, partner_account_ref) WHERE partner_account_ref IS NOT NULL;
CREATE INDEX ix_customer_links_vendor_customer ON customer_links (vendor_id, customer_id);

-- partnership_id is NULL for the vendor's own signals; (publisher_id, external_id) is the upsert key.
CREATE TABLE signals (
    id              TEXT  NOT NULL CONSTRAINT pk_signals PRIMARY KEY,
    vendor_id       TEXT  NOT NULL,
    partnership_id  TEXT  NULL,
    publisher_id    TEXT  NOT NULL,
    publisher_kind  TEXT  NOT NULL,
    external_id     TEXT NOT NULL,
    type_key        TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    occurred_at     TEXT   NOT NULL,
    payload         TEXT  NOT NULL,
    content_hash    TEXT  NOT NULL,
    created_at      TEXT   NOT NULL,
    updated_at      TEXT   NOT NULL
);
CREATE UNIQUE INDEX ux_signals_publisher_external ON signals (publisher_id, external_id);
CREATE INDEX ix_signals_vendor ON signals (vendor_id, id);

-- Feed filtering and replay: who published, about which customer, of which type, and the data as committed.
ALTER TABLE changes ADD COLUMN customer_id TEXT NULL;
ALTER TABLE changes ADD COLUMN publisher_id TEXT NULL;
ALTER TABLE changes ADD COLUMN type_key TEXT NULL;
ALTER TABLE changes ADD COLUMN occurred_at TEXT NULL;
ALTER TABLE changes ADD COLUMN data TEXT NULL;
CREATE INDEX ix_changes_vendor ON changes (vendor_id, position);
