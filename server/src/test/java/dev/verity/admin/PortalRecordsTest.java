package dev.verity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a captured message's text is cut into plain text and links for the dev inbox page. */
class PortalRecordsTest {

    @Test
    void linksBecomePiecesOfTheirOwnAndTheRestStaysText() {
        assertThat(PortalRecordsController.pieces("Open https://verity.example/verify/email/a.b to confirm.\nThanks"))
                .containsExactly(new PortalRecordsController.Piece("Open ", false),
                        new PortalRecordsController.Piece("https://verity.example/verify/email/a.b", true),
                        new PortalRecordsController.Piece(" to confirm.\nThanks", false));
        assertThat(PortalRecordsController.pieces("Your code is 123456")).containsExactly(
                new PortalRecordsController.Piece("Your code is 123456", false));
        assertThat(PortalRecordsController.pieces("javascript:alert(1) and <b>")).allMatch(piece -> !piece.link());
        assertThat(PortalRecordsController.pieces(null)).isEmpty();
    }
}
