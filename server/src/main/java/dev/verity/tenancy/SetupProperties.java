package dev.verity.tenancy;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * @param file the declarative set-up file applied at every start ({@code verity.import}, environment
 *             {@code VERITY_IMPORT}); none by default, when the embedded default creates its own first
 *             application
 */
@ConfigurationProperties("verity")
public record SetupProperties(@Name("import") Path file) {
}
