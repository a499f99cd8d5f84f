package dev.verity.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Runs a {@link VerityIntegrationTest} class (a {@link VerityHarness}) on H2 and again on PostgreSQL. The class
 * is written once: the build's first test run uses H2, and its {@code postgres} execution (server/pom.xml)
 * selects the classes tagged {@value #TAG} and runs them with {@code -Dverity.test.database=postgres}. Every
 * test class that touches SQL carries it; a harness class without it runs on H2 only.
 *
 * <p>Converting a suite written as an abstract {@code FooTests} with {@code FooH2Test}/{@code FooPostgresTest}
 * subclasses takes two changes:
 * <ol>
 *   <li>{@code abstract class FooTests extends VerityHarness} becomes
 *       {@code @BothDatabases class FooTests extends VerityHarness};</li>
 *   <li>the two subclasses go. If they registered more than {@code Databases.h2/postgres} (a mock provider's
 *       URL, say), the helper they called gets {@code @DynamicPropertySource} instead; an abstract method they
 *       implemented per database (their own SMTP server) becomes a field of the class.</li>
 * </ol>
 * Run it on both: {@code ./mvnw -B -q verify -pl server -Dtest='FooTests' -Dsurefire.failIfNoSpecifiedTests=false}
 * writes {@code target/surefire-reports/dev.verity.…FooTests.txt} (H2) and {@code …FooTests-postgres.txt}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(BothDatabases.TAG)
public @interface BothDatabases {

    /** The JUnit tag the PostgreSQL execution selects. */
    String TAG = "both-databases";
}
