package dev.verity.api.platform;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.verity.token.ClientPrincipal;
import dev.verity.token.OptionalClient;
import dev.verity.token.RegistrationPrincipal;
import dev.verity.token.UserPrincipal;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * Verity's OpenAPI 3.1 document ({@code /openapi.json}, Swagger UI at {@code /swagger-ui.html}). Principals
 * come from the bearer token, not from parameters, so they are hidden from the generated operations.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(UserPrincipal.class, ClientPrincipal.class,
                RegistrationPrincipal.class, OptionalClient.class);
    }

    @Bean
    OpenAPI verityOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Verity")
                        .version("v1")
                        .description("Proves that a person controls an email address or phone number. "
                                + "The /v1 operations are wire-compatible with Transmit Security's Verification "
                                + "and users APIs; tokens come from /oidc/token.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A user token for /v1/verification and /v1/users/me; a client token elsewhere.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
