package dev.verity.admin;

import java.util.List;

import jakarta.validation.constraints.Size;

/** A new API client of one of the tenant's applications; {@code roles} is empty or {@code [admin]}. */
record ClientBody(@Size(max = 128) String id, @Size(max = 64) String application,
        @Size(max = 5) List<@Size(max = 32) String> roles) {
}
