package dev.verity.api.v2;

import dev.verity.onboarding.Registrant;
import dev.verity.token.RegistrationPrincipal;

/** A registration token's principal as onboarding knows its caller. */
final class Registrants {

    private Registrants() {
    }

    static Registrant of(RegistrationPrincipal principal) {
        return new Registrant(principal.registrationId(), principal.tenantId(), principal.applicationId(),
                principal.flowId());
    }
}
