-- The exchange: the vendor's customers, account mapping (customer links), signals in both directions,
-- and what the change feed needs to filter and replay each change without reading the entity tables.

CREATE TABLE customers (
    vendor_id    VARCHAR(64)  NOT NULL,
    customer_id  VARCHAR(100) NOT NULL,
    name         VARCHAR(200) NOT NULL,
    domain       VARCHAR(253) NULL,
    segment      VARCHAR(64)  NULL,
    region       VARCHAR(64)  NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL,
    CONSTRAINT pk_customers PRIMARY KEY (vendor_id, customer_id)
);
CREATE INDEX ix_customers_domain ON customers (vendor_id, domain);

-- A partner's claim (pending) or a vendor's assignment (approved) of a customer to a partnership.
-- A claim by domain that matches no customer keeps customer_id NULL: the partner cannot tell the difference.
CREATE TABLE customer_links (
    id                   VARCHAR(36)  NOT NULL CONSTRAINT pk_customer_links PRIMARY KEY,
    partnership_id       VARCHAR(36)  NOT NULL,
    vendor_id            VARCHAR(64)  NOT NULL,
    customer_id          VARCHAR(100) NULL,
    partner_account_ref  VARCHAR(100) NULL,
    claimed_domain       VARCHAR(253) NULL,
    status               VARCHAR(16)  NOT NULL,
    requested_by         VARCHAR(16)  NOT NULL,
    created_at           TIMESTAMPTZ   NOT NULL,
    decided_at           TIMESTAMPTZ   NULL,
    CONSTRAINT ck_customer_links_status CHECK (status IN ('pending', 'approved', 'rejected'))
);
CREATE UNIQUE INDEX ux_customer_links_customer ON customer_links (partnership_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX ux_customer_links_ref ON customer_links (partnership_id, partner_account_ref) WHERE partner_account_ref IS NOT NULL;
CREATE INDEX ix_customer_links_vendor_customer ON customer_links (vendor_id, customer_id);

-- partnership_id is NULL for the vendor's own signals; (publisher_id, external_id) is the upsert key.
CREATE TABLE signals (
    id              VARCHAR(36)  NOT NULL CONSTRAINT pk_signals PRIMARY KEY,
    vendor_id       VARCHAR(64)  NOT NULL,
    partnership_id  VARCHAR(36)  NULL,
    publisher_id    VARCHAR(64)  NOT NULL,
    publisher_kind  VARCHAR(16)  NOT NULL,
    external_id     VARCHAR(200) NOT NULL,
    type_key        VARCHAR(100) NOT NULL,
    customer_id     VARCHAR(100) NOT NULL,
    occurred_at     TIMESTAMPTZ   NOT NULL,
    payload         TEXT  NOT NULL,
    content_hash    VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);
CREATE UNIQUE INDEX ux_signals_publisher_external ON signals (publisher_id, external_id);
CREATE INDEX ix_signals_vendor ON signals (vendor_id, id);

-- Feed filtering and replay: who published, about which customer, of which type, and the data as committed.
ALTER TABLE changes ADD COLUMN customer_id VARCHAR(100) NULL;
ALTER TABLE changes ADD COLUMN publisher_id VARCHAR(64) NULL;
ALTER TABLE changes ADD COLUMN type_key VARCHAR(100) NULL;
ALTER TABLE changes ADD COLUMN occurred_at TIMESTAMPTZ NULL;
ALTER TABLE changes ADD COLUMN data TEXT NULL;
CREATE INDEX ix_changes_vendor ON changes (vendor_id, position);
