-- A verified address belongs to one user of a tenant. H2 has no partial indexes, so the
-- constraint sits on a generated column that is NULL (and so never conflicts) until verified.
ALTER TABLE user_contacts ADD COLUMN verified_contact VARCHAR(320)
    GENERATED ALWAYS AS (CASE WHEN verified_at IS NOT NULL THEN contact END);
CREATE UNIQUE INDEX user_contacts_verified_once ON user_contacts (tenant_id, kind, verified_contact);
