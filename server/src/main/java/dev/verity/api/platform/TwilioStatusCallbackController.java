package dev.verity.api.platform;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.verity.delivery.sms.TwilioStatusReports;

/** Twilio's message status callback: 204 for a genuine report, 403 for a forged one, 404 with no Twilio account. */
@RestController
class TwilioStatusCallbackController {

    private final TwilioStatusReports reports;

    TwilioStatusCallbackController(TwilioStatusReports reports) {
        this.reports = reports;
    }

    @PostMapping(path = TwilioStatusReports.PATH, consumes = "application/x-www-form-urlencoded")
    ResponseEntity<Void> status(@RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature,
            HttpServletRequest request) {
        return switch (reports.receive(request.getQueryString(), form, signature)) {
            case NOT_CONFIGURED -> ResponseEntity.notFound().build();
            case FORGED -> ResponseEntity.status(HttpStatus.FORBIDDEN).build();
            case ACCEPTED -> ResponseEntity.noContent().build();
        };
    }

    /** Twilio retries a callback that fails, so a database outage answers 503 rather than losing the report. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<Void> databaseUnavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
}
