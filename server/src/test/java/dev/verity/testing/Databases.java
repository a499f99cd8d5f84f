package dev.verity.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The database the tests run on, named by the system property {@value #PROPERTY}: {@code h2} (the default, so
 * a run from an IDE needs nothing) or {@code postgres}. This is the one place that reads it. The build runs the
 * test suite with the default and runs the {@link BothDatabases} classes once more with {@code postgres}
 * (server/pom.xml); {@code -Dverity.test.database=postgres} on a Maven command line puts the whole run there.
 */
public final class Databases {

    public static final String PROPERTY = "verity.test.database";

    /** A kind of database, with what its JDBC driver reports about itself. */
    public enum Kind {
        /** In-memory H2 in PostgreSQL mode, as the embedded default uses (there as a file). */
        H2("H2", "jdbc:h2:"),
        /** A real PostgreSQL 15 started by the test JVM (see {@link TestPostgres}). */
        POSTGRES("PostgreSQL", "jdbc:postgresql:");

        private final String productName;
        private final String urlPrefix;

        Kind(String productName, String urlPrefix) {
            this.productName = productName;
            this.urlPrefix = urlPrefix;
        }

        /** {@link java.sql.DatabaseMetaData#getDatabaseProductName()} of a connection to this kind. */
        public String productName() {
            return productName;
        }

        public String urlPrefix() {
            return urlPrefix;
        }
    }

    private Databases() {
    }

    /** The kind {@value #PROPERTY} names; any other value than {@code h2} or {@code postgres} stops the test. */
    public static Kind selected() {
        String value = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "h2" -> Kind.H2;
            case "postgres" -> Kind.POSTGRES;
            default -> throw new IllegalStateException(PROPERTY + "=" + value + ": expected h2 or postgres");
        };
    }

    /** Spring's {@code spring.datasource.*} settings for a fresh, empty database of the selected kind. */
    public static Map<String, String> freshDatabase() {
        Map<String, String> settings = new LinkedHashMap<>();
        switch (selected()) {
            case H2 -> settings.put("spring.datasource.url", "jdbc:h2:mem:verity-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            case POSTGRES -> {
                settings.put("spring.datasource.url", TestPostgres.newDatabaseUrl());
                settings.put("spring.datasource.username", "postgres");
                settings.put("spring.datasource.password", "postgres");
                settings.put("spring.datasource.hikari.maximum-pool-size", "8");
            }
        }
        return settings;
    }

    /** {@link #freshDatabase()} as arguments for a whole Verity a test starts itself. */
    public static List<String> freshDatabaseArguments() {
        List<String> arguments = new ArrayList<>();
        freshDatabase().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }
}
