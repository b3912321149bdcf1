package org.cdnbilling.migration;

import java.util.List;

/** The preview of migrating the versions of a process with running instances (older ones by default) to the target. */
public record MigrationPreview(String processKey, DefinitionView target, List<SourcePreview> sources) {
}
