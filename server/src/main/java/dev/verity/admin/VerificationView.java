package dev.verity.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.verity.verification.VerificationLog;

/** One line of the verification log as the admin API shows it. */
record VerificationView(String id, String application, String channel, String purpose, String destination,
        String country, String result, int attempts, String ip, @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("verified_at") Instant verifiedAt) {

    static VerificationView of(VerificationLog.Entry e) {
        return new VerificationView(e.id(), e.application(), e.channel(), e.purpose(), e.destination(), e.country(),
                e.result(), e.attempts(), e.ip(), e.createdAt(), e.verifiedAt());
    }
}
