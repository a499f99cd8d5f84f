package dev.verity.testing;

import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/** Ways to spoil a well-formed request body for the fuzz tests. */
public final class FuzzBodies {

    private FuzzBodies() {
    }

    /** The body truncated, or with a few bytes replaced or inserted. */
    public static byte[] damaged(byte[] body, FuzzedDataProvider data) {
        byte[] out = body;
        for (int i = data.consumeInt(1, 4); i > 0 && out.length > 0; i--) {
            int at = data.consumeInt(0, out.length - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> out = Arrays.copyOf(out, at);
                case 1 -> out[at] = data.consumeByte();
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = data.consumeByte();
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }
}
