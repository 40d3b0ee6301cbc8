-- What was last observed of each partnership's reciprocity: since when compliance is below the minimum, since when paused.
CREATE TABLE reciprocity_state (
    partnership_id  NVARCHAR(36) NOT NULL CONSTRAINT pk_reciprocity_state PRIMARY KEY,
    below_since     DATETIMEOFFSET(7)  NULL,
    paused_at       DATETIMEOFFSET(7)  NULL,
    evaluated_at    DATETIMEOFFSET(7)  NOT NULL
);
