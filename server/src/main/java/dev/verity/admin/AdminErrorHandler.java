package dev.verity.admin;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.verity.token.InvalidTokenException;

/**
 * Verity's own APIs answer errors as RFC 9457 problem details with a stable {@code type}; Spring MVC's
 * own request errors (bad parameter types, unsupported media types…) come through the base class.
 */
@RestControllerAdvice(basePackageClasses = AdminErrorHandler.class)
class AdminErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AdminErrorHandler.class);

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<ProblemDetail> invalidToken() {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-token", "A valid client access token is required.");
    }

    @ExceptionHandler(AdminController.ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden() {
        return problem(HttpStatus.FORBIDDEN, "admin-role-required", "This client does not have the admin role.");
    }

    @ExceptionHandler(AdminController.NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource in this tenant.");
    }

    @ExceptionHandler(AdminController.InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(AdminController.InvalidInputException e) {
        // messages of InvalidInputException are written for callers (validation texts), never exception internals
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    }

    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The database is briefly unavailable; retry.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "The request could not be completed.");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("https://verity.dev/problems/" + type));
        return ResponseEntity.status(status).body(body);
    }
}
