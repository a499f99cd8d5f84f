-- Rows the pgbench scripts work on, shaped like Verity's own (run once, after Verity has migrated the schema).
INSERT INTO users (id, tenant_id, status, created_at, updated_at)
SELECT 'pgb-user-' || g, 'bench', 'Active', now(), now() FROM generate_series(1, 20000) g
ON CONFLICT DO NOTHING;
INSERT INTO user_contacts (id, tenant_id, user_id, kind, contact, is_primary, verified_at, created_at)
SELECT 'pgb-contact-' || g, 'bench', 'pgb-user-' || g, 'email', 'pgb-' || g || '@bench.test', true, NULL, now()
FROM generate_series(1, 20000) g
ON CONFLICT DO NOTHING;
INSERT INTO challenges (id, tenant_id, application_id, subject_id, channel, purpose, destination, secret_hash, status,
                        attempts, max_attempts, options, created_at, expires_at)
SELECT 'pgb-ch-' || g, 'bench', 'bench', 'pgb-user-' || g, 'email', 'profile', 'pgb-' || g || '@bench.test',
       md5(g::text) || md5(g::text), 'pending', 0, 1000000, NULL, now(), now() + interval '1 day'
FROM generate_series(1, 20000) g
ON CONFLICT DO NOTHING;
INSERT INTO rate_buckets (id, state)
SELECT 'pgb:subject:' || g, '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea FROM generate_series(1, 20000) g
ON CONFLICT DO NOTHING;
INSERT INTO rate_buckets (id, state)
SELECT 'pgb:ip:' || g, '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea FROM generate_series(1, 10000) g
ON CONFLICT DO NOTHING;
INSERT INTO rate_buckets (id, state)
SELECT 'pgb:failed:' || g, '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea FROM generate_series(1, 20000) g
ON CONFLICT DO NOTHING;
