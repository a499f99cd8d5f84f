package dev.verity.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record SendEmailLinkBody(
        @NotBlank(message = "email should not be empty") @ValidEmail(message = "email must be an email") String email,
        @NotBlank(message = "redirect_uri should not be empty")
        @Size(max = 2000, message = "redirect_uri must be shorter than or equal to 2000 characters")
        @JsonProperty("redirect_uri") String redirectUri,
        @Valid @JsonProperty("email_content") EmailContentBody emailContent,
        @JsonProperty("update_primary") Boolean updatePrimary) {

    boolean shouldUpdatePrimary() {
        return Boolean.TRUE.equals(updatePrimary);
    }
}
