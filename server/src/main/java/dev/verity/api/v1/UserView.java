package dev.verity.api.v1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.verity.profile.Contact;
import dev.verity.profile.ContactKind;
import dev.verity.profile.User;

/** Transmit's user object, limited to what Verity keeps: addresses, status and timestamps (epoch ms). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UserView(
        @JsonProperty("user_id") String userId,
        EmailView email,
        @JsonProperty("secondary_emails") List<EmailView> secondaryEmails,
        @JsonProperty("phone_number") PhoneView phoneNumber,
        @JsonProperty("secondary_phone_numbers") List<PhoneView> secondaryPhoneNumbers,
        String status,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("updated_at") long updatedAt) {

    static UserView of(User user) {
        return new UserView(user.id(),
                user.primary(ContactKind.EMAIL).map(EmailView::of).orElse(null),
                user.secondaries(ContactKind.EMAIL).stream().map(EmailView::of).toList(),
                user.primary(ContactKind.PHONE).map(PhoneView::of).orElse(null),
                user.secondaries(ContactKind.PHONE).stream().map(PhoneView::of).toList(),
                user.status().wireName(), user.createdAt().toEpochMilli(), user.updatedAt().toEpochMilli());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmailView(String value, @JsonProperty("email_verified") boolean emailVerified,
            @JsonProperty("verified_at") String verifiedAt) {

        static EmailView of(Contact contact) {
            return new EmailView(contact.value(), contact.verified(),
                    contact.verified() ? contact.verifiedAt().toString() : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PhoneView(String value, @JsonProperty("phone_number_verified") boolean phoneNumberVerified,
            @JsonProperty("verified_at") String verifiedAt) {

        static PhoneView of(Contact contact) {
            return new PhoneView(contact.value(), contact.verified(),
                    contact.verified() ? contact.verifiedAt().toString() : null);
        }
    }
}
