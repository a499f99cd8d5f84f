package dev.verity.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.verity.tenancy.Client;

/** An API client as the admin API shows it; {@code secret} only in the answer that created or rotated it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ClientView(String id, String application, List<String> roles, String secret) {

    static ClientView of(Client client) {
        return of(client, null);
    }

    static ClientView of(Client client, String secret) {
        return new ClientView(client.id(), client.applicationId(), client.roles().stream().sorted().toList(), secret);
    }
}
