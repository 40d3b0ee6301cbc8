-- Parties, their OAuth clients, partnerships and the client-assertion replay journal.
CREATE TABLE parties (
    id          NVARCHAR(64)  NOT NULL CONSTRAINT pk_parties PRIMARY KEY,
    kind        NVARCHAR(16)  NOT NULL CONSTRAINT ck_parties_kind CHECK (kind IN (N'vendor', N'partner')),
    name        NVARCHAR(200) NOT NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE clients (
    client_id    NVARCHAR(100) NOT NULL CONSTRAINT pk_clients PRIMARY KEY,
    party_id     NVARCHAR(64)  NULL CONSTRAINT fk_clients_party REFERENCES parties (id),
    display_name NVARCHAR(200) NOT NULL,
    scopes       NVARCHAR(400) NOT NULL,
    auth_method  NVARCHAR(32)  NOT NULL CONSTRAINT ck_clients_auth CHECK (auth_method IN (N'client_secret', N'private_key_jwt')),
    secret_hash  NVARCHAR(200) NULL,
    jwks         NVARCHAR(MAX) NULL,
    status       NVARCHAR(16)  NOT NULL CONSTRAINT ck_clients_status CHECK (status IN (N'active', N'disabled')),
    created_at   DATETIMEOFFSET(7) NOT NULL
);
CREATE INDEX ix_clients_party ON clients (party_id, client_id);

CREATE TABLE partnerships (
    id          NVARCHAR(36) NOT NULL CONSTRAINT pk_partnerships PRIMARY KEY,
    vendor_id   NVARCHAR(64) NOT NULL CONSTRAINT fk_partnerships_vendor REFERENCES parties (id),
    partner_id  NVARCHAR(64) NOT NULL CONSTRAINT fk_partnerships_partner REFERENCES parties (id),
    status      NVARCHAR(16) NOT NULL CONSTRAINT ck_partnerships_status CHECK (status IN (N'active', N'suspended', N'ended')),
    created_at  DATETIMEOFFSET(7) NOT NULL,
    updated_at  DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_partnerships_pair UNIQUE (vendor_id, partner_id)
);
CREATE INDEX ix_partnerships_partner ON partnerships (partner_id, id);

CREATE TABLE client_assertions (
    client_id   NVARCHAR(100) NOT NULL,
    jti         NVARCHAR(200) NOT NULL,
    expires_at  DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_client_assertions PRIMARY KEY (client_id, jti)
);
CREATE INDEX ix_client_assertions_expiry ON client_assertions (expires_at);
