package org.cdnbilling.migration;

/**
 * The migration's source or target version is not one whose jobs this node runs (its deployment-aware job
 * executor has not registered it): the batch's jobs, which belong to the source's deployment, or the migrated
 * instances' jobs, which move to the target's, might run on no node. Nothing was started.
 */
public class MigrationNotRunnableHereException extends RuntimeException {

    public MigrationNotRunnableHereException(String message) {
        super(message);
    }
}
