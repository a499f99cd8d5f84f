-- The statements of one v1 email OTP validate with the right code, as Verity runs them.
\set u random(1, 20000)
SELECT id, tenant_id, name, otp_length, otp_ttl_seconds, otp_max_attempts, languages, limits, sms_countries FROM applications WHERE id = 'bench';
SELECT uri FROM application_redirect_uris WHERE application_id = 'bench' ORDER BY uri;
BEGIN;
SELECT state FROM rate_buckets WHERE id = 'pgb:failed:' || CAST(:u AS text) FOR UPDATE;
UPDATE rate_buckets SET state = '\x0102030405060708090a0b0c0d0e0f101112131415161718'::bytea WHERE id = 'pgb:failed:' || CAST(:u AS text);
COMMIT;
BEGIN;
SELECT id, secret_hash, status, attempts, max_attempts, expires_at FROM challenges WHERE subject_id = 'pgb-user-' || CAST(:u AS text) AND channel = 'email' AND destination = 'pgb-' || CAST(:u AS text) || '@bench.test' AND purpose = 'profile' AND tenant_id = 'bench' AND application_id = 'bench' ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, created_at DESC LIMIT 1;
UPDATE challenges SET attempts = attempts + 1, status = 'pending', consumed_at = now() WHERE id = 'pgb-ch-' || CAST(:u AS text) AND status = 'pending' AND attempts < max_attempts AND expires_at > now();
SELECT kind, contact, is_primary, verified_at FROM user_contacts WHERE user_id = 'pgb-user-' || CAST(:u AS text) ORDER BY created_at, contact;
UPDATE user_contacts SET is_primary = true, verified_at = NULL WHERE user_id = 'pgb-user-' || CAST(:u AS text) AND kind = 'email' AND contact = 'pgb-' || CAST(:u AS text) || '@bench.test';
UPDATE users SET updated_at = now() WHERE id = 'pgb-user-' || CAST(:u AS text);
COMMIT;
