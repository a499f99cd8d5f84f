package dev.verity.admin;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A v1 webhook as the admin API creates it, in the set-up file's fields; {@code events} left out means all.
 * The URL, secret and event names are checked by the tenancy service, as for the set-up file.
 */
record WebhookBody(
        @NotNull(message = "url is required") @Size(max = 2000) String url,
        @NotNull(message = "secret is required") @Size(max = 200) String secret,
        @Size(max = 10) List<@NotNull @Size(max = 50) String> events) {
}
