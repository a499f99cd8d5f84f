-- Rate limits kept by conditional SQL in the request's own transaction (issue 13), replacing Bucket4j's
-- serialized state. A row holds one bucket's theoretical arrival time (GCRA, the token bucket written as
-- a time) in epoch microseconds: once it lies in the past the bucket is full and the row says nothing, so
-- it may be deleted. Budgets start afresh on upgrade.
DROP TABLE rate_buckets;
CREATE TABLE rate_buckets (
    id   VARCHAR(400) PRIMARY KEY,
    tat  BIGINT       NOT NULL
);
CREATE INDEX rate_buckets_tat ON rate_buckets (tat);
