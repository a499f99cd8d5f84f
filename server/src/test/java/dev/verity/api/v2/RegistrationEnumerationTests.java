package dev.verity.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.verity.testing.BothDatabases;
import dev.verity.testing.VerityHarness;
import tools.jackson.databind.JsonNode;

/**
 * SECURITY.md rule 13: the v2 public create says nothing about whether an address is known. A sign-up with
 * an address that already has a registration, or that a v1 user of the tenant has verified, gets the same
 * answer as one with an address never seen, field for field except the values that are new on every call.
 * (Timing is not asserted here: speed belongs to the benchmark.)
 */
@BothDatabases
class RegistrationEnumerationTests extends VerityHarness {

    /** Values that differ on every create whatever the address: ids, times, the token, the address itself. */
    private static final Set<String> PER_CALL = Set.of("_id", "id", "createdAt", "updatedAt", "expiresAt", "token",
            "email", "appRegistration", "fullName", "firstName", "lastName");

    private Response create(String email) {
        return postJson("/v2/app-registrations", null, """
                {"project":"demo","projectFlow":"demo-flow","email":"%s","fullName":"Ada Lovelace"}"""
                .formatted(email));
    }

    @Test
    void createWhenAddressIsKnownThenSameAnswerAsForAnUnknownAddress() {
        String registered = uniqueEmail("known-v2");
        assertThat(create(registered).status()).isEqualTo(200);
        String verifiedByV1 = uniqueEmail("known-v1");
        String userToken = userToken(createUser(verifiedByV1));
        assertThat(postJson("/v1/verification/otp/email/send", userToken, "{\"email\":\"" + verifiedByV1 + "\"}")
                .status()).isEqualTo(200);
        assertThat(postJson("/v1/verification/otp/email/validate", userToken, "{\"email\":\"" + verifiedByV1
                + "\",\"passcode\":\"" + awaitCode(verifiedByV1) + "\"}").status()).isEqualTo(200);

        Response unknown = create(uniqueEmail("never-seen"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(200);
        for (String known : new String[] {registered, verifiedByV1}) {
            Response answer = create(known);
            assertThat(answer.status()).as(known).isEqualTo(unknown.status());
            assertThat(answer.raw().headers().map().keySet()).isEqualTo(unknown.raw().headers().map().keySet());
            assertThat(shape(answer.json())).as(known).isEqualTo(shape(unknown.json()));
        }
    }

    /** Every leaf path with its value, per-call values replaced by their JSON type. */
    private static Map<String, String> shape(JsonNode node) {
        Map<String, String> leaves = new TreeMap<>();
        walk("", node, leaves);
        return leaves;
    }

    private static void walk(String path, JsonNode node, Map<String, String> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                String child = path + "/" + property.getKey();
                if (PER_CALL.contains(property.getKey()) && !property.getValue().isContainer()) {
                    leaves.put(child, property.getValue().getNodeType().toString());
                } else {
                    walk(child, property.getValue(), leaves);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(path + "/" + i, node.get(i), leaves);
            }
        } else {
            leaves.put(path, node.toString());
        }
    }
}
