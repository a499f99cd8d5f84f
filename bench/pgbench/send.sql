-- The statements of one v1 email OTP send, as Verity runs them (see docs/benchmarks.md).
\set n random(1, 2000000000)
\set u random(1, 20000)
\set ip random(1, 10000)
SELECT id, tenant_id, name, otp_length, otp_ttl_seconds, otp_max_attempts, languages, limits, sms_countries FROM applications WHERE id = 'bench';
SELECT uri FROM application_redirect_uris WHERE application_id = 'bench' ORDER BY uri;
SELECT COUNT(*) FROM users WHERE id = 'pgb-user-' || CAST(:u AS text) AND tenant_id = 'bench';
SELECT COUNT(*) FROM user_contacts WHERE tenant_id = 'bench' AND kind = 'email' AND contact = 'pgb-new-' || CAST(:n AS text) || '@bench.test' AND verified_at IS NOT NULL;
-- cooldown and address buckets are new for a new address: insert, then lock and write
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:cooldown:' || CAST(:n AS text) FOR UPDATE;
INSERT INTO rate_buckets (id, state) VALUES ('pgb:cooldown:' || CAST(:n AS text), NULL) ON CONFLICT DO NOTHING;
COMMIT;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:cooldown:' || CAST(:n AS text) FOR UPDATE;
UPDATE rate_buckets SET state = '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea WHERE id = 'pgb:cooldown:' || CAST(:n AS text);
COMMIT;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:address:' || CAST(:n AS text) FOR UPDATE;
INSERT INTO rate_buckets (id, state) VALUES ('pgb:address:' || CAST(:n AS text), NULL) ON CONFLICT DO NOTHING;
COMMIT;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:address:' || CAST(:n AS text) FOR UPDATE;
UPDATE rate_buckets SET state = '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea WHERE id = 'pgb:address:' || CAST(:n AS text);
COMMIT;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:subject:' || CAST(:u AS text) FOR UPDATE;
UPDATE rate_buckets SET state = '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea WHERE id = 'pgb:subject:' || CAST(:u AS text);
COMMIT;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:ip:' || CAST(:ip AS text) FOR UPDATE;
UPDATE rate_buckets SET state = '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea WHERE id = 'pgb:ip:' || CAST(:ip AS text);
COMMIT;
BEGIN;
UPDATE challenges SET status = 'superseded' WHERE subject_id = 'pgb-user-' || CAST(:u AS text) AND channel = 'email' AND destination = 'pgb-new-' || CAST(:n AS text) || '@bench.test' AND purpose = 'profile' AND tenant_id = 'bench' AND application_id = 'bench' AND status = 'pending';
INSERT INTO challenges (id, tenant_id, application_id, subject_id, channel, purpose, destination, secret_hash, status, attempts, max_attempts, options, created_at, expires_at) VALUES (md5(random()::text), 'bench', 'bench', 'pgb-user-' || CAST(:u AS text), 'email', 'profile', 'pgb-new-' || CAST(:n AS text) || '@bench.test', md5(random()::text) || md5(random()::text), 'pending', 0, 5, NULL, now(), now() + interval '10 minutes');
INSERT INTO outbox_messages (id, tenant_id, kind, recipient, payload, status, attempts, next_attempt_at, created_at, sms_encoding, sms_segments) VALUES (md5(random()::text), 'bench', 'email', 'pgb-new-' || CAST(:n AS text) || '@bench.test', repeat('x', 600), 'sent', 0, now(), now(), NULL, NULL);
COMMIT;
