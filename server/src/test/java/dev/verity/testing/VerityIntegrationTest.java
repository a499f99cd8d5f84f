package dev.verity.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A whole Verity on a random port with the test set-up file, a real SMTP server, a hand-driven clock and a
 * fresh database of its own, of the kind {@link Databases#selected()} names ({@link TestDatabaseCustomizerFactory}).
 * A class that touches SQL adds {@link BothDatabases} to run on H2 and PostgreSQL.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verity.import=src/test/resources/test-setup.yml",
        "verity.delivery.poll-interval=100ms",
        "verity.delivery.initial-backoff=200ms",
        "verity.delivery.max-backoff=1s",
        "verity.delivery.max-attempts=30",
        "verity.delivery.webhook-schedule=0s,200ms,400ms,600ms,800ms,1s,1s,1s",
        "spring.mail.host=127.0.0.1",
        "verity.outbound.allow-private-networks=true"})
@Import(TestClockConfiguration.class)
@ContextCustomizerFactories(TestDatabaseCustomizerFactory.class)
public @interface VerityIntegrationTest {
}
