package org.cdnbilling.migration;

/** A migration request naming what does not exist (process key, versionTag, version, activity) or malformed. */
public class InvalidMigrationRequestException extends RuntimeException {

    public InvalidMigrationRequestException(String message) {
        super(message);
    }
}
