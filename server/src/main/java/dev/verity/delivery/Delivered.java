package dev.verity.delivery;

/** Which provider took a message, and the message's id there. */
record Delivered(String provider, String providerMessageId) {
}
