package dev.verity.protection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

/**
 * Bucket4j's select-for-update storage, on the table {@code rate_buckets}, in SQL that runs on both
 * PostgreSQL and H2: a bucket's row is locked with {@code SELECT … FOR UPDATE} while Bucket4j computes the
 * new state, so every node on the database sees one bucket and parallel requests cannot both take its last
 * token. (Bucket4j's own PostgreSQL manager uses {@code ON CONFLICT (id)}, which H2 does not parse.)
 */
class JdbcBucketStore extends AbstractSelectForUpdateBasedProxyManager<String> {

    private final DataSource dataSource;

    JdbcBucketStore(DataSource dataSource, ClientSideConfig config) {
        super(config);
        this.dataSource = dataSource;
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("rate limit storage unavailable", e);
        }
        return new SelectForUpdateBasedTransaction() {
            @Override
            public void begin(Optional<Long> timeout) {
                try {
                    connection.setAutoCommit(false);
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT state FROM rate_buckets WHERE id = ? FOR UPDATE")) {
                    applyTimeout(select, timeout);
                    select.setString(1, key);
                    try (ResultSet rs = select.executeQuery()) {
                        return rs.next() ? LockAndGetResult.locked(rs.getBytes("state")) : LockAndGetResult.notLocked();
                    }
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public boolean tryInsertEmptyData(Optional<Long> timeout) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO rate_buckets (id, state) VALUES (?, NULL) ON CONFLICT DO NOTHING")) {
                    applyTimeout(insert, timeout);
                    insert.setString(1, key);
                    return insert.executeUpdate() > 0;
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeout) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE rate_buckets SET state = ? WHERE id = ?")) {
                    applyTimeout(update, timeout);
                    update.setBytes(1, data);
                    update.setString(2, key);
                    update.executeUpdate();
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public void commit(Optional<Long> timeout) {
                try {
                    connection.commit();
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public void rollback() {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }

            @Override
            public void release() {
                try (connection) {
                    connection.setAutoCommit(true);
                } catch (SQLException e) {
                    throw new DataAccessResourceFailureException("rate limit storage failed", e);
                }
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_buckets WHERE id = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("rate limit storage failed", e);
        }
    }
}
