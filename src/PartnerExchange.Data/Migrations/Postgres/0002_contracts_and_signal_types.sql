-- The signal-type catalogue (built-in types seeded below from src/PartnerExchange.Domain/Signals/BuiltInSignalTypes.json),
-- versioned data contracts per partnership, the signal types each contract version references, and the
-- change log that the change feed reads in commit order.

-- owner_id is '' for a built-in type and the vendor's id for a vendor-defined (x-...) type.
CREATE TABLE signal_types (
    owner_id       VARCHAR(64)  NOT NULL,
    type_key       VARCHAR(100) NOT NULL,
    stage          VARCHAR(16)  NOT NULL,
    category       VARCHAR(16)  NOT NULL,
    publisher      VARCHAR(16)  NOT NULL,
    description    VARCHAR(400) NULL,
    unit           VARCHAR(64)  NULL,
    payload_schema TEXT  NOT NULL,
    created_at     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    CONSTRAINT pk_signal_types PRIMARY KEY (owner_id, type_key)
);
CREATE INDEX ix_signal_types_key ON signal_types (type_key, owner_id);

-- One row per contract version; content holds obligations, entitlements, reciprocity, effectiveFrom and notes as JSON.
CREATE TABLE contracts (
    partnership_id          VARCHAR(36) NOT NULL CONSTRAINT fk_contracts_partnership REFERENCES partnerships (id),
    version                 INTEGER NOT NULL,
    status                  VARCHAR(16) NOT NULL,
    revision                INTEGER NOT NULL,
    drafted_by              VARCHAR(64) NOT NULL,
    proposed_by             VARCHAR(64) NULL,
    content                 TEXT NOT NULL,
    accepted_by_vendor_at   TIMESTAMPTZ  NULL,
    accepted_by_partner_at  TIMESTAMPTZ  NULL,
    proposed_at             TIMESTAMPTZ  NULL,
    activated_at            TIMESTAMPTZ  NULL,
    superseded_at           TIMESTAMPTZ  NULL,
    terminated_at           TIMESTAMPTZ  NULL,
    rejected_at             TIMESTAMPTZ  NULL,
    created_at              TIMESTAMPTZ  NOT NULL,
    updated_at              TIMESTAMPTZ  NOT NULL,
    CONSTRAINT pk_contracts PRIMARY KEY (partnership_id, version),
    CONSTRAINT ck_contracts_status CHECK (status IN ('draft', 'proposed', 'active', 'superseded', 'terminated', 'rejected'))
);
-- The database itself guarantees that a partnership never has two active versions.
CREATE UNIQUE INDEX ux_contracts_one_active ON contracts (partnership_id) WHERE status = 'active';

-- Which signal types a contract version names: a referenced type is immutable.
CREATE TABLE contract_type_refs (
    owner_id        VARCHAR(64)  NOT NULL,
    type_key        VARCHAR(100) NOT NULL,
    partnership_id  VARCHAR(36)  NOT NULL,
    version         INTEGER  NOT NULL,
    CONSTRAINT pk_contract_type_refs PRIMARY KEY (owner_id, type_key, partnership_id, version)
);

-- The change log. Positions come from feed_head, whose single row every writing transaction updates
-- first: the row lock makes positions follow commit order, so a reader never skips a late commit.
CREATE TABLE feed_head (
    id             INTEGER NOT NULL CONSTRAINT pk_feed_head PRIMARY KEY,
    last_position  BIGINT NOT NULL
);
INSERT INTO feed_head (id, last_position) VALUES (1, 0);

CREATE TABLE changes (
    position        BIGINT  NOT NULL CONSTRAINT pk_changes PRIMARY KEY,
    entity          VARCHAR(16)  NOT NULL,
    op              VARCHAR(16)  NOT NULL,
    entity_key      VARCHAR(200) NOT NULL,
    vendor_id       VARCHAR(64)  NULL,
    partnership_id  VARCHAR(36)  NULL,
    committed_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX ix_changes_partnership ON changes (partnership_id, position);

INSERT INTO signal_types (owner_id, type_key, stage, category, publisher, description, unit, payload_schema, created_at, updated_at) VALUES
    ('', 'land.deal_registered', 'land', 'action', 'partner', 'A partner registered a deal', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Deal registered","type":"object","additionalProperties":false,"properties":{"dealId":{"type":"string","description":"The partner''s or vendor''s deal id","minLength":1},"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"},"product":{"type":"string","description":"Product or SKU","minLength":1}},"required":["dealId"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'land.deal_closed', 'land', 'outcome', 'vendor', 'A deal closed won', 'amount',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Deal closed","type":"object","additionalProperties":false,"properties":{"dealId":{"type":"string","description":"The deal id","minLength":1},"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"},"product":{"type":"string","description":"Product or SKU","minLength":1}},"required":["dealId","amount","currency"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.onboarding_session', 'adopt', 'action', 'partner', 'The partner ran an onboarding session', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Onboarding session","type":"object","additionalProperties":false,"properties":{"sessionType":{"type":"string","description":"Kind of session, e.g. kickoff, admin-training","minLength":1},"attendees":{"type":"integer","description":"People who attended","minimum":0},"durationMinutes":{"type":"integer","description":"Length of the session","minimum":0}},"required":["sessionType"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.deployment_completed', 'adopt', 'action', 'partner', 'The partner completed a deployment', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Deployment completed","type":"object","additionalProperties":false,"properties":{"product":{"type":"string","description":"Product deployed","minLength":1},"seatsDeployed":{"type":"integer","description":"Seats deployed","minimum":0}},"required":["product"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.training_delivered', 'adopt', 'action', 'partner', 'The partner delivered a training course', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Training delivered","type":"object","additionalProperties":false,"properties":{"course":{"type":"string","description":"Course name","minLength":1},"attendees":{"type":"integer","description":"People trained","minimum":0}},"required":["course"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.active_users', 'adopt', 'observation', 'vendor', 'Active and licensed users of the customer', 'users',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Active users","type":"object","additionalProperties":false,"properties":{"activeUsers":{"type":"integer","description":"Users active in the period","minimum":0},"licensedUsers":{"type":"integer","description":"Users licensed","minimum":0}},"required":["activeUsers","licensedUsers"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.feature_adoption', 'adopt', 'observation', 'vendor', 'Share of users who use a feature', 'ratio',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Feature adoption","type":"object","additionalProperties":false,"properties":{"feature":{"type":"string","description":"Feature key","minLength":1},"adoptionRate":{"type":"number","description":"Share of users, 0 to 1","minimum":0,"maximum":1}},"required":["feature","adoptionRate"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.health_score', 'adopt', 'observation', 'any', 'A health score of the customer', 'points',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Health score","type":"object","additionalProperties":false,"properties":{"score":{"type":"number","description":"0 to 100","minimum":0,"maximum":100},"reason":{"type":"string","description":"Why the score is what it is","minLength":1}},"required":["score"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'adopt.support_case', 'adopt', 'observation', 'vendor', 'A support case of the customer', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Support case","type":"object","additionalProperties":false,"properties":{"severity":{"type":"integer","description":"1 (critical) to 4 (low)","minimum":1,"maximum":4},"status":{"type":"string","enum":["open","pending","resolved","closed"],"description":"Case status"}},"required":["severity","status"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'expand.opportunity_identified', 'expand', 'action', 'partner', 'The partner identified an expansion opportunity', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Opportunity identified","type":"object","additionalProperties":false,"properties":{"opportunityId":{"type":"string","description":"Opportunity id","minLength":1},"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"}},"required":["opportunityId"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'expand.upsell_closed', 'expand', 'outcome', 'vendor', 'An upsell closed won', 'amount',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Upsell closed","type":"object","additionalProperties":false,"properties":{"opportunityId":{"type":"string","description":"Opportunity id","minLength":1},"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"}},"required":["opportunityId","amount","currency"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'renew.qbr_held', 'renew', 'action', 'partner', 'The partner held a quarterly business review', NULL,
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"QBR held","type":"object","additionalProperties":false,"properties":{"attendees":{"type":"integer","description":"People who attended","minimum":0},"executiveSponsorPresent":{"type":"boolean","description":"Whether the customer''s executive sponsor attended"}},"required":[]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'renew.renewal_due', 'renew', 'observation', 'vendor', 'A renewal is coming up', 'amount',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Renewal due","type":"object","additionalProperties":false,"properties":{"dueDate":{"type":"string","format":"date","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$","description":"Renewal date (YYYY-MM-DD)"},"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"}},"required":["dueDate","amount","currency"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'renew.renewed', 'renew', 'outcome', 'vendor', 'The customer renewed', 'amount',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Renewed","type":"object","additionalProperties":false,"properties":{"amount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"},"termMonths":{"type":"integer","description":"Length of the new term","minimum":1}},"required":["amount","currency"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'renew.churned', 'renew', 'outcome', 'vendor', 'The customer churned', 'amount',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Churned","type":"object","additionalProperties":false,"properties":{"reason":{"type":"string","description":"Why the customer left","minLength":1},"lostAmount":{"type":"number","description":"Amount in the currency''s major unit","minimum":0},"currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217 currency code"}},"required":["lostAmount","currency"]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00'),
    ('', 'csat.survey', 'adopt', 'observation', 'any', 'A customer satisfaction survey result', 'points',
     '{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"CSAT survey","type":"object","additionalProperties":false,"properties":{"score":{"type":"number","description":"1\u20135 by default; 0\u201310 when scale is 10","minimum":0,"maximum":10},"scale":{"type":"integer","enum":[5,10],"description":"5 (default) or 10"}},"required":["score"],"allOf":[{"if":{"not":{"required":["scale"]}},"then":{"properties":{"score":{"minimum":1,"maximum":5}}}},{"if":{"required":["scale"],"properties":{"scale":{"const":5}}},"then":{"properties":{"score":{"minimum":1,"maximum":5}}}}]}',
     TIMESTAMPTZ '2026-12-01 00:00:00+00', TIMESTAMPTZ '2026-12-01 00:00:00+00');
