package dev.verity.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The calls the workloads make, over the JDK's HTTP client (HTTP/1.1, keep-alive). */
final class Api {

    static final String CLIENT = "bench-backend";
    static final String SECRET = "bench-backend-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private volatile String clientToken;

    Api(String base) {
        this.base = base;
    }

    record Reply(int status, JsonNode json) {
    }

    Reply post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientIp())
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return reply(request.build());
    }

    Reply put(String path, String token, String json) throws Exception {
        return reply(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", clientIp())
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * Requests look as if they came through a load balancer from many clients (Verity runs with the bench
     * host as a trusted proxy), as in production; from one IP, the per-IP bucket would be one hot row.
     */
    private static String clientIp() {
        int n = java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16);
        return "10.77." + (n >> 8) + "." + (n & 0xff);
    }

    int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Reply reply(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.statusCode() / 100 == 2 && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json);
    }

    String clientToken() throws Exception {
        if (clientToken == null) {
            clientToken = token("grant_type=client_credentials");
        }
        return clientToken;
    }

    String userToken(String userId) throws Exception {
        return token("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
                StandardCharsets.UTF_8) + "&requested_subject=" + userId);
    }

    private String token(String form) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oidc/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    /** A user with an unverified primary email, and that user's token. */
    String newUserToken(String email) throws Exception {
        Reply user = post("/v1/users", clientToken(), "{\"email\":\"" + email + "\"}");
        if (user.status() != 201) {
            throw new IllegalStateException("create user: " + user.status());
        }
        return userToken(user.json().at("/result/user_id").asString());
    }

    int sendEmailOtp(String token, String email) throws Exception {
        return post("/v1/verification/otp/email/send", token, "{\"email\":\"" + email + "\"}").status();
    }

    int validateEmailOtp(String token, String email, String code) throws Exception {
        return post("/v1/verification/otp/email/validate", token,
                "{\"email\":\"" + email + "\",\"passcode\":\"" + code + "\"}").status();
    }

    /** A v2 registration on the bench flow; returns its token. */
    String register(String email) throws Exception {
        Reply r = post("/v2/app-registrations", null,
                "{\"project\":\"bench\",\"projectFlow\":\"onboarding\",\"email\":\"" + email + "\"}");
        if (r.status() != 200) {
            throw new IllegalStateException("register: " + r.status());
        }
        return r.json().at("/data/token").asString();
    }

    /** Creates a v2 email validation; returns its id, or null when the status was not 200. */
    Reply createEmailValidation(String registrationToken, String email) throws Exception {
        return post("/v2/email-validations/app-registration", registrationToken,
                "{\"project\":\"bench\",\"validationMethod\":\"verificationCode\",\"email\":\"" + email
                        + "\",\"type\":\"onboarding\"}");
    }

    int validateEmailValidation(String registrationToken, String id, String email, String code) throws Exception {
        return put("/v2/email-validations/" + id, registrationToken,
                "{\"email\":\"" + email + "\",\"otp\":\"" + code + "\"}").status();
    }
}
