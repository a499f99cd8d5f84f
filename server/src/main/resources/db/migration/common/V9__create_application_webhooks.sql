-- v1 webhooks: where an application's verification events go (API.md, "v1 webhooks"). The secret is sealed
-- with the server key; events is a comma-separated list of event names. An application has each URL once,
-- which the service keeps (a unique index on a 2,000-character URL would exceed PostgreSQL's index row size).
CREATE TABLE application_webhooks (
    id              VARCHAR(36)   PRIMARY KEY,
    tenant_id       VARCHAR(64)   NOT NULL REFERENCES tenants (id),
    application_id  VARCHAR(64)   NOT NULL REFERENCES applications (id),
    url             VARCHAR(2000) NOT NULL,
    secret          VARCHAR(500)  NOT NULL,
    events          VARCHAR(200)  NOT NULL,
    disabled_at     TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX application_webhooks_application ON application_webhooks (application_id);
CREATE INDEX application_webhooks_tenant ON application_webhooks (tenant_id);
