package org.cdnbilling.migration;

import java.util.List;

/** A selected source version cannot be migrated as planned: nothing was started. */
public class MigrationNotValidException extends RuntimeException {

    private final String processKey;
    private final List<SourcePreview> invalidSources;

    public MigrationNotValidException(String processKey, List<SourcePreview> invalidSources) {
        super("The migration plan of process " + processKey + " is not valid for version(s) "
                + invalidSources.stream().map(source -> Integer.toString(source.version())).toList()
                + " (unmapped activities with instances or validation failures); nothing was migrated");
        this.processKey = processKey;
        this.invalidSources = List.copyOf(invalidSources);
    }

    public String processKey() {
        return processKey;
    }

    public List<SourcePreview> invalidSources() {
        return invalidSources;
    }
}
