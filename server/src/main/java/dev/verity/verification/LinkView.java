package dev.verity.verification;

/**
 * What a magic link's landing page may know about its challenge: the address it verifies, where to send the
 * person afterwards, and whether it can still be confirmed.
 */
public record LinkView(String challengeId, ChallengeKey key, String redirectUri, boolean updatePrimary,
        boolean confirmable) {
}
