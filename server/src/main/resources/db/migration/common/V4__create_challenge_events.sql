-- What happened to a challenge besides its state changes: landing-page views of magic links (a link viewed
-- but never confirmed is how mail scanners show up), confirmations, refusals.
CREATE TABLE challenge_events (
    id            VARCHAR(36)  PRIMARY KEY,
    challenge_id  VARCHAR(36)  NOT NULL,
    tenant_id     VARCHAR(64)  NOT NULL,
    kind          VARCHAR(32)  NOT NULL,
    detail        VARCHAR(500),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX challenge_events_challenge ON challenge_events (challenge_id);
