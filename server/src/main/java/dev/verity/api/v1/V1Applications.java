package dev.verity.api.v1;

import org.springframework.stereotype.Component;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.TenancyService;
import dev.verity.token.InvalidTokenException;
import dev.verity.token.UserPrincipal;

/** The application a token was issued for; a token naming an application that no longer exists is invalid. */
@Component
class V1Applications {

    private final TenancyService tenancy;

    V1Applications(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    Application of(UserPrincipal user) {
        return tenancy.application(user.applicationId())
                .filter(app -> app.tenantId().equals(user.tenantId()))
                .orElseThrow(InvalidTokenException::new);
    }
}
