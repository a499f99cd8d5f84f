-- Failed portal logins per username (issue 15, SECURITY.md rule 18): shared by every node on the database, so
-- a lockout holds whichever node the next attempt reaches. A row goes once a login succeeds or its window ends.
CREATE TABLE portal_login_failures (
    username      VARCHAR(128) PRIMARY KEY,
    failures      INTEGER      NOT NULL,
    window_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE
);
