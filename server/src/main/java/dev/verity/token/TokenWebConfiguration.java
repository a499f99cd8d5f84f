package dev.verity.token;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class TokenWebConfiguration implements WebMvcConfigurer {

    private final TokenService tokens;

    TokenWebConfiguration(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new BearerTokenArgumentResolver(tokens));
    }
}
