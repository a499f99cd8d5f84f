package dev.verity.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives the context of every {@link VerityIntegrationTest} class a fresh, empty database of the kind
 * {@link Databases#selected()} names, a Verity home of its own and the shared SMTP server ({@link TestSmtp}),
 * so that no test class declares a database. Registered on {@link VerityIntegrationTest} rather than in
 * {@code spring.factories}, so it reaches exactly the classes that start a whole Verity.
 */
final class TestDatabaseCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new TestDatabaseCustomizer(testClass);
    }

    /**
     * Equal for one test class only: Spring caches contexts by their customizers, and keying on the class keeps
     * what the copied suites had, one context and one database per class, so no class sees another's rows or
     * spends another's rate limits.
     */
    private record TestDatabaseCustomizer(Class<?> testClass) implements ContextCustomizer {

        /** Where {@code @DynamicPropertySource} values live (Spring's DynamicValuesPropertySource). */
        private static final String DYNAMIC_TEST_PROPERTIES = "Dynamic Test Properties";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> settings = new LinkedHashMap<>(Databases.freshDatabase());
            settings.put("verity.home", Path.of("target", "test-home", testClass.getSimpleName() + "-"
                    + Databases.selected().name().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID()).toString());
            settings.put("spring.mail.port", TestSmtp.port());
            MapPropertySource source = new MapPropertySource("Verity test database", settings);
            // a class's own @DynamicPropertySource (its own SMTP server, say) wins over these defaults
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            if (sources.contains(DYNAMIC_TEST_PROPERTIES)) {
                sources.addAfter(DYNAMIC_TEST_PROPERTIES, source);
            } else {
                sources.addFirst(source);
            }
        }
    }
}
