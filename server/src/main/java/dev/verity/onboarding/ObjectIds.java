package dev.verity.onboarding;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

/**
 * Ids of registrations and validations in the form Verifik's clients expect: MongoDB ObjectIds, 24 lower-case
 * hex digits. The first four bytes are the creation second (big-endian, from the injected clock) as in an
 * ObjectId; the other eight come from {@link SecureRandom} instead of ObjectId's machine id and counter, so an
 * id cannot be guessed from another one beyond its timestamp (64 random bits per second of creation).
 */
@Component
class ObjectIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;

    ObjectIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return HEX.formatHex(ByteBuffer.allocate(12).putInt((int) clock.instant().getEpochSecond()).put(random)
                .array());
    }
}
