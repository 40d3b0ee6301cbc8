-- Parties, their OAuth clients, partnerships and the client-assertion replay journal.
CREATE TABLE parties (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL CHECK (kind IN ('vendor', 'partner')),
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);

CREATE TABLE clients (
    client_id    VARCHAR(100) NOT NULL PRIMARY KEY,
    party_id     VARCHAR(64)  NULL REFERENCES parties (id),
    display_name VARCHAR(200) NOT NULL,
    scopes       VARCHAR(400) NOT NULL,
    auth_method  VARCHAR(32)  NOT NULL CHECK (auth_method IN ('client_secret', 'private_key_jwt')),
    secret_hash  VARCHAR(200) NULL,
    jwks         TEXT         NULL,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_clients_party ON clients (party_id, client_id);

CREATE TABLE partnerships (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    vendor_id   VARCHAR(64) NOT NULL REFERENCES parties (id),
    partner_id  VARCHAR(64) NOT NULL REFERENCES parties (id),
    status      VARCHAR(16) NOT NULL CHECK (status IN ('active', 'suspended', 'ended')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT uq_partnerships_pair UNIQUE (vendor_id, partner_id)
);
CREATE INDEX ix_partnerships_partner ON partnerships (partner_id, id);

CREATE TABLE client_assertions (
    client_id   VARCHAR(100) NOT NULL,
    jti         VARCHAR(200) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX ix_client_assertions_expiry ON client_assertions (expires_at);
