-- A verified address belongs to one user of a tenant.
CREATE UNIQUE INDEX user_contacts_verified_once ON user_contacts (tenant_id, kind, contact)
    WHERE verified_at IS NOT NULL;
