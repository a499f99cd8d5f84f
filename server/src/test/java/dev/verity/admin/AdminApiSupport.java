package dev.verity.admin;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;

import dev.verity.tenancy.Application;
import dev.verity.tenancy.Client;
import dev.verity.tenancy.OtpPolicy;
import dev.verity.tenancy.TenancyService;
import dev.verity.testing.VerityHarness;

/** What the admin API's tests share: a JSON call with any method, and a second tenant with an admin client. */
abstract class AdminApiSupport extends VerityHarness {

    @Autowired
    TenancyService tenancy;

    /** {@code body} is sent as JSON; null sends none. */
    Response call(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(request.build());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new tenant with one application and an admin client; returns that client's token. */
    String rivalTenantToken() {
        String tenant = unique("rival");
        String secret = "rival-secret-" + UUID.randomUUID();
        tenancy.saveApplication(new Application(tenant + "-app", tenant, "Rival", OtpPolicy.DEFAULT, List.of("en"),
                List.of()));
        tenancy.saveClient(new Client(tenant + "-admin", tenant, tenant + "-app", Set.of("admin")), secret);
        return clientToken(tenant + "-admin", secret);
    }
}
