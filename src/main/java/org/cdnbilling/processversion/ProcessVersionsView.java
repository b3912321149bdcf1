package org.cdnbilling.processversion;

import java.time.Instant;
import java.util.List;

/**
 * A shipped process key as this node sees it: the definition it ships, the one the operator adopted (null: none,
 * or withdrawn), the one it starts new instances on, the latest in the database, and the versions whose jobs this
 * node does not run (neither shipped nor older than the shipped one nor adopted).
 */
public record ProcessVersionsView(String processKey, VersionView shipped, VersionView adopted, String adoptedBy,
        Instant adoptedAt, VersionView starts, VersionView latest, List<VersionView> notRun) {
}
