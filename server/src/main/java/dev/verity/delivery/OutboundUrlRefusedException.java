package dev.verity.delivery;

/**
 * A tenant-supplied URL that Verity will not connect to. The message names the field and the rule, never the
 * URL (it may carry credentials), so it is fit for an admin API 400 and a start-up error.
 */
public class OutboundUrlRefusedException extends IllegalArgumentException {

    private final boolean nonPublicAddress;

    OutboundUrlRefusedException(String message, boolean nonPublicAddress) {
        super(message, null);
        this.nonPublicAddress = nonPublicAddress;
    }

    /** True when only the address was refused, which {@code verity.outbound.allow-private-networks} would allow. */
    public boolean nonPublicAddress() {
        return nonPublicAddress;
    }
}
