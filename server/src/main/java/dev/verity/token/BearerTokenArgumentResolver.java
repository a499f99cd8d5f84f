package dev.verity.token;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link UserPrincipal} or {@link ClientPrincipal} controller argument from the request's bearer
 * token. Arguments resolve in declaration order, so a controller that declares its request body first gets
 * the contract's order of checks: a malformed body is a 400 before a missing token is a 401.
 */
class BearerTokenArgumentResolver implements HandlerMethodArgumentResolver {

    private static final String BEARER = "bearer ";

    private final TokenService tokens;

    BearerTokenArgumentResolver(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == UserPrincipal.class || type == ClientPrincipal.class || type == RegistrationPrincipal.class
                || type == OptionalClient.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        Class<?> type = parameter.getParameterType();
        if (type == OptionalClient.class) {
            return new OptionalClient(token == null ? null : tokens.requireClient(token));
        }
        if (type == RegistrationPrincipal.class) {
            return tokens.requireRegistration(token);
        }
        return type == UserPrincipal.class ? tokens.requireUser(token) : tokens.requireClient(token);
    }

    private static String bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }
}
