-- The exchange: the vendor's customers, account mapping (customer links), signals in both directions,
-- and what the change feed needs to filter and replay each change without reading the entity tables.

CREATE TABLE customers (
    vendor_id    NVARCHAR(64)  NOT NULL,
    customer_id  NVARCHAR(100) NOT NULL,
    name         NVARCHAR(200) NOT NULL,
    domain       NVARCHAR(253) NULL,
    segment      NVARCHAR(64)  NULL,
    region       NVARCHAR(64)  NULL,
    created_at   DATETIMEOFFSET(7)   NOT NULL,
    updated_at   DATETIMEOFFSET(7)   NOT NULL,
    CONSTRAINT pk_customers PRIMARY KEY (vendor_id, customer_id)
);
CREATE INDEX ix_customers_domain ON customers (vendor_id, domain);

-- A partner's claim (pending) or a vendor's assignment (approved) of a customer to a partnership.
-- A claim by domain that matches no customer keeps customer_id NULL: the partner cannot tell the difference.
CREATE TABLE customer_links (
    id                   NVARCHAR(36)  NOT NULL CONSTRAINT pk_customer_links PRIMARY KEY,
    partnership_id       NVARCHAR(36)  NOT NULL,
    vendor_id            NVARCHAR(64)  NOT NULL,
    customer_id          NVARCHAR(100) NULL,
    partner_account_ref  NVARCHAR(100) NULL,
    claimed_domain       NVARCHAR(253) NULL,
    status               NVARCHAR(16)  NOT NULL,
    requested_by         NVARCHAR(16)  NOT NULL,
    created_at           DATETIMEOFFSET(7)   NOT NULL,
    decided_at           DATETIMEOFFSET(7)   NULL,
    CONSTRAINT ck_customer_links_status CHECK (status IN (N'pending', N'approved', N'rejected'))
);
CREATE UNIQUE INDEX ux_customer_links_customer ON customer_links (partnership_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX ux_customer_links_ref ON customer_links (partnership_id, partner_account_ref) WHERE partner_account_ref IS NOT NULL;
CREATE INDEX ix_customer_links_vendor_customer ON customer_links (vendor_id, customer_id);

-- partnership_id is NULL for the vendor's own signals; (publisher_id, external_id) is the upsert key.
CREATE TABLE signals (
    id              NVARCHAR(36)  NOT NULL CONSTRAINT pk_signals PRIMARY KEY,
    vendor_id       NVARCHAR(64)  NOT NULL,
    partnership_id  NVARCHAR(36)  NULL,
    publisher_id    NVARCHAR(64)  NOT NULL,
    publisher_kind  NVARCHAR(16)  NOT NULL,
    external_id     NVARCHAR(200) NOT NULL,
    type_key        NVARCHAR(100) NOT NULL,
    customer_id     NVARCHAR(100) NOT NULL,
    occurred_at     DATETIMEOFFSET(7)   NOT NULL,
    payload         NVARCHAR(MAX)  NOT NULL,
    content_hash    NVARCHAR(64)  NOT NULL,
    created_at      DATETIMEOFFSET(7)   NOT NULL,
    updated_at      DATETIMEOFFSET(7)   NOT NULL
);
CREATE UNIQUE INDEX ux_signals_publisher_external ON signals (publisher_id, external_id);
CREATE INDEX ix_signals_vendor ON signals (vendor_id, id);

-- Feed filtering and replay: who published, about which customer, of which type, and the data as committed.
ALTER TABLE changes ADD customer_id NVARCHAR(100) NULL;
ALTER TABLE changes ADD publisher_id NVARCHAR(64) NULL;
ALTER TABLE changes ADD type_key NVARCHAR(100) NULL;
ALTER TABLE changes ADD occurred_at DATETIMEOFFSET(7) NULL;
ALTER TABLE changes ADD data NVARCHAR(MAX) NULL;
CREATE INDEX ix_changes_vendor ON changes (vendor_id, position);
