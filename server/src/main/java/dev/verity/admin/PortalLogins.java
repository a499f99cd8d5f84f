package dev.verity.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.verity.tenancy.TenancyService;

/**
 * Portal log-in with a back-off (SECURITY.md rule 18): {@value #MAX_FAILURES} wrong passwords for a username
 * within {@link #WINDOW} lock it for {@link #LOCK} — even the right password is refused meanwhile, so guessing
 * gets at most {@value #MAX_FAILURES} tries per quarter hour. Counted per username in the database, so every
 * node sees the same count; a success clears it.
 */
@Component
class PortalLogins implements AuthenticationProvider {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    private final TenancyService tenancy;
    private final PortalLoginRepository failures;
    private final Clock clock;

    PortalLogins(TenancyService tenancy, PortalLoginRepository failures, Clock clock) {
        this.tenancy = tenancy;
        this.failures = failures;
        this.clock = clock;
    }

    /** Who is logged in to the portal: an admin of one tenant. */
    record PortalAdmin(String tenantId, String username) {

        /** How the audit log names this admin. */
        String actor() {
            return "admin:" + username;
        }
    }

    @Override
    @Transactional(noRollbackFor = {BadCredentialsException.class, LockedException.class})
    public Authentication authenticate(Authentication attempt) {
        String username = String.valueOf(attempt.getName());
        String password = attempt.getCredentials() == null ? null : attempt.getCredentials().toString();
        String key = username.toLowerCase(Locale.ROOT);
        if (key.length() > 128) {
            throw new BadCredentialsException("bad credentials");
        }
        Instant now = clock.instant();
        Optional<PortalLoginRepository.Failures> before = failures.failures(key)
                .filter(f -> f.windowStart().plus(WINDOW).isAfter(now) || f.lockedUntil() != null && f.lockedUntil().isAfter(now));
        if (before.map(f -> f.lockedUntil() != null && f.lockedUntil().isAfter(now)).orElse(false)) {
            throw new LockedException("locked");
        }
        Optional<String> tenant = tenancy.authenticateAdmin(username, password);
        if (tenant.isPresent()) {
            failures.clear(key);
            return UsernamePasswordAuthenticationToken.authenticated(new PortalAdmin(tenant.get(), username), null,
                    AuthorityUtils.createAuthorityList("ROLE_PORTAL_ADMIN"));
        }
        int count = before.map(PortalLoginRepository.Failures::count).orElse(0) + 1;
        Instant windowStart = before.map(PortalLoginRepository.Failures::windowStart).orElse(now);
        failures.save(key, new PortalLoginRepository.Failures(count, windowStart,
                count >= MAX_FAILURES ? now.plus(LOCK) : null));
        if (count >= MAX_FAILURES) {
            throw new LockedException("locked");
        }
        throw new BadCredentialsException("bad credentials");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
