-- What was last observed of each partnership's reciprocity: since when compliance is below the minimum, since when paused.
CREATE TABLE reciprocity_state (
    partnership_id  TEXT NOT NULL CONSTRAINT pk_reciprocity_state PRIMARY KEY,
    below_since     TEXT  NULL,
    paused_at       TEXT  NULL,
    evaluated_at    TEXT  NOT NULL
);
