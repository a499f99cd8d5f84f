-- Tenancy: tenants own applications, clients and portal admins.
CREATE TABLE tenants (
    id          VARCHAR(64)  PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE applications (
    id                VARCHAR(64)  PRIMARY KEY,
    tenant_id         VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    name              VARCHAR(200) NOT NULL,
    otp_length        INTEGER      NOT NULL,
    otp_ttl_seconds   INTEGER      NOT NULL,
    otp_max_attempts  INTEGER      NOT NULL,
    languages         VARCHAR(200) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE application_redirect_uris (
    application_id  VARCHAR(64)   NOT NULL REFERENCES applications (id),
    uri             VARCHAR(2000) NOT NULL,
    PRIMARY KEY (application_id, uri)
);

CREATE TABLE clients (
    id              VARCHAR(128) PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    application_id  VARCHAR(64)  NOT NULL REFERENCES applications (id),
    secret_hash     VARCHAR(100) NOT NULL,
    roles           VARCHAR(200) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE portal_admins (
    tenant_id      VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    username       VARCHAR(128) NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, username)
);

-- Token signing keys; the private half is sealed with the server key.
CREATE TABLE signing_keys (
    kid          VARCHAR(64)  PRIMARY KEY,
    algorithm    VARCHAR(16)  NOT NULL,
    public_jwk   VARCHAR(4000) NOT NULL,
    private_key  VARCHAR(8000) NOT NULL,
    active       BOOLEAN      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Profiles: a user and their contacts. verified_at is the single fact behind "verified".
CREATE TABLE users (
    id          VARCHAR(36)  PRIMARY KEY,
    tenant_id   VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE user_contacts (
    id           VARCHAR(36)  PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(36)  NOT NULL REFERENCES users (id),
    kind         VARCHAR(8)   NOT NULL,
    contact      VARCHAR(320) NOT NULL,
    is_primary   BOOLEAN      NOT NULL,
    verified_at  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_contacts_once UNIQUE (user_id, kind, contact)
);
CREATE INDEX user_contacts_lookup ON user_contacts (tenant_id, kind, contact);

-- Verification challenges: one row per issued code or link; the secret is stored only as a keyed hash.
CREATE TABLE challenges (
    id              VARCHAR(36)  PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    application_id  VARCHAR(64)  NOT NULL,
    subject_id      VARCHAR(36)  NOT NULL,
    channel         VARCHAR(8)   NOT NULL,
    purpose         VARCHAR(32)  NOT NULL,
    destination     VARCHAR(320) NOT NULL,
    secret_hash     VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    max_attempts    INTEGER      NOT NULL,
    options         VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    consumed_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX challenges_lookup ON challenges (subject_id, channel, destination, purpose, created_at);

-- Transactional outbox: written in the request's transaction, delivered by any node's dispatcher.
CREATE TABLE outbox_messages (
    id                   VARCHAR(36)  PRIMARY KEY,
    tenant_id            VARCHAR(64)  NOT NULL,
    kind                 VARCHAR(16)  NOT NULL,
    recipient            VARCHAR(320) NOT NULL,
    payload              VARCHAR(200000),
    status               VARCHAR(16)  NOT NULL,
    attempts             INTEGER      NOT NULL,
    next_attempt_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by           VARCHAR(64),
    claimed_at           TIMESTAMP WITH TIME ZONE,
    provider             VARCHAR(32),
    provider_message_id  VARCHAR(200),
    last_error           VARCHAR(1000),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at              TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_due ON outbox_messages (status, next_attempt_at);

-- Messages captured when no SMTP host or SMS provider is configured (the embedded default).
CREATE TABLE dev_inbox (
    id          VARCHAR(36)  PRIMARY KEY,
    message_id  VARCHAR(36)  NOT NULL UNIQUE,
    tenant_id   VARCHAR(64)  NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    recipient   VARCHAR(320) NOT NULL,
    subject     VARCHAR(1000),
    text_body   VARCHAR(100000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
