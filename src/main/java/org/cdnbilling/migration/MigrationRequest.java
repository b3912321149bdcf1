package org.cdnbilling.migration;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * A migration an operator asks for: the process key, the target's versionTag (absent: the definition this node
 * ships), explicit mappings of renamed activities (old id to new id) and the source versions to migrate (absent:
 * every version older than the target with running instances).
 */
public record MigrationRequest(@NotBlank String processKey, String targetVersionTag, Map<String, String> mappings,
        List<Integer> sourceVersions) {

    public MigrationRequest {
        mappings = mappings == null ? Map.of() : mappings;
    }
}
