package org.cdnbilling.processversion;

import jakarta.validation.constraints.NotBlank;

/** {@code PUT /admin/process-versions/{processKey}}: the versionTag of the definition to adopt (its newest one). */
public record AdoptionRequest(@NotBlank String versionTag) {
}
