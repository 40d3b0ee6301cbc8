-- Parties, their OAuth clients, partnerships and the client-assertion replay journal.
CREATE TABLE parties (
    id          TEXT NOT NULL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('vendor', 'partner')),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE clients (
    client_id    TEXT NOT NULL PRIMARY KEY,
    party_id     TEXT NULL REFERENCES parties (id),
    display_name TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    auth_method  TEXT NOT NULL CHECK (auth_method IN ('client_secret', 'private_key_jwt')),
    secret_hash  TEXT NULL,
    jwks         TEXT NULL,
    status       TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at   TEXT NOT NULL
);
CREATE INDEX ix_clients_party ON clients (party_id, client_id);

CREATE TABLE partnerships (
    id          TEXT NOT NULL PRIMARY KEY,
    vendor_id   TEXT NOT NULL REFERENCES parties (id),
    partner_id  TEXT NOT NULL REFERENCES parties (id),
    status      TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'ended')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT uq_partnerships_pair UNIQUE (vendor_id, partner_id)
);
CREATE INDEX ix_partnerships_partner ON partnerships (partner_id, id);

CREATE TABLE client_assertions (
    client_id   TEXT NOT NULL,
    jti         TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX ix_client_assertions_expiry ON client_assertions (expires_at);
