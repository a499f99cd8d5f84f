-- Per-application abuse limits and SMS destinations; NULL means Verity's defaults.
ALTER TABLE applications ADD COLUMN limits VARCHAR(1000);
ALTER TABLE applications ADD COLUMN sms_countries VARCHAR(1000);

-- Token buckets (Bucket4j state), shared by every node on the database.
CREATE TABLE rate_buckets (
    id     VARCHAR(400) PRIMARY KEY,
    state  BYTEA
);

-- SMS sends per number prefix, for the conversion-rate (SMS pumping) guard.
CREATE TABLE sms_sends (
    id              VARCHAR(36)  PRIMARY KEY,
    application_id  VARCHAR(64)  NOT NULL,
    prefix          VARCHAR(32)  NOT NULL,
    destination     VARCHAR(32)  NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    converted_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sms_sends_prefix ON sms_sends (application_id, prefix, sent_at);
CREATE INDEX sms_sends_destination ON sms_sends (application_id, destination, sent_at);

CREATE TABLE blocked_prefixes (
    application_id  VARCHAR(64)  NOT NULL,
    prefix          VARCHAR(32)  NOT NULL,
    blocked_until   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, prefix)
);

-- Every refusal of the protection rules, for metrics and the portal.
CREATE TABLE protection_events (
    id              VARCHAR(36)  PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    application_id  VARCHAR(64)  NOT NULL,
    kind            VARCHAR(40)  NOT NULL,
    subject         VARCHAR(400),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX protection_events_app ON protection_events (application_id, created_at);
