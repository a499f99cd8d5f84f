-- The verification log of the admin API and portal (issue 15): the client IP a send came from (as resolved
-- under verity.trusted-proxies), and an index to list a tenant's challenges newest first.
ALTER TABLE challenges ADD COLUMN client_ip VARCHAR(45);
CREATE INDEX challenges_tenant_created ON challenges (tenant_id, created_at);
