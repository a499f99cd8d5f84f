package dev.verity.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The admin portal's own security chain, ahead of the API's: pages under {@code /admin/} (not {@code /admin/api/},
 * which stays stateless and token-based) need a portal admin's session, got by form log-in at
 * {@code /admin/login} (fields {@code username}, {@code password}, {@code _csrf}). Every form carries a CSRF token;
 * the session cookie is {@code HttpOnly} and {@code SameSite=Lax} (application.yml) and {@code Secure} whenever
 * the request came over HTTPS; pages allow no inline script or style and no framing.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurityConfiguration {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain portalSecurity(HttpSecurity http, PortalLogins logins) throws Exception {
        return http
                .securityMatcher(PortalSecurityConfiguration::isPortalPage)
                // its own manager without a parent: a refused log-in is counted once, not again by the global one
                .authenticationManager(new ProviderManager(logins))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/login").permitAll()
                        .anyRequest().hasRole("PORTAL_ADMIN"))
                .formLogin(form -> form
                        .loginPage("/admin/login")
                        .loginProcessingUrl("/admin/login")
                        .defaultSuccessUrl("/admin/", true)
                        .failureHandler((request, response, failure) -> response.sendRedirect(
                                request.getContextPath() + "/admin/login?"
                                        + (failure instanceof LockedException ? "locked" : "error"))))
                .logout(logout -> logout
                        .logoutUrl("/admin/logout")
                        .logoutSuccessUrl("/admin/login?logout"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /** {@code /admin}, {@code /admin/} and the pages below it, but not the admin API. */
    static boolean isPortalPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (path.equals("/admin") || path.startsWith("/admin/")) && !path.equals("/admin/api")
                && !path.startsWith("/admin/api/");
    }
}
