package org.cdnbilling.processversion;

/** An adoption naming a process key this release does not ship or a versionTag no definition of the key has. */
public class UnknownProcessVersionException extends RuntimeException {

    public UnknownProcessVersionException(String message) {
        super(message);
    }
}
