-- v2 project flows: how an application onboards people (gateways, webhook, demo mode).
CREATE TABLE project_flows (
    id                   VARCHAR(64)  NOT NULL,
    application_id       VARCHAR(64)  NOT NULL REFERENCES applications (id),
    tenant_id            VARCHAR(64)  NOT NULL,
    flow_type            VARCHAR(16)  NOT NULL,
    is_public            BOOLEAN      NOT NULL,
    email_gateway        VARCHAR(8)   NOT NULL,
    phone_gateway        VARCHAR(8)   NOT NULL,
    webhook_url          VARCHAR(2000),
    webhook_secret       VARCHAR(500),
    webhook_disabled_at  TIMESTAMP WITH TIME ZONE,
    redirect_url         VARCHAR(2000),
    language             VARCHAR(35)  NOT NULL,
    allowed_countries    VARCHAR(1000) NOT NULL,
    demo                 BOOLEAN      NOT NULL,
    demo_otp             VARCHAR(8)   NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (application_id, id)
);

-- One person's onboarding through a flow.
CREATE TABLE app_registrations (
    id              VARCHAR(36)  PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    application_id  VARCHAR(64)  NOT NULL,
    flow_id         VARCHAR(64)  NOT NULL,
    email           VARCHAR(320),
    phone           VARCHAR(32),
    country_code    VARCHAR(8),
    full_name       VARCHAR(200),
    first_name      VARCHAR(100),
    last_name       VARCHAR(100),
    language        VARCHAR(35)  NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    step            VARCHAR(64),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Email and phone validations of a registration; the code itself is a challenge of the engine.
CREATE TABLE onboarding_validations (
    id                 VARCHAR(36)  PRIMARY KEY,
    tenant_id          VARCHAR(64)  NOT NULL,
    application_id     VARCHAR(64)  NOT NULL,
    flow_id            VARCHAR(64)  NOT NULL,
    registration_id    VARCHAR(36)  NOT NULL,
    kind               VARCHAR(8)   NOT NULL,
    destination        VARCHAR(320) NOT NULL,
    phone              VARCHAR(32),
    country_code       VARCHAR(8),
    validation_type    VARCHAR(16)  NOT NULL,
    validation_method  VARCHAR(32)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    validated_at       TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX onboarding_validations_registration ON onboarding_validations (registration_id, kind, destination);
CREATE INDEX onboarding_validations_listing ON onboarding_validations (application_id, kind, created_at);

-- Every webhook delivery attempt, per endpoint: the delivery log.
CREATE TABLE webhook_attempts (
    id           VARCHAR(36)  PRIMARY KEY,
    message_id   VARCHAR(36)  NOT NULL,
    tenant_id    VARCHAR(64)  NOT NULL,
    endpoint     VARCHAR(2000) NOT NULL,
    event_type   VARCHAR(100) NOT NULL,
    status_code  INTEGER,
    error        VARCHAR(500),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (tenant_id, endpoint, created_at);
