-- What was last observed of each partnership's reciprocity: since when compliance is below the minimum, since when paused.
CREATE TABLE reciprocity_state (
    partnership_id  VARCHAR(36) NOT NULL CONSTRAINT pk_reciprocity_state PRIMARY KEY,
    below_since     TIMESTAMPTZ  NULL,
    paused_at       TIMESTAMPTZ  NULL,
    evaluated_at    TIMESTAMPTZ  NOT NULL
);
