package dev.verity.testing;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The two databases every SQL-touching test runs on. A concrete test class picks one in its
 * {@code @DynamicPropertySource} method; each context gets a fresh, empty database.
 */
public final class Databases {

    private Databases() {
    }

    /** In-memory H2 in PostgreSQL mode, as the embedded default uses (there as a file). */
    public static void h2(DynamicPropertyRegistry registry) {
        String name = "verity-" + UUID.randomUUID();
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("verity.home", () -> Path.of("target", "test-home", name).toString());
        VerityHarness.common(registry);
    }

    /** A real PostgreSQL 15 started by the test suite (see {@link TestPostgres}). */
    public static void postgres(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabaseUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("verity.home", () -> Path.of("target", "test-home", "pg-" + UUID.randomUUID()).toString());
        VerityHarness.common(registry);
    }
}
