package org.cdnbilling.rating;

/** A version with the same effectiveFrom exists, or another was added at the same moment (409). */
public class PriceBookConflictException extends RuntimeException {

    public PriceBookConflictException(String message) {
        super(message);
    }
}
