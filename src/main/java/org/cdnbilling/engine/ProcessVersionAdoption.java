package org.cdnbilling.engine;

import java.time.Instant;

/**
 * A row of {@code process_version_adoption}: the operator adopted a definition of a shipped process key; withdrawn
 * when {@code withdrawnAt} is set (its deployment's jobs still run, new instances start on the shipped version).
 */
public record ProcessVersionAdoption(long id, String processKey, String definitionId, String versionTag,
        String adoptedBy, Instant adoptedAt, String withdrawnBy, Instant withdrawnAt) {

    public boolean active() {
        return withdrawnAt == null;
    }
}
